import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { draftAssertion } from '../../src/core/assertionPlan';
import { assertNoBlockingFinding, checkExchange } from '../../src/core/checks';
import { exchangeToken, planExchange, validateExchangeConfig } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import type { OAuthJwtError } from '../../src/core/errors';
import { nodeHttpClient, type HttpClient } from '../../src/core/http';
import { generateKeyPair, publicKeyPem, spkiSha256Base64, type PrivateKey } from '../../src/core/keys';
import { providerById } from '../../src/core/providers';
import { TokenCache } from '../../src/core/tokenCache';
import { startSelfSignedApiServer, type SelfSignedApiServer } from '../servers';

/** An HTTP client that must never be called: the self-signed flow sends nothing to get its token. */
const noNetwork: HttpClient = { request: async () => assert.fail('the self-signed flow made a request') };

let rsa: PrivateKey;
let ec: PrivateKey;
const servers: SelfSignedApiServer[] = [];
before(async () => {
  [rsa, ec] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec' })]);
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Gets the "token" (no network), checks it as the extension and CLI do, and presents it to the server. */
async function present(server: SelfSignedApiServer, config: ExchangeConfig, key: PrivateKey, extra: Record<string, string> = {}): Promise<{ status: number; body: string; token: string }> {
  const plan = planExchange(config, { key });
  assertNoBlockingFinding(checkExchange(config, plan, { key, now: Date.now() }), 'test');
  const result = await exchangeToken(config, { key }, { http: noNetwork }, plan);
  const headers = { Authorization: `Bearer ${result.accessToken}`, ...providerById(config.provider ?? '')?.apiHeaders, ...extra };
  const response = await nodeHttpClient.request({ method: 'GET', url: server.apiUrl, headers, timeoutMs: 5000 });
  return { status: response.status, body: response.body, token: result.accessToken };
}

describe('self-signed flow', () => {
  test('no exchange: the signed JWT is the token, valid until its own exp; the cache signs anew shortly before', async () => {
    let now = Date.UTC(2030, 0, 1);
    const clock = () => now;
    const config: ExchangeConfig = { flow: 'self-signed', tokenUrl: 'https://api.example.com', issuer: 'me', lifetimeSeconds: 1200 };
    const result = await exchangeToken(config, { key: rsa }, { http: noNetwork, clock });
    const claims = decodeJwt(result.accessToken);
    assert.equal(result.tokenType, 'Bearer');
    assert.equal(result.expiresAt, claims.exp! * 1000);
    assert.equal(claims.exp! - claims.iat!, 1200);
    assert.equal(result.response.self_signed, true);
    const cache = new TokenCache({ clock });
    let signed = 0;
    const sign = async () => { signed++; return exchangeToken(config, { key: rsa }, { http: noNetwork, clock }); };
    const first = await cache.get('p', sign);
    now += 1000 * 1000;
    assert.equal(await cache.get('p', sign), first, 'reused while far from exp');
    now += 150 * 1000; // 50 s before exp: within the margin
    assert.notEqual((await cache.get('p', sign)).accessToken, first.accessToken);
    assert.equal(signed, 2);
  });

  // App Store Connect, "Generating Tokens for API Requests": alg ES256, kid "Your private key ID from
  // App Store Connect", typ JWT; iss "Your issuer ID", aud "appstoreconnect-v1", "Tokens that expire
  // more than 20 minutes into the future are not valid".
  test('app-store-connect: ES256, kid, typ JWT; iss = issuer id, aud appstoreconnect-v1, exp ≤ 20 min — the API accepts it', async () => {
    const server = await startSelfSignedApiServer({ preset: 'app-store-connect', issuerId: '57246542-96fe-1a63-e053-0824d011072a', keyId: '2X9R4HXF34', publicKey: publicKeyPem(ec) });
    servers.push(server);
    const built = providerById('app-store-connect')!.build({ issuer: '57246542-96fe-1a63-e053-0824d011072a', keyId: '2X9R4HXF34', tokenUrl: server.url });
    const config = { ...built, tokenUrl: server.url } as ExchangeConfig;
    const { status, token } = await present(server, config, ec);
    assert.equal(status, 200);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', typ: 'JWT', kid: '2X9R4HXF34' });
    const claims = decodeJwt(token);
    assert.equal(claims.aud, 'appstoreconnect-v1');
    assert.equal(claims.exp! - claims.iat!, 1200);
    // Longer than 20 minutes: refused before it is used, and the server would refuse it too.
    const long = { ...config, lifetimeSeconds: 1800 };
    assert.throws(() => assertNoBlockingFinding(checkExchange(long, planExchange(long, { key: ec }), { key: ec, now: Date.now() }), 'x'), /20 minutes/);
    const raw = await exchangeToken(long, { key: ec }, { http: noNetwork });
    const refused = await nodeHttpClient.request({ method: 'GET', url: server.apiUrl, headers: { Authorization: `Bearer ${raw.accessToken}` }, timeoutMs: 5000 });
    assert.equal(refused.status, 401);
    assert.equal(JSON.parse(refused.body).errors[0].code, 'NOT_AUTHORIZED');
    // An RSA key does not suit the preset.
    assert.throws(() => validateExchangeConfig(config, { key: rsa }), /ES256/);
  });

  // Apple, "Creating a client secret": iss = team ID, sub = client_id, aud https://appleid.apple.com,
  // exp "must not be greater than 15777000 (6 months in Seconds)".
  test('sign-in-with-apple: the client secret Apple\'s token endpoint accepts, with a lifetime of months (this preset only)', async () => {
    const server = await startSelfSignedApiServer({ preset: 'sign-in-with-apple', teamId: 'TEAM123456', clientId: 'com.example.signin', keyId: 'KEY1234567', publicKey: publicKeyPem(ec) });
    servers.push(server);
    const config = { ...providerById('sign-in-with-apple')!.build({ issuer: 'TEAM123456', clientId: 'com.example.signin', keyId: 'KEY1234567' }), tokenUrl: server.apiUrl } as ExchangeConfig;
    assert.equal(config.lifetimeSeconds, 86_400 * 180);
    const plan = planExchange(config, { key: ec });
    assert.deepEqual(assertNoBlockingFinding(checkExchange(config, plan, { key: ec, now: Date.now() }), 'x'), []);
    const secret = (await exchangeToken(config, { key: ec }, { http: noNetwork }, plan)).accessToken;
    const form = new URLSearchParams({ client_id: 'com.example.signin', client_secret: secret, grant_type: 'authorization_code', code: 'c' }).toString();
    const ok = await nodeHttpClient.request({ method: 'POST', url: server.apiUrl, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form, timeoutMs: 5000 });
    assert.equal(ok.status, 200, ok.body);
    // Six months and a day: refused by the profile check; another preset never gets months.
    assert.throws(() => validateExchangeConfig({ ...config, lifetimeSeconds: 15_777_001 }), /lifetimeSeconds/);
    assert.throws(() => validateExchangeConfig({ ...config, provider: 'app-store-connect', lifetimeSeconds: 86_400 * 180 }), /lifetimeSeconds/);
  });

  // Snowflake, "Key-pair authentication" / SQL API "Generate a JWT token": iss
  // "account_identifier.user.SHA256:public_key_fingerprint", sub "account_identifier.user", "The values
  // for account_identifier and user must use all uppercase characters", exp at most one hour; the
  // request header "X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT".
  test('snowflake: iss = ACCOUNT.USER.SHA256:<fingerprint> computed from the key, sub = ACCOUNT.USER, the KEYPAIR_JWT header', async () => {
    const server = await startSelfSignedApiServer({ preset: 'snowflake', account: 'myorg-acct', user: 'svc_user', publicKey: publicKeyPem(rsa) });
    servers.push(server);
    const config = { ...providerById('snowflake')!.build({ account: 'myorg-acct', user: 'svc_user' }), tokenUrl: server.url } as ExchangeConfig;
    const { status, token } = await present(server, config, rsa);
    assert.equal(status, 200);
    const claims = decodeJwt(token);
    assert.equal(claims.sub, 'MYORG-ACCT.SVC_USER');
    assert.equal(claims.iss, `MYORG-ACCT.SVC_USER.SHA256:${spkiSha256Base64(rsa)}`);
    // The fingerprint is what openssl prints for the public key (Snowflake's documented command).
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: publicKeyPem(rsa) });
    assert.equal(spkiSha256Base64(rsa), (await import('node:crypto')).createHash('sha256').update(der).digest('base64'));
    // The claim editor shows what goes there before a key is chosen.
    assert.match(String(draftAssertion(config).claims.iss), /^MYORG-ACCT\.SVC_USER\.SHA256:<SHA-256 of the public key>$/);
    // Without the header, Snowflake refuses.
    const withoutHeader = await nodeHttpClient.request({ method: 'GET', url: server.apiUrl, headers: { Authorization: `Bearer ${token}` }, timeoutMs: 5000 });
    assert.equal(withoutHeader.status, 401);
    assert.match(JSON.parse(withoutHeader.body).message, /KEYPAIR_JWT/);
    // An account locator with its region: the region is left out of iss and sub.
    assert.equal(decodeJwt((await exchangeToken({ ...config, account: 'xy12345.us-east-2.aws' }, { key: rsa }, { http: noNetwork })).accessToken).sub, 'XY12345.SVC_USER');
  });

  test('google-self-signed: iss = sub = the service account, aud = the API\'s URL, accepted by the API', async () => {
    const server = await startSelfSignedApiServer({ preset: 'google-self-signed', serviceAccount: 'sa@p.iam.gserviceaccount.com', publicKey: publicKeyPem(rsa) });
    servers.push(server);
    const config = { ...providerById('google-self-signed')!.build({ email: 'sa@p.iam.gserviceaccount.com', audience: server.apiUrl, keyId: 'abc' }), tokenUrl: server.url } as ExchangeConfig;
    const { status, token } = await present(server, config, rsa);
    assert.equal(status, 200);
    assert.equal(decodeProtectedHeader(token).kid, 'abc');
    const wrongAud = await present(server, { ...config, audience: 'https://pubsub.googleapis.com/' }, rsa);
    assert.equal(wrongAud.status, 401);
    assert.equal(JSON.parse(wrongAud.body).error.status, 'UNAUTHENTICATED');
  });

  test('a provider that is not a self-signed preset, or unknown, is refused with what to do', () => {
    const base: ExchangeConfig = { flow: 'self-signed', tokenUrl: 'https://api.example.com', issuer: 'me' };
    assert.throws(() => validateExchangeConfig({ ...base, provider: 'okta' }), /uses the client-assertion flow, not self-signed/);
    assert.throws(() => validateExchangeConfig({ ...base, provider: 'nope' }), (e: OAuthJwtError) => /not a known provider/.test(e.message) && /snowflake, google-self-signed/.test(e.hint ?? ''));
  });
});
