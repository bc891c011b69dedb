/**
 * Certificate signing requests (PKCS#10, RFC 2986) for organisations whose own CA signs the
 * certificate: the subject as openssl's `-subj` writes it, optional subject alternative names, the
 * public key, signed with the private key (signatureAlgorithm.ts). The request is checked with the
 * key's public half before it is returned.
 */
import { createPublicKey } from 'node:crypto';
import { isIPv4 } from 'node:net';
import * as der from './der';
import { encodeName, parseSubject } from './distinguishedName';
import { msg, OAuthJwtError } from './errors';
import type { PrivateKey } from './keys';
import { pemEncode } from './pem';
import { signatureAlgorithmIdentifier, signDer, verifyDer } from './signatureAlgorithm';

export interface CsrOptions {
  /** openssl `-subj` form: "/CN=my-app/O=Example Ltd". */
  subject: string;
  /** Subject alternative names as openssl writes them: "DNS:api.example.com", "URI:…", "email:…", "IP:192.0.2.1". */
  subjectAltNames?: readonly string[];
}

const OID = {
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
} as const;

const MAX_SANS = 100;
const MAX_SAN_CHARS = 255;
const sanHint = msg('Write each name as TYPE:value, e.g. DNS:api.example.com, URI:https://example.com/app, email:ops@example.com or IP:192.0.2.1.');

/** GeneralName tags (RFC 5280 §4.2.1.6), context-specific and primitive. */
const SAN_TYPES: Readonly<Record<string, { tag: number; check: (value: string) => Buffer | undefined }>> = {
  DNS: { tag: 2, check: (v) => (/^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(v) ? Buffer.from(v, 'ascii') : undefined) },
  URI: { tag: 6, check: (v) => (/^[A-Za-z][A-Za-z0-9+.-]*:[\u0021-\u007e]+$/.test(v) ? Buffer.from(v, 'ascii') : undefined) },
  email: { tag: 1, check: (v) => (/^[\u0021-\u003f\u0041-\u007e]+@[A-Za-z0-9.-]+$/.test(v) ? Buffer.from(v, 'ascii') : undefined) },
  IP: { tag: 7, check: (v) => (isIPv4(v) ? Buffer.from(v.split('.').map(Number)) : undefined) },
};

/** Parses "TYPE:value" names into DER GeneralNames; INVALID_OPTION naming the bad one otherwise. */
export function encodeSubjectAltNames(names: readonly string[]): Buffer {
  if (names.length > MAX_SANS) throw new OAuthJwtError('INVALID_OPTION', msg('More than {0} subject alternative names.', MAX_SANS), msg('Give fewer names.'));
  return der.sequence(
    ...names.map((name, index) => {
      const colon = name.indexOf(':');
      const type = colon > 0 ? name.slice(0, colon) : '';
      const value = colon > 0 ? name.slice(colon + 1).trim() : '';
      const known = Object.hasOwn(SAN_TYPES, type) ? SAN_TYPES[type] : undefined;
      const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
      if (!known) throw new OAuthJwtError('INVALID_OPTION', msg('Subject alternative name {0} ({1}) has no known type (DNS, URI, email, IP).', index + 1, shown), sanHint);
      const octets = value.length <= MAX_SAN_CHARS ? known.check(value) : undefined;
      if (!octets) throw new OAuthJwtError('INVALID_OPTION', msg('Subject alternative name {0} ({1}) is not a valid {2} name.', index + 1, shown, type), sanHint);
      return der.implicitPrimitive(known.tag, octets);
    }),
  );
}

/** Builds and signs a PKCS#10 request for the key; returns PEM ("CERTIFICATE REQUEST"). */
export function createCertificateSigningRequest(key: PrivateKey, options: CsrOptions): string {
  const subject = encodeName(parseSubject(options.subject));
  const sans = options.subjectAltNames ?? [];
  const attributes = sans.length === 0
    ? []
    : [der.sequence(der.oid(OID.extensionRequest), der.set(der.sequence(der.sequence(der.oid(OID.subjectAltName), der.octetString(encodeSubjectAltNames(sans))))))];
  const info = der.sequence(
    der.smallInteger(0), // version 1
    subject,
    createPublicKey(key.key).export({ type: 'spki', format: 'der' }),
    der.implicitConstructed(0, ...attributes),
  );
  let request: Buffer;
  try {
    const signature = signDer(key, info);
    if (!verifyDer(key, info, signature)) throw new Error('signature check');
    request = der.sequence(info, signatureAlgorithmIdentifier(key), der.bitString(signature));
  } catch {
    throw new OAuthJwtError('CERTIFICATE_FAILED', msg('The certificate signing request could not be signed or did not verify with its own key.'), msg('Try again; if it keeps failing, create the request with openssl req -new -key FILE.'));
  }
  return pemEncode('CERTIFICATE REQUEST', request);
}
