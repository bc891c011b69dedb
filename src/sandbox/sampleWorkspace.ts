/**
 * The sample workspace `npm start` opens: the sandbox's profiles in .vscode/settings.json, the key
 * files the Workfront guide's openssl command would have produced, and the hand-over file that
 * lets the extension under development import the throwaway key and client secret at activation.
 * Everything is recreated at every start (the key pair is new each time).
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateKeyPem, publicJwk, publicKeyPem } from '../core/keys';
import { CERTIFICATE_FILE, PRIVATE_KEY_FILE, writeKeyFiles } from '../core/keyFiles';
import { PROFILES_SETTING } from '../core/profile';
import type { IdentitySandbox } from './identitySandbox';
import type { SandboxProvision } from '../shared/sandboxProvision';

export const CLIENT_SECRET_FILE = 'workfront-client-secret.txt';
/** The EC P-256 key of the Apple presets' profiles (PKCS#8 PEM, as Apple's .p8 files are). */
export const APPLE_KEY_FILE = 'apple-sandbox.p8';
/** The sandbox HTTPS servers' certificate: what `--ca` names for the CLI, and the extension is handed. */
export const SERVER_CA_FILE = 'sandbox-server-ca.pem';

/** The presets whose profiles sign with the EC key of {@link APPLE_KEY_FILE}. */
const APPLE_PRESETS = new Set(['app-store-connect', 'sign-in-with-apple']);

export interface SampleWorkspace {
  /** The folder to open in VS Code. */
  folder: string;
  /** The hand-over file for the extension (outside the workspace, mode 0600). */
  provisionFile: string;
  settingsFile: string;
}

/**
 * (Re)creates `<dir>/workspace` and `<dir>/provision.json` for a running sandbox. `cli` is how the
 * workspace README tells the user to run the CLI from inside the workspace folder.
 */
export async function writeSampleWorkspace(dir: string, sandbox: IdentitySandbox, cli = 'oauth-jwt'): Promise<SampleWorkspace> {
  const folder = join(dir, 'workspace');
  await rm(folder, { recursive: true, force: true });
  await mkdir(join(folder, '.vscode'), { recursive: true });

  await writeKeyFiles(folder, {
    privateKeyPem: privateKeyPem(sandbox.key),
    publicKeyPem: publicKeyPem(sandbox.key),
    publicJwk: publicJwk(sandbox.key, 'RS256'),
    certificatePem: sandbox.certificatePem,
  });
  const clientSecretFile = join(folder, CLIENT_SECRET_FILE);
  await writeFile(clientSecretFile, `${sandbox.workfrontClientSecret}\n`, { mode: 0o600 });
  await chmod(clientSecretFile, 0o600);
  const appleKeyFile = join(folder, APPLE_KEY_FILE);
  await writeFile(appleKeyFile, privateKeyPem(sandbox.appleKey), { mode: 0o600 });
  await chmod(appleKeyFile, 0o600);
  const caFile = join(folder, SERVER_CA_FILE);
  await writeFile(caFile, sandbox.serverCertificatePem);
  await writeFile(join(folder, '.gitignore'), `${PRIVATE_KEY_FILE}\n${CLIENT_SECRET_FILE}\n${APPLE_KEY_FILE}\n`);

  const settingsFile = join(folder, '.vscode', 'settings.json');
  const settings = {
    [PROFILES_SETTING]: sandbox.profiles,
    'oauthJwt.activeProfile': sandbox.profiles[0]!.name,
  };
  await writeFile(settingsFile, `// Written by npm start: one profile per flow, pointing at the local sandbox.\n${JSON.stringify(settings, null, 2)}\n`);
  await writeFile(join(folder, 'README.md'), workspaceReadme(sandbox, cli));

  const provision: SandboxProvision = {
    version: 1,
    privateKeyFile: join(folder, PRIVATE_KEY_FILE),
    certificateFile: join(folder, CERTIFICATE_FILE),
    caCertificateFile: caFile,
    profiles: sandbox.profiles.map((p) => ({
      name: p.name,
      tokenUrl: p.tokenUrl,
      ...(p.apiUrl ? { apiUrl: p.apiUrl } : {}),
      ...(p.flow === 'workfront' ? { clientSecretFile } : {}),
      ...(APPLE_PRESETS.has(p.provider ?? '') ? { privateKeyFile: appleKeyFile } : {}),
    })),
  };
  const provisionFile = join(dir, 'provision.json');
  await writeFile(provisionFile, `${JSON.stringify(provision, null, 2)}\n`, { mode: 0o600 });
  await chmod(provisionFile, 0o600);
  return { folder, provisionFile, settingsFile };
}

