import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profilesFromSettings } from '../../src/core/profile';
import { SANDBOX_API_PROFILES, startIdentitySandbox, type IdentitySandbox } from '../../src/sandbox/identitySandbox';
import { parseSandboxProvision } from '../../src/shared/sandboxProvision';
import { APPLE_KEY_FILE, CLIENT_SECRET_FILE, SERVER_CA_FILE, writeSampleWorkspace, type SampleWorkspace } from '../../src/sandbox/sampleWorkspace';
import { runCli } from '../support/cli';

let dir: string;
let sandbox: IdentitySandbox;
let workspace: SampleWorkspace;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-sandbox-'));
  sandbox = await startIdentitySandbox();
  workspace = await writeSampleWorkspace(dir, sandbox);
});

after(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start sandbox: the sample workspace', () => {
  test('has one profile per flow, all on 127.0.0.1, valid as the extension reads them', () => {
    const { profiles, errors } = profilesFromSettings(readFileSync(workspace.settingsFile, 'utf8'));
    assert.deepEqual(errors, []);
    assert.deepEqual(profiles.map((p) => p.flow).sort(), ['client-assertion', 'client-assertion', 'client-assertion', 'client-assertion', 'github-app', 'jwt-bearer', 'self-signed', 'self-signed', 'self-signed', 'workfront']);
    assert.deepEqual(profiles.filter((p) => p.dpop).map((p) => p.name), ['Sandbox DPoP']);
    assert.deepEqual(profiles.filter((p) => p.mtls).map((p) => [p.name, p.tokenEndpointAuth, new URL(p.tokenUrl).protocol]), [['Sandbox mTLS', 'self_signed_tls_client_auth', 'https:']]);
    assert.deepEqual(profiles.filter((p) => p.flow === 'self-signed').map((p) => p.provider).sort(), ['app-store-connect', 'sign-in-with-apple', 'snowflake']);
    // The list browserCheck.ts calls Send Test Request for: every profile with an API URL.
    assert.deepEqual(profiles.filter((p) => p.apiUrl).map((p) => p.name).sort(), [...SANDBOX_API_PROFILES].sort());
    assert.ok(profiles.some((p) => p.method === 'GET'), 'the LogicNets profile uses GET');
    for (const p of profiles) assert.equal(new URL(p.tokenUrl).hostname, '127.0.0.1', p.name);
  });

  test('keeps secrets out of settings and readable by the owner only', () => {
    const settings = readFileSync(workspace.settingsFile, 'utf8');
    assert.doesNotMatch(settings, /PRIVATE KEY/);
    assert.ok(!settings.includes(sandbox.workfrontClientSecret));
    for (const file of ['private.key', CLIENT_SECRET_FILE, APPLE_KEY_FILE]) assert.equal(statSync(join(workspace.folder, file)).mode & 0o777, 0o600, file);
    assert.equal(statSync(workspace.provisionFile).mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(join(workspace.folder, '.gitignore'), 'utf8').trim().split('\n'), ['private.key', CLIENT_SECRET_FILE, APPLE_KEY_FILE]);
    assert.doesNotMatch(readFileSync(workspace.provisionFile, 'utf8'), /PRIVATE KEY/);
  });

  test('the hand-over file names the key and the Workfront secret, for loopback token URLs only', () => {
    const provision = parseSandboxProvision(readFileSync(workspace.provisionFile, 'utf8'));
    assert.equal(provision.privateKeyFile, join(workspace.folder, 'private.key'));
    assert.deepEqual(provision.profiles.map((p) => p.name), sandbox.profiles.map((p) => p.name));
    assert.deepEqual(provision.profiles.filter((p) => p.clientSecretFile).map((p) => p.name), ['Sandbox Workfront']);
    assert.deepEqual(provision.profiles.filter((p) => p.privateKeyFile).map((p) => [p.name, p.privateKeyFile]), [
      ['Sandbox App Store Connect', join(workspace.folder, APPLE_KEY_FILE)], ['Sandbox Sign in with Apple', join(workspace.folder, APPLE_KEY_FILE)],
    ]);
    // The HTTPS servers' certificate, for 127.0.0.1.
    assert.equal(provision.caCertificateFile, join(workspace.folder, SERVER_CA_FILE));
    assert.equal(new X509Certificate(readFileSync(provision.caCertificateFile!, 'utf8')).checkIP('127.0.0.1'), '127.0.0.1');
    const elsewhere = JSON.stringify({ ...provision, profiles: [{ name: 'x', tokenUrl: 'https://idp.example.com/token' }] });
    assert.throws(() => parseSandboxProvision(elsewhere), /loopback/);
    const apiElsewhere = JSON.stringify({ ...provision, profiles: [{ name: 'x', tokenUrl: 'http://127.0.0.1:9/token', apiUrl: 'https://api.example.com/' }] });
    assert.throws(() => parseSandboxProvision(apiElsewhere), /API URL must be http or https on loopback/);
  });
});

