import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt as joseDecodeJwt, decodeProtectedHeader } from 'jose';
import { draftAssertion } from '../../src/core/assertionPlan';
import { buildTokenRequest, exchangeToken, validateExchangeConfig } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { CLIENT_ASSERTION_TYPE } from '../../src/core/flows/clientAssertion';
import { JWT_BEARER_GRANT } from '../../src/core/flows/jwtBearer';
import { toCurl, toHttpFile } from '../../src/core/requestExport';
import { nodeHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../../src/core/http';
import { OAuthErrorResponse } from '../../src/core/errors';
import { generateKeyPair, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import {
  closedPortUrl, param, startFaultServer, startJwtBearerServer, startWorkfrontServer, type FaultServer,
} from '../servers';
import { failsWith } from './assertFailure';

const NOW = 1_700_000_000_000;
const frozen = () => NOW;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Characters that break naive form encoding: &, =, +, space, %, quotes, non-ASCII and an astral symbol. */
const AWKWARD_SECRET = `p&ss=w+rd 100% "it's" grüße €🔑`;

/** An HttpClient that records each request and answers with `answer`. */
function recordingClient(answer: Partial<HttpResponse> = {}): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    request: async (request) => {
      sent.push(request);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"at-1","token_type":"Bearer","expires_in":3600}', ...answer };
    },
  };
}

const formOf = (request: HttpRequest) => [...new URLSearchParams(request.body)];
const queryOf = (request: HttpRequest) => [...new URL(request.url).searchParams];

let rsa: PrivateKey;
let ec: PrivateKey;
before(async () => {
  [rsa, ec] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' })]);
});

