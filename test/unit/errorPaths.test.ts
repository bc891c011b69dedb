/**
 * Issue 14's error paths, each against a real local server, through the core and the CLI: the
 * message says what went wrong and the hint what to do. A stale GitHub App JWT (the machine's clock
 * behind GitHub's); a DPoP nonce the server wants but does not send, or keeps wanting; a client
 * certificate the TLS handshake refuses, one the token endpoint refuses (invalid_client), and a
 * certificate-bound token presented without its certificate or over another one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { boundTokenRefusal, callWithToken } from '../../src/core/apiCall';
import { OAuthErrorResponse } from '../../src/core/errors';
import { exchangeToken } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { generateKeyPair, privateKeyPem, publicJwk, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { listen, listenLocal, sendJson } from '../../src/sandbox/servers/localServer';
import {
  selfSignedFor127, startCertificateBoundApi, startGitHubAppServer, startOidcProvider, testCertificateAuthority,
  type GitHubAppServer, type OidcProviderServer, type RecordedRequest, type RunningServer,
} from '../servers';
import { runCli } from '../support/cli';
import { failsWith } from './assertFailure';

let rsa: PrivateKey;
let stranger: PrivateKey;
let dpopKey: PrivateKey;
let certificatePem: string;
let strangerPem: string;
let serverTls: { keyPem: string; certPem: string };
let dir: string;
const file = (name: string) => join(dir, name);

before(async () => {
  [rsa, stranger, dpopKey] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' })]);
  [certificatePem, strangerPem] = await Promise.all([
    createSelfSignedCertificate(rsa, { commonName: 'registered client', days: 30 }),
    createSelfSignedCertificate(stranger, { commonName: 'someone else', days: 30 }),
  ]);
  serverTls = selfSignedFor127();
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-error-paths-'));
  writeFileSync(file('key.pem'), privateKeyPem(rsa), { mode: 0o600 });
  writeFileSync(file('cert.pem'), certificatePem);
  writeFileSync(file('stranger.pem'), privateKeyPem(stranger), { mode: 0o600 });
  writeFileSync(file('stranger-cert.pem'), strangerPem);
  writeFileSync(file('server-ca.pem'), serverTls.certPem);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a stale GitHub App JWT: GitHub\'s 401 body, and the clock named first', () => {
  let github: GitHubAppServer;
  before(async () => {
    // GitHub's clock 20 minutes ahead of this machine's: the JWT signed now has expired when it arrives.
    github = await startGitHubAppServer({ clientId: 'Iv23liSTALE', publicKey: publicKeyPem(rsa), installationIds: ['42'], clockOffsetSeconds: 1200 });
  });
  after(async () => github?.close());

  test('core and CLI: the message quotes GitHub, the hint says how far the clocks differ and what to do', async () => {
    const config: ExchangeConfig = { flow: 'github-app', tokenUrl: github.apiUrl, clientId: 'Iv23liSTALE', installationId: '42' };
    const error = await failsWith(exchangeToken(config, { key: rsa }, { http: nodeHttpClient, timeoutMs: 5000 }), 'HTTP_STATUS');
    assert.match(error.message, /answered 401: 'Expiration time' claim \('exp'\) must be a numeric value representing the future time/);
    assert.match(error.hint!, /^The server's clock \(Date: .+\) is 1[12]\d\d s ahead of this machine's\. [\s\S]*enable NTP time sync[\s\S]*GitHub did not accept the app's JWT/);
    const run = await runCli(['token', '--flow', 'github-app', '--token-url', github.apiUrl, '--client-id', 'Iv23liSTALE', '--installation-id', '42', '--key', file('key.pem')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /'Expiration time' claim[\s\S]*s ahead of this machine's[\s\S]*NTP/);
  });
});

describe('DPoP nonces (RFC 9449 §8, §9): wanted without a DPoP-Nonce header, or wanted again after the retry', () => {
  let requests: RecordedRequest[];
  let tokenEndpoint: RunningServer;
  let mode: 'no-header' | 'always';
  let oidc: OidcProviderServer;
  let resource: RunningServer;
  before(async () => {
    requests = [];
    tokenEndpoint = await listenLocal((_request, res) => {
      sendJson(res, 400, { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof' },
        mode === 'always' ? { 'DPoP-Nonce': `n-${requests.length}` } : {});
    }, requests);
    oidc = await startOidcProvider({ clients: [{ clientId: 'dpop-client', algorithm: 'RS256', jwks: { keys: [publicJwk(rsa, 'RS256')] }, dpopBoundAccessTokens: true }] });
    resource = await listenLocal((_request, res) => {
      sendJson(res, 401, { error: 'use_dpop_nonce' }, { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', ...(mode === 'always' ? { 'DPoP-Nonce': `r-${Date.now()}` } : {}) });
    });
  });
  after(async () => {
    await Promise.all([tokenEndpoint?.close(), oidc?.close(), resource?.close()]);
  });
  const config = (): ExchangeConfig => ({ flow: 'client-assertion', tokenUrl: `${tokenEndpoint.url}/token`, clientId: 'dpop-client', dpop: true });

  test('token endpoint: no DPoP-Nonce header → one request and "no usable DPoP-Nonce header"; a nonce every time → one retry and "asked again"', async () => {
    mode = 'no-header';
    const before = requests.length;
    const missing = await failsWith(exchangeToken(config(), { key: rsa, dpopKey }, { http: nodeHttpClient, timeoutMs: 5000 }), 'OAUTH_ERROR');
    assert.equal(requests.length, before + 1, 'nothing to retry with');
    assert.equal((missing as OAuthErrorResponse).error, 'use_dpop_nonce');
    assert.match(missing.hint!, /sent no usable DPoP-Nonce header[\s\S]*ask its operator/);
    mode = 'always';
    const again = await failsWith(exchangeToken(config(), { key: rsa, dpopKey }, { http: nodeHttpClient, timeoutMs: 5000 }), 'OAUTH_ERROR');
    assert.equal(requests.length, before + 3, 'retried once');
    assert.match(again.hint!, /asked again for a DPoP nonce after the retry/);
    mode = 'no-header';
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', `${tokenEndpoint.url}/token`, '--client-id', 'dpop-client', '--dpop', '--key', file('key.pem')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /use_dpop_nonce[\s\S]*sent no usable DPoP-Nonce header/);
  });

  test('resource server (CLI request with a real DPoP-bound token): the refusal is explained beside the status', async () => {
    const base = ['request', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'dpop-client', '--dpop', '--key', file('key.pem'), '--allow-origin', resource.url];
    mode = 'no-header';
    const missing = await runCli([...base, `${resource.url}/api`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /→ 401\n[\s\S]*asked for a DPoP nonce \(RFC 9449 §9\) without a usable DPoP-Nonce header/);
    mode = 'always';
    const again = await runCli([...base, `${resource.url}/api`]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /still asked for a DPoP nonce after the retry/);
  });
});

describe('a wrong client certificate', () => {
  let oidc: OidcProviderServer;
  let api: RunningServer;
  let strict12: RunningServer;
  let strict13: RunningServer;
  before(async () => {
    const ca = testCertificateAuthority();
    oidc = await startOidcProvider({
      tls: { key: serverTls.keyPem, cert: serverTls.certPem },
      accessTokenFormat: 'jwt',
      clients: [{ clientId: 'mtls-client', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(rsa), x5c: [new X509Certificate(certificatePem).raw.toString('base64')] }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true }],
    });
    const jwks = JSON.parse((await nodeHttpClient.request({ method: 'GET', url: oidc.jwksUrl, timeoutMs: 5000, ca: serverTls.certPem })).body) as JSONWebKeySet;
    api = await startCertificateBoundApi({ tls: serverTls, jwks, issuer: oidc.issuer });
    // Servers that refuse, in the TLS handshake, any certificate their CA did not issue (TLS 1.2 and 1.3 end it differently).
    const strict = async (maxVersion: 'TLSv1.2' | 'TLSv1.3') => {
      const running = await listen(createServer({ key: serverTls.keyPem, cert: serverTls.certPem, requestCert: true, rejectUnauthorized: true, ca: ca.certPem, maxVersion }, (_req, res) => sendJson(res, 200, { access_token: 'never' })));
      return { url: running.url.replace('http:', 'https:'), close: running.close };
    };
    [strict12, strict13] = await Promise.all([strict('TLSv1.2'), strict('TLSv1.3')]);
  });
  after(async () => {
    await Promise.all([oidc?.close(), api?.close(), strict12?.close(), strict13?.close()]);
  });
  const config = (tokenUrl: string, over: Partial<ExchangeConfig> = {}): ExchangeConfig => ({ flow: 'client-assertion', tokenUrl, clientId: 'mtls-client', mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', ...over });
  const deps = () => ({ http: nodeHttpClient, timeoutMs: 5000, ca: serverTls.certPem });

  test('the TLS handshake refuses it: "refused the TLS handshake … client certificate", not "its certificate could not be verified"', async () => {
    const refused = await failsWith(exchangeToken(config(`${strict12.url}/token`), { key: rsa, certificatePem }, deps()), 'TLS');
    // OpenSSL reads the server's alert, or only the closed connection, depending on timing.
    assert.match(refused.message, /refused the TLS handshake \((?:alert "[a-z ]+"|the connection was closed before the handshake finished)\), most likely over this request's client certificate/);
    assert.match(refused.hint!, /issued by a CA the server trusts[\s\S]*registered with the client/);
    // TLS 1.3: the server's verdict comes after the client's Finished — as an alert, or as a reset when the request was already on its way.
    try {
      await exchangeToken(config(`${strict13.url}/token`), { key: rsa, certificatePem }, deps());
      assert.fail('the TLS 1.3 server accepted a certificate its CA did not issue');
    } catch (error) {
      const text = (error as { describe(): string }).describe();
      assert.match(text, /refused the TLS handshake[\s\S]*client certificate|reset \(ECONNRESET\)[\s\S]*sent a TLS client certificate: a server that does not accept it/, text);
    }
    const none = await failsWith(exchangeToken(config(`${strict13.url}/token`, { mtls: undefined, tokenEndpointAuth: undefined }), { key: rsa }, deps()), 'TLS');
    assert.match(none.message, /ended the TLS handshake \(alert "certificate required"\): it most likely wants a TLS client certificate, and none was sent/);
    assert.match(none.hint!, /"mtls": true/);
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', `${strict12.url}/token`, '--client-id', 'mtls-client', '--mtls', '--token-endpoint-auth', 'self_signed_tls_client_auth',
      '--key', file('key.pem'), '--cert', file('cert.pem'), '--ca', file('server-ca.pem')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /refused the TLS handshake[\s\S]*client certificate[\s\S]*registered with the client/);
  });

  test('the token endpoint refuses it (invalid_client): the hint is about registering the certificate', async () => {
    const refused = await failsWith(exchangeToken(config(oidc.tokenUrl), { key: stranger, certificatePem: strangerPem }, deps()), 'OAUTH_ERROR');
    assert.equal((refused as OAuthErrorResponse).error, 'invalid_client');
    assert.match(refused.hint!, /this very certificate must be registered with the client/);
    const tls = await failsWith(exchangeToken(config(oidc.tokenUrl, { tokenEndpointAuth: 'tls_client_auth' }), { key: stranger, certificatePem: strangerPem }, deps()), 'OAUTH_ERROR');
    assert.match(tls.hint!, /issued by a CA the server trusts, and its subject must be the one registered/);
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'mtls-client', '--mtls', '--token-endpoint-auth', 'self_signed_tls_client_auth',
      '--key', file('stranger.pem'), '--cert', file('stranger-cert.pem'), '--ca', file('server-ca.pem')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /invalid_client[\s\S]*must be registered with the client/);
  });

  test('a certificate-bound token over another certificate, or none: the API\'s 401 is explained', async () => {
    const token = await exchangeToken(config(oidc.tokenUrl), { key: rsa, certificatePem }, deps());
    const call = { method: 'GET' as const, url: `${api.url}/api`, timeoutMs: 5000, ca: serverTls.certPem };
    const right = { key: privateKeyPem(rsa), cert: certificatePem };
    const ok = await callWithToken(nodeHttpClient, { ...call, clientCertificate: right }, token);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(boundTokenRefusal(ok, token, right), undefined);
    const other = { key: privateKeyPem(stranger), cert: strangerPem };
    const wrong = await callWithToken(nodeHttpClient, { ...call, clientCertificate: other }, token);
    assert.equal(wrong.status, 401);
    assert.match(String(boundTokenRefusal(wrong, token, other)), /bound to another TLS client certificate[\s\S]*get a new token with the certificate the request presents/);
    const without = await callWithToken(nodeHttpClient, call, token);
    assert.equal(without.status, 401);
    assert.match(String(boundTokenRefusal(without, token)), /presented without one: call the API with the same certificate/);
  });
});
