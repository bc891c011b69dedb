import * as vscode from 'vscode';
import { OAuthJwtError } from '../../core/errors';
import { existingFiles, jsonFileText, JWKS_FILE, PUBLIC_JWK_FILE, writeFiles } from '../../core/keyFiles';
import { publicJwk } from '../../core/keys';
import { defaultAlgorithm } from '../../core/algorithms';
import { confirm } from '../confirm';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { promptSkipping } from '../promptSkipping';
import { pickStoredSlot, requireSlotKey } from './keySlotArgs';

export interface ExportArgs {
  slot?: string;
  format?: 'jwk' | 'jwks';
  target?: 'clipboard' | 'file';
  /** Replace an existing file without asking (test mode only: promptSkipping.ts). */
  overwrite?: boolean;
}

/** Exports the public half of a stored key as a JWK or JWKS (kid = RFC 7638 thumbprint), to the clipboard or a file. */
export async function exportPublicJwkCommand(services: Services, args: ExportArgs = {}): Promise<string | undefined> {
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Export the public key of…'));
  if (!slot) return undefined;
  const stored = await requireSlotKey(services, slot);
  const format = args.format ?? (await vscode.window.showQuickPick([
    { label: 'JWK', detail: vscode.l10n.t('One public key object'), format: 'jwk' as const },
    { label: 'JWKS', detail: vscode.l10n.t('{"keys": [ … ]} — for servers that fetch or store a key set'), format: 'jwks' as const },
  ], { placeHolder: vscode.l10n.t('Format') }))?.format;
  if (!format) return undefined;
  const jwk = publicJwk(stored.key, defaultAlgorithm(stored.key)); // with alg and use: "sig"
  const text = jsonFileText(format === 'jwk' ? jwk : { keys: [jwk] });
  const target = args.target ?? (await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Copy to the clipboard'), target: 'clipboard' as const },
    { label: vscode.l10n.t('Save as {0} in the workspace', format === 'jwk' ? PUBLIC_JWK_FILE : JWKS_FILE), target: 'file' as const },
  ], { placeHolder: vscode.l10n.t('Where to?') }))?.target;
  if (!target) return undefined;
  if (target === 'clipboard') {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('OAuth JWT: public {0} copied', format.toUpperCase())}`, 3000);
  } else {
    requireTrust(vscode.l10n.t('Writing files'));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!folder) throw new OAuthJwtError('FILE_IO', vscode.l10n.t('No folder is open to save the file in.'), vscode.l10n.t('Open a folder, or copy to the clipboard instead.'));
    const name = format === 'jwk' ? PUBLIC_JWK_FILE : JWKS_FILE;
    // The same overwrite rule as Generate Key Pair: an existing file is replaced only after asking.
    let overwrite = promptSkipping(services.context, args.overwrite) ?? false;
    if (!overwrite && (await existingFiles(folder, [name])).length > 0) {
      if (!(await confirm(vscode.l10n.t('{0} already exists in {1}. Overwrite?', name, folder), vscode.l10n.t('The existing file is replaced by the exported key.'), vscode.l10n.t('Overwrite')))) return undefined;
      overwrite = true;
    }
    const [path] = await writeFiles(folder, [{ name, content: text }], { force: overwrite });
    await vscode.window.showTextDocument(vscode.Uri.file(path!));
  }
  return text;
}
