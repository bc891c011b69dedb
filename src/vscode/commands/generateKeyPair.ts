import { join } from 'node:path';
import * as vscode from 'vscode';
import { asOAuthJwtError, OAuthJwtError } from '../../core/errors';
import { CERTIFICATE_FILE, existingFiles, PRIVATE_KEY_FILE, PUBLIC_JWK_FILE, PUBLIC_KEY_FILE, writeKeyFiles } from '../../core/keyFiles';
import { generateKeyMaterial, keyFileContents } from '../../core/keyMaterial';
import type { KeySpec } from '../../core/keys';
import { slotLabel } from '../keySlots';
import { confirmReplacing, replacesOtherKey } from './keyReplacement';
import type { Services } from '../services';
import { pickKeySlot } from './pickProfile';
import { requireTrust } from '../trust';
import { notificationText } from '../notificationText';
import { promptSkipping } from '../promptSkipping';

/** Arguments for running without prompts (tests, other extensions); every one is asked for when absent. `overwrite` counts only in test mode (promptSkipping.ts). */
export interface GenerateKeyPairArgs {
  keyType?: KeyTypeId;
  commonName?: string;
  days?: number;
  folder?: string;
  slot?: string;
  writePrivateKeyFile?: boolean;
  overwrite?: boolean;
}

type KeyTypeId = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-p256' | 'ec-p384' | 'ec-p521' | 'ed25519';

const KEY_TYPES: Array<{ id: KeyTypeId; label: string; detail: string; spec: KeySpec }> = [
  { id: 'rsa-2048', label: 'RSA 2048', detail: vscode.l10n.t('With a certificate. What Workfront and LogicNets use (RS256); like openssl req -x509 -newkey rsa:2048'), spec: { type: 'rsa', bits: 2048 } },
  { id: 'rsa-3072', label: 'RSA 3072', detail: vscode.l10n.t('With a certificate'), spec: { type: 'rsa', bits: 3072 } },
  { id: 'rsa-4096', label: 'RSA 4096', detail: vscode.l10n.t('With a certificate; slower to generate'), spec: { type: 'rsa', bits: 4096 } },
  { id: 'ec-p256', label: 'EC P-256', detail: vscode.l10n.t('ES256; with a certificate (ecdsa-with-SHA256)'), spec: { type: 'ec', curve: 'P-256' } },
  { id: 'ec-p384', label: 'EC P-384', detail: vscode.l10n.t('ES384; with a certificate (ecdsa-with-SHA384)'), spec: { type: 'ec', curve: 'P-384' } },
  { id: 'ec-p521', label: 'EC P-521', detail: vscode.l10n.t('ES512; with a certificate (ecdsa-with-SHA512)'), spec: { type: 'ec', curve: 'P-521' } },
  { id: 'ed25519', label: 'Ed25519', detail: vscode.l10n.t('EdDSA; with a certificate (Ed25519)'), spec: { type: 'ed25519' } },
];

