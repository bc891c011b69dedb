import * as vscode from 'vscode';
import { readBoundedFile } from '../../core/boundedRead';
import { msg } from '../../core/errors';
import { MAX_PEM_CHARS } from '../../core/limits';
import { confirm } from '../confirm';
import { noKeyError, slotLabel } from '../keySlots';
import { notificationText } from '../notificationText';
import type { Services } from '../services';
import { requireTrust } from '../trust';

export interface ImportCertificateArgs {
  /** The key slot (a profile's name, or the default slot). */
  slot?: string;
  /** The certificate file (PEM). */
  file?: string;
  /** Replace a certificate the slot already has without asking. */
  replace?: boolean;
}

/**
 * Attaches a certificate to a stored key (KeyRing.attachCertificate): the certificate a provider names
 * by its thumbprint (Entra's x5t#S256). One whose public key is not the slot key's is refused; an
 * existing certificate is replaced only after a Cancel-first confirmation. Returns the slot.
 */
export async function importCertificateCommand(services: Services, args: ImportCertificateArgs = {}): Promise<string | undefined> {
  requireTrust(vscode.l10n.t('Importing certificates'));
  const slots = services.keys.slots();
  if (slots.length === 0) throw noKeyError(vscode.l10n.t('yet, to attach a certificate to'));
  const slot = args.slot ?? (slots.length === 1 ? slots[0] : (await vscode.window.showQuickPick(slots.map((s) => ({ label: slotLabel(s), slot: s })), { placeHolder: vscode.l10n.t('Attach the certificate to the key of…') }))?.slot);
  if (!slot) return undefined;
  const path = args.file ?? (await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Import Certificate'),
    title: vscode.l10n.t('The certificate of the key for {0}', slotLabel(slot)),
    filters: { [vscode.l10n.t('Certificates')]: ['crt', 'cer', 'pem'], [vscode.l10n.t('All files')]: ['*'] },
  }))?.[0]?.fsPath;
  if (!path) return undefined;
  const pem = (await readBoundedFile(path, MAX_PEM_CHARS * 4, msg('The certificate file {0}', path))).toString('utf8');

  const current = await services.keys.get(slot);
  if (current?.certificatePem && current.certificatePem.trim() !== pem.trim() && !args.replace) {
    const replace = await confirm(
      vscode.l10n.t('The key for {0} already has a certificate ({1}). Replace it?', slotLabel(slot), current.certificate?.subject ?? vscode.l10n.t('unreadable')),
      vscode.l10n.t('Profiles that name the certificate (Entra ID\'s x5t#S256) send the new one\'s thumbprint from now on.'),
      vscode.l10n.t('Replace'),
    );
    if (!replace) return undefined;
  }
  const certificate = await services.keys.attachCertificate(slot, pem);
  services.log.info('keys', `attached the certificate ${certificate.subject} (valid until ${certificate.notAfter.toISOString()}) to ${slotLabel(slot)}`);
  void vscode.window.showInformationMessage(notificationText(vscode.l10n.t('OAuth JWT: certificate {0} attached to the key for {1}.', certificate.subject, slotLabel(slot))));
  return slot;
}
