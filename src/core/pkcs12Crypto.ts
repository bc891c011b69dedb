/**
 * The password-based cryptography of PKCS#12 files (RFC 7292, RFC 8018): the PKCS#12 key derivation
 * (Appendix B) for the MAC and the legacy PBE schemes, PBES2 (PBKDF2 + AES or 3DES) for modern
 * files. Every iteration count is checked against the same cap as encrypted PKCS#8 keys before any
 * work is done (keyDerivationCost.ts).
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { count, objectId, octetString, sequence, type Tlv } from './derReader';
import { type Message, msg, OAuthJwtError } from './errors';
import { assertAffordableAlgorithm, assertAffordableIterations } from './keyDerivationCost';
import { rc2CbcDecrypt } from './rc2';

/** Hashes by OID, with the PKCS#12 KDF block size v (bytes). */
const DIGESTS: Readonly<Record<string, { name: string; v: number }>> = {
  '1.3.14.3.2.26': { name: 'sha1', v: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', v: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', v: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', v: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', v: 128 },
};
/** PBKDF2 pseudo-random functions by OID (RFC 8018 B.1). */
const PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
/** PBES2 ciphers by OID, with key length. */
const CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
/** PKCS#12 PBE schemes (RFC 7292 Appendix C) by OID: SHA-1 key derivation, then the cipher. */
const PKCS12_PBE: Readonly<Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number; rc2Bits?: number }>> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

/** The password as PKCS#12 wants it: UTF-16BE with a terminating zero (RFC 7292 B.1); empty for "no password". */
export function bmpPassword(password: string | null): Buffer {
  if (password === null) return Buffer.alloc(0);
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/** RFC 7292 Appendix B.2: `n` bytes of key material of purpose `id` (1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(hash: string, v: number, password: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number): Buffer {
  assertAffordableIterations(iterations);
  const fill = (bytes: Buffer) => {
    if (bytes.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(bytes.length / v));
    for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length]!;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(password)]);
  const blocks: Buffer[] = [];
  let produced = 0;
  while (produced < n) {
    let a = createHash(hash).update(d).update(i).digest();
    for (let round = 1; round < iterations; round++) a = createHash(hash).update(a).digest();
    blocks.push(a);
    produced += a.length;
    // I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes.
    for (let at = 0; at < i.length; at += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[at + k]! + a[k % a.length]! + carry;
        i[at + k] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, n);
}

export interface MacData {
  digest: string;
  v: number;
  expected: Buffer;
  salt: Buffer;
  iterations: number;
}

/** Reads MacData (RFC 7292 §4); an unknown digest or PBMAC1 is refused by name. */
export function readMacData(tlv: Tlv): MacData {
  const [digestInfo, salt, iterations] = sequence(tlv);
  const [algorithm, expected] = sequence(digestInfo);
  const oid = objectId(sequence(algorithm)[0]);
  const digest = DIGESTS[oid];
  if (!digest) {
    throw new OAuthJwtError('UNSUPPORTED_KEY', msg('This PKCS#12 file is protected by a MAC that is not read here (algorithm {0}).', oid), msg('Export it again with a SHA-1 or SHA-256 MAC, e.g. openssl pkcs12 -export -macalg sha256.'));
  }
  return { digest: digest.name, v: digest.v, expected: octetString(expected), salt: octetString(salt), iterations: iterations ? count(iterations) : 1 };
}

/** Whether the MAC over `authSafe` verifies with this password (BMP-encoded). */
export function macMatches(mac: MacData, password: Buffer, authSafe: Buffer): boolean {
  const size = createHash(mac.digest).digest().length;
  const key = pkcs12Kdf(mac.digest, mac.v, password, mac.salt, 3, mac.iterations, size);
  const actual = createHmac(mac.digest, key).update(authSafe).digest();
  return actual.length === mac.expected.length && timingSafeEqual(actual, mac.expected);
}

/**
 * Decrypts data encrypted under an AlgorithmIdentifier of PBES2 (PBKDF2 with AES or 3DES) or a
 * PKCS#12 PBE scheme. `password` is the text; PKCS#12 PBE uses `bmp`, its BMP form. Returns
 * undefined when the result is not properly padded (a wrong password); throws UNSUPPORTED_KEY for
 * a scheme not read here and for a cost over the cap; DerError for damaged parameters.
 */
export function pbeDecrypt(algorithmIdentifier: Tlv, password: string, bmp: Buffer, data: Buffer): Buffer | undefined {
  assertAffordableAlgorithm(algorithmIdentifier);
  const [schemeTlv, paramsTlv] = sequence(algorithmIdentifier);
  const scheme = objectId(schemeTlv);
  if (scheme === PBES2) {
    const [kdf, encryption] = sequence(paramsTlv);
    const [kdfId, kdfParams] = sequence(kdf);
    if (objectId(kdfId) !== PBKDF2) throw unsupported(msg('This PKCS#12 file is encrypted with a key derivation other than PBKDF2, which is not read here.'));
    const [salt, iterations, ...rest] = sequence(kdfParams);
    const prfTlv = rest.find((t) => t.tag === 0x30);
    const prfOid = prfTlv ? objectId(sequence(prfTlv)[0]) : '1.2.840.113549.2.7';
    const prf = PRFS[prfOid];
    const [cipherId, iv] = sequence(encryption);
    const cipher = CIPHERS[objectId(cipherId)];
    if (!prf || !cipher) throw unsupported(msg('This PKCS#12 file is encrypted with a PBES2 cipher or PRF other than AES/3DES-CBC with HMAC-SHA-1/2, which is not read here.'));
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), octetString(salt), count(iterations), cipher.keyLength, prf);
    return decipher(cipher.name, key, octetString(iv), data);
  }
  const pbe = PKCS12_PBE[scheme];
  if (!pbe) throw unsupported(scheme.startsWith('1.2.840.113549.1.12.1.')
    ? msg('This PKCS#12 file is encrypted with RC4 (pbeWithSHAAndRC4), which is broken, which is not read here.')
    : msg('This PKCS#12 file is encrypted with the scheme {0}, which is not read here.', scheme));
  const [salt, iterations] = sequence(paramsTlv);
  const key = pkcs12Kdf('sha1', 64, bmp, octetString(salt), 1, count(iterations), pbe.keyLength);
  const iv = pkcs12Kdf('sha1', 64, bmp, octetString(salt), 2, count(iterations), 8);
  if (pbe.cipher === 'rc2') return rc2CbcDecrypt(key, pbe.rc2Bits!, iv, data);
  return decipher(pbe.cipher, key, iv, data);
}

function decipher(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer | undefined {
  try {
    const d = createDecipheriv(name, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return undefined;
  }
}

function unsupported(message: Message): OAuthJwtError {
  return new OAuthJwtError('UNSUPPORTED_KEY', message, msg('Export it again with AES, e.g. openssl pkcs12 -export (OpenSSL 3 defaults), or export the key as PEM.'));
}

