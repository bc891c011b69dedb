import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { callWithToken } from '../../src/core/apiCall';
import { accessTokenHash, createDpopProof } from '../../src/core/dpop';
import { OAuthErrorResponse } from '../../src/core/errors';
import { exchangeToken, validateExchangeConfig } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { generateKeyPair, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { startDpopResourceServer, startOidcProvider, type DpopResourceServer, type OidcProviderServer } from '../servers';
import { failsWith } from './assertFailure';
import { runCli } from '../support/cli';

let key: PrivateKey;
let dpopKey: PrivateKey;
let otherDpopKey: PrivateKey;
let oidc: OidcProviderServer;
let oidcNonce: OidcProviderServer;
let api: DpopResourceServer;
let apiNonce: DpopResourceServer;
let dir: string;

before(async () => {
  [key, dpopKey, otherDpopKey] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' }), generateKeyPair({ type: 'ec', curve: 'P-256' })]);
  const clients = [
    { clientId: 'dpop-client', algorithm: 'RS256' as const, jwks: { keys: [publicJwk(key, 'RS256')] }, dpopBoundAccessTokens: true },
  ];
  [oidc, oidcNonce] = await Promise.all([
    startOidcProvider({ clients, accessTokenFormat: 'jwt' }),
    startOidcProvider({ clients, accessTokenFormat: 'jwt', dpopNonceRequired: true }),
  ]);
  [api, apiNonce] = await Promise.all([
    startDpopResourceServer({ issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, audience: oidc.resource }),
    startDpopResourceServer({ issuer: oidcNonce.issuer, jwksUrl: oidcNonce.jwksUrl, audience: oidcNonce.resource, requireNonce: true }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-dpop-'));
  writeFileSync(join(dir, 'rsa.key'), privateKeyPem(key), { mode: 0o600 });
  writeFileSync(join(dir, 'dpop.key'), privateKeyPem(dpopKey), { mode: 0o600 });
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({
    'oauthJwt.profiles': [{ name: 'DPoP', flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'dpop-client', dpop: true, apiUrl: api.apiUrl }],
  }));
});

after(async () => {
  await Promise.all([oidc?.close(), oidcNonce?.close(), api?.close(), apiNonce?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const config = (server: OidcProviderServer, over: Partial<ExchangeConfig> = {}): ExchangeConfig => ({ flow: 'client-assertion', tokenUrl: server.tokenUrl, clientId: 'dpop-client', dpop: true, ...over });

describe('DPoP (RFC 9449)', () => {
  // RFC 9449 §4.2: typ "dpop+jwt", alg, jwk ("MUST NOT contain a private key"); jti, htm, htu
  // ("without query and fragment parts"), iat; ath "base64url-encoded SHA-256 hash of the ASCII
  // encoding of the associated access token's value". §7.1's example token and ath are the known answer.
  test('a proof: typ dpop+jwt, ES256, the public jwk only; jti, htm, htu without query, iat, nonce, ath', async () => {
    assert.equal(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU'), 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo');
    const proof = await createDpopProof({ key: dpopKey, method: 'get', url: 'https://rs.example/api?x=1#f', nonce: 'n-1', accessToken: 'tok', clock: () => 1_700_000_000_000 });
    const header = decodeProtectedHeader(proof);
    assert.equal(header.typ, 'dpop+jwt');
    assert.equal(header.alg, 'ES256');
    assert.deepEqual(Object.keys(header.jwk!).sort(), ['crv', 'kty', 'x', 'y']);
    const claims = decodeJwt(proof);
    assert.deepEqual({ htm: claims.htm, htu: claims.htu, iat: claims.iat, nonce: claims.nonce, ath: claims.ath },
      { htm: 'GET', htu: 'https://rs.example/api', iat: 1_700_000_000, nonce: 'n-1', ath: accessTokenHash('tok') });
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    assert.notEqual(decodeJwt(await createDpopProof({ key: dpopKey, method: 'GET', url: 'https://rs.example/api' })).jti, claims.jti);
  });

  test('the real oidc-provider issues a DPoP-bound JWT access token (token_type DPoP, cnf.jkt = the DPoP key\'s thumbprint); the resource answers 200 with a proof, 401 as Bearer or with another key', async () => {
    const result = await exchangeToken(config(oidc), { key, dpopKey }, { http: nodeHttpClient, timeoutMs: 5000 });
    assert.equal(result.tokenType, 'DPoP');
    const jkt = await calculateJwkThumbprint(publicJwk(dpopKey));
    assert.deepEqual(decodeJwt(result.accessToken).cnf, { jkt });
    const ok = await callWithToken(nodeHttpClient, { method: 'GET', url: api.apiUrl, timeoutMs: 5000 }, result, dpopKey);
    assert.equal(ok.status, 200, ok.body);
    const sent = api.requests.at(-1)!;
    assert.match(String(sent.headers.authorization), /^DPoP /);
    assert.equal(decodeJwt(String(sent.headers.dpop)).ath, accessTokenHash(result.accessToken));
    const asBearer = await callWithToken(nodeHttpClient, { method: 'GET', url: api.apiUrl, timeoutMs: 5000 }, { ...result, tokenType: 'Bearer' });
    assert.equal(asBearer.status, 401);
    const stolen = await callWithToken(nodeHttpClient, { method: 'GET', url: api.apiUrl, timeoutMs: 5000 }, result, otherDpopKey);
    assert.equal(stolen.status, 401);
    assert.match(stolen.body, /cnf\.jkt/);
    await failsWith(callWithToken(nodeHttpClient, { method: 'GET', url: api.apiUrl, timeoutMs: 5000 }, result), 'MISSING_SECRET');
  });

  // RFC 9449 §8: "the authorization server … responds with an HTTP 400 (Bad Request) … error code
  // use_dpop_nonce … and a DPoP-Nonce header"; §9: the resource server, 401 with WWW-Authenticate.
  test('use_dpop_nonce: the token request is retried once with the server\'s nonce (and a fresh assertion); so is the resource call', async () => {
    const lines: string[] = [];
    const result = await exchangeToken(config(oidcNonce), { key, dpopKey }, { http: nodeHttpClient, timeoutMs: 5000, log: (l) => lines.push(l) });
    assert.equal(result.tokenType, 'DPoP');
    assert.ok(lines.some((l) => /asked for a DPoP nonce/.test(l)), lines.join('\n'));
    const before = apiNonce.requests.length;
    const ok = await callWithToken(nodeHttpClient, { method: 'GET', url: apiNonce.apiUrl, timeoutMs: 5000 }, result, dpopKey);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(apiNonce.requests.length, before + 2);
    assert.equal(decodeJwt(String(apiNonce.requests.at(-1)!.headers.dpop)).nonce, apiNonce.nonce);
  });

  test('error paths: no proof for a DPoP-bound client, no DPoP key, dpop on a flow without a token endpoint', async () => {
    const refused = await failsWith(exchangeToken(config(oidc, { dpop: undefined }), { key }, { http: nodeHttpClient, timeoutMs: 5000 }), 'OAUTH_ERROR');
    // oidc-provider refuses a dpop_bound_access_tokens client's request without a proof ("grant request
    // is invalid"): the hint names DPoP as a cause.
    assert.equal((refused as OAuthErrorResponse).error, 'invalid_grant');
    assert.match(refused.hint!, /"dpop": true/);
    await failsWith(exchangeToken(config(oidc), { key }, { http: nodeHttpClient, timeoutMs: 5000 }), 'MISSING_SECRET');
    assert.throws(() => validateExchangeConfig({ flow: 'self-signed', tokenUrl: 'https://api.example', issuer: 'x', dpop: true }), /does not apply to the self-signed flow/);
  });

  test('CLI: token --json shows token_type DPoP and cnf; request presents the token with a proof (a fresh DPoP key per run, or --dpop-key)', async () => {
    const json = await runCli(['token', '--profile', 'DPoP', '--workspace', dir, '--key', join(dir, 'rsa.key'), '--json']);
    assert.equal(json.code, 0, json.stderr);
    const response = JSON.parse(json.stdout);
    assert.equal(response.token_type, 'DPoP');
    assert.equal(typeof response.cnf.jkt, 'string');
    const withKey = await runCli(['token', '--profile', 'DPoP', '--workspace', dir, '--key', join(dir, 'rsa.key'), '--dpop-key', join(dir, 'dpop.key'), '--json']);
    assert.equal(JSON.parse(withKey.stdout).cnf.jkt, await calculateJwkThumbprint(publicJwk(dpopKey)));
    const run = await runCli(['request', '--profile', 'DPoP', '--workspace', dir, '--key', join(dir, 'rsa.key'), api.apiUrl]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).ok, true);
  });
});
