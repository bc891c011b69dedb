/** Times as people read them: "in 5 minutes", "2 hours ago", and a date. Shared by the claim editor (webview) and the JWT hover (engine). */
import { english, type L10n } from './l10n';

/** Each unit's four phrasings (future and past, one and many), whole, so that a language can inflect them. */
const UNITS: [limitMs: number, unitMs: number, phrase: (l10n: L10n, n: number, future: boolean) => string][] = [
  [60_000, 1000, (l10n, n, future) => (future ? (n === 1 ? l10n.t('in 1 second') : l10n.t('in {0} seconds', n)) : n === 1 ? l10n.t('1 second ago') : l10n.t('{0} seconds ago', n))],
  [3_600_000, 60_000, (l10n, n, future) => (future ? (n === 1 ? l10n.t('in 1 minute') : l10n.t('in {0} minutes', n)) : n === 1 ? l10n.t('1 minute ago') : l10n.t('{0} minutes ago', n))],
  [86_400_000, 3_600_000, (l10n, n, future) => (future ? (n === 1 ? l10n.t('in 1 hour') : l10n.t('in {0} hours', n)) : n === 1 ? l10n.t('1 hour ago') : l10n.t('{0} hours ago', n))],
  [Infinity, 86_400_000, (l10n, n, future) => (future ? (n === 1 ? l10n.t('in 1 day') : l10n.t('in {0} days', n)) : n === 1 ? l10n.t('1 day ago') : l10n.t('{0} days ago', n))],
];

/** `at` relative to `now` (both ms): "now", "in 5 minutes", "3 days ago". */
export function relativeTime(at: number, now: number, l10n: L10n = english): string {
  const ms = at - now;
  const abs = Math.abs(ms);
  if (abs < 1000) return l10n.t('now');
  const [, unit, phrase] = UNITS.find(([limit]) => abs < limit)!;
  return phrase(l10n, Math.round(abs / unit), ms > 0);
}

/** A JWT time (seconds) as an ISO-like UTC date, or undefined when it is not a usable time. */
export function jwtDate(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return undefined;
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** "2025-01-01 10:00:00 UTC (in 5 minutes)" for a time claim, or a note when it cannot be read. */
export function describeJwtTime(seconds: unknown, now: number, l10n: L10n = english): string {
  const date = jwtDate(seconds);
  if (date === undefined) return typeof seconds === 'number' ? l10n.t('not a readable time') : l10n.t('not a number');
  const ms = (seconds as number) * 1000;
  const note = (seconds as number) > 1e11 ? l10n.t(' — looks like milliseconds, not seconds') : '';
  return `${date} (${relativeTime(ms, now, l10n)})${note}`;
}
