// CONTRACT STUB — to be implemented (keys helper). Signatures are fixed; see TSDoc.
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

export type KeyType = 'rsa' | 'ec' | 'ed25519';
export type RsaBits = 2048 | 3072 | 4096;
export type Curve = 'P-256' | 'P-384' | 'P-521';
export type SigningAlgorithm =
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
];

export interface KeySpec {
  type: KeyType;
  /** RSA only; default 2048. */
  bits?: RsaBits;
  /** EC only; default P-256. */
  curve?: Curve;
}

/** A private key that passed every check, with what we know of it. */
export interface PrivateKey {
  readonly key: KeyObject;
  readonly type: KeyType;
  /** RSA modulus length. */
  readonly bits?: number;
  /** EC curve. */
  readonly curve?: Curve;
}

/** Generates a key pair with Node's asynchronous crypto.generateKeyPair (never blocks the event loop). */
export declare function generateKeyPair(spec: KeySpec): Promise<PrivateKey>;

/**
 * Imports a private key from text: PEM PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 (needs `passphrase`),
 * or a private JWK (JSON). Size-capped before parsing. Refuses certificates and public keys
 * (NOT_A_PRIVATE_KEY, saying exactly that), RSA under 2048 bits (KEY_TOO_SMALL), a missing or
 * wrong passphrase (PASSPHRASE_REQUIRED / BAD_PASSPHRASE), anything else unreadable (INVALID_PEM / INVALID_JWK).
 * Tolerates CRLF line ends, a UTF-8 BOM and surrounding white space.
 */
export declare function importPrivateKey(text: string, passphrase?: string): PrivateKey;

/** Imports a public key (SPKI PEM, PKCS#1 public PEM, certificate PEM or public JWK JSON). */
export declare function importPublicKey(text: string): KeyObject;

/** PKCS#8 PEM of the private key (what `private.key` holds). */
export declare function privateKeyPem(key: PrivateKey): string;

/** SPKI PEM of the public key (`public.pem`). */
export declare function publicKeyPem(key: PrivateKey | KeyObject): string;

/** Public JWK with `kid` = RFC 7638 SHA-256 thumbprint; never any private member. `alg` and `use: "sig"` set when given. */
export declare function publicJwk(key: PrivateKey | KeyObject, alg?: SigningAlgorithm): JWK & { kid: string };

/** RFC 7638 SHA-256 thumbprint (base64url) of a public JWK. */
export declare function jwkThumbprint(jwk: JWK): string;

