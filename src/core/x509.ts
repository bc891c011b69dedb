/**
 * Self-signed certificates (the `certificate_pub.crt` users upload, for every key type) and reading certificates.
 * The certificate's DER is written here (der.ts: a dozen fixed fields need no ASN.1 library, and
 * loading one — node-forge, 300 KB of JavaScript — blocked the event loop for 30–40 ms); Node's
 * crypto signs it, and Node's X509Certificate reads and checks everything, including what the
 * user gives us.
 */
import { createHash, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import * as der from './der';
import { encodeName } from './distinguishedName';
import { msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';
import type { PrivateKey } from './keys';
import { MAX_PEM_CHARS } from './limits';
import { findPemBlocks, normalizeInput, pemEncode } from './pem';
import { signatureAlgorithmIdentifier, signDer, subjectPublicKeyBits } from './signatureAlgorithm';

export interface CertificateOptions {
  /** Subject and issuer CN. */
  commonName: string;
  /** Validity in days from now (default 365). */
  days?: number;
  /** Milliseconds since the epoch; default Date.now(). */
  now?: number;
  /** IPv4 addresses for a subjectAltName (a local HTTPS server's certificate: 127.0.0.1). */
  ipAddresses?: string[];
}

/** X.520 upper bound for a common name. */
const MAX_COMMON_NAME = 64;
/** About a hundred years: beyond that a certificate is a typo, not a choice. */
const MAX_DAYS = 36_500;
const DAY_MS = 86_400_000;
const SERIAL_OCTETS = 20;

function ipv4Octets(ip: string): Buffer {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) {
    throw new OAuthJwtError('INVALID_OPTION', msg('"{0}" is not an IPv4 address.', ip), msg('Give addresses like 127.0.0.1.'));
  }
  return Buffer.from(parts);
}

/** Object identifiers of the extensions the certificate carries. */
const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  basicConstraints: '2.5.29.19',
  subjectAltName: '2.5.29.17',
} as const;

/**
 * Builds a self-signed X.509 v3 certificate for an RSA, EC (P-256/P-384/P-521) or Ed25519 key —
 * sha256WithRSAEncryption, ecdsa-with-SHA256/384/512 by curve, or Ed25519 (signatureAlgorithm.ts)
 * — with a random positive serial of exactly 20 octets, the CN as UTF8String, and the extensions
 * `openssl req -x509 -sha256 -nodes -newkey rsa:2048` adds (subject and authority key identifier,
 * critical basicConstraints CA:TRUE). Everything runs in microseconds apart from the signature,
 * which is Node's. The result is checked with Node's X509Certificate (verifies with its own key,
 * matches the private key) before it is returned. Returns PEM.
 */
export async function createSelfSignedCertificate(key: PrivateKey, options: CertificateOptions): Promise<string> {
  const commonName = checkCommonName(options.commonName);
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new OAuthJwtError('INVALID_OPTION', msg('The validity must be a whole number of days from 1 to {0}.', MAX_DAYS), msg('Choose the number of days, e.g. 365.'));
  }
  // Whole seconds: what the certificate can hold.
  const notBefore = Math.floor((options.now ?? Date.now()) / 1000) * 1000;
  const ips = (options.ipAddresses ?? []).map(ipv4Octets);

  let certificate: Buffer;
  try {
    const publicKey = createPublicKey(key.key);
    // RFC 5280 §4.2.1.2 (1): the SHA-1 of the subjectPublicKey BIT STRING's value.
    const keyId = createHash('sha1').update(subjectPublicKeyBits(publicKey)).digest();
    const algorithm = signatureAlgorithmIdentifier(key);
    const name = encodeName([{ type: 'CN', value: commonName }]);
    const extension = (id: string, value: Buffer, critical = false) =>
      der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
    const tbs = der.sequence(
      der.explicit(0, der.smallInteger(2)), // v3
      der.integerOctets(randomSerial()),
      algorithm,
      name, // issuer
      der.sequence(der.time(new Date(notBefore)), der.time(new Date(notBefore + days * DAY_MS))),
      name, // subject
      publicKey.export({ type: 'spki', format: 'der' }),
      der.explicit(3, der.sequence(
        extension(OID.subjectKeyIdentifier, der.octetString(keyId)),
        extension(OID.authorityKeyIdentifier, der.sequence(der.implicitPrimitive(0, keyId))),
        extension(OID.basicConstraints, der.sequence(der.boolean(true)), true),
        // RFC 5280 §4.2.1.6: GeneralNames, iPAddress [7] = the four octets.
        ...(ips.length ? [extension(OID.subjectAltName, der.sequence(...ips.map((octets) => der.implicitPrimitive(7, octets))))] : []),
      )),
    );
    certificate = der.sequence(tbs, algorithm, der.bitString(signDer(key, tbs)));
  } catch {
    throw certificateFailed();
  }

  let verified = false;
  try {
    const x509 = new X509Certificate(certificate);
    verified = x509.verify(x509.publicKey) && x509.checkPrivateKey(key.key);
  } catch {
    verified = false;
  }
  if (!verified) throw certificateFailed();
  return pemEncode('CERTIFICATE', certificate);
}

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
  /** SHA-1 of the DER in upper-case hex without separators: the "thumbprint" Entra and Windows list. */
  sha1Hex: string;
  /** SHA-256 of the DER in upper-case hex without separators. */
  sha256Hex: string;
  publicKey: KeyObject;
}

