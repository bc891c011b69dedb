import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { draftAssertion } from '../../src/core/assertionPlan';
import { checkExchange } from '../../src/core/checks';
import { assertionPreview } from '../../src/shared/assertionPreview';
import { parseTemplate } from '../../src/shared/protocol';
import { buildTokenRequest, exchangeToken, planExchange, validateExchangeConfig } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { generateKeyPair, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { parseProfile } from '../../src/core/profile';
import { startGitHubAppServer, type GitHubAppServer } from '../servers';
import { failsWith } from './assertFailure';

const NOW = 1_700_000_000_000;
const frozen = () => NOW;

let rsa: PrivateKey;
let other: PrivateKey;
let server: GitHubAppServer;
let ghes: GitHubAppServer;

before(async () => {
  [rsa, other] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
  server = await startGitHubAppServer({ clientId: 'Iv23liTEST', appId: '12345', publicKey: publicKeyPem(rsa), installationIds: ['42'] });
  ghes = await startGitHubAppServer({ clientId: 'Iv23liTEST', publicKey: publicKeyPem(rsa), installationIds: ['7'], pathPrefix: '/api/v3' });
});
after(async () => {
  await server.close();
  await ghes.close();
});

const config = (over: Partial<ExchangeConfig> = {}): ExchangeConfig => ({ flow: 'github-app', tokenUrl: server.apiUrl, clientId: 'Iv23liTEST', installationId: '42', ...over });

describe('github-app flow', () => {
  // GitHub, "Generating a JSON Web Token (JWT) for a GitHub App": "iat … we recommend that you set
  // this 60 seconds in the past", "exp … must be no more than 10 minutes into the future", "iss: The
  // client ID or application ID of your GitHub App", "Your JWT must be signed using the RS256 algorithm".
  test('the exact request: POST …/app/installations/42/access_tokens, Bearer RS256 JWT with iss, iat = now − 60, exp ≤ 10 min ahead, GitHub headers, no body', async () => {
    const request = await buildTokenRequest(config({ tokenUrl: 'https://api.github.com', lifetimeSeconds: 600 }), { key: rsa }, { clock: frozen });
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'https://api.github.com/app/installations/42/access_tokens');
    assert.equal(request.body, undefined);
    const headers = request.headers!;
    assert.equal(headers.Accept, 'application/vnd.github+json');
    assert.equal(headers['X-GitHub-Api-Version'], '2022-11-28');
    assert.ok(headers['User-Agent']);
    const jwt = /^Bearer (.+)$/.exec(headers.Authorization!)![1]!;
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'RS256', typ: 'JWT' });
    const claims = decodeJwt(jwt);
    assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'iss']);
    assert.equal(claims.iss, 'Iv23liTEST');
    assert.equal(claims.iat, NOW / 1000 - 60);
    assert.ok(claims.exp! - NOW / 1000 <= 600);
    assert.equal(claims.exp! - claims.iat!, 600);
  });

  test('a GitHub Enterprise Server API base URL keeps its path; a trailing slash is harmless', async () => {
    const request = await buildTokenRequest(config({ tokenUrl: 'https://ghe.example.com/api/v3/' }), { key: rsa }, { clock: frozen });
    assert.equal(request.url, 'https://ghe.example.com/api/v3/app/installations/42/access_tokens');
  });

  test('a profile may leave tokenUrl out: https://api.github.com; installationId may be a number', () => {
    const profile = parseProfile({ name: 'gh', flow: 'github-app', clientId: 'Iv23liTEST', installationId: 42 });
    assert.equal(profile.tokenUrl, 'https://api.github.com');
    assert.equal(profile.installationId, '42');
    assert.throws(() => parseProfile({ name: 'gh', flow: 'github-app', installationId: '4x2' }), /installationId/);
  });

  test('gets the installation token from a GitHub-like server: token = "token", expiry = "expires_at" (201)', async () => {
    const result = await exchangeToken(config(), { key: rsa }, { http: nodeHttpClient, timeoutMs: 5000 });
    assert.equal(result.accessToken, server.issued.at(-1));
    assert.match(result.accessToken, /^ghs_/);
    assert.equal(result.expiresAt, Date.parse(result.response.expires_at as string));
    assert.deepEqual(result.response.permissions, { contents: 'read', metadata: 'read' });
    const sent = server.requests.at(-1)!;
    assert.equal(sent.path, '/app/installations/42/access_tokens');
    assert.equal(sent.headers['x-github-api-version'], '2022-11-28');
    // The app ID works as iss too, and so does a GitHub Enterprise Server base URL.
    assert.match((await exchangeToken(config({ clientId: undefined, issuer: '12345' }), { key: rsa }, { http: nodeHttpClient, timeoutMs: 5000 })).accessToken, /^ghs_/);
    assert.match((await exchangeToken(config({ tokenUrl: ghes.apiUrl, installationId: '7' }), { key: rsa }, { http: nodeHttpClient, timeoutMs: 5000 })).accessToken, /^ghs_/);
  });

  test('GitHub\'s 401 body (a key that is not the app\'s, a stale JWT) is shown with what to do; 404 names the installation', async () => {
    const wrongKey = await failsWith(exchangeToken(config(), { key: other }, { http: nodeHttpClient, timeoutMs: 5000 }), 'HTTP_STATUS');
    assert.match(wrongKey.message, /answered 401: A JSON web token could not be decoded \(https:\/\/docs\.github\.com\//);
    assert.match(wrongKey.hint!, /private key is one of the app's/);
    // A stale JWT: signed by the right key ten minutes ago.
    const stale = await new SignJWT({ iss: 'Iv23liTEST' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt(Math.floor(Date.now() / 1000) - 1200).setExpirationTime(Math.floor(Date.now() / 1000) - 600).sign(rsa.key);
    const response = await nodeHttpClient.request({ method: 'POST', url: `${server.apiUrl}/app/installations/42/access_tokens`, headers: { Authorization: `Bearer ${stale}`, 'User-Agent': 't' }, timeoutMs: 5000 });
    assert.equal(response.status, 401);
    assert.match(JSON.parse(response.body).message, /'Expiration time' claim/);
    const wrongIss = await failsWith(exchangeToken(config({ clientId: 'Iv23liOTHER' }), { key: rsa }, { http: nodeHttpClient, timeoutMs: 5000 }), 'HTTP_STATUS');
    assert.match(wrongIss.message, /'Issuer' claim/);
    const missing = await failsWith(exchangeToken(config({ installationId: '99' }), { key: rsa }, { http: nodeHttpClient, timeoutMs: 5000 }), 'HTTP_STATUS');
    assert.match(missing.message, /answered 404: Not Found/);
    assert.match(missing.hint!, /installationId/);
  });

  test('the token a 201 answer lacks is named as GitHub names it', async () => {
    const http = { request: async () => ({ status: 201, headers: {}, body: '{"expires_at":"2030-01-01T00:00:00Z"}' }) };
    const error = await failsWith(exchangeToken(config(), { key: rsa }, { http }), 'NO_ACCESS_TOKEN');
    assert.match(error.message, /without a "token" \(members: expires_at\)/);
  });

  test('refused before sending: no installationId, no iss, another algorithm, an EC key, params; a JWT longer than 10 minutes', async () => {
    assert.throws(() => validateExchangeConfig(config({ installationId: undefined })), /installationId/);
    assert.throws(() => validateExchangeConfig(config({ clientId: undefined })), /clientId" is required for a GitHub App/);
    assert.throws(() => validateExchangeConfig(config({ algorithm: 'PS256' })), /RS256/);
    assert.throws(() => validateExchangeConfig(config({ params: { a: 'b' } })), /params/);
    const ec = await generateKeyPair({ type: 'ec' });
    assert.throws(() => validateExchangeConfig(config(), { key: ec }), /RS256/);
    const long = config({ lifetimeSeconds: 900 });
    const findings = checkExchange(long, planExchange(long, { key: rsa }), { key: rsa, now: Date.now() });
    assert.ok(findings.some((f) => f.severity === 'error' && f.field === 'exp' && /10 minutes/.test(f.message)), JSON.stringify(findings));
  });


  test('the claim editor shows the plan: iat 60 s back, exp 10 min after it, iss; the backdating survives the webview message gate', () => {
    const draft = draftAssertion(config({ tokenUrl: 'https://api.github.com', lifetimeSeconds: 600 }));
    assert.deepEqual(draft.claims, { iss: 'Iv23liTEST' });
    assert.equal(draft.iatBackdateSeconds, 60);
    const parsed = parseTemplate(JSON.parse(JSON.stringify(draft)))!;
    assert.equal(parsed.iatBackdateSeconds, 60);
    const { header, payload } = assertionPreview(parsed, NOW);
    assert.equal(header.alg, 'RS256');
    assert.equal(payload.iat, NOW / 1000 - 60);
    assert.equal(payload.exp, NOW / 1000 + 540);
    assert.equal(parseTemplate({ ...parsed, iatBackdateSeconds: -5 }), undefined);
  });
});
