import * as vscode from 'vscode';
import { decodeJwt } from '../../core/jwtDecode';
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
