import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonObject, type JsonObject } from '../../src/core/jsonObject';
import { buildJwt, signJwt } from '../../src/core/jwt';
import { decodeJwt } from '../../src/core/jwtDecode';
import { verifyJwt, type VerifyKeySource } from '../../src/core/jwtVerify';
import { SIGNING_ALGORITHMS, type Curve, type PrivateKey, type SigningAlgorithm } from '../../src/core/keys';
import { MAX_JSON_CHARS } from '../../src/core/limits';
import { failsWith } from './assertFailure';

/** 2023-11-14T22:13:20.123Z: a frozen clock, so tokens and messages are known in advance. */
const NOW_MS = 1_700_000_000_123;
const NOW = 1_700_000_000;
const frozen = () => NOW_MS;
const at = (seconds: number) => () => seconds * 1000;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** Runs a synchronous call as a promise so failsWith can check it. */
const call = (fn: () => unknown) => Promise.resolve().then(fn);

// Every key is generated here at test time; none is stored in the repository.
function ecKey(curve: Curve): PrivateKey {
  return { key: generateKeyPairSync('ec', { namedCurve: curve }).privateKey, type: 'ec', curve };
}
const RSA: PrivateKey = { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, type: 'rsa', bits: 2048 };
const OTHER_RSA: PrivateKey = { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, type: 'rsa', bits: 2048 };
const EC: Record<Curve, PrivateKey> = { 'P-256': ecKey('P-256'), 'P-384': ecKey('P-384'), 'P-521': ecKey('P-521') };
const ED: PrivateKey = { key: generateKeyPairSync('ed25519').privateKey, type: 'ed25519' };

function keyFor(alg: SigningAlgorithm): PrivateKey {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return RSA;
  if (alg === 'ES256') return EC['P-256'];
  if (alg === 'ES384') return EC['P-384'];
  if (alg === 'ES512') return EC['P-521'];
  return ED;
}

const publicPem = (key: PrivateKey) => createPublicKey(key.key).export({ type: 'spki', format: 'pem' }) as string;
const publicJwkText = (key: PrivateKey, extra: JsonObject = {}) => JSON.stringify({ ...createPublicKey(key.key).export({ format: 'jwk' }), ...extra });

async function signed(claims: JsonObject, key: PrivateKey = RSA, alg?: SigningAlgorithm, header: JsonObject = {}): Promise<string> {
  const built = buildJwt({ claims, header }, frozen);
  return signJwt(built.header, built.payload, key, alg);
}

// ---------------------------------------------------------------- buildJwt

test('buildJwt: iat now and exp iat + 300 in whole seconds, typ JWT, no alg', () => {
  const { header, payload } = buildJwt({ claims: { iss: 'c' } }, () => 1_700_000_000_999);
  assert.deepEqual(header, { typ: 'JWT' });
  assert.deepEqual(payload, { iss: 'c', iat: NOW, exp: NOW + 300 });
});

test('buildJwt: lifetime, given times and header members are honoured', () => {
  assert.equal(buildJwt({ lifetimeSeconds: 60 }, frozen).payload.exp, NOW + 60);
  const given = buildJwt({ claims: { iat: 1_600_000_000, nbf: 1_600_000_000, exp: 1_600_000_100 } }, frozen).payload;
  assert.deepEqual(given, { iat: 1_600_000_000, nbf: 1_600_000_000, exp: 1_600_000_100 });
  assert.equal(buildJwt({ claims: { iat: 1_600_000_000 } }, frozen).payload.exp, 1_600_000_300);
  assert.deepEqual(buildJwt({ header: { typ: 'at+jwt', kid: 'k1' } }, frozen).header, { typ: 'at+jwt', kid: 'k1' });
});