function workspaceReadme(sandbox: IdentitySandbox, cli: string): string {
  const workfront = sandbox.profiles.find((p) => p.flow === 'workfront')!;
  const logicnets = sandbox.profiles.find((p) => p.method === 'GET')!;
  const github = sandbox.profiles.find((p) => p.flow === 'github-app')!;
  const selfSigned = sandbox.profiles.find((p) => p.flow === 'self-signed')!;
  const dpop = sandbox.profiles.find((p) => p.dpop)!;
  const mtls = sandbox.profiles.find((p) => p.mtls)!;
  const appStoreConnect = sandbox.profiles.find((p) => p.provider === 'app-store-connect')!;
  return `# OAuth JWT Bearer sandbox workspace

Recreated by \`npm start\` at every start, with a new key pair. Nothing here is a real credential.

| file | what it is |
| --- | --- |
| \`.vscode/settings.json\` | one profile per flow, pointing at the sandbox on 127.0.0.1 |
| \`private.key\` | the sandbox's throwaway private key (mode 0600, git-ignored) |
| \`certificate_pub.crt\`, \`public.pem\`, \`public.jwk.json\` | its public halves, as registered with the sandbox servers |
| \`${CLIENT_SECRET_FILE}\` | the sandbox Workfront client secret (mode 0600, git-ignored) |
| \`${APPLE_KEY_FILE}\` | the EC P-256 key of the App Store Connect and Sign in with Apple profiles (mode 0600, git-ignored) |
| \`${SERVER_CA_FILE}\` | the certificate of the sandbox's HTTPS (mutual TLS) servers on 127.0.0.1 |

The extension started by \`npm start\` has already imported \`private.key\` (and the Workfront client
secret) into its SecretStorage: click the status bar item to get and copy a token. To do it by
hand instead: **OAuth JWT: Import Private Key** → From a file… → \`private.key\`, and
**OAuth JWT: Set Client Secret** for "${workfront.name}" with the content of \`${CLIENT_SECRET_FILE}\`.

The same exchanges from a terminal (in this folder):

\`\`\`sh
${cli} token --profile "${logicnets.name}" --key private.key
OAUTH_JWT_CLIENT_SECRET="$(cat ${CLIENT_SECRET_FILE})" ${cli} token --profile "${workfront.name}" --key private.key
\`\`\`

LogicNets' example API answers 200 with the token and 403 without it:

\`\`\`sh
curl -i ${logicnets.apiUrl}
curl -i -H "Authorization: Bearer $(${cli} token --profile "${logicnets.name}" --key private.key)" ${logicnets.apiUrl}
\`\`\`

\`request\` gets (or signs) the token and calls the API with it — a GitHub App installation token,
and a Snowflake key-pair JWT that needs no exchange at all:

\`\`\`sh
${cli} request --profile "${github.name}" --key private.key ${github.apiUrl}
${cli} request --profile "${selfSigned.name}" --key private.key -d '{"statement":"select 1"}' ${selfSigned.apiUrl}
${cli} request --profile "${appStoreConnect.name}" --key ${APPLE_KEY_FILE} ${appStoreConnect.apiUrl}
\`\`\`

Bound tokens: a DPoP proof with every request (the CLI makes a fresh DPoP key per run), and a
token bound to the client certificate, presented over the same certificate:

\`\`\`sh
${cli} request --profile "${dpop.name}" --key private.key ${dpop.apiUrl}
${cli} request --profile "${mtls.name}" --key private.key --cert ${CERTIFICATE_FILE} --ca ${SERVER_CA_FILE} ${mtls.apiUrl}
\`\`\`
`;
}
