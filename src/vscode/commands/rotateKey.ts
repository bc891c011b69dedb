import * as vscode from 'vscode';
import { asOAuthJwtError, OAuthJwtError } from '../../core/errors';
import { existingFiles, JWKS_FILE, writeFiles } from '../../core/keyFiles';
import { publicJwk } from '../../core/keys';
import { generateNextKey, NEXT_CERTIFICATE_FILE, NEXT_PUBLIC_KEY_FILE, nextKeyFiles } from '../../core/rotation';
import { confirm } from '../confirm';
import { slotLabel } from '../keySlots';
import { notificationText } from '../notificationText';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { pickFolder } from './generateKeyPair';
import { pickStoredSlot, requireSlotKey } from './keySlotArgs';

export interface RotateKeyArgs {
  slot?: string;
  /** Folder for next.crt, next.pem and jwks.json; asked for when absent. */
  folder?: string;
  /** Replace a waiting next key and existing files without asking. */
  overwrite?: boolean;
}

/**
 * Rotate Key: makes the slot's next key (same type) and, when the slot has a certificate, its
 * certificate; stores the next key in SecretStorage before anything else, then writes next.crt,
 * next.pem and jwks.json (both public keys) for the provider. The current key keeps signing.
 * Returns the paths written, or undefined when cancelled.
 */
export async function rotateKeyCommand(services: Services, args: RotateKeyArgs = {}): Promise<string[] | undefined> {
  requireTrust(vscode.l10n.t('Rotating keys'));
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Rotate the key of…'));
  if (!slot) return undefined;
  const current = await requireSlotKey(services, slot);
  if (!args.overwrite && (await services.keys.role(slot, 'next'))) {
    if (!(await confirm(vscode.l10n.t('A next key is already waiting for {0}. Replace it?', slotLabel(slot)), vscode.l10n.t('Only if the waiting key was never registered with the provider: it is forgotten.'), vscode.l10n.t('Replace the next key')))) return undefined;
  }
  let overwrite = args.overwrite ?? false;
  const folder = args.folder ?? (await pickFolder());
  if (!folder) return undefined;
  const existing = await existingFiles(folder, [...(current.certificate ? [NEXT_CERTIFICATE_FILE] : []), NEXT_PUBLIC_KEY_FILE, JWKS_FILE]);
  if (existing.length && !overwrite) {
    if (!(await confirm(vscode.l10n.t('{0} already exist in {1}. Overwrite?', existing.join(', '), folder), vscode.l10n.t('They are replaced by the next key\'s files.'), vscode.l10n.t('Overwrite')))) return undefined;
    overwrite = true;
  }

  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('OAuth JWT: generating the next key…') }, async () => {
    const next = await generateNextKey(current.key, current.certificate);
    const files = nextKeyFiles(current.key, next, { privateKeyFile: false });
    // The next key is stored before any file is written: it must never exist only in a file.
    await services.keys.saveNext(slot, next.key, next.certificatePem);
    services.log.info('keys', `next key saved in SecretStorage for ${slotLabel(slot)} (kid ${publicJwk(next.key).kid}); the current key keeps signing`);
    let written: string[];
    try {
      written = await writeFiles(folder, files, { force: overwrite });
    } catch (error) {
      const failure = asOAuthJwtError(error, 'FILE_IO', vscode.l10n.t('Writing the next key\'s files failed.'));
      throw new OAuthJwtError(failure.code, vscode.l10n.t('{0} The next key is safe in SecretStorage ({1}).', failure.messageIn(vscode.l10n), slotLabel(slot)), failure.hintIn(vscode.l10n) ?? vscode.l10n.t('Choose a writable folder and run Rotate Key again.'));
    }
    services.log.info('keys', `wrote ${written.join(', ')}`);
    const register = next.certificatePem ? vscode.l10n.t('{0} (or {1})', NEXT_CERTIFICATE_FILE, JWKS_FILE) : JWKS_FILE;
    void vscode.window.showInformationMessage(notificationText(vscode.l10n.t('OAuth JWT: next key ready for {0}, not active. Register {1} with your provider beside the current key, then run "Activate Next Key".', slotLabel(slot), register)));
    return written;
  });
}
