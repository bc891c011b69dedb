import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { OAuthJwtError, type ErrorCode } from '../../src/core/errors';
import {
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  jwkThumbprint,
  privateKeyPem,
  publicJwk,
  publicKeyPem,
  type KeySpec,
  type PrivateKey,
} from '../../src/core/keys';
import { MAX_PEM_CHARS } from '../../src/core/limits';
import { createSelfSignedCertificate } from '../../src/core/x509';

/** Asserts a refusal with this code and a hint, and that no fragment of the input shows in what the user sees. */
function refused(fn: () => unknown, code: ErrorCode, secrets: string[] = []): OAuthJwtError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof OAuthJwtError, `expected OAuthJwtError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.ok(caught.hint && caught.hint.length > 10, 'says what to do');
  for (const secret of secrets) assert.ok(!caught.describe().includes(secret), `message leaks "${secret.slice(0, 12)}…"`);
  return caught;
}

/** A line from the middle of a PEM body: it must never appear in an error message. */
function bodyLine(pem: string): string {
  return pem.trim().split('\n')[2]!;
}

function spki(key: KeyObject | PrivateKey): string {
  return publicKeyPem(key);
}

const SPECS: Array<{ spec: KeySpec; expect: Partial<PrivateKey> }> = [
  { spec: { type: 'rsa' }, expect: { type: 'rsa', bits: 2048 } },
  { spec: { type: 'rsa', bits: 3072 }, expect: { type: 'rsa', bits: 3072 } },
  { spec: { type: 'rsa', bits: 4096 }, expect: { type: 'rsa', bits: 4096 } },
  { spec: { type: 'ec' }, expect: { type: 'ec', curve: 'P-256' } },
  { spec: { type: 'ec', curve: 'P-384' }, expect: { type: 'ec', curve: 'P-384' } },
  { spec: { type: 'ec', curve: 'P-521' }, expect: { type: 'ec', curve: 'P-521' } },
  { spec: { type: 'ed25519' }, expect: { type: 'ed25519' } },
];

describe('generateKeyPair', () => {
  for (const { spec, expect } of SPECS) {
    test(`${spec.type} ${spec.bits ?? spec.curve ?? ''} generates and round-trips through PEM and JWK import`, async () => {
      const key = await generateKeyPair(spec);
      assert.equal(key.type, expect.type);
      assert.equal(key.bits, expect.bits);
      assert.equal(key.curve, expect.curve);
      assert.equal(key.key.type, 'private');

      const pem = privateKeyPem(key);
      assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
      const fromPem = importPrivateKey(pem);
      assert.deepEqual({ type: fromPem.type, bits: fromPem.bits, curve: fromPem.curve }, { type: key.type, bits: key.bits, curve: key.curve });
      assert.equal(spki(fromPem), spki(key));

      const privateJwk = JSON.stringify(key.key.export({ format: 'jwk' }));
      assert.equal(spki(importPrivateKey(privateJwk)), spki(key));

      // The imported key signs, and the original public key verifies it.
      const data = Buffer.from('payload');
      const digest = key.type === 'ed25519' ? null : 'sha256';
      assert.ok(verify(digest, data, createPublicKey(key.key), sign(digest, data, fromPem.key)));
    });
  }

  test('does not block the event loop while an RSA key is generated', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await generateKeyPair({ type: 'rsa', bits: 2048 });
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 0, 'timers ran during generation');
  });

  test('refuses sizes and curves outside the list', async () => {
    await assert.rejects(generateKeyPair({ type: 'rsa', bits: 1024 as 2048 }), { code: 'INVALID_OPTION' });
    await assert.rejects(generateKeyPair({ type: 'ec', curve: 'secp256k1' as 'P-256' }), { code: 'INVALID_OPTION' });
    await assert.rejects(generateKeyPair({ type: 'dsa' as 'rsa' }), { code: 'INVALID_OPTION' });
  });
});

describe('importPrivateKey formats', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const passphrase = 'correct horse battery staple';

  test('PKCS#1 (BEGIN RSA PRIVATE KEY)', () => {
    const pem = rsa.export({ type: 'pkcs1', format: 'pem' }) as string;
    assert.match(pem, /BEGIN RSA PRIVATE KEY/);
    const key = importPrivateKey(pem);
    assert.equal(key.type, 'rsa');
    assert.equal(spki(key), spki(rsa));
  });

  test('SEC1 (BEGIN EC PRIVATE KEY), also after an EC PARAMETERS block as openssl ecparam writes it', () => {
    const pem = ec.export({ type: 'sec1', format: 'pem' }) as string;
    assert.match(pem, /BEGIN EC PRIVATE KEY/);
    assert.equal(spki(importPrivateKey(pem)), spki(ec));
    const withParams = `-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n${pem}`;
    const key = importPrivateKey(withParams);
    assert.equal(key.curve, 'P-384');
    assert.equal(spki(key), spki(ec));
  });

  test('encrypted PKCS#8 with its passphrase', () => {
    const pem = rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
    assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.equal(spki(importPrivateKey(pem, passphrase)), spki(rsa));
  });

  test('legacy encrypted PKCS#1 (Proc-Type header) with its passphrase', () => {
    const pem = rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
    assert.match(pem, /Proc-Type: 4,ENCRYPTED/);
    assert.equal(spki(importPrivateKey(pem, passphrase)), spki(rsa));
    refused(() => importPrivateKey(pem), 'PASSPHRASE_REQUIRED');
    refused(() => importPrivateKey(pem, 'tr0ub4dor&3'), 'BAD_PASSPHRASE', ['tr0ub4dor&3']);
  });

  test('a certificate and its key in one file: the key is taken', async () => {
    const key = importPrivateKey(rsa.export({ type: 'pkcs8', format: 'pem' }) as string);
    const certificate = await createSelfSignedCertificate(key, { commonName: 'bundle' });
    assert.equal(spki(importPrivateKey(certificate + privateKeyPem(key))), spki(rsa));
  });

  test('CRLF line ends, a UTF-8 BOM, indentation and surrounding white space are accepted', () => {
    const pem = rsa.export({ type: 'pkcs8', format: 'pem' }) as string;
    const messy = `\uFEFF \n\t${pem.replace(/\n/g, '\r\n')}\r\n\r\n  `;
    assert.equal(spki(importPrivateKey(messy)), spki(rsa));
    const indented = pem.trim().split('\n').map((line) => `    ${line} `).join('\n'); // as pasted from YAML
    assert.equal(spki(importPrivateKey(indented)), spki(rsa));
    const jwk = `\uFEFF\r\n${JSON.stringify(ec.export({ format: 'jwk' }), null, 2).replace(/\n/g, '\r\n')}\r\n`;
    assert.equal(spki(importPrivateKey(jwk)), spki(ec));
  });
});

describe('importPrivateKey refusals', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const passphrase = 'open sesame 42';
  const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;

  test('a certificate is refused as "a certificate, not a private key"', async () => {
    const key = importPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const certificate = await createSelfSignedCertificate(key, { commonName: 'not-a-key' });
    const error = refused(() => importPrivateKey(certificate), 'NOT_A_PRIVATE_KEY', [bodyLine(certificate)]);
    assert.equal(error.message, 'This is a certificate, not a private key.');
    assert.match(error.hint!, /private key/);
    assert.match(error.hint!, /BEGIN PRIVATE KEY/);
  });

  test('a public key (SPKI, PKCS#1 public or JWK) is refused as "a public key, not a private key"', () => {
    for (const text of [
      rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      JSON.stringify(rsa.publicKey.export({ format: 'jwk' })),
    ]) {
      const error = refused(() => importPrivateKey(text), 'NOT_A_PRIVATE_KEY');
      assert.equal(error.message, 'This is a public key, not a private key.');
      assert.match(error.hint!, /private/);
    }
  });

  test('RSA under 2048 bits is refused (PEM and JWK)', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pem = small.export({ type: 'pkcs8', format: 'pem' }) as string;
    const error = refused(() => importPrivateKey(pem), 'KEY_TOO_SMALL', [bodyLine(pem)]);
    assert.match(error.message, /1024 bits/);
    refused(() => importPrivateKey(JSON.stringify(small.export({ format: 'jwk' }))), 'KEY_TOO_SMALL');
  });

  test('unsupported curves and key types are refused', () => {
    const cases: KeyObject[] = [
      generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
      generateKeyPairSync('ed448').privateKey,
      generateKeyPairSync('x25519').privateKey,
      generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey,
    ];
    for (const key of cases) {
      refused(() => importPrivateKey(key.export({ type: 'pkcs8', format: 'pem' }) as string), 'UNSUPPORTED_KEY');
    }
    refused(() => importPrivateKey('{"kty":"oct","k":"c2VjcmV0"}'), 'UNSUPPORTED_KEY', ['c2VjcmV0']);
  });

  test('an encrypted key without its passphrase asks for it', () => {
    refused(() => importPrivateKey(encrypted), 'PASSPHRASE_REQUIRED', [bodyLine(encrypted)]);
  });

  test('an encrypted key with a wrong passphrase is refused without echoing it', () => {
    refused(() => importPrivateKey(encrypted, 'not the passphrase'), 'BAD_PASSPHRASE', ['not the passphrase', passphrase, bodyLine(encrypted)]);
  });

  test('a truncated PEM is refused (END line missing, or lines cut from the middle)', () => {
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const noEnd = pem.slice(0, pem.length / 2);
    refused(() => importPrivateKey(noEnd), 'INVALID_PEM', [bodyLine(pem)]);
    const lines = pem.trim().split('\n');
    const middleCut = [...lines.slice(0, 5), ...lines.slice(-3)].join('\n');
    refused(() => importPrivateKey(middleCut), 'INVALID_PEM', [bodyLine(pem)]);
  });

  test('garbage is refused: plain text, a damaged body, invalid JSON', () => {
    refused(() => importPrivateKey('hello world'), 'INVALID_PEM', ['hello world']);
    refused(() => importPrivateKey(''), 'INVALID_PEM');
    refused(() => importPrivateKey('-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----'), 'INVALID_PEM', ['not*base64!']);
    refused(() => importPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----'), 'INVALID_PEM');
    refused(() => importPrivateKey('{"kty":"RSA","d":"secretvalue", oops}'), 'INVALID_JWK', ['secretvalue']);
    refused(() => importPrivateKey('{"kty":"RSA","n":"AQAB","e":"AQAB","d":"secretvalue"}'), 'INVALID_JWK', ['secretvalue']);
    refused(() => importPrivateKey('{"keys":[]}'), 'INVALID_JWK');
  });

  test('oversized input is refused before it is parsed', () => {
    const huge = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(MAX_PEM_CHARS)}\n-----END PRIVATE KEY-----`;
    refused(() => importPrivateKey(huge), 'INPUT_TOO_LARGE');
    refused(() => importPublicKey(huge), 'INPUT_TOO_LARGE');
  });
});

