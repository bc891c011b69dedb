/**
 * Self-signed certificates (the `certificate_pub.crt` users upload) and reading certificates.
 * node-forge only assembles the ASN.1 of a certificate we build ourselves; Node's crypto signs it,
 * and Node's X509Certificate reads and checks everything, including what the user gives us.
 */
import { createHash, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { OAuthJwtError } from './errors';
import { publicKeyPem, type PrivateKey } from './keys';
import { MAX_PEM_CHARS } from './limits';
import { findPemBlocks, normalizeInput, pemEncode } from './pem';

export interface CertificateOptions {
  /** Subject and issuer CN. */
  commonName: string;
  /** Validity in days from now (default 365). */
  days?: number;
  /** Milliseconds since the epoch; default Date.now(). */
  now?: number;
}

/** X.520 upper bound for a common name. */
const MAX_COMMON_NAME = 64;
/** About a hundred years: beyond that a certificate is a typo, not a choice. */
const MAX_DAYS = 36_500;
const DAY_MS = 86_400_000;
const SERIAL_OCTETS = 20;

/**
 * Builds a self-signed X.509 v3 certificate (sha256WithRSAEncryption, random positive serial of at
 * most 20 octets) for an RSA key, like `openssl req -x509 -sha256 -nodes -newkey rsa:2048`.
 * node-forge is loaded only here (dynamic import) and only builds the TBSCertificate; the signature
 * is made with Node's crypto. The result is checked with Node's X509Certificate (verifies with its own
 * key, matches the private key) before it is returned. Returns PEM.
 */
export async function createSelfSignedCertificate(key: PrivateKey, options: CertificateOptions): Promise<string> {
  if (key.type !== 'rsa') {
    throw new OAuthJwtError(
      'UNSUPPORTED_KEY',
      `Certificates are made for RSA keys only; this is an ${key.type === 'ec' ? 'EC' : 'Ed25519'} key.`,
      'Use an RSA key for a certificate, or register the public key as a JWK (public.jwk.json) instead.',
    );
  }
  const commonName = checkCommonName(options.commonName);
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new OAuthJwtError('INVALID_OPTION', `The validity must be a whole number of days from 1 to ${MAX_DAYS}.`, 'Choose the number of days, e.g. 365.');
  }
  const now = options.now ?? Date.now();

  const forge = await loadForge();
  let der: Buffer;
  try {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem(key));
    cert.serialNumber = randomSerialHex();
    cert.validity.notBefore = new Date(now);
    cert.validity.notAfter = new Date(now + days * DAY_MS);
    // UTF8String, as openssl writes it (forge's default, PrintableString, cannot hold "@", "_" or accents).
    // The typings call valueTagClass an asn1.Class, but forge reads it as the value's asn1.Type.
    const name = [{ name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as typeof forge.asn1.Class.UNIVERSAL }];
    cert.setSubject(name);
    cert.setIssuer(name);
    // What `openssl req -x509` adds by default (openssl.cnf v3_ca).
    cert.setExtensions([
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: true },
      { name: 'basicConstraints', cA: true, critical: true },
    ]);
    cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption!;
    cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
    // getTBSCertificate exists in node-forge but is missing from its typings.
    const pki = forge.pki as typeof forge.pki & { getTBSCertificate(c: typeof cert): ReturnType<typeof forge.pki.certificateToAsn1> };
    const tbs = pki.getTBSCertificate(cert);
    const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
    // Node signs natively: forge's pure-JS RSA would block the event loop.
    cert.signature = sign('sha256', tbsDer, key.key).toString('binary');
    cert.tbsCertificate = tbs; // reuse exactly the bytes that were signed
    der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  } catch {
    throw certificateFailed();
  }

  let verified = false;
  try {
    const x509 = new X509Certificate(der);
    verified = x509.verify(x509.publicKey) && x509.checkPrivateKey(key.key);
  } catch {
    verified = false;
  }
  if (!verified) throw certificateFailed();
  return pemEncode('CERTIFICATE', der);
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
  publicKey: KeyObject;
}

/** Reads a PEM certificate (size-capped; INVALID_PEM when it is not one). */
export function readCertificate(pem: string): CertificateInfo {
  const input = normalizeInput(pem, 'certificate', MAX_PEM_CHARS);
  const blocks = findPemBlocks(input);
  const block = blocks.find((b) => b.label === 'CERTIFICATE');
  if (!block) {
    const label = blocks[0]?.label;
    const what = label === undefined ? 'This is not a PEM certificate' : /PRIVATE KEY/.test(label) ? 'This is a private key, not a certificate' : `This is a "${label}", not a certificate`;
    throw new OAuthJwtError('INVALID_PEM', `${what}.`, 'Give the certificate file (e.g. certificate_pub.crt, beginning with "-----BEGIN CERTIFICATE-----").');
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(block.text);
  } catch {
    throw new OAuthJwtError('INVALID_PEM', 'The certificate could not be read: it is damaged or truncated.', 'Copy the whole certificate again, from the BEGIN line to the END line.');
  }
  return {
    subject: x509.subject,
    issuer: x509.issuer,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    serialNumber: x509.serialNumber,
    x5tS256: createHash('sha256').update(x509.raw).digest('base64url'),
    x5t: createHash('sha1').update(x509.raw).digest('base64url'),
    publicKey: x509.publicKey,
  };
}

function checkCommonName(value: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  // Control characters would make a name that tools display differently from what was typed.
  if (name === '' || name.length > MAX_COMMON_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new OAuthJwtError('INVALID_OPTION', `The certificate's common name (CN) must be 1 to ${MAX_COMMON_NAME} printable characters.`, 'Choose a short name, e.g. your application\'s name.');
  }
  return name;
}

/**
 * 20 random octets whose first is 0x01–0x7f: positive (high bit clear) and minimally encoded in DER
 * (a leading zero octet would be), so the serial is exactly 20 octets (RFC 5280 §4.1.2.2).
 */
function randomSerialHex(): string {
  const serial = randomBytes(SERIAL_OCTETS);
  serial[0] = serial[0]! & 0x7f;
  while (serial[0] === 0) serial[0] = randomBytes(1)[0]! & 0x7f;
  return serial.toString('hex');
}

type Forge = typeof import('node-forge');

/** node-forge, loaded on first use only: the bundler maps this import to a separate file, off the activation path. */
async function loadForge(): Promise<Forge> {
  const loaded = (await import('node-forge')) as Forge & { default?: Forge };
  // A CommonJS module seen through import(): Node puts its exports on `default`; the bundle has both.
  return loaded.default ?? loaded;
}

function certificateFailed(): OAuthJwtError {
  return new OAuthJwtError(
    'CERTIFICATE_FAILED',
    'The self-signed certificate could not be built or did not verify with its own key.',
    'Try again; if it keeps failing, create the certificate with openssl req -x509 and import the key.',
  );
}
