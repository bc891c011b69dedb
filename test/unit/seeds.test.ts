import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt as joseDecodeJwt, decodeProtectedHeader } from 'jose';
import { buildTokenRequest, exchangeToken } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { OAuthErrorResponse } from '../../src/core/errors';
import { generateKeyPair, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { param, startLogicNetsServer, startWorkfrontServer, type LogicNetsServer, type WorkfrontServer } from '../servers';
import { failsWith } from './assertFailure';

/**
 * The user's own documents, end to end against local stand-ins of the two servers:
 * Adobe Workfront's JWT flow and LogicNets' client credentials flow with an RS256 JWT bearer.
 */

describe('Workfront: custom OAuth 2 application using JWT flow', () => {
  const CLIENT_ID = 'wf-client-id';
  const CLIENT_SECRET = 'wf-client-secret';
  const CUSTOMER_ID = '5e8f0a3b00c1d2e3f4a5b6c7d8e9f0a1';
  const USER_ID = '5e8f0a3b00c1d2e3f4a5b6c7d8e9f0b2';
  let key: PrivateKey;
  let server: WorkfrontServer;
  let config: ExchangeConfig;

  before(async () => {
    // As the document says: an RSA 2048 key and a self-signed certificate_pub.crt, uploaded to the app.
    key = await generateKeyPair({ type: 'rsa', bits: 2048 });
    const certificate = await createSelfSignedCertificate(key, { commonName: 'workfront-integration' });
    server = await startWorkfrontServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, customerId: CUSTOMER_ID, userId: USER_ID, certificate });
    config = { flow: 'workfront', tokenUrl: server.tokenUrl, clientId: CLIENT_ID, issuer: CUSTOMER_ID, subject: USER_ID };
  });
  after(async () => { await server?.close(); });

  test('exchanges a JWT (iss = Customer ID, sub = User ID, short exp) for an access token', async () => {
    const result = await exchangeToken(config, { key, clientSecret: CLIENT_SECRET }, { http: nodeHttpClient, timeoutMs: 2000 });
    assert.equal(result.accessToken, server.issued.at(-1));
    assert.equal(typeof result.response.refresh_token, 'string');
    const sent = server.requests.at(-1)!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/integrations/oauth2/api/v1/jwt/exchange');
    assert.deepEqual(sent.form.map(([k]) => k), ['client_id', 'client_secret', 'jwt_token']);
    const jwt = param(sent.form, 'jwt_token')!;
    assert.equal(decodeProtectedHeader(jwt).alg, 'RS256');
    const claims = joseDecodeJwt(jwt);
    assert.equal(claims.iss, CUSTOMER_ID);
    assert.equal(claims.sub, USER_ID);
    assert.equal(claims.aud, undefined);
    assert.equal(claims.exp! - claims.iat!, 300, 'a few minutes, as the document recommends');
  });

  test('a wrong client secret is refused as invalid_client', async () => {
    const error = await failsWith(exchangeToken(config, { key, clientSecret: 'wrong-secret' }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR', ['wrong-secret']);
    assert.equal((error as OAuthErrorResponse).error, 'invalid_client');
  });

  test('a key that does not belong to the uploaded certificate is refused as invalid_grant', async () => {
    const other = await generateKeyPair({ type: 'rsa' });
    const error = await failsWith(exchangeToken(config, { key: other, clientSecret: CLIENT_SECRET }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR');
    assert.equal((error as OAuthErrorResponse).error, 'invalid_grant');
    assert.match(error.hint!, /certificate/);
  });

  test('the wrong User ID is refused', async () => {
    const error = await failsWith(exchangeToken({ ...config, subject: 'someone-else' }, { key, clientSecret: CLIENT_SECRET }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR');
    assert.equal((error as OAuthErrorResponse).error, 'invalid_grant');
  });

  test('a machine clock an hour behind yields an expired JWT, and the error explains the skew', async () => {
    const error = await failsWith(exchangeToken(config, { key, clientSecret: CLIENT_SECRET }, { http: nodeHttpClient, timeoutMs: 2000, clock: () => Date.now() - 3_600_000 }), 'OAUTH_ERROR');
    assert.equal((error as OAuthErrorResponse).error, 'invalid_grant');
    assert.match(error.hint!, /3[56]\d\d s ahead of this machine's/);
  });
});

describe('LogicNets: OAuth 2.0 client credentials flow using an RS256-signed JWT bearer', () => {
  const COMPANY = 'logicnets';
  const CLIENT_ID = '4664FD8C-9CEC-A8A2-D666-02A352A492A1';
  const ISSUER = 'https://client.org';
  let key: PrivateKey;
  let server: LogicNetsServer;
  let config: ExchangeConfig;

  before(async () => {
    key = await generateKeyPair({ type: 'rsa' });
    server = await startLogicNetsServer({ company: COMPANY, clientId: CLIENT_ID, issuer: ISSUER, publicKey: publicKeyPem(key) });
    config = {
      flow: 'client-assertion', method: 'GET', tokenUrl: server.tokenUrl, clientId: CLIENT_ID, issuer: ISSUER,
      audience: server.audience, algorithm: 'RS256', header: { nonce: '<nonce>' },
    };
  });
  after(async () => { await server?.close(); });

  test('GET oauth2token with the three query parameters gives a bearer token; the API answers 200 with it and 403 without', async () => {
    const result = await exchangeToken(config, { key }, { http: nodeHttpClient, timeoutMs: 2000 });
    assert.equal(result.tokenType, 'Bearer');
    const sent = server.requests.at(-1)!;
    assert.equal(sent.method, 'GET');
    assert.equal(sent.path, `/${COMPANY}/oauth2token`);
    assert.equal(sent.body, '');
    assert.deepEqual(sent.query.map(([k]) => k), ['grant_type', 'client_assertion_type', 'client_assertion']);
    assert.equal(param(sent.query, 'grant_type'), 'client_credentials');
    assert.equal(param(sent.query, 'client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const jwt = param(sent.query, 'client_assertion')!;
    const header = decodeProtectedHeader(jwt);
    assert.deepEqual(Object.keys(header).sort(), ['alg', 'nonce', 'typ']);
    const claims = joseDecodeJwt(jwt);
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    assert.equal(claims.aud, `${server.url}/${COMPANY}`);

    const withToken = await nodeHttpClient.request({ method: 'GET', url: server.apiUrl, timeoutMs: 2000, headers: { Authorization: `Bearer ${result.accessToken}` } });
    assert.equal(withToken.status, 200);
    assert.deepEqual(JSON.parse(withToken.body), server.exampleData);
    const without = await nodeHttpClient.request({ method: 'GET', url: server.apiUrl, timeoutMs: 2000 });
    assert.equal(without.status, 403);
    const forged = await nodeHttpClient.request({ method: 'GET', url: server.apiUrl, timeoutMs: 2000, headers: { Authorization: 'Bearer not-a-token' } });
    assert.equal(forged.status, 403);
  });

  test('the server refuses a reused jti, and our client never reuses one', async () => {
    // Replaying one signed request by hand: the second use of its jti is refused.
    const request = await buildTokenRequest(config, { key }, { timeoutMs: 2000 });
    assert.equal((await nodeHttpClient.request(request)).status, 200);
    const replay = await nodeHttpClient.request(request);
    assert.equal(replay.status, 400);
    assert.equal(JSON.parse(replay.body).error, 'invalid_grant');
    // Our exchanges, back to back, each sign a fresh assertion.
    const used = server.usedJtis.size;
    await exchangeToken(config, { key }, { http: nodeHttpClient, timeoutMs: 2000 });
    await exchangeToken(config, { key }, { http: nodeHttpClient, timeoutMs: 2000 });
    assert.equal(server.usedJtis.size, used + 2);
  });

  test('POST instead of the documented GET is refused by the server', async () => {
    const error = await failsWith(exchangeToken({ ...config, method: 'POST' }, { key }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR');
    assert.equal((error as OAuthErrorResponse).status, 405);
  });

  test('iss = sub (the generic default) is refused: LogicNets wants the issuer URL in iss', async () => {
    const error = await failsWith(exchangeToken({ ...config, issuer: undefined }, { key }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR');
    assert.equal((error as OAuthErrorResponse).error, 'invalid_client');
  });

  test('without the header nonce the server refuses the assertion', async () => {
    const error = await failsWith(exchangeToken({ ...config, header: undefined }, { key }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR');
    assert.match((error as OAuthErrorResponse).errorDescription ?? '', /nonce/);
  });
});
