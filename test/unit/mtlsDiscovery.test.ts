import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { discoverTokenEndpoints, metadataLocation, resolveTokenEndpoint } from '../../src/core/discovery';
import { OAuthErrorResponse } from '../../src/core/errors';
import { exchangeToken, validateExchangeConfig } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { generateKeyPair, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { parseProfile } from '../../src/core/profile';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import { listenLocal, sendJson } from '../../src/sandbox/servers/localServer';
import { selfSignedFor127, startOidcProvider, testCertificateAuthority, type OidcProviderServer, type RunningServer, type TestCertificateAuthority } from '../servers';
import { runCli } from '../support/cli';
import { failsWith } from './assertFailure';

const SUBJECT = { commonName: 'mtls-ca-client', organization: 'OAuth JWT Bearer tests' };
const SUBJECT_DN = 'CN=mtls-ca-client,O=OAuth JWT Bearer tests';

let key: PrivateKey;
let certificatePem: string;
let caClient: PrivateKey;
let caIssuedPem: string;
let otherSubjectPem: string;
let caClientSelfSignedPem: string;
let ca: TestCertificateAuthority;
let serverTls: { keyPem: string; certPem: string };
let oidc: OidcProviderServer;
let dir: string;

before(async () => {
  [key, caClient] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
  certificatePem = await createSelfSignedCertificate(key, { commonName: 'mtls client', days: 30 });
  ca = testCertificateAuthority();
  const caClientPublic = createPublicKey(privateKeyPem(caClient)).export({ type: 'spki', format: 'pem' }).toString();
  caIssuedPem = ca.issue(caClientPublic, SUBJECT);
  otherSubjectPem = ca.issue(caClientPublic, { commonName: 'someone else', organization: SUBJECT.organization });
  caClientSelfSignedPem = await createSelfSignedCertificate(caClient, { commonName: SUBJECT.commonName, days: 30 });
  serverTls = selfSignedFor127();
  oidc = await startOidcProvider({
    tls: { key: serverTls.keyPem, cert: serverTls.certPem, ca: ca.certPem },
    mtlsAlias: true,
    accessTokenFormat: 'jwt',
    clients: [
      { clientId: 'alias-self-signed', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c: [new X509Certificate(certificatePem).raw.toString('base64')] }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true },
      { clientId: 'ca-client', algorithm: 'RS256', jwks: { keys: [publicJwk(caClient, 'RS256')] }, tlsClientAuthSubjectDn: SUBJECT_DN, certificateBoundAccessTokens: true },
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-mtls-discovery-'));
  writeFileSync(join(dir, 'key.pem'), privateKeyPem(key), { mode: 0o600 });
  writeFileSync(join(dir, 'cert.pem'), certificatePem);
  writeFileSync(join(dir, 'ca-client.pem'), privateKeyPem(caClient), { mode: 0o600 });
  writeFileSync(join(dir, 'ca-issued.pem'), caIssuedPem);
  writeFileSync(join(dir, 'server-ca.pem'), serverTls.certPem);
});

after(async () => {
  await oidc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const deps = () => ({ http: nodeHttpClient, timeoutMs: 5000, ca: serverTls.certPem });
const selfSigned = (over: Partial<ExchangeConfig> = {}): ExchangeConfig => ({
  flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'alias-self-signed', mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', ...over,
});

describe('mtls_endpoint_aliases (RFC 8705 §5) from the real oidc-provider\'s metadata', () => {
  test('the issuer or its metadata URL: the alias (the listener that asks for certificates) is used; without discovery the conventional endpoint refuses the client', async () => {
    assert.ok(oidc.mtlsTokenUrl && new URL(oidc.mtlsTokenUrl).origin !== new URL(oidc.tokenUrl).origin);
    for (const discoveryUrl of [oidc.issuer, `${oidc.issuer}/.well-known/openid-configuration`]) {
      const resolved = await resolveTokenEndpoint(selfSigned({ discoveryUrl }), deps());
      assert.equal(resolved.tokenUrl, oidc.mtlsTokenUrl);
    }
    const lines: string[] = [];
    const resolved = await resolveTokenEndpoint(selfSigned({ discoveryUrl: oidc.issuer }), { ...deps(), log: (line) => lines.push(line) });
    const result = await exchangeToken(resolved, { key, certificatePem }, { ...deps(), log: (line) => lines.push(line) });
    assert.equal((decodeJwt(result.accessToken).cnf as Record<string, unknown>)['x5t#S256'], readCertificate(certificatePem).x5tS256);
    assert.ok(lines.some((line) => line.includes(`POST ${new URL(oidc.mtlsTokenUrl!).origin}/token`)), lines.join('\n'));
    // The conventional endpoint does not ask for a certificate, so certificate client authentication fails there.
    const conventional = await failsWith(exchangeToken(selfSigned(), { key, certificatePem }, deps()), 'OAUTH_ERROR');
    assert.equal((conventional as OAuthErrorResponse).error, 'invalid_client');
  });

  test('a discoveryUrl is only for mTLS profiles, must be https or loopback, and parses from settings', async () => {
    assert.throws(() => validateExchangeConfig(selfSigned({ mtls: undefined, tokenEndpointAuth: undefined, discoveryUrl: oidc.issuer })), /"discoveryUrl" is read for its mutual-TLS endpoint aliases[\s\S]*/);
    await failsWith(resolveTokenEndpoint(selfSigned({ mtls: undefined, discoveryUrl: oidc.issuer }), deps()), 'INVALID_OPTION');
    assert.throws(() => validateExchangeConfig(selfSigned({ discoveryUrl: 'http://as.example.com' })), /plain http: to as\.example\.com/);
    assert.equal(parseProfile({ name: 'p', flow: 'client-assertion', tokenUrl: oidc.tokenUrl, mtls: true, discoveryUrl: oidc.issuer }).discoveryUrl, oidc.issuer);
    assert.deepEqual(metadataLocation('https://as.example.com/tenant'), {
      issuer: 'https://as.example.com/tenant',
      urls: ['https://as.example.com/.well-known/oauth-authorization-server/tenant', 'https://as.example.com/tenant/.well-known/openid-configuration'],
    });
    assert.equal(metadataLocation('https://as.example.com/.well-known/oauth-authorization-server/tenant').issuer, 'https://as.example.com/tenant');
  });
});

describe('hostile metadata is refused, with what to do', () => {
  let server: RunningServer & { port: number };
  let answer: (path: string) => { status: number; body: unknown; headers?: Record<string, string> };
  before(async () => {
    server = await listenLocal((request, res) => {
      const { status, body, headers } = answer(request.path);
      if (typeof body === 'string') {
        res.writeHead(status, headers).end(body);
      } else {
        sendJson(res, status, body, headers);
      }
    });
  });
  after(async () => server?.close());
  const discover = () => discoverTokenEndpoints(server.url, { http: nodeHttpClient, timeoutMs: 3000 });

  test('another issuer, a redirect, a huge document, not JSON, an alias that would leave TLS: each refused', async () => {
    // RFC 8414 is tried first; its 404 leads to the OpenID document.
    answer = (path) => path.endsWith('openid-configuration')
      ? { status: 200, body: { issuer: 'https://as.example.com', token_endpoint: 'https://as.example.com/token', mtls_endpoint_aliases: { token_endpoint: 'https://evil.example.com/token' } } }
      : { status: 404, body: {} };
    const other = await failsWith(discover(), 'BAD_RESPONSE');
    assert.match(other.message, /names the issuer "https:\/\/as\.example\.com", not "http:\/\/127\.0\.0\.1:\d+"/);

    // Server text reaches a terminal: control characters (here a screen-clearing escape) never do.
    answer = () => ({ status: 200, body: { issuer: 'https://as.example.com\u001b[2J', token_endpoint: 'https://as.example.com/token' } });
    const escaped = await failsWith(discover(), 'BAD_RESPONSE');
    assert.ok(!/[\u0000-\u001f]/.test(escaped.describe()), escaped.describe());

    answer = () => ({ status: 302, body: '', headers: { Location: 'https://evil.example.com/.well-known/openid-configuration' } });
    assert.match((await failsWith(discover(), 'REDIRECT')).message, /redirect \(302\), which is not followed/);

    answer = () => ({ status: 200, body: `{"issuer": "${server.url}", "x": "${'a'.repeat(300 * 1024)}"}` });
    await failsWith(discover(), 'RESPONSE_TOO_LARGE');

    answer = () => ({ status: 200, body: '<html>sign in</html>' });
    assert.match((await failsWith(discover(), 'BAD_RESPONSE')).message, /is not JSON/);

    answer = () => ({ status: 200, body: { issuer: server.url, token_endpoint: `${server.url}/token`, mtls_endpoint_aliases: { token_endpoint: 'http://as.example.com/token' } } });
    assert.match((await failsWith(discover(), 'BAD_RESPONSE')).message, /mtls_endpoint_aliases\.token_endpoint that cannot be used: .*plain http:/);

    answer = () => ({ status: 200, body: { issuer: server.url, token_endpoint: `${server.url}/token` } });
    assert.deepEqual(await discover(), { issuer: server.url, tokenEndpoint: `${server.url}/token` });
  });
});

describe('tls_client_auth (RFC 8705 §2.1): a certificate from a CA the server trusts, with the registered subject', () => {
  const caConfig = (over: Partial<ExchangeConfig> = {}): ExchangeConfig => ({
    flow: 'client-assertion', tokenUrl: oidc.mtlsTokenUrl!, clientId: 'ca-client', mtls: true, tokenEndpointAuth: 'tls_client_auth', ...over,
  });

  test('the CA-issued certificate gets a token bound to it; a self-signed one or another subject gets invalid_client', async () => {
    const result = await exchangeToken(caConfig(), { key: caClient, certificatePem: caIssuedPem }, deps());
    assert.equal((decodeJwt(result.accessToken).cnf as Record<string, unknown>)['x5t#S256'], readCertificate(caIssuedPem).x5tS256);
    // A file with the chain (the leaf first, then its CA), as a CA hands it out and Import Certificate takes it.
    const chain = `${caIssuedPem}${ca.certPem}`;
    assert.equal(readCertificate(chain).x5tS256, readCertificate(caIssuedPem).x5tS256);
    const viaChain = await exchangeToken(caConfig(), { key: caClient, certificatePem: chain }, deps());
    assert.equal((decodeJwt(viaChain.accessToken).cnf as Record<string, unknown>)['x5t#S256'], readCertificate(caIssuedPem).x5tS256);
    for (const pem of [caClientSelfSignedPem, otherSubjectPem]) {
      const refused = await failsWith(exchangeToken(caConfig(), { key: caClient, certificatePem: pem }, deps()), 'OAUTH_ERROR');
      assert.equal((refused as OAuthErrorResponse).error, 'invalid_client');
      assert.match(refused.describe(), /client/i);
    }
  });

  test('CLI: token --mtls --token-endpoint-auth tls_client_auth --cert (the CA-issued certificate)', async () => {
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', oidc.mtlsTokenUrl!, '--client-id', 'ca-client', '--mtls', '--token-endpoint-auth', 'tls_client_auth',
      '--key', join(dir, 'ca-client.pem'), '--cert', join(dir, 'ca-issued.pem'), '--ca', join(dir, 'server-ca.pem'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).cnf['x5t#S256'], readCertificate(caIssuedPem).x5tS256);
  });
});

describe('CLI --discovery-url', () => {
  const base = () => ['token', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'alias-self-signed', '--mtls', '--token-endpoint-auth', 'self_signed_tls_client_auth',
    '--key', join(dir, 'key.pem'), '--cert', join(dir, 'cert.pem'), '--ca', join(dir, 'server-ca.pem'), '--discovery-url', oidc.issuer];

  test('an alias on another origin than the token and discovery URLs is refused before signing, and used with --allow-origin', async () => {
    const aliasOrigin = new URL(oidc.mtlsTokenUrl!).origin;
    const refused = await runCli(base());
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`Nothing was sent: the server's metadata names the token endpoint ${aliasOrigin}/token[\\s\\S]*add --allow-origin ${aliasOrigin}`));
    const run = await runCli([...base(), '--allow-origin', aliasOrigin, '--json', '--verbose']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).cnf['x5t#S256'], readCertificate(certificatePem).x5tS256);
    assert.match(run.stderr, new RegExp(`POST ${aliasOrigin}/token`));
  });
});
