import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { decodeJwt, type JSONWebKeySet } from 'jose';
import { callWithToken } from '../../src/core/apiCall';
import { OAuthErrorResponse } from '../../src/core/errors';
import { exchangeToken, validateExchangeConfig } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { generateKeyPair, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import { selfSignedFor127, startCertificateBoundApi, startOidcProvider, type OidcProviderServer, type RunningServer } from '../servers';
import { failsWith } from './assertFailure';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

let key: PrivateKey;
let stranger: PrivateKey;
let certificatePem: string;
let strangerPem: string;
let oidc: OidcProviderServer;
let api: RunningServer;
let serverTls: { keyPem: string; certPem: string };

before(async () => {
  [key, stranger] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
  [certificatePem, strangerPem] = await Promise.all([
    createSelfSignedCertificate(key, { commonName: 'mtls client', days: 30 }),
    createSelfSignedCertificate(stranger, { commonName: 'someone else', days: 30 }),
  ]);
  serverTls = selfSignedFor127();
  const x5c = [new X509Certificate(certificatePem).raw.toString('base64')];
  oidc = await startOidcProvider({
    tls: { key: serverTls.keyPem, cert: serverTls.certPem },
    accessTokenFormat: 'jwt',
    clients: [
      { clientId: 'mtls-self-signed', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true },
      { clientId: 'mtls-pkjwt', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] }, certificateBoundAccessTokens: true },
    ],
  });
  const jwks = JSON.parse((await nodeHttpClient.request({ method: 'GET', url: oidc.jwksUrl, timeoutMs: 5000, ca: serverTls.certPem })).body) as JSONWebKeySet;
  api = await startCertificateBoundApi({ tls: serverTls, jwks, issuer: oidc.issuer });
});

after(async () => {
  await Promise.all([oidc?.close(), api?.close()]);
});

const config = (over: Partial<ExchangeConfig> = {}): ExchangeConfig => ({ flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'mtls-self-signed', mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', ...over });

describe('mutual TLS (RFC 8705) against the real oidc-provider behind HTTPS that asks for client certificates', () => {
  // RFC 8705 §2.2: self_signed_tls_client_auth — "the client … registers its X.509 certificates (using
  // jwks …)"; §3: "the authorization server … binds the access token to the client certificate" (cnf x5t#S256).
  test('self_signed_tls_client_auth: client_id alone over TLS with the certificate; the token is bound to it and the API takes it over the same certificate', async () => {
    const result = await exchangeToken(config(), { key, certificatePem }, { http: nodeHttpClient, timeoutMs: 5000, ca: serverTls.certPem });
    const cnf = decodeJwt(result.accessToken).cnf as Record<string, unknown>;
    assert.equal(cnf['x5t#S256'], readCertificate(certificatePem).x5tS256);
    const clientCertificate = { key: privateKeyPem(key), cert: certificatePem };
    const ok = await callWithToken(nodeHttpClient, { method: 'GET', url: `${api.url}/api`, timeoutMs: 5000, ca: serverTls.certPem, clientCertificate }, result);
    assert.equal(ok.status, 200, ok.body);
    const otherCertificate = { key: privateKeyPem(stranger), cert: strangerPem };
    const refused = await callWithToken(nodeHttpClient, { method: 'GET', url: `${api.url}/api`, timeoutMs: 5000, ca: serverTls.certPem, clientCertificate: otherCertificate }, result);
    assert.equal(refused.status, 401);
  });

  test('private_key_jwt over mTLS: the client assertion as usual, and a certificate-bound token', async () => {
    const result = await exchangeToken(config({ clientId: 'mtls-pkjwt', tokenEndpointAuth: 'private_key_jwt' }), { key, certificatePem }, { http: nodeHttpClient, timeoutMs: 5000, ca: serverTls.certPem });
    assert.equal((decodeJwt(result.accessToken).cnf as Record<string, unknown>)['x5t#S256'], readCertificate(certificatePem).x5tS256);
  });

  test('error paths: a certificate the client did not register (invalid_client), no certificate, certificate auth without mtls or over http', async () => {
    const wrong = await failsWith(exchangeToken(config(), { key: stranger, certificatePem: strangerPem }, { http: nodeHttpClient, timeoutMs: 5000, ca: serverTls.certPem }), 'OAUTH_ERROR');
    assert.equal((wrong as OAuthErrorResponse).error, 'invalid_client');
    await failsWith(exchangeToken(config(), { key }, { http: nodeHttpClient, timeoutMs: 5000, ca: serverTls.certPem }), 'MISSING_SECRET');
    assert.throws(() => validateExchangeConfig(config({ mtls: undefined })), /needs "mtls": true/);
    assert.throws(() => validateExchangeConfig(config({ tokenUrl: 'http://127.0.0.1:9/token' })), /must be https: for mutual TLS/);
  });

  test('CLI: token --mtls --cert prints a certificate-bound token (--json: cnf); request presents it over the same certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-mtls-'));
    try {
      writeFileSync(join(dir, 'key.pem'), privateKeyPem(key), { mode: 0o600 });
      writeFileSync(join(dir, 'cert.pem'), certificatePem);
      writeFileSync(join(dir, 'ca.pem'), serverTls.certPem);
      const base = ['--flow', 'client-assertion', '--token-url', oidc.tokenUrl, '--client-id', 'mtls-self-signed', '--mtls', '--token-endpoint-auth', 'self_signed_tls_client_auth',
        '--key', join(dir, 'key.pem'), '--cert', join(dir, 'cert.pem'), '--ca', join(dir, 'ca.pem')];
      const json = await runCli(['token', ...base, '--json']);
      assert.equal(json.code, 0, json.stderr);
      assert.equal(JSON.parse(json.stdout).cnf['x5t#S256'], readCertificate(certificatePem).x5tS256);
      const run = await runCli(['request', ...base, '--allow-origin', new URL(api.url).origin, `${api.url}/api`]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).ok, true);
      const noCert = await runCli(['token', ...base.filter((a, i) => a !== '--cert' && base[i - 1] !== '--cert')]);
      assert.equal(noCert.code, 1);
      assert.match(noCert.stderr, /no certificate[\s\S]*--cert FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
