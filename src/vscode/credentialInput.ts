import * as vscode from 'vscode';
import { readBoundedFile } from '../core/boundedRead';
import { MAX_CREDENTIAL_FILE_BYTES, readCredential, type Credential } from '../core/credentialFile';
import { msg, OAuthJwtError } from '../core/errors';

/** The file picker's filters for private keys and the credential files providers hand out. */
export const credentialFileFilters = (): Record<string, string[]> => ({ [vscode.l10n.t('Private keys and credential files')]: ['key', 'pem', 'json', 'p8', 'pfx', 'p12'], [vscode.l10n.t('All files')]: ['*'] });

/** Asks for a credential file; undefined when the user cancels. */
export async function pickCredentialFile(title?: string): Promise<string | undefined> {
  return (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Import'), title, filters: credentialFileFilters() }))?.[0]?.fsPath;
}

/** Reads a credential file (regular files only, size-capped). */
export function readCredentialFile(path: string): Promise<Buffer> {
  return readBoundedFile(path, MAX_CREDENTIAL_FILE_BYTES, msg('The key file {0}', path));
}

/**
 * Reads a credential, asking for the passphrase (or PKCS#12 password) when it needs one: used once,
 * never stored; three tries. Undefined when the user cancels.
 */
export async function readCredentialAsking(input: Buffer | string): Promise<Credential | undefined> {
  try {
    return readCredential(input);
  } catch (error) {
    if (!(error instanceof OAuthJwtError) || error.code !== 'PASSPHRASE_REQUIRED') throw error;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const passphrase = await vscode.window.showInputBox({
      prompt: attempt === 0 ? vscode.l10n.t('The key is encrypted: enter its passphrase or password (used once, never stored)') : vscode.l10n.t('Wrong passphrase — try again'),
      password: true,
      ignoreFocusOut: true,
    });
    if (passphrase === undefined) return undefined;
    try {
      return readCredential(input, passphrase);
    } catch (error) {
      if (!(error instanceof OAuthJwtError) || error.code !== 'BAD_PASSPHRASE' || attempt === 2) throw error;
    }
  }
  return undefined;
}
