/**
 * A certificate's expiry as a state, by one rule with an injected clock: the status bar, the
 * once-a-day notification and `oauth-jwt check` all read {@link certificateExpiry}. No imports
 * beyond types, so the activation bundle can hold it.
 */
import type { Clock } from './clock';

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

/** `expiring` when notAfter is within `withinDays` of the clock, `expired` once it has passed. */
export function certificateExpiry(info: { notBefore: Date; notAfter: Date }, clock: Clock, withinDays: number): CertificateExpiry {
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
