/**
 * How a certificate or a certificate signing request is signed with a key of each type: the
 * AlgorithmIdentifier written into it and Node's signature over the DER (RFC 4055 for RSA,
 * RFC 5758 §3.2 for ECDSA, RFC 8410 §3 for Ed25519), and the key's subjectPublicKey bits for the
 * key identifier. One table, so X.509 and PKCS#10 cannot disagree.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as der from './der';
import type { Curve, PrivateKey } from './keys';

interface Signer {
  /** OID of the signature algorithm. */
  oid: string;
  /** Node's digest name; null for Ed25519 (the digest is part of the algorithm). */
  digest: string | null;
  /** RSA's AlgorithmIdentifier carries a NULL parameter; ECDSA's and Ed25519's carry none. */
  nullParameter: boolean;
  /** What `openssl x509 -text` calls it (for the tests and the details view). */
  name: string;
}

const RSA: Signer = { oid: '1.2.840.113549.1.1.11', digest: 'sha256', nullParameter: true, name: 'sha256WithRSAEncryption' };
const EC: Readonly<Record<Curve, Signer>> = {
  'P-256': { oid: '1.2.840.10045.4.3.2', digest: 'sha256', nullParameter: false, name: 'ecdsa-with-SHA256' },
  'P-384': { oid: '1.2.840.10045.4.3.3', digest: 'sha384', nullParameter: false, name: 'ecdsa-with-SHA384' },
  'P-521': { oid: '1.2.840.10045.4.3.4', digest: 'sha512', nullParameter: false, name: 'ecdsa-with-SHA512' },
};
const ED25519: Signer = { oid: '1.3.101.112', digest: null, nullParameter: false, name: 'ED25519' };

function signerFor(key: PrivateKey): Signer {
  if (key.type === 'rsa') return RSA;
  if (key.type === 'ec') return EC[key.curve ?? 'P-256'];
  return ED25519;
}

/** The signature algorithm's name as openssl prints it. */
export function signatureAlgorithmName(key: PrivateKey): string {
  return signerFor(key).name;
}

/** The DER AlgorithmIdentifier that goes into the signed structure and beside its signature. */
export function signatureAlgorithmIdentifier(key: PrivateKey): Buffer {
  const signer = signerFor(key);
  return der.sequence(der.oid(signer.oid), ...(signer.nullParameter ? [der.nullValue()] : []));
}

/** Signs DER with the key: PKCS#1 v1.5, ECDSA as a DER Ecdsa-Sig-Value, or Ed25519. */
export function signDer(key: PrivateKey, data: Uint8Array): Buffer {
  return sign(signerFor(key).digest, data, key.key);
}

/** Checks a signature made by {@link signDer} with the key's public half. */
export function verifyDer(key: PrivateKey, data: Uint8Array, signature: Uint8Array): boolean {
  return verify(signerFor(key).digest, data, createPublicKey(key.key), signature);
}

/**
 * The subjectPublicKey BIT STRING's value (RFC 5280 §4.2.1.2 hashes it for the key identifier):
 * the PKCS#1 RSAPublicKey, the uncompressed EC point (0x04 ‖ x ‖ y), or Ed25519's 32 octets.
 */
export function subjectPublicKeyBits(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType === 'rsa') return publicKey.export({ type: 'pkcs1', format: 'der' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  return publicKey.asymmetricKeyType === 'ec' ? Buffer.concat([Buffer.from([4]), x, Buffer.from(jwk.y ?? '', 'base64url')]) : x;
}
