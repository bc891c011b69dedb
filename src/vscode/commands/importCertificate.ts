import * as vscode from 'vscode';
import { readBoundedFile } from '../../core/boundedRead';
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
  requireTrust('Importing certificates');
  const slots = services.keys.slots();
  if (slots.length === 0) throw noKeyError('yet, to attach a certificate to');
  const slot = args.slot ?? (slots.length === 1 ? slots[0] : (await vscode.window.showQuickPick(slots.map((s) => ({ label: slotLabel(s), slot: s })), { placeHolder: 'Attach the certificate to the key of…' }))?.slot);
  if (!slot) return undefined;
  const path = args.file ?? (await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Import Certificate',
    title: `The certificate of the key for ${slotLabel(slot)}`,
    filters: { Certificates: ['crt', 'cer', 'pem'], 'All files': ['*'] },
  }))?.[0]?.fsPath;
  if (!path) return undefined;
  const pem = (await readBoundedFile(path, MAX_PEM_CHARS * 4, `certificate file ${path}`)).toString('utf8');

  const current = await services.keys.get(slot);
  if (current?.certificatePem && current.certificatePem.trim() !== pem.trim() && !args.replace) {
    const replace = await confirm(
      `The key for ${slotLabel(slot)} already has a certificate (${current.certificate?.subject ?? 'unreadable'}). Replace it?`,
      'Profiles that name the certificate (Entra ID\'s x5t#S256) send the new one\'s thumbprint from now on.',
      'Replace',
    );
    if (!replace) return undefined;
  }
  const certificate = await services.keys.attachCertificate(slot, pem);
  services.log.info('keys', `attached the certificate ${certificate.subject} (valid until ${certificate.notAfter.toISOString()}) to ${slotLabel(slot)}`);
  void vscode.window.showInformationMessage(notificationText(`OAuth JWT: certificate ${certificate.subject} attached to the key for ${slotLabel(slot)}.`));
  return slot;
}
