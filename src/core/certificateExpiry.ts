/**
 * A certificate's expiry as a state, by one rule with an injected clock: the status bar, the
 * once-a-day notification and `oauth-jwt check` all read {@link certificateExpiry}. No imports
 * beyond types, so the activation bundle can hold it.
 */
import type { Clock } from './clock';
import { english, type L10n } from '../shared/l10n';

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
export function describeExpiry(expiry: CertificateExpiry, l10n: L10n = english): string {
  const date = expiry.notAfter.toISOString().slice(0, 10);
  if (expiry.state === 'expired') {
    const ago = -expiry.daysLeft;
    return l10n.t('expired on {0} ({1})', date, ago <= 0 ? l10n.t('today') : ago === 1 ? l10n.t('1 day ago') : l10n.t('{0} days ago', ago));
  }
  return l10n.t('expires on {0} ({1})', date, expiry.daysLeft === 0 ? l10n.t('within a day') : expiry.daysLeft === 1 ? l10n.t('in 1 day') : l10n.t('in {0} days', expiry.daysLeft));
}
