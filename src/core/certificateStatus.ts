/**
 * What a certificate says, laid out for people (the details view, the CLI) and its expiry as a
 * state with a frozen-clock-testable rule: the status bar, the notification and `oauth-jwt check`
 * all read {@link certificateExpiry}.
 */
import type { Clock } from './clock';
import { CURVE_BY_OPENSSL_NAME } from './keys';
import type { CertificateInfo } from './x509';

const DAY_MS = 86_400_000;
/** The warning window a setting may ask for: a negative or enormous value is a mistake, not a choice. */
export const MAX_WARNING_DAYS = 3650;
export const DEFAULT_WARNING_DAYS = 30;

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'notYetValid';

export interface CertificateExpiry {
  state: ExpiryState;
  notAfter: Date;
  /** Whole days until notAfter, rounded toward zero (negative once expired by a day or more). */
  daysLeft: number;
}

/** A warning-days value from settings or the command line, clamped to 0…{@link MAX_WARNING_DAYS}; anything not a number gives the default. */
export function warningDays(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_WARNING_DAYS;
  return Math.min(MAX_WARNING_DAYS, Math.max(0, Math.floor(value)));
}

/** `expiring` when notAfter is within `withinDays` of the clock, `expired` once it has passed. */
export function certificateExpiry(info: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, clock: Clock, withinDays: number): CertificateExpiry {
  const now = clock();
  const left = info.notAfter.getTime() - now;
  const daysLeft = Math.trunc(left / DAY_MS) || 0;
  const state: ExpiryState = left <= 0 ? 'expired' : left <= withinDays * DAY_MS ? 'expiring' : info.notBefore.getTime() > now ? 'notYetValid' : 'valid';
  return { state, notAfter: info.notAfter, daysLeft };
}

/** "expires on 2026-12-12 (in 10 days)" / "expired on … (3 days ago)". */
export function describeExpiry(expiry: CertificateExpiry): string {
  const date = expiry.notAfter.toISOString().slice(0, 10);
  if (expiry.state === 'expired') {
    const ago = -expiry.daysLeft;
    return `expired on ${date} (${ago <= 0 ? 'today' : `${ago} day${ago === 1 ? '' : 's'} ago`})`;
  }
  return `expires on ${date} (${expiry.daysLeft === 0 ? 'within a day' : `in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'}`})`;
}

/** One line of the details view: what it is, its value, and whether it is worth a copy action. */
export interface CertificateDetail {
  label: string;
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
    { label: 'Subject', value: oneLine(info.subject), copy: true },
    { label: 'Issuer', value: oneLine(info.issuer), copy: true },
    { label: 'Valid from', value: info.notBefore.toISOString(), copy: false },
    { label: 'Valid until', value: info.notAfter.toISOString(), copy: false },
    { label: 'Key', value: key, copy: false },
    { label: 'Serial number', value: info.serialNumber, copy: true },
    { label: 'SHA-1 thumbprint (hex, as Entra lists it)', value: info.sha1Hex, copy: true },
    { label: 'SHA-256 thumbprint (hex)', value: info.sha256Hex, copy: true },
    { label: 'x5t (base64url SHA-1, JWT header)', value: info.x5t, copy: true },
    { label: 'x5t#S256 (base64url SHA-256, JWT header)', value: info.x5tS256, copy: true },
  ];
}

function curveName(openssl: string | undefined): string {
  return (openssl !== undefined && Object.hasOwn(CURVE_BY_OPENSSL_NAME, openssl) ? CURVE_BY_OPENSSL_NAME[openssl] : openssl) ?? '?';
}