test('buildJwt: a fresh UUID jti on every build when asked; a given jti is kept', () => {
  const a = buildJwt({ jti: true }, frozen).payload.jti;
  const b = buildJwt({ jti: true }, frozen).payload.jti;
  assert.match(String(a), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
  assert.equal(buildJwt({ jti: false }, frozen).payload.jti, undefined);
  assert.equal(buildJwt({ jti: true, claims: { jti: 'mine' } }, frozen).payload.jti, 'mine');
});

test('buildJwt: the template is not modified', () => {
  const claims = { iss: 'x' };
  const header = { kid: 'k' };
  buildJwt({ claims, header, jti: true }, frozen);
  assert.deepEqual(claims, { iss: 'x' });
  assert.deepEqual(header, { kid: 'k' });
});

test('bad input: claims or header not an object', async () => {
  await failsWith(call(() => buildJwt({ claims: [1, 2] as unknown as JsonObject })), 'INVALID_CLAIMS');
  await failsWith(call(() => buildJwt({ claims: null as unknown as JsonObject })), 'INVALID_CLAIMS');
  await failsWith(call(() => buildJwt({ header: 'RS256' as unknown as JsonObject })), 'INVALID_CLAIMS');
});

test('bad input: a __proto__ claim from JSON is refused and pollutes nothing', async () => {
  const hostile = JSON.parse('{"iss":"x","__proto__":{"admin":true}}') as JsonObject;
  const error = await failsWith(call(() => buildJwt({ claims: hostile })), 'INVALID_CLAIMS');
  assert.match(error.message, /__proto__/);
  const nested = JSON.parse('{"ctx":{"__proto__":{"admin":true}}}') as JsonObject;
  await failsWith(call(() => buildJwt({ claims: nested })), 'INVALID_CLAIMS');
  await failsWith(call(() => buildJwt({ header: JSON.parse('{"__proto__":{"alg":"none"}}') as JsonObject })), 'INVALID_CLAIMS');
  await failsWith(signJwt(JSON.parse('{"__proto__":{"x":1}}') as JsonObject, {}, ED), 'INVALID_CLAIMS');
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});

test('bad input: exp as a string says to drop the quotes', async () => {
  const error = await failsWith(call(() => buildJwt({ claims: { exp: '1700000300' } })), 'INVALID_CLAIMS');
  assert.match(error.message, /"exp" claim is a string/);
  assert.match(error.hint ?? '', /without quotes/);
});

test('bad input: exp in milliseconds says to divide by 1000', async () => {
  const error = await failsWith(call(() => buildJwt({ claims: { exp: NOW_MS } })), 'INVALID_CLAIMS');
  assert.match(error.message, /milliseconds/);
  assert.match(error.hint ?? '', /1000/);
  await failsWith(call(() => buildJwt({ claims: { iat: NOW_MS } })), 'INVALID_CLAIMS');
});

test('bad input: fractional, negative or non-numeric times', async () => {
  await failsWith(call(() => buildJwt({ claims: { iat: NOW + 0.5 } })), 'INVALID_CLAIMS');
  await failsWith(call(() => buildJwt({ claims: { nbf: -1 } })), 'INVALID_CLAIMS');
  await failsWith(call(() => buildJwt({ claims: { exp: true } })), 'INVALID_CLAIMS');
});

test('bad input: exp not after iat', async () => {
  const error = await failsWith(call(() => buildJwt({ claims: { iat: NOW, exp: NOW } })), 'INVALID_CLAIMS');
  assert.match(error.message, /not after "iat"/);
});

test('bad input: lifetime not a positive whole number of seconds', async () => {
  for (const lifetimeSeconds of [0, -5, 1.5, Number.NaN]) await failsWith(call(() => buildJwt({ lifetimeSeconds })), 'INVALID_OPTION');
});

// ---------------------------------------------------------------- signJwt: known answer

/** RFC 8410 PKCS#8 wrapping of an Ed25519 seed: the DER prefix, then the 32 seed bytes. */
function ed25519FromSeed(seed: Buffer): PrivateKey {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return { key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), type: 'ed25519' };
}
const SEED_KEY = ed25519FromSeed(Buffer.from(Array.from({ length: 32 }, (_, i) => i)));
const KNOWN_CLAIMS = { iss: 'client-123', sub: 'client-123', aud: 'https://auth.example.com/token', jti: '00000000-0000-4000-8000-000000000000' };
const KNOWN_TOKEN =
  'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.' +
  'eyJpc3MiOiJjbGllbnQtMTIzIiwic3ViIjoiY2xpZW50LTEyMyIsImF1ZCI6Imh0dHBzOi8vYXV0aC5leGFtcGxlLmNvbS90b2tlbiIsImp0aSI6IjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMCIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMzAwfQ.' +
  'Kw5oLSGDCGvRxpqZXXeHgWf89B23s8F5J2lGbf97-k_wAF2JiB6X_Y0B5EOyEL69uVI3QIhhBN7DyRVf6MT3BA';

