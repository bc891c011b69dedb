import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { algorithmsForKey, algorithmsForKeyObject, assertAlgorithmSuitsKey, assertAlgorithmSuitsKeyObject, defaultAlgorithm } from '../../src/core/algorithms';
import { OAuthJwtError } from '../../src/core/errors';
import type { Curve, PrivateKey } from '../../src/core/keys';

// Keys are generated here, at test time; RSA at 2048 bits keeps the suite fast.
function rsa(): PrivateKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { key: privateKey, type: 'rsa', bits: 2048 };
}
function ec(curve: Curve): PrivateKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return { key: privateKey, type: 'ec', curve };
}
function ed25519(): PrivateKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { key: privateKey, type: 'ed25519' };
}

const RSA = rsa();
const P256 = ec('P-256');
const P384 = ec('P-384');
const P521 = ec('P-521');
const ED = ed25519();

function code(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof OAuthJwtError, `expected OAuthJwtError, got ${String(error)}`);
    return error.code;
  }
  return undefined;
}

function thrown(fn: () => void): OAuthJwtError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OAuthJwtError) return error;
    throw error;
  }
  assert.fail('expected an OAuthJwtError');
}

test('default algorithm per key type and curve', () => {
  assert.equal(defaultAlgorithm(RSA), 'RS256');
  assert.equal(defaultAlgorithm(P256), 'ES256');
  assert.equal(defaultAlgorithm(P384), 'ES384');
  assert.equal(defaultAlgorithm(P521), 'ES512');
  assert.equal(defaultAlgorithm(ED), 'EdDSA');
});

test('the curve is read from the key object when the descriptor omits it', () => {
  const bare: PrivateKey = { key: P384.key, type: 'ec' };
  assert.equal(defaultAlgorithm(bare), 'ES384');
});

test('the key object wins over a descriptor that contradicts it', () => {
  // A descriptor claiming P-256 for a P-521 key must not make ES256 acceptable.
  const lying: PrivateKey = { key: P521.key, type: 'ec', curve: 'P-256' };
  assert.equal(defaultAlgorithm(lying), 'ES512');
  assert.equal(code(() => assertAlgorithmSuitsKey('ES256', lying)), 'ALG_MISMATCH');
});

test('RSA keys suit RS* and PS*, nothing else', () => {
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) assert.doesNotThrow(() => assertAlgorithmSuitsKey(alg, RSA));
  for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA', 'HS256']) assert.equal(code(() => assertAlgorithmSuitsKey(alg, RSA)), 'ALG_MISMATCH', alg);
});

test('each EC curve suits exactly one ES algorithm', () => {
  const pairs: [PrivateKey, string][] = [[P256, 'ES256'], [P384, 'ES384'], [P521, 'ES512']];
  for (const [key, good] of pairs) {
    for (const alg of ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA']) {
      if (alg === good) assert.doesNotThrow(() => assertAlgorithmSuitsKey(alg, key));
      else assert.equal(code(() => assertAlgorithmSuitsKey(alg, key)), 'ALG_MISMATCH', `${alg} with ${key.curve}`);
    }
  }
});

test('Ed25519 suits EdDSA only', () => {
  assert.doesNotThrow(() => assertAlgorithmSuitsKey('EdDSA', ED));
  assert.equal(code(() => assertAlgorithmSuitsKey('ES256', ED)), 'ALG_MISMATCH');
  assert.equal(code(() => assertAlgorithmSuitsKey('RS256', ED)), 'ALG_MISMATCH');
});

test('bad input: ES256 with an RSA key names the algorithms RSA suits', () => {
  const error = thrown(() => assertAlgorithmSuitsKey('ES256', RSA));
  assert.equal(error.code, 'ALG_MISMATCH');
  assert.match(error.message, /RSA key/);
  assert.match(error.message, /RS256, RS384, RS512, PS256, PS384, PS512/);
});

test('bad input: RS256 with an EC key says ES256', () => {
  const error = thrown(() => assertAlgorithmSuitsKey('RS256', P256));
  assert.equal(error.code, 'ALG_MISMATCH');
  assert.match(error.message, /EC P-256 key, which suits ES256\./);
});

test('bad input: ES384 with a P-256 key', () => {
  const error = thrown(() => assertAlgorithmSuitsKey('ES384', P256));
  assert.equal(error.code, 'ALG_MISMATCH');
  assert.match(error.hint ?? '', /ES256/);
});

test('bad input: "none" in any spelling is ALG_NONE, not a mismatch', () => {
  for (const alg of ['none', 'None', 'NONE', ' none ']) {
    for (const key of [RSA, P256, ED]) assert.equal(code(() => assertAlgorithmSuitsKey(alg, key)), 'ALG_NONE', alg);
  }
});

test('bad input: a wrongly cased algorithm gets a hint with the right spelling', () => {
  const error = thrown(() => assertAlgorithmSuitsKey('rs256', RSA));
  assert.equal(error.code, 'ALG_MISMATCH');
  assert.match(error.hint ?? '', /case-sensitive: write RS256/);
});

test('bad input: a long algorithm name is cut short in the message', () => {
  const error = thrown(() => assertAlgorithmSuitsKey('X'.repeat(500), RSA));
  assert.ok(error.message.length < 200, error.message);
});

test('key objects: public keys map to the same algorithms', () => {
  const pub = (k: PrivateKey): KeyObject => createPublicKey(k.key);
  assert.deepEqual(algorithmsForKeyObject(pub(P384)), ['ES384']);
  assert.deepEqual(algorithmsForKeyObject(pub(ED)), ['EdDSA']);
  assert.equal(algorithmsForKeyObject(pub(RSA))[0], 'RS256');
  assert.deepEqual(algorithmsForKey(P521), ['ES512']);
  assert.doesNotThrow(() => assertAlgorithmSuitsKeyObject('PS512', pub(RSA)));
  assert.equal(code(() => assertAlgorithmSuitsKeyObject('ES512', pub(P256))), 'ALG_MISMATCH');
});

test('keys no JWT algorithm suits: secp256k1 and X25519', () => {
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  const x = generateKeyPairSync('x25519').privateKey;
  assert.deepEqual(algorithmsForKeyObject(k1), []);
  assert.deepEqual(algorithmsForKeyObject(x), []);
  assert.equal(code(() => defaultAlgorithm({ key: k1, type: 'ec' })), 'UNSUPPORTED_KEY');
  assert.equal(code(() => assertAlgorithmSuitsKey('ES256', { key: k1, type: 'ec' })), 'ALG_MISMATCH');
});

test('RSA keys restricted to PSS suit nothing (jose cannot use them) and say so', () => {
  const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey;
  const key: PrivateKey = { key: pss, type: 'rsa', bits: 2048 };
  assert.deepEqual(algorithmsForKey(key), []);
  assert.equal(code(() => defaultAlgorithm(key)), 'UNSUPPORTED_KEY');
  const error = thrown(() => assertAlgorithmSuitsKey('PS256', key));
  assert.equal(error.code, 'ALG_MISMATCH');
  assert.match(error.message, /restricted to PSS/);
});

test('a descriptor cannot turn an unsupported curve into a supported one', () => {
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  assert.equal(code(() => assertAlgorithmSuitsKey('ES256', { key: k1, type: 'ec', curve: 'P-256' })), 'ALG_MISMATCH');
});
