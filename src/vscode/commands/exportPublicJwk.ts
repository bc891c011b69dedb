import * as vscode from 'vscode';
import { OAuthJwtError } from '../../core/errors';
import { existingFiles, jsonFileText, PUBLIC_JWK_FILE, writeFiles } from '../../core/keyFiles';
import { publicJwk } from '../../core/keys';
import { defaultAlgorithm } from '../../core/algorithms';
import { confirm } from '../confirm';
import { noKeyError, slotLabel } from '../keySlots';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { promptSkipping } from '../promptSkipping';

export interface ExportArgs {
  slot?: string;
  format?: 'jwk' | 'jwks';
  target?: 'clipboard' | 'file';
  /** Replace an existing file without asking (test mode only: promptSkipping.ts). */
  overwrite?: boolean;
}

const JWKS_FILE = 'jwks.json';

/** Exports the public half of a stored key as a JWK or JWKS (kid = RFC 7638 thumbprint), to the clipboard or a file. */
export async function exportPublicJwkCommand(services: Services, args: ExportArgs = {}): Promise<string | undefined> {
  const slots = services.keys.slots();
  if (slots.length === 0) throw noKeyError('yet');
  const slot = args.slot ?? (slots.length === 1 ? slots[0] : (await vscode.window.showQuickPick(slots.map((s) => ({ label: slotLabel(s), slot: s })), { placeHolder: 'Export the public key of…' }))?.slot);
  if (!slot) return undefined;
  const stored = await services.keys.get(slot);
  if (!stored) throw noKeyError(`for ${slotLabel(slot)}`);
  const format = args.format ?? (await vscode.window.showQuickPick([
    { label: 'JWK', detail: 'One public key object', format: 'jwk' as const },
    { label: 'JWKS', detail: '{"keys": [ … ]} — for servers that fetch or store a key set', format: 'jwks' as const },
  ], { placeHolder: 'Format' }))?.format;
  if (!format) return undefined;
  const jwk = publicJwk(stored.key, defaultAlgorithm(stored.key)); // with alg and use: "sig"
  const text = jsonFileText(format === 'jwk' ? jwk : { keys: [jwk] });
  const target = args.target ?? (await vscode.window.showQuickPick([
    { label: 'Copy to the clipboard', target: 'clipboard' as const },
    { label: `Save as ${format === 'jwk' ? PUBLIC_JWK_FILE : JWKS_FILE} in the workspace`, target: 'file' as const },
  ], { placeHolder: 'Where to?' }))?.target;
  if (!target) return undefined;
  if (target === 'clipboard') {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`$(check) OAuth JWT: public ${format.toUpperCase()} copied`, 3000);
  } else {
    requireTrust('Writing files');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!folder) throw new OAuthJwtError('FILE_IO', 'No folder is open to save the file in.', 'Open a folder, or copy to the clipboard instead.');
    const name = format === 'jwk' ? PUBLIC_JWK_FILE : JWKS_FILE;
    // The same overwrite rule as Generate Key Pair: an existing file is replaced only after asking.
    let overwrite = promptSkipping(services.context, args.overwrite) ?? false;
    if (!overwrite && (await existingFiles(folder, [name])).length > 0) {
      if (!(await confirm(`${name} already exists in ${folder}. Overwrite?`, 'The existing file is replaced by the exported key.', 'Overwrite'))) return undefined;
      overwrite = true;
    }
    const [path] = await writeFiles(folder, [{ name, content: text }], { force: overwrite });
    await vscode.window.showTextDocument(vscode.Uri.file(path!));
  }
  return text;
}
