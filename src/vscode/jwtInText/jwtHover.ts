/**
 * The engine's side of the hover and CodeLens on JWTs in any file (the providers registered at
 * activation, jwtInTextProviders.ts, find the token and ask here): the hover's Markdown
 * (shared/jwtHoverText.ts) with links to the claim editor and to copy the claims. Decoding only:
 * safe in Restricted Mode.
 */
import * as vscode from 'vscode';
import { decodeJwt } from '../../core/jwtDecode';
import { jwtHoverText } from '../../shared/jwtHoverText';
import { Command } from '../commandIds';

/** The command links a hover may run (and nothing else). */
const JWT_HOVER_COMMANDS = [Command.DecodeJwt, Command.CopyJwtClaims];

/** True when `token` decodes as a JWT (for CodeLens: a JWT-shaped string that is not one gets none). */
export function isDecodableJwt(token: string): boolean {
  try {
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/** The hover for `token`, or undefined when it does not decode. */
export function jwtHoverMarkdown(token: string, now = Date.now()): vscode.MarkdownString | undefined {
  const args = encodeURIComponent(JSON.stringify([token]));
  // Link texts and the title are our own strings: no ] ( or " in any translation (the l10n unit test checks).
  const links = `[$(symbol-property) ${vscode.l10n.t('Open in Claim Editor')}](command:${Command.DecodeJwt}?${args} "${vscode.l10n.t('Decode, and verify with a key or JWKS')}") · `
    + `[$(copy) ${vscode.l10n.t('Copy Claims as JSON')}](command:${Command.CopyJwtClaims}?${args})`;
  const text = jwtHoverText(token, now, links, vscode.l10n);
  if (text === undefined) return undefined;
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = { enabledCommands: JWT_HOVER_COMMANDS };
  return md;
}