/** Returns the paths written (public files and, when asked for, private.key), or undefined when cancelled. */
export async function generateKeyPairCommand(services: Services, args: GenerateKeyPairArgs = {}): Promise<string[] | undefined> {
  requireTrust(vscode.l10n.t('Generating keys'));
  const type = args.keyType ? KEY_TYPES.find((t) => t.id === args.keyType) : await vscode.window.showQuickPick(KEY_TYPES, { placeHolder: vscode.l10n.t('Key type'), title: vscode.l10n.t('Generate Key Pair ({0}/{1})', 1, 5) });
  if (!type) return undefined;

  const folder = args.folder ?? (await pickFolder());
  if (!folder) return undefined;
  const commonName = args.commonName ?? (await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate Key Pair ({0}/{1})', 2, 5),
    prompt: vscode.l10n.t('Certificate subject common name (CN)'),
    value: vscode.workspace.name ?? 'oauth-jwt',
    validateInput: (v) => (v.trim() && v.length <= 64 ? undefined : vscode.l10n.t('Enter 1 to 64 characters.')),
  }));
  if (commonName === undefined) return undefined;
  const daysText = args.days !== undefined ? String(args.days) : await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate Key Pair ({0}/{1})', 3, 5),
    prompt: vscode.l10n.t('Certificate validity in days'),
    value: '365',
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 36500 ? undefined : vscode.l10n.t('Enter a whole number of days from 1 to 36500.')),
  });
  if (daysText === undefined) return undefined;

  const slot = args.slot ?? (await pickKeySlot(services, vscode.l10n.t('Which profile signs with this key?')));
  if (!slot) return undefined;
  const writePrivateKeyFile = args.writePrivateKeyFile ?? (await askPrivateKeyFile());
  if (writePrivateKeyFile === undefined) return undefined;

  const targets = [PUBLIC_KEY_FILE, PUBLIC_JWK_FILE, CERTIFICATE_FILE, ...(writePrivateKeyFile ? [PRIVATE_KEY_FILE] : [])];
  const existing = await existingFiles(folder, targets);
  // A slot that already holds a key loses it: never without asking (the key cannot be recovered).
  const replacesKey = await replacesOtherKey(services, slot);
  let overwrite = promptSkipping(services.context, args.overwrite) ?? false;
  if ((existing.length || replacesKey) && !overwrite) {
    if (!(await confirmReplacing(replacesKey ? slot : undefined, { names: existing, folder }))) return undefined;
    overwrite = true;
  }

  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('OAuth JWT: generating {0} key pair…', type.label) }, async (progress) => {
    const material = await generateKeyMaterial(type.spec, { commonName: commonName.trim(), days: Number(daysText) });
    // The private key is saved (once, with its certificate) before anything that can fail after it.
    await services.keys.save(slot, material.key, material.certificatePem);
    services.log.info('keys', `${type.label} key saved in SecretStorage for ${slotLabel(slot)}`);
    let written: string[];
    try {
      progress.report({ message: vscode.l10n.t('writing files') });
      written = await writeKeyFiles(folder, keyFileContents(material, { privateKeyFile: writePrivateKeyFile }), { force: overwrite, ignorePrivateKey: true });
    } catch (error) {
      const failure = asOAuthJwtError(error, 'FILE_IO', vscode.l10n.t('Writing the public files failed.'));
      throw new OAuthJwtError(
        failure.code,
        vscode.l10n.t('{0} The private key is safe: it was saved in SecretStorage ({1}).', failure.messageIn(vscode.l10n), slotLabel(slot)),
        failure.hintIn(vscode.l10n) ?? vscode.l10n.t('Choose a writable folder and run "Export Public JWK / JWKS" to get the public key.'),
      );
    }
    services.log.info('keys', `wrote ${written.join(', ')}`);
    const upload = vscode.l10n.t('Upload {0} to your provider (Workfront: "Add public key"), or register {1} where keys are registered as JWKs.', CERTIFICATE_FILE, PUBLIC_JWK_FILE);
    const openCertificate = vscode.l10n.t('Open Certificate');
    void vscode.window.showInformationMessage(notificationText(`${vscode.l10n.t('OAuth JWT: {0} key pair generated for {1}.', type.label, slotLabel(slot))} ${upload}`), openCertificate, vscode.l10n.t('Open JWK')).then((choice) => {
      if (choice) void vscode.window.showTextDocument(vscode.Uri.file(join(folder, choice === openCertificate ? CERTIFICATE_FILE : PUBLIC_JWK_FILE)));
    });
    return written;
  });
}

/** The folder for public files: the only workspace folder, one picked among several, or one chosen in a dialog. */
export async function pickFolder(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri.fsPath;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Folder for certificate_pub.crt, public.pem and public.jwk.json') }))?.uri.fsPath;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Write the public files here') });
  return picked?.[0]?.fsPath;
}


async function askPrivateKeyFile(): Promise<boolean | undefined> {
  const items = [
    { label: vscode.l10n.t('Keep the private key in SecretStorage only'), detail: vscode.l10n.t('Recommended: it never touches the workspace'), file: false },
    { label: vscode.l10n.t('Also write private.key into the folder'), detail: vscode.l10n.t('Mode 0600, added to .gitignore — for tools outside VS Code'), file: true },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Generate Key Pair ({0}/{1})', 5, 5), placeHolder: vscode.l10n.t('Where should the private key live?') }))?.file;
}