describe('npm start sandbox: a token for every profile it writes, through the CLI', () => {
  const clientSecret = () => readFileSync(join(workspace.folder, CLIENT_SECRET_FILE), 'utf8').trim();
  const tokenFor = (name: string) =>
    runCli(['token', '--profile', name, '--workspace', workspace.folder, '--key', join(workspace.folder, 'private.key'), '--json'], {
      // Only the Workfront flow sends a client secret; the CLI reads it from this variable.
      env: { OAUTH_JWT_CLIENT_SECRET: name === 'Sandbox Workfront' ? clientSecret() : '' },
    });

  for (const name of ['Sandbox Workfront', 'Sandbox LogicNets', 'Sandbox oidc-provider', 'Sandbox jwt-bearer', 'Sandbox GitHub App', 'Sandbox Snowflake']) {
    test(name, async () => {
      assert.ok(sandbox.profiles.some((p) => p.name === name));
      const run = await tokenFor(name);
      assert.equal(run.code, 0, run.stderr);
      const response = JSON.parse(run.stdout);
      // GitHub names its installation token "token"; every other answer has an access_token.
      assert.equal(typeof (response.access_token ?? response.token), 'string');
      assert.ok(!(run.stdout + run.stderr).includes(clientSecret()), 'the client secret is never printed');
    });
  }

  test('LogicNets\' example API: 403 without a bearer token, 200 with one', async () => {
    const logicnets = sandbox.profiles.find((p) => p.name === 'Sandbox LogicNets')!;
    assert.equal((await fetch(logicnets.apiUrl!)).status, 403);
    const run = await tokenFor(logicnets.name);
    const { access_token: token } = JSON.parse(run.stdout) as { access_token: string };
    const response = await fetch(logicnets.apiUrl!, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    assert.equal((await response.json() as { result: string }).result, 'ok');
  });

  // The workspace README's commands for the bound tokens and App Store Connect: request → the API's 200 body.
  const requests: Array<[string, string[]]> = [
    ['Sandbox DPoP', ['--key', 'private.key']],
    ['Sandbox mTLS', ['--key', 'private.key', '--cert', 'certificate_pub.crt', '--ca', SERVER_CA_FILE]],
    ['Sandbox App Store Connect', ['--key', APPLE_KEY_FILE]],
  ];
  for (const [name, args] of requests) {
    test(`${name}: request (as the workspace README shows it) → 200`, async () => {
      const profile = sandbox.profiles.find((p) => p.name === name)!;
      const run = await runCli(['request', '--profile', name, '--workspace', workspace.folder, ...args.map((a, i) => (args[i - 1] === '--key' || args[i - 1] === '--cert' || args[i - 1] === '--ca' ? join(workspace.folder, a) : a)), profile.apiUrl!]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).ok, true, run.stdout);
    });
  }

  test('Sign in with Apple: the client secret JWT, ES256, signed for the preset\'s 180 days', async () => {
    const run = await runCli(['token', '--profile', 'Sandbox Sign in with Apple', '--workspace', workspace.folder, '--key', join(workspace.folder, APPLE_KEY_FILE)]);
    assert.equal(run.code, 0, run.stderr);
    const [header, payload] = run.stdout.trim().split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    assert.equal(header.alg, 'ES256');
    assert.equal(payload.aud, 'https://appleid.apple.com');
    assert.equal(payload.exp - payload.iat, 86_400 * 180);
  });

  test('the oidc-provider issues a JWT access token (so the status bar can show its lifetime)', async () => {
    const run = await tokenFor('Sandbox oidc-provider');
    const response = JSON.parse(run.stdout) as { access_token: string; expires_in: number };
    assert.equal(response.access_token.split('.').length, 3);
    assert.ok(response.expires_in > 0);
  });
});