describe('importPublicKey', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const expected = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;

  test('reads SPKI, PKCS#1 public, certificate, public JWK and an unencrypted private key', async () => {
    const certificate = await createSelfSignedCertificate(importPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), { commonName: 'pub' });
    for (const text of [
      expected,
      rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      certificate,
      JSON.stringify(rsa.publicKey.export({ format: 'jwk' })),
      rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    ]) {
      const key = importPublicKey(text.replace(/\n/g, '\r\n'));
      assert.equal(key.type, 'public');
      assert.equal(spki(key), expected);
    }
  });

  test('refuses garbage, encrypted private keys, small RSA keys and other PEM blocks', () => {
    refused(() => importPublicKey('garbage'), 'INVALID_PEM');
    refused(() => importPublicKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' }) as string), 'INVALID_PEM');
    refused(() => importPublicKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string), 'KEY_TOO_SMALL');
    refused(() => importPublicKey('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----'), 'INVALID_PEM');
    refused(() => importPublicKey('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'), 'INVALID_PEM');
  });
});

describe('public JWK and thumbprint', () => {
  // RFC 7638 §3.1: the example key and its SHA-256 thumbprint.
  const rfc7638 = {
    kty: 'RSA',
    n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    e: 'AQAB',
    alg: 'RS256',
    kid: '2011-04-29',
  };
  const expectedThumbprint = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

  test('RFC 7638 §3.1 example thumbprint, ignoring non-required members', () => {
    assert.equal(jwkThumbprint(rfc7638), expectedThumbprint);
  });

  test('publicJwk of the RFC 7638 key gets that thumbprint as kid', () => {
    const jwk = publicJwk(importPublicKey(JSON.stringify(rfc7638)));
    assert.equal(jwk.kid, expectedThumbprint);
    assert.equal(jwk.n, rfc7638.n);
  });

  test('thumbprint refuses incomplete or unknown JWKs', () => {
    refused(() => jwkThumbprint({ kty: 'RSA', e: 'AQAB' }), 'INVALID_JWK');
    refused(() => jwkThumbprint({ kty: 'XYZ' } as JWK), 'INVALID_JWK');
  });

  for (const { spec } of SPECS.filter((s) => s.spec.bits !== 4096)) {
    test(`${spec.type} ${spec.bits ?? spec.curve ?? ''}: public members only, kid matches jose's RFC 7638 thumbprint`, async () => {
      const key = await generateKeyPair(spec);
      const jwk = publicJwk(key);
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) assert.equal(member in jwk, false, `no "${member}"`);
      assert.equal(jwk.kid, await calculateJwkThumbprint(jwk, 'sha256'));
      assert.equal('alg' in jwk, false);
      assert.equal('use' in jwk, false);
      // The same from the private key and from the public KeyObject.
      assert.deepEqual(publicJwk(createPublicKey(key.key)), jwk);
      assert.equal(spki(importPublicKey(JSON.stringify(jwk))), spki(key));
    });
  }

  test('alg and use are set when an algorithm is given', async () => {
    const jwk = publicJwk(await generateKeyPair({ type: 'ec' }), 'ES256');
    assert.equal(jwk.alg, 'ES256');
    assert.equal(jwk.use, 'sig');
  });

  test('publicKeyPem is SPKI, from a private or a public key', async () => {
    const key = await generateKeyPair({ type: 'ed25519' });
    const pem = publicKeyPem(key);
    assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(publicKeyPem(createPublicKey(key.key)), pem);
  });
});
