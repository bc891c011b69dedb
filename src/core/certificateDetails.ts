/** What a certificate says, laid out for people: the Certificate Details command. */
import { CURVE_BY_OPENSSL_NAME } from './keys';
import type { CertificateInfo } from './x509';
import { localizable, type Localizable } from '../shared/l10n';

/** One line of the details view: what it is, its value, and whether it is worth a copy action. */
export interface CertificateDetail {
  /** English (the command's result and its copy argument match it); the extension shows it translated. */
  label: Localizable;
  value: string;
  copy: boolean;
}

/** Subject, issuer, validity, key, serial and the four thumbprints (hex as portals list them, base64url as headers carry them). */
export function certificateDetails(info: CertificateInfo): CertificateDetail[] {
  const details = info.publicKey.asymmetricKeyDetails;
  const type = info.publicKey.asymmetricKeyType;
  const key = type === 'rsa' ? `RSA ${details?.modulusLength ?? '?'} bits` : type === 'ec' ? `EC ${curveName(details?.namedCurve)}` : type === 'ed25519' ? 'Ed25519' : String(type);
  const oneLine = (name: string) => name.split('\n').join(', ');
  return [
    { label: localizable('Subject'), value: oneLine(info.subject), copy: true },
    { label: localizable('Issuer'), value: oneLine(info.issuer), copy: true },
    { label: localizable('Valid from'), value: info.notBefore.toISOString(), copy: false },
    { label: localizable('Valid until'), value: info.notAfter.toISOString(), copy: false },
    { label: localizable('Key'), value: key, copy: false },
    { label: localizable('Serial number'), value: info.serialNumber, copy: true },
    { label: localizable('SHA-1 thumbprint (hex, as Entra lists it)'), value: info.sha1Hex, copy: true },
    { label: localizable('SHA-256 thumbprint (hex)'), value: info.sha256Hex, copy: true },
    { label: localizable('x5t (base64url SHA-1, JWT header)'), value: info.x5t, copy: true },
    { label: localizable('x5t#S256 (base64url SHA-256, JWT header)'), value: info.x5tS256, copy: true },
  ];
}

function curveName(openssl: string | undefined): string {
  return (openssl !== undefined && Object.hasOwn(CURVE_BY_OPENSSL_NAME, openssl) ? CURVE_BY_OPENSSL_NAME[openssl] : openssl) ?? '?';
}
