/**
 * The Markdown a hover shows for a JWT in any file, without VS Code (so the benchmark and unit
 * tests run it under Node): the signature state (never verified here; the signature itself never
 * shown), the expiry state, iat/nbf/exp as dates and relative times, the header and the claims.
 */
import { decodeJwt } from '../core/jwtDecode';
import { english, type L10n } from './l10n';
import { jwtDate, describeJwtTime, relativeTime } from './jwtTime';

/** A hover stays readable; the claim editor shows the rest. */
const MAX_JSON_CHARS_SHOWN = 4000;
const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

/** Pretty JSON in a fence. A line of JSON.stringify's output never starts with a backtick, so it cannot close the fence. */
function jsonBlock(value: unknown, l10n: L10n): string {
  const text = JSON.stringify(value, null, 2);
  const shown = text.length > MAX_JSON_CHARS_SHOWN ? `${text.slice(0, MAX_JSON_CHARS_SHOWN)}\n${l10n.t('… (cut short: Open in Claim Editor for all of it)')}` : text;
  return `\n\`\`\`json\n${shown}\n\`\`\`\n`;
}

/** "expired 2 hours ago", "expires in 4 minutes", "not valid yet …", "no expiry (exp absent)", or undefined when exp is unreadable. */
export function expiryState(payload: Record<string, unknown>, now: number, l10n: L10n = english): string | undefined {
  const { exp, nbf } = payload;
  if (jwtDate(nbf) !== undefined && (nbf as number) * 1000 > now) return l10n.t('not valid yet (valid {0})', relativeTime((nbf as number) * 1000, now, l10n));
  if (exp === undefined) return l10n.t('no expiry (exp absent)');
  if (jwtDate(exp) === undefined) return undefined;
  const at = (exp as number) * 1000;
  return at <= now ? l10n.t('expired {0}', relativeTime(at, now, l10n)) : l10n.t('expires {0}', relativeTime(at, now, l10n));
}

/**
 * The hover's Markdown for `token`, or undefined when it does not decode (then there is no JWT to
 * show). `links` (Markdown) goes right under the first line, where it is seen without scrolling;
 * the claims come before the header, being what people look for.
 */
export function jwtHoverText(token: string, now: number, links = '', l10n: L10n = english): string | undefined {
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch {
    return undefined;
  }
  const { header, payload } = decoded;
  const alg = typeof header.alg === 'string' ? header.alg.replace(/[`\\\n]/g, '').slice(0, 40) : l10n.t('no alg');
  const state = expiryState(payload, now, l10n);
  const times = TIME_CLAIMS.filter((name) => payload[name] !== undefined).map((name) => `- \`${name}\` ${describeJwtTime(payload[name], now, l10n)}\n`);
  return `**JWT** · \`${alg}\` · ${l10n.t('signature **not verified**')}${state ? ` · ${state}` : ''}\n\n${links ? `${links}\n\n` : ''}${times.join('')}\n${l10n.t('Claims')}\n${jsonBlock(payload, l10n)}\n${l10n.t('Header')}\n${jsonBlock(header, l10n)}\n`;
}
