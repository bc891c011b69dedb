import * as vscode from 'vscode';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { pickProfile, profileOrActive } from './pickProfile';

/**
 * Stores a profile's client secret in SecretStorage and binds it to the token URL's origin,
 * so a later change of origin asks before the secret is sent there.
 */
export async function setClientSecretCommand(services: Services, profileName?: unknown, secretArg?: unknown): Promise<boolean> {
  requireTrust('Storing a client secret');
  const profile = typeof profileName === 'string' && profileName ? profileOrActive(services, profileName) : await pickProfile(services, 'Set the client secret of which profile?');
  if (!profile) return false;
  const secret = typeof secretArg === 'string' ? secretArg : await vscode.window.showInputBox({
    title: `Client secret for "${profile.name}"`,
    prompt: 'Stored in VS Code SecretStorage; never in settings or logs',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Enter the client secret.'),
  });
  if (!secret) return false;
  services.log.addSecret(secret);
  await services.secrets.setClientSecret(profile.name, secret);
  await services.secrets.setOrigin(profile.name, new URL(profile.tokenUrl).origin);
  await services.tokens.invalidate(profile.name);
  services.log.info('secrets', `client secret stored for "${profile.name}"`);
  void vscode.window.showInformationMessage(`OAuth JWT: client secret stored for "${profile.name}".`);
  return true;
}
