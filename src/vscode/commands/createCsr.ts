import { join } from 'node:path';
import * as vscode from 'vscode';
import { createCertificateSigningRequest } from '../../core/csr';
import { parseSubject } from '../../core/distinguishedName';
import { isOAuthJwtError } from '../../core/errors';
import { existingFiles, writeFiles } from '../../core/keyFiles';
import { confirm } from '../confirm';
import { slotLabel } from '../keySlots';
import { notificationText } from '../notificationText';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { pickFolder } from './generateKeyPair';
import { pickStoredSlot, requireSlotKey } from './keySlotArgs';

export interface CreateCsrArgs {
  slot?: string;
  /** openssl -subj form, e.g. "/CN=my-app/O=Example Ltd". */
  subject?: string;
  /** "DNS:api.example.com", "URI:…", "email:…", "IP:…". */
  subjectAltNames?: string[];
  folder?: string;
  overwrite?: boolean;
}

const CSR_FILE = 'request.csr';

/** Create Certificate Signing Request: a PKCS#10 request signed with the slot's key, written as request.csr. Returns its path. */
export async function createCsrCommand(services: Services, args: CreateCsrArgs = {}): Promise<string | undefined> {
  requireTrust(vscode.l10n.t('Writing files'));
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Create a certificate signing request for the key of…'));
  if (!slot) return undefined;
  const stored = await requireSlotKey(services, slot);
  const subject = args.subject ?? (await vscode.window.showInputBox({
    title: vscode.l10n.t('Certificate Signing Request ({0}/{1})', 1, 2),
    prompt: vscode.l10n.t('Subject, as openssl writes it (CN, O, OU, L, ST, C, serialNumber, emailAddress)'),
    value: `/CN=${vscode.workspace.name ?? 'oauth-jwt'}`,
    validateInput: (value) => messageOf(() => parseSubject(value)),
  }));
  if (subject === undefined) return undefined;
  const sanText = args.subjectAltNames ? args.subjectAltNames.join(', ') : await vscode.window.showInputBox({
    title: vscode.l10n.t('Certificate Signing Request ({0}/{1})', 2, 2),
    prompt: vscode.l10n.t('Subject alternative names, comma-separated (optional): DNS:…, URI:…, email:…, IP:…'),
    value: '',
  });
  if (sanText === undefined) return undefined;
  const subjectAltNames = sanText.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const pem = createCertificateSigningRequest(stored.key, { subject, subjectAltNames });
  const folder = args.folder ?? (await pickFolder());
  if (!folder) return undefined;
  let overwrite = args.overwrite ?? false;
  if (!overwrite && (await existingFiles(folder, [CSR_FILE])).length > 0) {
    if (!(await confirm(vscode.l10n.t('{0} already exists in {1}. Overwrite?', CSR_FILE, folder), vscode.l10n.t('It is replaced by the new request.'), vscode.l10n.t('Overwrite')))) return undefined;
    overwrite = true;
  }
  const [path] = await writeFiles(folder, [{ name: CSR_FILE, content: pem }], { force: overwrite });
  services.log.info('keys', `wrote ${path} for ${slotLabel(slot)}`);
  void vscode.window.showInformationMessage(notificationText(vscode.l10n.t('OAuth JWT: {0} written for {1}. Send it to your CA, then attach the signed certificate to the key with "Import Certificate".', CSR_FILE, slotLabel(slot))), vscode.l10n.t('Open Request')).then((choice) => {
    if (choice) void vscode.window.showTextDocument(vscode.Uri.file(join(folder, CSR_FILE)));
  });
  return path;
}

/** The message of the core's refusal, for an input box's validation; undefined when it is accepted. */
function messageOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return isOAuthJwtError(error) ? error.messageIn(vscode.l10n) : vscode.l10n.t('Not a valid subject.');
  }
}
