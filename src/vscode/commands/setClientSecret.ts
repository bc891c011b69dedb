import * as vscode from 'vscode';
import { validateEndpointUrl } from '../../core/http';
import type { Services } from '../services';
import { notificationText } from '../notificationText';
import { promptSkipping } from '../promptSkipping';
import { requireTrust } from '../trust';
import { pickProfile, profileOrActive } from './pickProfile';

/**
 * Stores a profile's client secret in SecretStorage, confirmed for the token URL's origin only, so
 * any other origin asks before the secret is sent there.
 */
export async function setClientSecretCommand(services: Services, profileName?: unknown, secretArg?: unknown): Promise<boolean> {
  requireTrust(vscode.l10n.t('Storing a client secret'));
  const profile = typeof profileName === 'string' && profileName ? profileOrActive(services, profileName) : await pickProfile(services, vscode.l10n.t('Set the client secret of which profile?'));
  if (!profile) return false;
  // A forbidden or unreadable token URL is refused here, with the reason, before a secret is asked for.
  const origin = validateEndpointUrl(profile.tokenUrl).origin;
  // A secret given as an argument skips the prompt that names the origin: only in test mode (promptSkipping.ts).
  const given = promptSkipping(services.context, secretArg);
  const secret = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: vscode.l10n.t('Client secret for "{0}"', profile.name),
    // The origin is named so a token URL changed behind the user's back (a checked-in settings file) shows here.
    prompt: vscode.l10n.t('Stored in VS Code SecretStorage, never in settings or logs; sent only to {0}', origin),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : vscode.l10n.t('Enter the client secret.')),
  });
  if (!secret) return false;
  await storeClientSecret(services, profile.name, secret);
  return true;
}

/**
 * Stores `secret` as the client secret of `profileName`, confirmed for its token URL's origin and for
 * no other (the caller has shown or validated that origin). Also for a secret that came with a
 * credential file the user imported (a Box config.json).
 */
export async function storeClientSecret(services: Services, profileName: string, secret: string): Promise<void> {
  const profile = profileOrActive(services, profileName);
  const origin = validateEndpointUrl(profile.tokenUrl).origin;
  services.log.addSecret(secret);
  await services.secrets.setClientSecret(profile.name, secret);
  try {
    // A new secret is confirmed for the origin named in the prompt above, and for no other.
    await services.secrets.setOrigins('secretOrigins', profile.name, [origin]);
  } catch (error) {
    // A secret without its confirmed origin would make the next exchange ask for it again; take it back so nothing is half-saved.
    await services.secrets.deleteClientSecret(profile.name).catch(() => undefined);
    throw error;
  }
  await services.tokens.invalidate(profile.name);
  services.log.info('secrets', `client secret stored for "${profile.name}"`);
  void vscode.window.showInformationMessage(notificationText(vscode.l10n.t('OAuth JWT: client secret stored for "{0}".', profile.name)));
}
