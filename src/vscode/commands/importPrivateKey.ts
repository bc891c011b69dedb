import * as vscode from 'vscode';
import { readBoundedFile } from '../../core/boundedRead';
import { OAuthJwtError } from '../../core/errors';
import { importPrivateKey, type PrivateKey } from '../../core/keys';
import { certificateInBundle } from '../../core/x509';
import { MAX_PEM_CHARS } from '../../core/limits';
import { slotLabel } from '../keySlots';
import type { Services } from '../services';
import { pickKeySlot } from './pickProfile';
import { notificationText } from '../notificationText';
import { requireTrust } from '../trust';

export interface ImportPrivateKeyArgs {
  source?: 'file' | 'clipboard';
  file?: string;
  slot?: string;
}

/** Imports a private key from a file or the clipboard into SecretStorage; a passphrase is asked for, used once, never stored. */
export async function importPrivateKeyCommand(services: Services, args: ImportPrivateKeyArgs = {}): Promise<string | undefined> {
  requireTrust('Importing keys');
  const source = args.source ?? (await vscode.window.showQuickPick(
    [
      { label: 'From a file…', detail: 'PEM (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8) or a private JWK', source: 'file' as const },
      { label: 'From the clipboard', detail: 'Paste the key text first, e.g. the key LogicNets generated', source: 'clipboard' as const },
    ],
    { placeHolder: 'Import a private key' },
  ))?.source;
  if (!source) return undefined;

  let text: string;
  if (source === 'file') {
    const path = args.file ?? (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import', filters: { 'Private keys': ['key', 'pem', 'json', 'p8'], 'All files': ['*'] } }))?.[0]?.fsPath;
    if (!path) return undefined;
    text = (await readBoundedFile(path, MAX_PEM_CHARS * 4, `key file ${path}`)).toString('utf8');
  } else {
    text = await vscode.env.clipboard.readText();
  }

  const key = await importWithPassphrase(text);
  if (!key) return undefined;
  const slot = args.slot ?? (await pickKeySlot(services, 'Which profile signs with this key?'));
  if (!slot) return undefined;
  // A PEM bundle (key and certificate in one file) keeps its certificate with the key: Entra names it by its thumbprint.
  const certificatePem = certificateInBundle(text, key);
  await services.keys.save(slot, key, certificatePem);
  const withCertificate = certificatePem ? ' with its certificate' : '';
  services.log.info('keys', `imported a ${key.type}${key.bits ? ` ${key.bits}` : ''}${key.curve ? ` ${key.curve}` : ''} key${withCertificate} for ${slotLabel(slot)}`);
  void vscode.window.showInformationMessage(notificationText(`OAuth JWT: private key${withCertificate} imported into SecretStorage for ${slotLabel(slot)}.`));
  return slot;
}

async function importWithPassphrase(text: string): Promise<PrivateKey | undefined> {
  try {
    return importPrivateKey(text);
  } catch (error) {
    if (!(error instanceof OAuthJwtError) || error.code !== 'PASSPHRASE_REQUIRED') throw error;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const passphrase = await vscode.window.showInputBox({
      prompt: attempt === 0 ? 'The key is encrypted: enter its passphrase (used once, never stored)' : 'Wrong passphrase — try again',
      password: true,
      ignoreFocusOut: true,
    });
    if (passphrase === undefined) return undefined;
    try {
      return importPrivateKey(text, passphrase);
    } catch (error) {
      if (!(error instanceof OAuthJwtError) || error.code !== 'BAD_PASSPHRASE' || attempt === 2) throw error;
    }
  }
  return undefined;
}

