/**
 * What the hover on a JWT in any file shows (engine side; the provider registered at activation,
 * jwtInTextProviders.ts, finds the token and asks here): the decoded header and claims, iat/nbf/exp
 * as dates with "expires in 4 minutes" / "2 hours ago", the signature state (never verified here,
 * and the signature itself never shown), and links to the claim editor and to copy the claims.
 * Decoding only: safe in Restricted Mode.
 */
import * as vscode from 'vscode';
import { decodeJwt } from '../../core/jwtDecode';
import { describeJwtTime, jwtDate, relativeTime } from '../../shared/jwtTime';
import { Command } from '../commandIds';

/** A hover stays readable; the claim editor shows the rest. */
const MAX_JSON_CHARS_SHOWN = 4000;
const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

/** The command links a hover may run (and nothing else). */
export const JWT_HOVER_COMMANDS = [Command.DecodeJwt, Command.CopyJwtClaims];

function json(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.length > MAX_JSON_CHARS_SHOWN ? `${text.slice(0, MAX_JSON_CHARS_SHOWN)}\n… (cut short: Open in Claim Editor for all of it)` : text;
}

/** "expired 2 hours ago", "expires in 4 minutes", "not valid yet …", "no expiry (exp absent)", or undefined when exp is unreadable. */
export function expiryState(payload: Record<string, unknown>, now: number): string | undefined {
  const { exp, nbf } = payload;
  if (jwtDate(nbf) !== undefined && (nbf as number) * 1000 > now) return `not valid yet (valid ${relativeTime((nbf as number) * 1000, now)})`;
  if (exp === undefined) return 'no expiry (exp absent)';
  if (jwtDate(exp) === undefined) return undefined;
  const at = (exp as number) * 1000;
  return `${at <= now ? 'expired' : 'expires'} ${relativeTime(at, now)}`;
}

/** True when `token` decodes as a JWT (for CodeLens: a JWT-shaped string that is not one gets none). */
export function isDecodableJwt(token: string): boolean {
  try {
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/** The hover's Markdown for `token`, or undefined when it does not decode (then it is no JWT to show). */
export function jwtHoverMarkdown(token: string, now = Date.now()): vscode.MarkdownString | undefined {
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch {
    return undefined;
  }
  const { header, payload } = decoded;
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: JWT_HOVER_COMMANDS };
  const alg = typeof header.alg === 'string' ? header.alg : 'no alg';
  const state = expiryState(payload, now);
  md.appendMarkdown(`**JWT** · \`${alg.replace(/[`\\]/g, '')}\` · signature **not verified**${state ? ` · ${state}` : ''}\n\n`);
  const times = TIME_CLAIMS.filter((name) => payload[name] !== undefined);
  if (times.length > 0) md.appendMarkdown(`${times.map((name) => `- \`${name}\` ${describeJwtTime(payload[name], now)}`).join('\n')}\n`);
  md.appendMarkdown('\nHeader');
  md.appendCodeblock(json(header), 'json');
  md.appendMarkdown('Claims');
  md.appendCodeblock(json(payload), 'json');
  const args = encodeURIComponent(JSON.stringify([token]));
  md.appendMarkdown(`[$(symbol-property) Open in Claim Editor](command:${Command.DecodeJwt}?${args} "Decode, and verify with a key or JWKS") · `
    + `[$(copy) Copy Claims as JSON](command:${Command.CopyJwtClaims}?${args})`);
  return md;
}