test('known answer: the seed key is the one the test thinks it is', () => {
  // Public key of seed 00 01 … 1f, as published alongside Ed25519 test material.
  assert.equal(createPublicKey(SEED_KEY.key).export({ format: 'jwk' }).x, 'A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg');
});

test('known answer: Ed25519 signing with a frozen clock gives one exact token', async () => {
  const { header, payload } = buildJwt({ claims: KNOWN_CLAIMS, jti: true }, frozen);
  const token = await signJwt(header, payload, SEED_KEY);
  assert.equal(token, KNOWN_TOKEN);
  // The same signature by Node directly, so the expectation does not rest on our code alone.
  const [h, p, s] = token.split('.');
  assert.equal(cryptoSign(null, Buffer.from(`${h}.${p}`), SEED_KEY.key).toString('base64url'), s);
});

test('signJwt: alg comes first and is always the one used', async () => {
  const fromKey = decodeJwt(await signJwt({ typ: 'JWT', kid: 'k' }, {}, EC['P-384']));
  assert.deepEqual(Object.keys(fromKey.header), ['alg', 'typ', 'kid']);
  assert.equal(fromKey.header.alg, 'ES384');
  assert.equal(decodeJwt(await signJwt({ alg: 'PS256' }, {}, RSA)).header.alg, 'PS256', 'the header alg is used when none is passed');
  assert.equal(decodeJwt(await signJwt({ alg: 'PS256' }, {}, RSA, 'RS512')).header.alg, 'RS512', 'the passed alg wins');
});

// ---------------------------------------------------------------- every algorithm, every key source

const OPENSSL = spawnSync('openssl', ['version']).status === 0;

