import * as vscode from 'vscode';
import { decodeJwt, type JsonObject } from '../../core/jwt';
import { ClaimEditorPanel } from '../claimEditorPanel';
import type { Services } from '../services';

/**
 * Decodes the selected JWT (else the clipboard's) in the claim editor's decode view (the active
 * profile's editor, or the one without a profile), with times made readable and the signature
 * clearly marked as not verified until the user verifies it there. Works in Restricted Mode.
 * Text that is not a JWT is refused here, so it never reaches the webview.
 */
export async function decodeJwtCommand(services: Services, tokenArg?: unknown): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
  const text = typeof tokenArg === 'string' ? tokenArg : selected ?? (await vscode.env.clipboard.readText());
  const decoded = decodeJwt(text);
  ClaimEditorPanel.show(services, services.config.activeProfile()?.name, { decode: text.trim() });
  services.log.info('decode', `decoded a ${String(decoded.header.alg)} token (not verified)`);
  return true;
}

/** The decoded token as JSONC, with a comment per time claim and a status line. */
export function render(header: JsonObject, payload: JsonObject, now: number): string {
  const notes: string[] = ['// Decoded only: the signature is NOT verified.'];
  if (String(header.alg).toLowerCase() === 'none') notes.push('// UNSIGNED: alg is "none" — no server should accept this token.');
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const value = payload[claim];
    if (typeof value === 'number') notes.push(`// ${claim}: ${new Date(value * 1000).toISOString()} (${relative(value * 1000 - now)})`);
  }
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= now) notes.push('// EXPIRED');
  if (typeof payload.nbf === 'number' && payload.nbf * 1000 > now) notes.push('// NOT YET VALID');
  return `${notes.join('\n')}\n${JSON.stringify({ header, payload }, null, 2)}\n`;
}

function relative(ms: number): string {
  const abs = Math.abs(ms);
  const unit = abs < 60_000 ? [1000, 'second'] : abs < 3_600_000 ? [60_000, 'minute'] : abs < 86_400_000 ? [3_600_000, 'hour'] : [86_400_000, 'day'];
  const n = Math.round(abs / (unit[0] as number));
  const text = `${n} ${unit[1]}${n === 1 ? '' : 's'}`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