describe('the exact requests of each flow', () => {
  test('workfront: POST form client_id, client_secret, jwt_token; RS256 JWT with iss, sub, iat, exp and nothing else', async () => {
    const config: ExchangeConfig = { flow: 'workfront', tokenUrl: 'https://acme.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange', clientId: 'client-1', issuer: 'CUSTOMER-ID', subject: 'USER-ID' };
    const request = await buildTokenRequest(config, { key: rsa, clientSecret: 'secret-1' }, { clock: frozen, timeoutMs: 1234 });
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'https://acme.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange');
    assert.deepEqual(request.headers, { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(request.timeoutMs, 1234);
    const form = formOf(request);
    assert.deepEqual(form.map(([k]) => k), ['client_id', 'client_secret', 'jwt_token']);
    assert.equal(param(form, 'client_id'), 'client-1');
    assert.equal(param(form, 'client_secret'), 'secret-1');
    const jwt = param(form, 'jwt_token')!;
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'RS256', typ: 'JWT' });
    assert.deepEqual(joseDecodeJwt(jwt), { iss: 'CUSTOMER-ID', sub: 'USER-ID', iat: NOW / 1000, exp: NOW / 1000 + 300 });
  });

  test('client-assertion POST: grant_type, client_assertion_type, client_assertion, scope, extra params; never a client_secret', async () => {
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: 'https://idp.example.com/oauth2/v1/token', clientId: 'app-7', keyId: 'key-1', scope: 'read write', params: { resource: 'https://api.example.com/' } };
    const request = await buildTokenRequest(config, { key: ec, clientSecret: 'must-not-be-sent' }, { clock: frozen });
    assert.equal(request.method, 'POST');
    const form = formOf(request);
    assert.deepEqual(form.map(([k]) => k), ['grant_type', 'client_assertion_type', 'client_assertion', 'scope', 'resource']);
    assert.equal(param(form, 'grant_type'), 'client_credentials');
    assert.equal(param(form, 'client_assertion_type'), CLIENT_ASSERTION_TYPE);
    assert.equal(param(form, 'scope'), 'read write');
    assert.equal(param(form, 'resource'), 'https://api.example.com/');
    assert.ok(!request.body!.includes('must-not-be-sent'));
    const jwt = param(form, 'client_assertion')!;
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', typ: 'JWT', kid: 'key-1' });
    const { jti, ...claims } = joseDecodeJwt(jwt);
    assert.match(String(jti), UUID);
    assert.deepEqual(claims, { iss: 'app-7', sub: 'app-7', aud: 'https://idp.example.com/oauth2/v1/token', iat: NOW / 1000, exp: NOW / 1000 + 300 });
  });

  test('client-assertion GET (LogicNets): the three parameters in the query string, no body; aud, iss and header nonce as configured', async () => {
    const config: ExchangeConfig = {
      flow: 'client-assertion', method: 'GET', tokenUrl: 'https://lua5.logicnets.local/logicnets/oauth2token',
      clientId: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', issuer: 'https://client.org', audience: 'https://lua5.logicnets.local/logicnets',
      header: { nonce: '<nonce>' }, lifetimeSeconds: 3600,
    };
    const request = await buildTokenRequest(config, { key: rsa }, { clock: frozen });
    assert.equal(request.method, 'GET');
    assert.equal(request.body, undefined);
    assert.deepEqual(request.headers, { Accept: 'application/json' });
    const url = new URL(request.url);
    assert.equal(`${url.origin}${url.pathname}`, 'https://lua5.logicnets.local/logicnets/oauth2token');
    const query = queryOf(request);
    assert.deepEqual(query.map(([k]) => k), ['grant_type', 'client_assertion_type', 'client_assertion']);
    assert.equal(param(query, 'grant_type'), 'client_credentials');
    assert.equal(param(query, 'client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const jwt = param(query, 'client_assertion')!;
    const header = decodeProtectedHeader(jwt);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'JWT');
    assert.match(String(header.nonce), UUID, 'the placeholder becomes a fresh random nonce');
    const { jti, ...claims } = joseDecodeJwt(jwt);
    assert.match(String(jti), UUID);
    assert.deepEqual(claims, {
      aud: 'https://lua5.logicnets.local/logicnets', sub: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', iss: 'https://client.org',
      iat: NOW / 1000, exp: NOW / 1000 + 3600,
    });
  });

  test('jwt-bearer: grant_type and assertion; scope as a claim; optional client_secret_post', async () => {
    const config: ExchangeConfig = { flow: 'jwt-bearer', tokenUrl: 'https://oauth2.googleapis.com/token', issuer: 'svc@project.iam.gserviceaccount.com', scope: 'https://www.googleapis.com/auth/cloud-platform' };
    const request = await buildTokenRequest(config, { key: rsa }, { clock: frozen });
    const form = formOf(request);
    assert.deepEqual(form.map(([k]) => k), ['grant_type', 'assertion']);
    assert.equal(param(form, 'grant_type'), JWT_BEARER_GRANT);
    const { jti, ...claims } = joseDecodeJwt(param(form, 'assertion')!);
    assert.match(String(jti), UUID);
    assert.deepEqual(claims, { iss: 'svc@project.iam.gserviceaccount.com', aud: 'https://oauth2.googleapis.com/token', scope: 'https://www.googleapis.com/auth/cloud-platform', iat: NOW / 1000, exp: NOW / 1000 + 300 });

    const withClient = await buildTokenRequest({ ...config, clientId: 'consumer' }, { key: rsa, clientSecret: 's' }, { clock: frozen });
    assert.deepEqual(formOf(withClient).map(([k]) => k), ['grant_type', 'assertion', 'client_id', 'client_secret']);
  });

  test('profile claims and header win over the defaults; alg follows the key unless set', async () => {
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: 'https://idp.example.com/token', clientId: 'c', audience: ['a', 'b'], claims: { aud: 'https://issuer.example.com', tenant: 't1' }, header: { 'x5t#S256': 'thumb' } };
    const t = draftAssertion(config);
    assert.deepEqual(t.claims, { iss: 'c', sub: 'c', aud: 'https://issuer.example.com', tenant: 't1' });
    assert.deepEqual(t.header, { typ: 'JWT', 'x5t#S256': 'thumb' });
    assert.equal(t.jti, true);
    const ps = await buildTokenRequest({ ...config, algorithm: 'PS256' }, { key: rsa }, { clock: frozen });
    assert.equal(decodeProtectedHeader(param(formOf(ps), 'client_assertion')!).alg, 'PS256');
  });

  test('every request carries a freshly signed assertion: new jti always, new iat/exp as time passes', async () => {
    let now = NOW;
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: 'https://idp.example.com/token', clientId: 'c', header: { nonce: '' } };
    const first = await buildTokenRequest(config, { key: rsa }, { clock: () => now });
    const second = await buildTokenRequest(config, { key: rsa }, { clock: () => now });
    now += 61_000;
    const third = await buildTokenRequest(config, { key: rsa }, { clock: () => now });
    const [a, b, c] = [first, second, third].map((r) => param(formOf(r), 'client_assertion')!);
    assert.notEqual(joseDecodeJwt(a).jti, joseDecodeJwt(b).jti);
    assert.notEqual(decodeProtectedHeader(a).nonce, decodeProtectedHeader(b).nonce);
    assert.equal(joseDecodeJwt(c).iat, NOW / 1000 + 61);
    assert.equal(joseDecodeJwt(c).exp, NOW / 1000 + 61 + 300);
  });

  test('a GET token URL that already has a query keeps it', async () => {
    const request = await buildTokenRequest({ flow: 'client-assertion', method: 'GET', tokenUrl: 'https://h.example.com/c/oauth2token?tenant=x', clientId: 'c' }, { key: rsa }, {});
    assert.deepEqual(queryOf(request).map(([k]) => k), ['tenant', 'grant_type', 'client_assertion_type', 'client_assertion']);
  });
});