/** A self-signed certificate made by openssl for this key; the key file lives in a temp folder only while openssl runs. */
function opensslCertificate(key: PrivateKey): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-test-'));
  try {
    writeFileSync(join(dir, 'key.pem'), key.key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const result = spawnSync('openssl', ['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', '/CN=jwt-test', '-days', '1', '-out', join(dir, 'cert.pem')]);
    assert.equal(result.status, 0, `openssl req failed: ${result.stderr}`);
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sources(key: PrivateKey): Record<string, VerifyKeySource> {
  return {
    'public PEM': { publicKey: publicPem(key) },
    JWK: { publicKey: publicJwkText(key) },
    JWKS: { jwks: JSON.stringify({ keys: [JSON.parse(publicJwkText(OTHER_RSA)), JSON.parse(publicJwkText(key))] }) },
    'private key object': { publicKey: key.key },
  };
}

for (const alg of SIGNING_ALGORITHMS) {
  test(`${alg}: sign, then verify with public PEM, JWK, JWKS and key object`, async () => {
    const key = keyFor(alg);
    const token = await signed({ iss: 'i', aud: 'a' }, key, alg);
    for (const [name, source] of Object.entries(sources(key))) {
      const result = await verifyJwt(token, source, { clock: frozen, issuer: 'i', audience: 'a' });
      assert.equal(result.verified, true, name);
      assert.equal(result.header.alg, alg, name);
      assert.deepEqual(result.payload, { iss: 'i', aud: 'a', iat: NOW, exp: NOW + 300 }, name);
    }
  });
}

test('sign and verify against an openssl certificate for every algorithm', { skip: OPENSSL ? false : 'openssl is not installed, so no certificate can be made' }, async () => {
  const certificates = new Map<PrivateKey, string>();
  for (const alg of SIGNING_ALGORITHMS) {
    const key = keyFor(alg);
    if (!certificates.has(key)) certificates.set(key, opensslCertificate(key));
    const token = await signed({ sub: alg }, key, alg);
    const result = await verifyJwt(token, { certificate: certificates.get(key) }, { clock: frozen });
    assert.equal(result.payload.sub, alg);
  }
  // And a certificate of another key is refused.
  await failsWith(verifyJwt(await signed({}, OTHER_RSA), { certificate: certificates.get(RSA) }, { clock: frozen }), 'SIGNATURE_INVALID');
});

// ---------------------------------------------------------------- signJwt: refusals

test('bad input: "none" as the algorithm to sign with', async () => {
  await failsWith(signJwt({}, {}, RSA, 'none'), 'ALG_NONE');
  await failsWith(signJwt({ alg: 'none' }, {}, ED), 'ALG_NONE');
});

test('bad input: algorithms that do not suit the key', async () => {
  await failsWith(signJwt({}, {}, RSA, 'ES256'), 'ALG_MISMATCH');
  await failsWith(signJwt({}, {}, EC['P-256'], 'RS256'), 'ALG_MISMATCH');
  await failsWith(signJwt({}, {}, EC['P-256'], 'ES384'), 'ALG_MISMATCH');
  await failsWith(signJwt({}, {}, RSA, 'HS256'), 'ALG_MISMATCH');
});

test('bad input: a public key where a private key is needed', async () => {
  const publicOnly = { ...RSA, key: createPublicKey(RSA.key) };
  await failsWith(signJwt({}, {}, publicOnly), 'NOT_A_PRIVATE_KEY');
});

test('bad input: claims that cannot be JSON', async () => {
  await failsWith(signJwt({}, { n: 10n }, ED), 'INVALID_CLAIMS');
});

// ---------------------------------------------------------------- decodeJwt

test('decodeJwt: header, payload and signature, never verified', () => {
  const decoded = decodeJwt(KNOWN_TOKEN);
  assert.deepEqual(decoded.header, { alg: 'EdDSA', typ: 'JWT' });
  assert.equal(decoded.payload.exp, NOW + 300);
  assert.equal(decoded.signature, KNOWN_TOKEN.split('.')[2]);
  assert.equal(decoded.verified, false);
});

test('decodeJwt: white space and a leading "Bearer " are ignored', () => {
  assert.equal(decodeJwt(`  Bearer ${KNOWN_TOKEN}\r\n`).payload.iss, 'client-123');
  assert.equal(decodeJwt(`\n${KNOWN_TOKEN}\n`).payload.iss, 'client-123');
});

const [H, P, S] = KNOWN_TOKEN.split('.') as [string, string, string];

test('bad input: a two-part token says the signature is missing', async () => {
  const error = await failsWith(call(() => decodeJwt(`${H}.${P}`)), 'INVALID_TOKEN', [P]);
  assert.match(error.message, /2 parts/);
  assert.match(error.hint ?? '', /signature part is missing/);
});

test('bad input: a five-part token is named as an encrypted JWE', async () => {
  const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.AAAA.BBBB.CCCC.DDDD`;
  const error = await failsWith(call(() => decodeJwt(jwe)), 'INVALID_TOKEN');
  assert.match(error.message, /an encrypted JWE/);
});

test('bad input: one part, four parts, nothing', async () => {
  await failsWith(call(() => decodeJwt('not-a-token')), 'INVALID_TOKEN');
  await failsWith(call(() => decodeJwt(`${H}.${P}.${S}.x`)), 'INVALID_TOKEN');
  await failsWith(call(() => decodeJwt('   ')), 'INVALID_TOKEN');
  await failsWith(call(() => decodeJwt('Bearer ')), 'INVALID_TOKEN');
});

test('bad input: bad base64url, with a hint for standard base64', async () => {
  const error = await failsWith(call(() => decodeJwt(`${H}+/=.${P}.${S}`)), 'INVALID_TOKEN');
  assert.match(error.message, /header part of the token is not base64url/);
  assert.match(error.hint ?? '', /standard base64/);
  await failsWith(call(() => decodeJwt(`${H}.${P}!.${S}`)), 'INVALID_TOKEN');
  await failsWith(call(() => decodeJwt(`${H}.${P}.${S}*`)), 'INVALID_TOKEN');
  await failsWith(call(() => decodeJwt(`${H}A.${P}.${S}`)), 'INVALID_TOKEN'); // a length base64url never has
});

test('bad input: header not JSON', async () => {
  const error = await failsWith(call(() => decodeJwt(`${b64('{alg:RS256')}.${P}.${S}`)), 'INVALID_TOKEN');
  assert.match(error.message, /header part of the token is not JSON/);
});

test('bad input: payload an array, header a string', async () => {
  const array = await failsWith(call(() => decodeJwt(`${H}.${b64([1, 2])}.${S}`)), 'INVALID_TOKEN');
  assert.match(array.message, /payload part of the token is an array, not a JSON object/);
  await failsWith(call(() => decodeJwt(`${b64('"RS256"')}.${P}.${S}`)), 'INVALID_TOKEN');
  await failsWith(call(() => decodeJwt(`${b64('null')}.${P}.${S}`)), 'INVALID_TOKEN');
});

test('bad input: payload bytes that are not UTF-8', async () => {
  await failsWith(call(() => decodeJwt(`${H}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.${S}`)), 'INVALID_TOKEN');
});

test('bad input: a 10 MB token is refused at once, before any parsing', async () => {
  const huge = `${H}.${'A'.repeat(10 * 1024 * 1024)}.${S}`;
  const started = performance.now();
  await failsWith(call(() => decodeJwt(huge)), 'INPUT_TOO_LARGE');
  await failsWith(verifyJwt(huge, { publicKey: publicPem(ED) }), 'INPUT_TOO_LARGE');
  assert.ok(performance.now() - started < 1000, 'rejected in under a second');
});

// ---------------------------------------------------------------- verifyJwt: refusals

const unsigned = (header: JsonObject) => `${b64(header)}.${b64({ iss: 'i', exp: NOW + 300 })}.`;

test('bad input: an alg "none" token is refused whatever the allow-list says', async () => {
  const source = { publicKey: publicPem(RSA) };
  const token = unsigned({ alg: 'none', typ: 'JWT' });
  await failsWith(verifyJwt(token, source, { clock: frozen }), 'ALG_NONE');
  await failsWith(verifyJwt(token, source, { clock: frozen, algorithms: [] }), 'ALG_NONE');
  await failsWith(verifyJwt(token, source, { clock: frozen, algorithms: ['none' as SigningAlgorithm] }), 'ALG_NONE');
  await failsWith(verifyJwt(unsigned({ alg: 'None' }), source, { clock: frozen }), 'ALG_NONE');
  await failsWith(verifyJwt(`${unsigned({ alg: 'none' })}c2ln`, source, { clock: frozen }), 'ALG_NONE');
  // Decoding still shows it (the claim editor marks it), but never as verified.
  assert.equal(decodeJwt(token).verified, false);
});

test('bad input: an HS256 token keyed with the public key (algorithm confusion) is refused', async () => {
  const pem = publicPem(RSA);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'i' })}`;
  const token = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
  await failsWith(verifyJwt(token, { publicKey: pem }, { clock: frozen }), 'ALG_MISMATCH');
  await failsWith(verifyJwt(token, { publicKey: pem }, { clock: frozen, algorithms: ['HS256' as SigningAlgorithm, 'RS256'] }), 'ALG_MISMATCH');
});

test('bad input: a token signed by another key', async () => {
  const token = await signed({ iss: 'i' }, OTHER_RSA);
  const error = await failsWith(verifyJwt(token, { publicKey: publicPem(RSA) }, { clock: frozen }), 'SIGNATURE_INVALID', [token, token.split('.')[2] as string]);
  assert.match(error.message, /another key/);
});

test('bad input: a payload changed after signing', async () => {
  const [h, , s] = (await signed({ sub: 'user' }, EC['P-256'])).split('.');
  const tampered = `${h}.${b64({ sub: 'admin', iat: NOW, exp: NOW + 300 })}.${s}`;
  await failsWith(verifyJwt(tampered, { publicKey: publicPem(EC['P-256']) }, { clock: frozen }), 'SIGNATURE_INVALID');
});

test('bad input: an expired token says when it expired', async () => {
  const token = await signed({}, ED);
  const source = { publicKey: publicPem(ED) };
  const error = await failsWith(verifyJwt(token, source, { clock: at(NOW + 301) }), 'CLAIM_CHECK_FAILED');
  assert.equal(error.message, 'The token expired at 2023-11-14T22:18:20.000Z.');
  // Within the tolerated skew it passes.
  assert.equal((await verifyJwt(token, source, { clock: at(NOW + 301), clockToleranceSeconds: 5 })).verified, true);
});

test('bad input: a token not yet valid (nbf in the future)', async () => {
  const token = await signed({ nbf: NOW + 120 }, ED);
  const error = await failsWith(verifyJwt(token, { publicKey: publicPem(ED) }, { clock: frozen }), 'CLAIM_CHECK_FAILED');
  assert.match(error.message, /not yet valid: it is valid from 2023-11-14T22:15:20.000Z/);
});

test('bad input: issuer and audience mismatches name the claim', async () => {
  const token = await signed({ iss: 'https://issuer.example', aud: ['https://api.example'] }, ED);
  const source = { publicKey: publicPem(ED) };
  const iss = await failsWith(verifyJwt(token, source, { clock: frozen, issuer: 'https://other.example' }), 'CLAIM_CHECK_FAILED');
  assert.match(iss.message, /issuer "https:\/\/issuer.example" does not match the expected issuer "https:\/\/other.example"/);
  const aud = await failsWith(verifyJwt(token, source, { clock: frozen, audience: 'https://other.example' }), 'CLAIM_CHECK_FAILED');
  assert.match(aud.message, /audience .* does not include the expected audience "https:\/\/other.example"/);
  const missing = await failsWith(verifyJwt(await signed({}, ED), source, { clock: frozen, issuer: 'x' }), 'CLAIM_CHECK_FAILED');
  assert.match(missing.message, /no "iss" claim/);
});

test('bad input: the token algorithm is outside the allow-list, or does not suit the key', async () => {
  const token = await signed({}, RSA, 'RS256');
  await failsWith(verifyJwt(token, { publicKey: publicPem(RSA) }, { clock: frozen, algorithms: ['PS256'] }), 'ALG_MISMATCH');
  const ecToken = await signed({}, EC['P-256']);
  const error = await failsWith(verifyJwt(ecToken, { publicKey: publicPem(RSA) }, { clock: frozen }), 'ALG_MISMATCH');
  assert.match(error.message, /"ES256" cannot be used with an RSA key/);
});

test('bad input: key sources that are missing, doubled or unreadable', async () => {
  const token = await signed({}, ED);
  await failsWith(verifyJwt(token, {}, { clock: frozen }), 'INVALID_OPTION');
  await failsWith(verifyJwt(token, { publicKey: publicPem(ED), jwks: '{"keys":[]}' }, { clock: frozen }), 'INVALID_OPTION');
  await failsWith(verifyJwt(token, { certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, { clock: frozen }), 'INVALID_PEM');
  await failsWith(verifyJwt(token, { publicKey: 'not a key' }, { clock: frozen }), 'INVALID_PEM');
  await failsWith(verifyJwt(token, { publicKey: '{"kty":"oct","k":"c2VjcmV0"}' }, { clock: frozen }), 'INVALID_JWK');
  await failsWith(verifyJwt(token, { jwks: '{"kids":[]}' }, { clock: frozen }), 'INVALID_JWK');
  await failsWith(verifyJwt(token, { jwks: '[' }, { clock: frozen }), 'INVALID_JSON');
});

test('bad input: a JWKS without the signing key', async () => {
  const token = await signed({}, ED, undefined, { kid: 'wanted' });
  const jwks = JSON.stringify({ keys: [JSON.parse(publicJwkText(ED, { kid: 'other' }))] });
  const error = await failsWith(verifyJwt(token, { jwks }, { clock: frozen }), 'SIGNATURE_INVALID');
  assert.match(error.message, /No key in the JWKS matches/);
});

test('verifyJwt: a JWKS with several candidate keys finds the one that signed', async () => {
  const others = [generateKeyPairSync('ed25519').privateKey, generateKeyPairSync('ed25519').privateKey].map((k: KeyObject) => createPublicKey(k).export({ format: 'jwk' }));
  const jwks = JSON.stringify({ keys: [...others, JSON.parse(publicJwkText(ED))] });
  assert.equal((await verifyJwt(await signed({ sub: 's' }, ED), { jwks }, { clock: frozen })).payload.sub, 's');
});

// ---------------------------------------------------------------- parseJsonObject

test('parseJsonObject: an object, with a byte order mark tolerated', () => {
  assert.deepEqual(parseJsonObject('\uFEFF{"iss": "x", "n": [1]}', 'The claims'), { iss: 'x', n: [1] });
});

test('bad input: JSON with trailing garbage says where', async () => {
  const error = await failsWith(call(() => parseJsonObject('{"iss": "x"} trailing', 'The claims')), 'INVALID_JSON');
  assert.equal(error.message, 'The claims is not valid JSON: text after the end of the JSON value at line 1, column 14.');
});

test('bad input: JSON errors give line and column, never the text', async () => {
  const text = '{\n  "client_secret": "hunter2-hunter2",\n  "iss": tru\n}';
  const error = await failsWith(call(() => parseJsonObject(text, 'The claims')), 'INVALID_JSON', ['hunter2']);
  assert.match(error.message, /line 3, column 10/);
  const comma = await failsWith(call(() => parseJsonObject('{"a": 1,}', 'The header')), 'INVALID_JSON');
  assert.match(comma.message, /line 1, column 9/);
  await failsWith(call(() => parseJsonObject('', 'The claims')), 'INVALID_JSON');
});

test('bad input: JSON that is not an object', async () => {
  for (const text of ['[1]', '"text"', '42', 'null']) {
    const error = await failsWith(call(() => parseJsonObject(text, 'The claims')), 'INVALID_CLAIMS');
    assert.match(error.message, /^The claims must be a JSON object/);
  }
});

test('bad input: a __proto__ member in parsed JSON', async () => {
  await failsWith(call(() => parseJsonObject('{"__proto__": {"polluted": 1}}', 'The claims')), 'INVALID_CLAIMS');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('bad input: JSON over the size cap', async () => {
  await failsWith(call(() => parseJsonObject(`{"a":"${'x'.repeat(MAX_JSON_CHARS)}"}`, 'The claims')), 'INPUT_TOO_LARGE');
});

test('signing refuses an RSA key under 2048 bits that reached it without import\'s check, and a header with "crit"', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const weak: PrivateKey = { key: privateKey, type: 'rsa' };
  for (const alg of ['RS256', 'PS256'] as const) await failsWith(signJwt({}, { iss: 'i' }, weak, alg), 'UNSUPPORTED_KEY');
  await failsWith(signJwt({ crit: [] }, { iss: 'i' }, keyFor('ES256'), 'ES256'), 'INVALID_CLAIMS');
});

test('ECDSA signatures are r || s of the curve\'s size (RFC 7518 §3.4), not DER', async () => {
  for (const [alg, bytes] of [['ES256', 64], ['ES384', 96], ['ES512', 132]] as const) {
    const token = await signJwt({}, { iss: 'i' }, keyFor(alg), alg);
    assert.equal(Buffer.from(token.split('.')[2]!, 'base64url').length, bytes, alg);
  }
});
