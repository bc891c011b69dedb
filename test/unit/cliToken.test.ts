import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { generateKeyPair, privateKeyPem, publicJwk, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { closedPortUrl, startTlsServer, startLogicNetsServer, startOidcProvider, startWorkfrontServer, type LogicNetsServer, type OidcProviderServer, type WorkfrontServer } from '../servers';
import { allRuns, assertNoSecretPrinted, CANARY_SECRET, runCli } from '../support/cli';

const CANARY_PASSPHRASE = 'canary-passphrase-7f3a';

let dir: string;
let rsa: PrivateKey;
let es: PrivateKey;
let stranger: PrivateKey;
let oidc: OidcProviderServer;
let workfront: WorkfrontServer;
let logicnets: LogicNetsServer;
const keyFile = (name: string) => join(dir, name);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-cli-token-'));
  [rsa, es, stranger] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' }), generateKeyPair({ type: 'rsa' })]);
  writeFileSync(keyFile('rsa.key'), privateKeyPem(rsa), { mode: 0o600 });
  writeFileSync(keyFile('es.key'), privateKeyPem(es), { mode: 0o600 });
  writeFileSync(keyFile('stranger.key'), privateKeyPem(stranger), { mode: 0o600 });
  writeFileSync(keyFile('rsa-encrypted.key'), rsa.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: CANARY_PASSPHRASE }) as string);
  const certificate = await createSelfSignedCertificate(rsa, { commonName: 'cli test', days: 30 });
  [oidc, workfront, logicnets] = await Promise.all([
    startOidcProvider({
      clients: [
        { clientId: 'cli-rs256', algorithm: 'RS256', jwks: { keys: [publicJwk(rsa, 'RS256')] } },
        { clientId: 'cli-ps256', algorithm: 'PS256', jwks: { keys: [publicJwk(rsa, 'PS256')] } },
        { clientId: 'cli-es256', algorithm: 'ES256', jwks: { keys: [publicJwk(es, 'ES256')] } },
      ],
    }),
    startWorkfrontServer({ clientId: 'wf-client', clientSecret: CANARY_SECRET, customerId: 'customer-42', userId: 'user-7', certificate }),
    startLogicNetsServer({ company: 'logicnets', clientId: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', issuer: 'https://client.org', publicKey: publicKeyPem(rsa) }),
  ]);
});

