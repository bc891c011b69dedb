import * as vscode from 'vscode';
import { publicKeyPem, type PrivateKey } from '../../core/keys';
import { confirm } from '../confirm';
import { slotLabel } from '../keySlots';
import type { Services } from '../services';

/**
 * Whether storing a key in `slot` would delete a private key that is there now: any key, or, when
 * the incoming key is known, a key other than it (importing the same key again loses nothing).
 */
export async function replacesOtherKey(services: Services, slot: string, incoming?: PrivateKey): Promise<boolean> {
  if ((await services.secrets.getPrivateKey(slot)) === undefined) return false;
  if (!incoming) return true;
  try {
    const stored = await services.keys.get(slot);
    return !stored || publicKeyPem(stored.key) !== publicKeyPem(incoming);
  } catch {
    // A stored key that cannot be read is still a key that would be lost.
    return true;
  }
}

/**
 * The question before a slot's private key (and/or files in a folder) are replaced, Cancel first:
 * a deleted private key cannot be recovered. Generate Key Pair and Import Private Key both ask it.
 * True when the user chose Overwrite.
 */
export function confirmReplacing(slot: string | undefined, files?: { names: string[]; folder: string }): Promise<boolean> {
  const replaced = [...(slot !== undefined ? [vscode.l10n.t('the private key of {0} in SecretStorage', slotLabel(slot))] : []), ...(files?.names.length ? [vscode.l10n.t('{0} in {1}', files.names.join(', '), files.folder)] : [])];
  const detail = slot !== undefined
    ? vscode.l10n.t('The current private key is deleted and cannot be recovered: a provider that holds its public key or certificate stops accepting tokens until you register the new one.')
    : vscode.l10n.t('The existing files are replaced by the new key pair\'s.');
  return confirm(vscode.l10n.t('{0} already exist. Overwrite?', replaced.join(vscode.l10n.t(' and '))), detail, vscode.l10n.t('Overwrite'), {
    cancelDetail: slot !== undefined ? vscode.l10n.t('Keeps the current key of {0}; nothing is changed.', slotLabel(slot)) : undefined,
  });
}
