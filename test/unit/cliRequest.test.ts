import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { generateKeyPair, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { startGitHubAppServer, startSelfSignedApiServer, type GitHubAppServer, type SelfSignedApiServer } from '../servers';
import { runCli } from '../support/cli';

let dir: string;
let rsa: PrivateKey;
let ec: PrivateKey;
let github: GitHubAppServer;
let snowflake: SelfSignedApiServer;
let appStore: SelfSignedApiServer;
const file = (name: string) => join(dir, name);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-cli-request-'));
  [rsa, ec] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec' })]);
  writeFileSync(file('rsa.key'), privateKeyPem(rsa), { mode: 0o600 });
  writeFileSync(file('ec.key'), privateKeyPem(ec), { mode: 0o600 });
  [github, snowflake, appStore] = await Promise.all([
    startGitHubAppServer({ clientId: 'Iv23liCLI', publicKey: publicKeyPem(rsa), installationIds: ['42'] }),
    startSelfSignedApiServer({ preset: 'snowflake', account: 'myorg-acct', user: 'svc', publicKey: publicKeyPem(rsa) }),
    startSelfSignedApiServer({ preset: 'app-store-connect', issuerId: 'issuer-1', keyId: 'KEY1', publicKey: publicKeyPem(ec) }),
  ]);
  mkdirSync(file('ws/.vscode'), { recursive: true });
  writeFileSync(file('ws/.vscode/settings.json'), JSON.stringify({
    'oauthJwt.profiles': [
      { name: 'GitHub', flow: 'github-app', tokenUrl: github.apiUrl, clientId: 'Iv23liCLI', installationId: 42 },
      { name: 'Snowflake', flow: 'self-signed', provider: 'snowflake', tokenUrl: snowflake.url, account: 'myorg-acct', user: 'svc', algorithm: 'RS256', lifetimeSeconds: 3600 },
      { name: 'ASC', flow: 'self-signed', provider: 'app-store-connect', tokenUrl: appStore.url, issuer: 'issuer-1', keyId: 'KEY1', audience: 'appstoreconnect-v1', lifetimeSeconds: 1200 },
    ],
  }));
});

after(async () => {
  await Promise.all([github?.close(), snowflake?.close(), appStore?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('oauth-jwt token and request with the github-app and self-signed flows', () => {
  test('token --profile GitHub prints the installation token; --json adds token_type Bearer (GitHub names none)', async () => {
    const run = await runCli(['token', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), github.issued.at(-1));
    const json = await runCli(['token', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key'), '--json']);
    const response = JSON.parse(json.stdout);
    assert.equal(response.token_type, 'Bearer');
    assert.match(response.token, /^ghs_/);
    assert.equal(typeof response.expires_at, 'string');
  });

  test('token for github-app from flags alone; a key that is not the app\'s gets GitHub\'s message and what to do', async () => {
    const run = await runCli(['token', '--flow', 'github-app', '--token-url', github.apiUrl, '--client-id', 'Iv23liCLI', '--installation-id', '42', '--key', file('rsa.key')]);
    assert.equal(run.code, 0, run.stderr);
    const other = await runCli(['token', '--flow', 'github-app', '--token-url', github.apiUrl, '--client-id', 'Iv23liCLI', '--installation-id', '42', '--key', file('ec.key')]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /RS256/);
  });

  test('request with a github-app profile: the installation token reaches the API; status on stderr, body on stdout', async () => {
    const run = await runCli(['request', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key'), `${github.apiUrl}/installation/repositories`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/installation\/repositories → 200/);
    assert.equal(JSON.parse(run.stdout).repositories[0].full_name, 'sandbox/hello-world');
    const sent = github.requests.at(-1)!;
    assert.match(String(sent.headers.authorization), /^Bearer ghs_/);
  });

  test('request with a snowflake profile: a self-signed JWT with the KEYPAIR_JWT header, no exchange; --include prints the headers; -X, -H, -d', async () => {
    const before = snowflake.requests.length;
    const run = await runCli(['request', '--profile', 'Snowflake', '--workspace', file('ws'), '--key', file('rsa.key'), '--include', '-X', 'POST', '-H', 'X-Trace: 1', '-d', '{"statement":"select 1"}', `${snowflake.apiUrl}`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^HTTP 200\ncontent-type: application\/json/);
    assert.equal(snowflake.requests.length, before + 1, 'one request: the API call, no token exchange');
    const sent = snowflake.requests.at(-1)!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.headers['x-snowflake-authorization-token-type'], 'KEYPAIR_JWT');
    assert.equal(sent.headers['x-trace'], '1');
    assert.equal(sent.body, '{"statement":"select 1"}');
    const jwt = /^Bearer (.+)$/.exec(String(sent.headers.authorization))![1]!;
    assert.match(String(decodeJwt(jwt).iss), /^MYORG-ACCT\.SVC\.SHA256:[A-Za-z0-9+/]{43}=$/);
  });

  test('request with an App Store Connect profile, and the 401 body and exit code 1 for a key the API does not hold', async () => {
    const ok = await runCli(['request', '--profile', 'ASC', '--workspace', file('ws'), '--key', file('ec.key'), appStore.apiUrl]);
    assert.equal(ok.code, 0, ok.stderr);
    const other = await generateKeyPair({ type: 'ec' });
    writeFileSync(file('other-ec.key'), privateKeyPem(other), { mode: 0o600 });
    const refused = await runCli(['request', '--profile', 'ASC', '--workspace', file('ws'), '--key', file('other-ec.key'), appStore.apiUrl]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /→ 401/);
    assert.equal(JSON.parse(refused.stdout).errors[0].code, 'NOT_AUTHORIZED');
  });

  test('the token goes only to the token URL\'s or apiUrl\'s origin unless --allow-origin names another; nothing is sent before', async () => {
    const elsewhere = `${appStore.apiUrl}`; // another origin than the GitHub profile's
    const before = appStore.requests.length;
    const refused = await runCli(['request', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key'), elsewhere]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Nothing was sent: http:\/\/127\.0\.0\.1:\d+ is neither the token URL's origin nor the profile's apiUrl origin/);
    assert.match(refused.stderr, /--allow-origin http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(appStore.requests.length, before);
    const allowed = await runCli(['request', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key'), '--allow-origin', new URL(elsewhere).origin, elsewhere]);
    assert.match(allowed.stderr, /→ 401/, 'sent (and refused by that API, which does not take GitHub tokens)');
    const usage = await runCli(['request', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key'), '--allow-origin', `${elsewhere}/path`, elsewhere]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /origin only/);
    const auth = await runCli(['request', '--profile', 'GitHub', '--workspace', file('ws'), '--key', file('rsa.key'), '-H', 'Authorization: Bearer x', github.apiUrl]);
    assert.equal(auth.code, 2);
    assert.match(auth.stderr, /adds the profile's token itself/);
  });

  test('token --profile for a self-signed profile prints the JWT itself (--json: self_signed, no request made)', async () => {
    const run = await runCli(['token', '--profile', 'ASC', '--workspace', file('ws'), '--key', file('ec.key'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.self_signed, true);
    assert.equal(decodeJwt(json.access_token).aud, 'appstoreconnect-v1');
  });
});