describe('configuration checks', () => {
  const workfront: ExchangeConfig = { flow: 'workfront', tokenUrl: 'https://acme.my.workfront.com/x', clientId: 'c', issuer: 'i', subject: 's' };
  const cases: [string, ExchangeConfig, string | undefined, RegExp][] = [
    ['workfront without client id', { ...workfront, clientId: undefined }, 's', /clientId/],
    ['workfront without Customer ID', { ...workfront, issuer: undefined }, 's', /Customer ID/],
    ['workfront without User ID', { ...workfront, subject: undefined }, 's', /User ID/],
    ['workfront with PS256', { ...workfront, algorithm: 'PS256' }, 's', /RS256/],
    ['workfront with PS256 in the header', { ...workfront, header: { alg: 'PS256' } }, 's', /RS256/],
    ['workfront with an aud', { ...workfront, audience: 'x' }, 's', /no aud/],
    ['GET outside client-assertion', { ...workfront, method: 'GET' }, 's', /GET/],
    ['a client secret in params', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', params: { client_secret: 'x' } }, undefined, /client_secret/],
    ['a fixed exp', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', claims: { exp: 1700000300 } }, undefined, /claims\.exp/],
    ['a fixed jti', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', claims: { jti: 'same' } }, undefined, /claims\.jti/],
    ['an unknown algorithm', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', algorithm: 'HS256' }, undefined, /HS256/],
    ['a lifetime of zero', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', lifetimeSeconds: 0 }, undefined, /lifetimeSeconds/],
    ['a lifetime in milliseconds', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', lifetimeSeconds: 300_000 }, undefined, /lifetimeSeconds/],
    ['client-assertion without client id', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t' }, undefined, /clientId/],
    ['jwt-bearer without issuer', { flow: 'jwt-bearer', tokenUrl: 'https://x.example.com/t' }, undefined, /issuer/],
    ['an empty audience list', { flow: 'client-assertion', tokenUrl: 'https://x.example.com/t', clientId: 'c', audience: [] }, undefined, /audience/],
  ];
  for (const [name, config, clientSecret, message] of cases) {
    test(`refuses ${name}`, () => {
      assert.throws(() => validateExchangeConfig(config, { clientSecret }), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'INVALID_OPTION');
        assert.match((error as Error).message, message);
        return true;
      });
    });
  }

  test('an http: token URL to another host is refused before anything is signed or sent', async () => {
    const http = recordingClient();
    await failsWith(exchangeToken({ ...workfront, tokenUrl: 'http://acme.example.com/token' }, { key: rsa, clientSecret: 's' }, { http }), 'INSECURE_URL');
    assert.equal(http.sent.length, 0);
  });

  test('Workfront without a stored client secret is MISSING_SECRET; with an EC key ALG_MISMATCH', () => {
    assert.throws(() => validateExchangeConfig(workfront, {}), { code: 'MISSING_SECRET' });
    assert.throws(() => validateExchangeConfig(workfront, { clientSecret: 's', key: ec }), { code: 'ALG_MISMATCH' });
    assert.doesNotThrow(() => validateExchangeConfig(workfront));
  });
});

describe('reading the token response', () => {
  const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: 'https://idp.example.com/token', clientId: 'c' };

  test('expiresAt comes from expires_in (number or numeric string)', async () => {
    for (const expiresIn of ['3600', '"3600"']) {
      const result = await exchangeToken(config, { key: ec }, { http: recordingClient({ body: `{"access_token":"x","expires_in":${expiresIn}}` }), clock: frozen });
      assert.equal(result.expiresAt, NOW + 3_600_000);
      assert.equal(result.obtainedAt, NOW);
    }
  });

  test('without expires_in, a JWT access token\'s own exp is used; an opaque one has unknown expiry', async () => {
    const jwtToken = `${Buffer.from('{"alg":"RS256","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(`{"exp":${NOW / 1000 + 900}}`).toString('base64url')}.c2ln`;
    const fromJwt = await exchangeToken(config, { key: ec }, { http: recordingClient({ body: JSON.stringify({ access_token: jwtToken, token_type: 'Bearer' }) }), clock: frozen });
    assert.equal(fromJwt.expiresAt, NOW + 900_000);
    assert.equal(fromJwt.tokenType, 'Bearer');
    const opaque = await exchangeToken(config, { key: ec }, { http: recordingClient({ body: '{"access_token":"opaque","extra":{"kept":true}}' }), clock: frozen });
    assert.equal(opaque.expiresAt, undefined);
    assert.deepEqual(opaque.response, { access_token: 'opaque', extra: { kept: true } });
  });

  test('an empty or non-string access_token is NO_ACCESS_TOKEN', async () => {
    for (const body of ['{"access_token":""}', '{"access_token":42}', '{"token_type":"Bearer"}']) {
      await failsWith(exchangeToken(config, { key: ec }, { http: recordingClient({ body }) }), 'NO_ACCESS_TOKEN');
    }
  });

  test('a JSON array or a JSON string is BAD_RESPONSE', async () => {
    for (const body of ['[]', '"token"']) await failsWith(exchangeToken(config, { key: ec }, { http: recordingClient({ body }) }), 'BAD_RESPONSE');
  });

  test('an OAuth error with a 200 status is still an error; control characters and echoed JWTs are scrubbed', async () => {
    const echoed = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const error = await failsWith(exchangeToken(config, { key: ec }, {
      http: recordingClient({ body: JSON.stringify({ error: 'invalid_request', error_description: `bad\u001b[31m assertion ${echoed}` }) }),
    }), 'OAUTH_ERROR', [echoed, '\u001b']);
    assert.ok(error instanceof OAuthErrorResponse);
    assert.equal(error.status, 200);
  });

  test('a transport failure from another HttpClient is wrapped without copying its message', async () => {
    const http: HttpClient = { request: async () => { throw new Error('socket hang up client_secret=leak'); } };
    await failsWith(exchangeToken(config, { key: ec }, { http }), 'NETWORK', ['leak']);
  });
});

describe('faults, through the real HTTP client, end well within the timeout', () => {
  let faults: FaultServer;
  let skewed: FaultServer;
  const secret = 'fault-test-secret-value';
  before(async () => {
    [faults, skewed] = await Promise.all([startFaultServer(), startFaultServer({ dateOffsetSeconds: 3600 })]);
  });
  after(async () => { await Promise.all([faults.close(), skewed.close()]); });

  /** A Workfront exchange (it carries a client secret) against `url`, with a 1.5 s timeout; checks the log stays clean. */
  async function exchangeAt(url: string) {
    const lines: string[] = [];
    const started = Date.now();
    const result = exchangeToken({ flow: 'workfront', tokenUrl: url, clientId: 'c', issuer: 'i', subject: 's' }, { key: rsa, clientSecret: secret }, {
      http: nodeHttpClient, timeoutMs: 1500, log: (line) => lines.push(line),
    });
    await result.catch(() => undefined);
    const elapsed = Date.now() - started;
    assert.ok(lines.length >= 2, 'the exchange is logged');
    for (const line of lines) {
      assert.ok(!line.includes(secret), `log leaks the secret: ${line}`);
      assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(line), `log leaks the assertion: ${line}`);
    }
    return { result, elapsed, lines };
  }

  test('a stalled server: TIMEOUT after ~1.5 s', async () => {
    const { result, elapsed } = await exchangeAt(faults.urlFor('stall'));
    await failsWith(result, 'TIMEOUT', [secret]);
    assert.ok(elapsed >= 1400 && elapsed < 2500, `took ${elapsed} ms`);
  });

  test('a redirect: REDIRECT naming only the target\'s origin; the target receives nothing', async () => {
    const { result, elapsed } = await exchangeAt(faults.urlFor('redirect'));
    const error = await failsWith(result, 'REDIRECT', [secret, 'do-not-show', '/token']);
    assert.ok(error.message.includes(faults.redirectTarget.url), error.message);
    assert.equal(faults.redirectTarget.requests.length, 0);
    assert.ok(elapsed < 1000);
  });

  test('401 invalid_client: code and description, with a hint about the client credentials', async () => {
    const { result } = await exchangeAt(faults.urlFor('invalid-client'));
    const error = await failsWith(result, 'OAUTH_ERROR', [secret]);
    assert.ok(error instanceof OAuthErrorResponse);
    assert.equal(error.error, 'invalid_client');
    assert.equal(error.errorDescription, 'client authentication failed');
    assert.equal(error.message, 'The token endpoint answered 401 invalid_client: client authentication failed.');
    assert.match(error.hint!, /client ID and client secret/);
  });

  test('invalid_grant with the server clock an hour ahead explains the clock skew', async () => {
    const { result } = await exchangeAt(skewed.urlFor('invalid-grant'));
    const error = await failsWith(result, 'OAUTH_ERROR');
    assert.match(error.hint!, /is 3\d{3} s ahead of this machine's/);
    assert.match(error.hint!, /clock|time/);
  });

  test('invalid_grant with agreeing clocks points at the claims instead', async () => {
    const { result } = await exchangeAt(faults.urlFor('invalid-grant'));
    const error = await failsWith(result, 'OAUTH_ERROR');
    assert.match(error.hint!, /Clocks agree/);
    assert.doesNotMatch(error.hint!, /s (ahead of|behind) this machine/);
  });

  test('500 with a text body: HTTP_STATUS', async () => {
    const { result } = await exchangeAt(faults.urlFor('server-error'));
    const error = await failsWith(result, 'HTTP_STATUS');
    assert.match(error.message, /500/);
  });

  test('an HTML page with 200: BAD_RESPONSE saying it is HTML', async () => {
    const { result } = await exchangeAt(faults.urlFor('html'));
    const error = await failsWith(result, 'BAD_RESPONSE');
    assert.match(error.message, /HTML page/);
  });

  test('JSON without access_token: NO_ACCESS_TOKEN listing the members present', async () => {
    const { result } = await exchangeAt(faults.urlFor('no-access-token'));
    const error = await failsWith(result, 'NO_ACCESS_TOKEN');
    assert.match(error.message, /token_type, expires_in/);
  });

  test('a 5 MB body: RESPONSE_TOO_LARGE', async () => {
    const { result, elapsed } = await exchangeAt(faults.urlFor('oversized'));
    await failsWith(result, 'RESPONSE_TOO_LARGE');
    assert.ok(elapsed < 1500);
  });

  test('nothing listening: NETWORK', async () => {
    const { result } = await exchangeAt(await closedPortUrl());
    await failsWith(result, 'NETWORK', [secret]);
  });

  test('cancelling: CANCELLED', async () => {
    const controller = new AbortController();
    const pending = exchangeToken({ flow: 'client-assertion', tokenUrl: faults.urlFor('stall'), clientId: 'c' }, { key: ec }, { http: nodeHttpClient, timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await failsWith(pending, 'CANCELLED');
  });
});

describe('form encoding, checked on the server side', () => {
  test('a Workfront client secret with &, =, +, spaces, quotes and non-ASCII arrives intact', async () => {
    const key = rsa;
    const server = await startWorkfrontServer({ clientId: 'id & co', clientSecret: AWKWARD_SECRET, customerId: 'CUST=1', userId: 'user+1', certificate: publicKeyPem(key) });
    try {
      const result = await exchangeToken({ flow: 'workfront', tokenUrl: server.tokenUrl, clientId: 'id & co', issuer: 'CUST=1', subject: 'user+1' }, { key, clientSecret: AWKWARD_SECRET }, { http: nodeHttpClient, timeoutMs: 2000 });
      assert.equal(result.accessToken, server.issued[0]);
      const form = server.requests[0]!.form;
      assert.equal(param(form, 'client_secret'), AWKWARD_SECRET);
      assert.equal(param(form, 'client_id'), 'id & co');
      assert.equal(server.requests[0]!.headers['content-type'], 'application/x-www-form-urlencoded');
    } finally {
      await server.close();
    }
  });
});

describe('the jwt-bearer grant against a server that wants a scope claim', () => {
  test('gets a token with the scope claim, and a clear invalid_scope without it', async () => {
    const server = await startJwtBearerServer({ issuer: 'svc@example.iam', publicKey: publicKeyPem(ec), requiredScopes: ['read'], algorithms: ['ES256'] });
    try {
      const config: ExchangeConfig = { flow: 'jwt-bearer', tokenUrl: server.tokenUrl, issuer: 'svc@example.iam', scope: 'read write' };
      const result = await exchangeToken(config, { key: ec }, { http: nodeHttpClient, timeoutMs: 2000 });
      assert.equal(result.accessToken, server.issued[0]);
      assert.equal(result.response.scope, 'read write');
      assert.deepEqual(server.requests[0]!.form.map(([k]) => k), ['grant_type', 'assertion']);
      const error = await failsWith(exchangeToken({ ...config, scope: undefined }, { key: ec }, { http: nodeHttpClient, timeoutMs: 2000 }), 'OAUTH_ERROR');
      assert.equal((error as OAuthErrorResponse).error, 'invalid_scope');
    } finally {
      await server.close();
    }
  });
});

describe('curl and .http export', () => {
  const run = promisify(execFile);

  test('toCurl hides the secret and the assertion behind variables, and the command works as printed', async () => {
    const server = await startWorkfrontServer({ clientId: "it's-me", clientSecret: AWKWARD_SECRET, customerId: 'C', userId: 'U', certificate: publicKeyPem(rsa) });
    try {
      const request = await buildTokenRequest({ flow: 'workfront', tokenUrl: server.tokenUrl, clientId: "it's-me", issuer: 'C', subject: 'U' }, { key: rsa, clientSecret: AWKWARD_SECRET }, {});
      const assertion = param(formOf(request), 'jwt_token')!;
      const command = toCurl(request);
      assert.ok(!command.includes(assertion) && !command.includes('p&ss'), command);
      assert.match(command, /--data-urlencode "client_secret=\$CLIENT_SECRET"/);
      assert.match(command, /--data-urlencode "jwt_token=\$ASSERTION"/);
      const { stdout } = await run('bash', ['-c', command], { env: { ...process.env, CLIENT_SECRET: AWKWARD_SECRET, ASSERTION: assertion } });
      assert.equal(JSON.parse(stdout).access_token, server.issued[0]);
      const form = server.requests[0]!.form;
      assert.equal(param(form, 'client_secret'), AWKWARD_SECRET);
      assert.equal(param(form, 'client_id'), "it's-me");
    } finally {
      await server.close();
    }
  });

  test('toCurl of a GET puts the parameters in the query string (-G)', async () => {
    const request = await buildTokenRequest({ flow: 'client-assertion', method: 'GET', tokenUrl: 'https://h.example.com/co/oauth2token', clientId: 'c' }, { key: rsa }, {});
    assert.equal(toCurl(request), [
      "curl -sS -G 'https://h.example.com/co/oauth2token'",
      '--max-time 30',
      "-H 'Accept: application/json'",
      "--data-urlencode 'grant_type=client_credentials'",
      "--data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer'",
      '--data-urlencode "client_assertion=$ASSERTION"',
    ].join(' \\\n  '));
  });

  test('toHttpFile uses {{clientSecret}} and {{assertion}} and says where to define them', async () => {
    const request = await buildTokenRequest({ flow: 'workfront', tokenUrl: 'https://acme.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange', clientId: 'c 1', issuer: 'i', subject: 's' }, { key: rsa, clientSecret: 'top-secret' }, {});
    const file = toHttpFile(request);
    assert.ok(!file.includes('top-secret') && !file.includes('eyJ'), file);
    const lines = file.trimEnd().split('\n');
    assert.deepEqual(lines.slice(-5), [
      'POST https://acme.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange',
      'Accept: application/json',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'client_id=c+1&client_secret={{clientSecret}}&jwt_token={{assertion}}',
    ]);
    assert.match(file, /#\s+clientSecret: /);
    assert.match(file, /#\s+assertion: /);
  });
});
