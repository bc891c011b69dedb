import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { exchangeToken } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { OAuthErrorResponse } from '../../src/core/errors';
import { generateKeyPair, publicJwk, type PrivateKey, type SigningAlgorithm } from '../../src/core/keys';
import { startOidcProvider, type OidcProviderServer } from '../servers';
import { failsWith } from './assertFailure';

/** One registered client per algorithm, each with its own key generated for this run. */
const CLIENTS: { clientId: string; algorithm: 'RS256' | 'PS256' | 'ES256'; spec: Parameters<typeof generateKeyPair>[0] }[] = [
  { clientId: 'rs256-client', algorithm: 'RS256', spec: { type: 'rsa' } },
  { clientId: 'ps256-client', algorithm: 'PS256', spec: { type: 'rsa' } },
  { clientId: 'es256-client', algorithm: 'ES256', spec: { type: 'ec', curve: 'P-256' } },
];

const keys = new Map<string, PrivateKey>();
let opaque: OidcProviderServer;
let jwt: OidcProviderServer;

before(async () => {
  for (const client of CLIENTS) keys.set(client.clientId, await generateKeyPair(client.spec));
  const clients = CLIENTS.map((client) => ({
    clientId: client.clientId,
    algorithm: client.algorithm,
    jwks: { keys: [publicJwk(keys.get(client.clientId)!, client.algorithm as SigningAlgorithm)] },
  }));
  [opaque, jwt] = await Promise.all([startOidcProvider({ clients }), startOidcProvider({ clients, accessTokenFormat: 'jwt' })]);
});
after(async () => { await Promise.all([opaque?.close(), jwt?.close()]); });

function config(server: OidcProviderServer, clientId: string, algorithm: string, extra: Partial<ExchangeConfig> = {}): ExchangeConfig {
  return { flow: 'client-assertion', tokenUrl: server.tokenUrl, clientId, algorithm, scope: 'api:read', ...extra };
}

describe('private_key_jwt clients against the real oidc-provider', () => {
  for (const client of CLIENTS) {
    test(`${client.algorithm}: an opaque access token with its lifetime`, async () => {
      const before = Date.now();
      const result = await exchangeToken(config(opaque, client.clientId, client.algorithm), { key: keys.get(client.clientId)! }, { http: nodeHttpClient, timeoutMs: 5000 });
      assert.ok(result.accessToken.length >= 20 && !result.accessToken.startsWith('eyJ'));
      assert.equal(result.tokenType, 'Bearer');
      assert.equal(result.response.scope, 'api:read');
      assert.ok(result.expiresAt! >= before + 590_000 && result.expiresAt! <= Date.now() + 600_000);
    });
  }

  test('a JWT access token verifies against the provider\'s JWKS and names the client', async () => {
    const result = await exchangeToken(config(jwt, 'es256-client', 'ES256'), { key: keys.get('es256-client')! }, { http: nodeHttpClient, timeoutMs: 5000 });
    const jwks = await (await fetch(jwt.jwksUrl)).json();
    const { payload } = await jwtVerify(result.accessToken, createLocalJWKSet(jwks), { issuer: jwt.issuer, audience: jwt.resource });
    assert.equal(payload.client_id, 'es256-client');
    assert.equal(result.expiresAt! - result.obtainedAt, 600_000);
  });

  test('two exchanges in the same second both succeed: each assertion has its own jti (the provider refuses replays)', async () => {
    const c = config(opaque, 'rs256-client', 'RS256');
    const key = keys.get('rs256-client')!;
    const [a, b] = await Promise.all([exchangeToken(c, { key }, { http: nodeHttpClient, timeoutMs: 5000 }), exchangeToken(c, { key }, { http: nodeHttpClient, timeoutMs: 5000 })]);
    assert.notEqual(a.accessToken, b.accessToken);
  });

  test('aud = the issuer identifier is accepted too', async () => {
    const result = await exchangeToken(config(opaque, 'ps256-client', 'PS256', { audience: opaque.issuer }), { key: keys.get('ps256-client')! }, { http: nodeHttpClient, timeoutMs: 5000 });
    assert.ok(result.accessToken);
  });

  test('signing with an unregistered key: invalid_client shown as code and description', async () => {
    const stranger = await generateKeyPair({ type: 'rsa' });
    const error = await failsWith(exchangeToken(config(opaque, 'rs256-client', 'RS256'), { key: stranger }, { http: nodeHttpClient, timeoutMs: 5000 }), 'OAUTH_ERROR');
    assert.ok(error instanceof OAuthErrorResponse);
    assert.equal(error.status, 401);
    assert.equal(error.error, 'invalid_client');
    assert.ok(error.errorDescription && error.errorDescription.length > 5);
    assert.ok(error.message.includes(`invalid_client: ${error.errorDescription}`), error.message);
    assert.match(error.hint!, /public key/);
  });

  test('the wrong algorithm for the client is refused as invalid_client', async () => {
    const error = await failsWith(exchangeToken(config(opaque, 'ps256-client', 'RS256'), { key: keys.get('ps256-client')! }, { http: nodeHttpClient, timeoutMs: 5000 }), 'OAUTH_ERROR');
    assert.equal((error as OAuthErrorResponse).error, 'invalid_client');
  });
});