after(async () => {
  await Promise.all([oidc?.close(), workfront?.close(), logicnets?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('oauth-jwt token against the real oidc-provider', () => {
  for (const [clientId, alg, key] of [['cli-rs256', 'RS256', 'rsa.key'], ['cli-ps256', 'PS256', 'rsa.key'], ['cli-es256', 'ES256', 'es.key']] as const) {
    test(`${alg}: prints the access token alone`, async () => {
      const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', clientId, '--alg', alg, '--key', keyFile(key)]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^[\w-]{20,}\n$/);
      assert.equal(run.stderr, '');
    });
  }

  test('--json prints the whole token response', async () => {
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'cli-rs256', '--key', keyFile('rsa.key'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const response = JSON.parse(run.stdout);
    assert.equal(response.token_type, 'Bearer');
    assert.equal(typeof response.access_token, 'string');
    assert.equal(typeof response.expires_in, 'number');
  });

  test('a client signing with an unregistered key gets invalid_client, shown as code and description', async () => {
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'cli-rs256', '--key', keyFile('stranger.key')], { env: { OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET } });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /invalid_client/);
    assert.match(run.stderr, /client authentication failed|invalid/i);
  });

  test('an encrypted key works with --passphrase-env and fails clearly without it', async () => {
    const args = ['token', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'cli-rs256', '--key', keyFile('rsa-encrypted.key')];
    const ok = await runCli([...args, '--passphrase-env', 'KEY_PASSPHRASE'], { env: { KEY_PASSPHRASE: CANARY_PASSPHRASE } });
    assert.equal(ok.code, 0, ok.stderr);
    const missing = await runCli(args);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /passphrase/i);
    const wrong = await runCli([...args, '--passphrase-env', 'KEY_PASSPHRASE'], { env: { KEY_PASSPHRASE: `${CANARY_PASSPHRASE}-wrong` } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /passphrase/i);
  });

  test('a self-signed HTTPS endpoint is refused unless its CA is given with --ca', async () => {
    const tls = await startTlsServer();
    try {
      writeFileSync(keyFile('ca.pem'), tls.caPem);
      const args = ['token', '--flow', 'client-assertion', '--token-url', `${tls.url}/token`, '--client-id', 'x', '--key', keyFile('rsa.key'), '--timeout', '5'];
      const refused = await runCli(args);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /certificate could not be verified/);
      assert.match(refused.stderr, /CA/);
      const trusted = await runCli([...args, '--ca', keyFile('ca.pem')]);
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.equal(trusted.stdout, 'tls-ok\n');
    } finally {
      await tls.close();
    }
  });

  test('connection refused ends with a clear error and exit 1', async () => {
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', await closedPortUrl(), '--client-id', 'x', '--key', keyFile('rsa.key'), '--timeout', '5']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /127\.0\.0\.1/);
  });
});

describe('oauth-jwt token with the seeds\' flows', () => {
  test('Workfront from a JSONC profile in .vscode/settings.json, the client secret from the environment', async () => {
    const workspace = join(dir, 'wf-workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), `{
  // profiles as the extension writes them
  "oauthJwt.profiles": [
    { "name": "Workfront", "flow": "workfront", "tokenUrl": "${workfront.tokenUrl}",
      "clientId": "wf-client", "issuer": "customer-42", "subject": "user-7", "lifetimeSeconds": 120, },
  ],
}`);
    const run = await runCli(['token', '--profile', 'Workfront', '--workspace', workspace, '--key', keyFile('rsa.key'), '--client-secret-env', 'WF_SECRET'], { env: { WF_SECRET: CANARY_SECRET } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), workfront.issued.at(-1));
    const form = new URLSearchParams(workfront.requests.at(-1)!.body);
    assert.equal(form.get('client_secret'), CANARY_SECRET);
    assert.deepEqual([...form.keys()].sort(), ['client_id', 'client_secret', 'jwt_token']);

    // a flag overrides the profile's field: a wrong sub is refused by the server
    const overridden = await runCli(['token', '--profile', 'Workfront', '--workspace', workspace, '--key', keyFile('rsa.key'), '--sub', 'someone-else'], { env: { OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET } });
    assert.equal(overridden.code, 1);
    assert.match(overridden.stderr, /sub|subject/i);
  });

  test('Workfront with a wrong client secret: exit 1, error shown, secret never printed', async () => {
    const run = await runCli(['token', '--flow', 'workfront', '--token-url', workfront.tokenUrl, '--client-id', 'wf-client', '--iss', 'customer-42', '--sub', 'user-7', '--key', keyFile('rsa.key'), '--client-secret-env', 'WF_SECRET', '--verbose'], {
      env: { WF_SECRET: `${CANARY_SECRET}-wrong` },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /401|invalid_client/);
  });

  test('the provider checks run before sending, as in the extension: refused over a documented cap, warned when long', async () => {
    const refused = await runCli(['token', '--provider', 'okta', '--token-url', oidc.tokenUrl, '--client-id', 'cli-rs256', '--key', keyFile('rsa.key'), '--ttl', '7200']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Refused before sending: Okta accepts at most 1 hour/);
    // Workfront asks for "a few minutes" and documents no limit: a long JWT is a warning only.
    const base = ['token', '--flow', 'workfront', '--token-url', workfront.tokenUrl, '--client-id', 'wf-client', '--iss', 'customer-42', '--sub', 'user-7', '--key', keyFile('rsa.key')];
    const warned = await runCli([...base, '--ttl', '900']);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /warning: Adobe Workfront recommends a JWT of at most 10 minutes/);
    assert.equal(warned.stdout.trim(), workfront.issued.at(-1));
  });

  test('LogicNets: GET with query parameters, then the API answers 200 with the bearer and 403 without', async () => {
    const run = await runCli([
      'token', '--flow', 'client-assertion', '--method', 'GET', '--token-url', logicnets.tokenUrl,
      '--client-id', '4664FD8C-9CEC-A8A2-D666-02A352A492A1', '--iss', 'https://client.org', '--aud', logicnets.audience,
      '--header', '{"nonce":"n-0001"}', '--key', keyFile('rsa.key'),
    ]);
    assert.equal(run.code, 0, run.stderr);
    const request = logicnets.requests.at(-1)!;
    assert.equal(request.method, 'GET');
    assert.equal(request.body, '');
    const token = run.stdout.trim();
    const withBearer = await fetch(logicnets.apiUrl, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(withBearer.status, 200);
    const without = await fetch(logicnets.apiUrl);
    assert.equal(without.status, 403);
  });
});

test('canary: no CLI run in this file printed the client secret, the passphrase or a private key', () => {
  assert.ok(allRuns.length >= 10);
  assertNoSecretPrinted([CANARY_SECRET, CANARY_PASSPHRASE], [rsa, es, stranger].map(privateKeyPem));
  // The check can fail: the key files it looks for are on disk and readable here.
  assert.match(readFileSync(keyFile('rsa.key'), 'utf8'), /PRIVATE KEY/);
  assert.throws(() => assertNoSecretPrinted([allRuns[0]!.stdout.trim().slice(0, 12)], []));
});
