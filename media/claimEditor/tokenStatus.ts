/** The badges a decoded token gets: expired, not yet valid, unsigned, unverified or verified. */
import type { JsonObject } from '../../src/shared/protocol';
import { l10n } from './l10n';

export type BadgeId = 'expired' | 'not-yet-valid' | 'unsigned' | 'unverified' | 'verified' | 'valid-now';

export interface Badge {
  id: BadgeId;
  text: string;
  tone: 'error' | 'warning' | 'info' | 'ok';
}

/** `now` in ms; `verified` true once the signature was checked against a key. */
export function tokenBadges(header: JsonObject, payload: JsonObject, now: number, verified: boolean): Badge[] {
  const badges: Badge[] = [];
  const seconds = now / 1000;
  if (typeof header.alg === 'string' && header.alg.trim().toLowerCase() === 'none') badges.push({ id: 'unsigned', text: l10n.t('Unsigned (alg: none)'), tone: 'error' });
  if (typeof payload.exp === 'number' && payload.exp <= seconds) badges.push({ id: 'expired', text: l10n.t('Expired'), tone: 'error' });
  if (typeof payload.nbf === 'number' && payload.nbf > seconds) badges.push({ id: 'not-yet-valid', text: l10n.t('Not yet valid'), tone: 'warning' });
  if (typeof payload.iat === 'number' && payload.iat > seconds + 60) badges.push({ id: 'not-yet-valid', text: l10n.t('Issued in the future'), tone: 'warning' });
  if (!badges.some((b) => b.tone === 'error' || b.tone === 'warning') && typeof payload.exp === 'number') badges.push({ id: 'valid-now', text: l10n.t('Within its lifetime'), tone: 'info' });
  badges.push(verified ? { id: 'verified', text: l10n.t('Signature verified'), tone: 'ok' } : { id: 'unverified', text: l10n.t('Signature not verified'), tone: 'warning' });
  return badges;
}