/** Reads a PEM certificate (size-capped; INVALID_PEM when it is not one). */
export function readCertificate(pem: string): CertificateInfo {
  const input = normalizeInput(pem, msg('The certificate'), MAX_PEM_CHARS);
  const blocks = findPemBlocks(input);
  const block = blocks.find((b) => b.label === 'CERTIFICATE');
  if (!block) {
    const label = blocks[0]?.label;
    const message = label === undefined ? msg('This is not a PEM certificate.') : /PRIVATE KEY/.test(label) ? msg('This is a private key, not a certificate.') : msg('This is a "{0}", not a certificate.', label);
    throw new OAuthJwtError('INVALID_PEM', message, msg('Give the certificate file (e.g. certificate_pub.crt, beginning with "-----BEGIN CERTIFICATE-----").'));
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(block.text);
  } catch {
    throw new OAuthJwtError('INVALID_PEM', msg('The certificate could not be read: it is damaged or truncated.'), msg('Copy the whole certificate again, from the BEGIN line to the END line.'));
  }
  return {
    subject: x509.subject,
    issuer: x509.issuer,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    serialNumber: x509.serialNumber,
    x5tS256: createHash('sha256').update(x509.raw).digest('base64url'),
    x5t: createHash('sha1').update(x509.raw).digest('base64url'),
    sha1Hex: createHash('sha1').update(x509.raw).digest('hex').toUpperCase(),
    sha256Hex: createHash('sha256').update(x509.raw).digest('hex').toUpperCase(),
    publicKey: x509.publicKey,
  };
}

/**
 * Throws CERTIFICATE_MISMATCH unless the certificate holds the public half of this private key
 * (their SPKI DER compared): a thumbprint of another key's certificate names the wrong key.
 */
export function assertCertificateMatchesKey(certificate: CertificateInfo, key: PrivateKey, where: MessageArgument = msg('The certificate')): void {
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  if (!spki(certificate.publicKey).equals(spki(createPublicKey(key.key)))) {
    throw new OAuthJwtError('CERTIFICATE_MISMATCH', msg('{0} ({1}) belongs to another key, not to this private key.', where, certificate.subject),
      msg('Choose the certificate made for this key (for example certificate_pub.crt written with it), or import the key that goes with the certificate.'));
  }
}

/**
 * The certificate in a PEM bundle that also holds a private key (openssl's `cat key cert`, many
 * exports): the PEM of the first CERTIFICATE block when its public key is this key's, else undefined.
 */
export function certificateInBundle(text: string, key: PrivateKey): string | undefined {
  const block = findPemBlocks(normalizeInput(text, msg('The key file'), MAX_PEM_CHARS)).find((b) => b.label === 'CERTIFICATE');
  if (!block) return undefined;
  try {
    assertCertificateMatchesKey(readCertificate(block.text), key);
  } catch {
    return undefined;
  }
  return block.text.endsWith('\n') ? block.text : `${block.text}\n`;
}

function checkCommonName(value: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  // Control characters would make a name that tools display differently from what was typed.
  if (name === '' || name.length > MAX_COMMON_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new OAuthJwtError('INVALID_OPTION', msg('The certificate\'s common name (CN) must be 1 to {0} printable characters.', MAX_COMMON_NAME), msg('Choose a short name, e.g. your application\'s name.'));
  }
  return name;
}

/**
 * 20 random octets whose first is 0x01–0x7f: positive (high bit clear) and minimally encoded in DER
 * (a leading zero octet would be), so the serial is exactly 20 octets (RFC 5280 §4.1.2.2).
 */
function randomSerial(): Buffer {
  const serial = randomBytes(SERIAL_OCTETS);
  serial[0] = serial[0]! & 0x7f;
  while (serial[0] === 0) serial[0] = randomBytes(1)[0]! & 0x7f;
  return serial;
}

function certificateFailed(): OAuthJwtError {
  return new OAuthJwtError(
    'CERTIFICATE_FAILED',
    msg('The self-signed certificate could not be built or did not verify with its own key.'),
    msg('Try again; if it keeps failing, create the certificate with openssl req -x509 and import the key.'),
  );
}
