import * as vscode from 'vscode';
import type { Credential } from '../../core/credentialFile';
import { certificateInBundle } from '../../core/x509';
import { DEFAULT_KEY_SLOT, slotLabel } from '../keySlots';
import type { Services } from '../services';
import { pickCredentialFile, readCredentialAsking, readCredentialFile } from '../credentialInput';
import { promptSkipping } from '../promptSkipping';
import { confirmReplacing, replacesOtherKey } from './keyReplacement';
import { pickKeySlot } from './pickProfile';
import { notificationText } from '../notificationText';
import { requireTrust } from '../trust';
import { localize } from '../../shared/l10n';
import { storeClientSecret } from './setClientSecret';

export interface ImportPrivateKeyArgs {
  source?: 'file' | 'clipboard';
  file?: string;
  slot?: string;
  /** Apply the profile values the file carries (Google, Box) to the slot's profile without asking. */
  applyProfile?: boolean;
}

/**
 * Imports a private key — PEM, JWK, a Google service-account file, a Box config.json or PKCS#12 —
 * from a file or the clipboard into SecretStorage, with the certificate that came with it; a
 * passphrase is asked for, used once, never stored. The profile values and client secret a file
 * carries are offered to the slot's profile. A slot that holds another key is replaced only after
 * the same Cancel-first question as Generate Key Pair's.
 */
export async function importPrivateKeyCommand(services: Services, args: ImportPrivateKeyArgs = {}): Promise<string | undefined> {
  requireTrust(vscode.l10n.t('Importing keys'));
  const source = args.source ?? (await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('From a file…'), detail: vscode.l10n.t('PEM (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8), a private JWK, PKCS#12 (.pfx/.p12), a Google service-account file or a Box config.json'), source: 'file' as const },
      { label: vscode.l10n.t('From the clipboard'), detail: vscode.l10n.t('Paste the key text first, e.g. the key LogicNets generated'), source: 'clipboard' as const },
    ],
    { placeHolder: vscode.l10n.t('Import a private key') },
  ))?.source;
  if (!source) return undefined;

  let input: Buffer | string;
  if (source === 'file') {
    const path = args.file ?? (await pickCredentialFile());
    if (!path) return undefined;
    input = await readCredentialFile(path);
  } else {
    input = await vscode.env.clipboard.readText();
  }

  const credential = await readCredentialAsking(input);
  if (!credential) return undefined;
  const { key } = credential;
  const slot = args.slot ?? (await pickKeySlot(services, vscode.l10n.t('Which profile signs with this key?')));
  if (!slot) return undefined;
  // A PKCS#12 file's certificate, or a PEM bundle's (key and certificate in one file): kept with the
  // key, since Entra names it by its thumbprint.
  const given = credential.certificatePem ?? (typeof input === 'string' || credential.kind === 'key' ? certificateInBundle(input.toString(), key) : undefined);
  // A slot that holds another key loses it: never without asking (the key cannot be recovered).
  const replaces = await replacesOtherKey(services, slot, key);
  if (replaces && !(await confirmReplacing(slot))) {
    services.log.info('keys', `import cancelled: ${slotLabel(slot)} keeps its key`);
    return undefined;
  }
  // The same key again without a certificate keeps the certificate it had.
  const certificatePem = given ?? (replaces ? undefined : (await services.keys.get(slot))?.certificatePem);
  await services.keys.save(slot, key, certificatePem);
  const withCertificate = certificatePem ? ' with its certificate' : '';
  services.log.info('keys', `imported a ${key.type}${key.bits ? ` ${key.bits}` : ''}${key.curve ? ` ${key.curve}` : ''} key from ${credential.description}${withCertificate} for ${slotLabel(slot)}`);
  void vscode.window.showInformationMessage(notificationText(certificatePem ? vscode.l10n.t('OAuth JWT: private key with its certificate imported into SecretStorage for {0}.', slotLabel(slot)) : vscode.l10n.t('OAuth JWT: private key imported into SecretStorage for {0}.', slotLabel(slot))));
  // Applying without asking (it may change the token URL and store a client secret) counts only in test mode.
  if (slot !== DEFAULT_KEY_SLOT) await offerProfileValues(services, slot, credential, promptSkipping(services.context, args.applyProfile));
  return slot;
}

/** Offers the file's profile values (never a secret) to the profile, then its client secret to SecretStorage. */
async function offerProfileValues(services: Services, name: string, credential: Credential, apply: boolean | undefined): Promise<void> {
  const profile = services.config.profile(name);
  const values = Object.entries(credential.profile ?? {}).filter(([field, value]) => value !== undefined && field !== 'flow');
  if (!profile || values.length === 0) return;
  const shown = values.map(([field, value]) => `${field} = ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
  const accepted = apply ?? (await vscode.window.showQuickPick(
    [{ label: vscode.l10n.t('Keep the profile as it is'), apply: false }, { label: vscode.l10n.t('Apply the values from {0}', localize(vscode.l10n, credential.description)), detail: shown, apply: true }],
    { placeHolder: vscode.l10n.t('The file also holds profile values for "{0}"', name) },
  ))?.apply;
  if (!accepted) return;
  await services.config.saveProfile({ ...profile, ...Object.fromEntries(values) });
  services.log.info('profiles', `profile "${name}" updated from ${credential.description}`);
  if (credential.clientSecret) await storeClientSecret(services, name, credential.clientSecret);
}
