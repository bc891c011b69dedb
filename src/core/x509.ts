// CONTRACT STUB — to be implemented (keys helper). Signatures are fixed; see TSDoc.
import type { KeyObject } from 'node:crypto';
import type { PrivateKey } from './keys';

export interface CertificateOptions {
  /** Subject and issuer CN. */
  commonName: string;
  /** Validity in days from now (default 365). */
  days?: number;
  /** Milliseconds since the epoch; default Date.now(). */
  now?: number;
}

/**
 * Builds a self-signed X.509 v3 certificate (sha256WithRSAEncryption, random positive serial of at
 * most 20 octets) for an RSA key, like `openssl req -x509 -sha256 -nodes -newkey rsa:2048`.
 * node-forge is loaded only here (dynamic import) and only builds the TBSCertificate; the signature
 * is made with Node's crypto. The result is checked with Node's X509Certificate (verifies with its own
 * key, matches the private key) before it is returned. Returns PEM.
 */
export declare function createSelfSignedCertificate(key: PrivateKey, options: CertificateOptions): Promise<string>;

export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  /** base64url SHA-256 of the DER certificate (JWS `x5t#S256`). */
  x5tS256: string;
  /** base64url SHA-1 of the DER certificate (JWS `x5t`). */
  x5t: string;
  publicKey: KeyObject;
}

/** Reads a PEM certificate (size-capped; INVALID_PEM when it is not one). */
export declare function readCertificate(pem: string): CertificateInfo;
