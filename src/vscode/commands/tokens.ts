import * as vscode from 'vscode';
import type { Services } from '../services';
import { isDpopToken } from '../../core/apiCall';
import { formatRemaining } from '../../core/duration';
import { profileOrActive } from './pickProfile';
import { tokenWithProgress } from '../tokenProgress';
import { Command } from '../commandIds';
import { notificationText } from '../notificationText';

/** Exchanges now (even when a cached token is still valid) and reports the lifetime. */
export async function getAccessTokenCommand(services: Services, name?: unknown): Promise<boolean> {
  const profile = profileOrActive(services, name);
  await services.tokens.invalidate(profile.name);
  await tokenWithProgress(services.tokens, profile);
  const remaining = services.tokens.remainingSeconds(profile.name);
  void vscode.window
    .showInformationMessage(notificationText(remaining !== undefined ? vscode.l10n.t('OAuth JWT: access token for "{0}" received, valid for {1}.', profile.name, formatRemaining(remaining)) : vscode.l10n.t('OAuth JWT: access token for "{0}" received.', profile.name)), vscode.l10n.t('Copy'))
    .then((choice) => choice && vscode.commands.executeCommand(Command.CopyAccessToken, profile.name));
  return true;
}

export async function copyAccessTokenCommand(services: Services, name?: unknown): Promise<boolean> {
  return services.tokens.timing.time('command', async () => {
    const profile = services.tokens.timing.timeSync('lookup', () => profileOrActive(services, name));
    const token = await tokenWithProgress(services.tokens, profile);
    await services.tokens.timing.time('clipboard', () => vscode.env.clipboard.writeText(token.accessToken));
    // The token is where the user wanted it: now it may be saved (SecretStorage's round trip no longer competes with the clipboard's).
    services.tokens.handedOver(profile.name);
    if (isDpopToken(token)) {
      // RFC 9449: a DPoP-bound token is refused without a proof made with the profile's DPoP key.
      void vscode.window.showWarningMessage(notificationText(vscode.l10n.t('OAuth JWT: the access token for "{0}" was copied, but it is DPoP-bound: an API refuses it without a DPoP proof made with the profile\'s DPoP key. Send Test Request adds one; Copy as curl gives the token request with a fresh proof.', profile.name)), vscode.l10n.t('Copy as curl'))
        .then((choice) => choice && vscode.commands.executeCommand(Command.CopyAsCurl, profile.name));
      return true;
    }
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('OAuth JWT: access token for "{0}" copied', profile.name)}`, 3000);
    return true;
  });
}

export async function copyAuthorizationHeaderCommand(services: Services, name?: unknown): Promise<boolean> {
  const profile = profileOrActive(services, name);
  const token = await tokenWithProgress(services.tokens, profile);
  await vscode.env.clipboard.writeText(`Authorization: ${isDpopToken(token) ? 'DPoP' : 'Bearer'} ${token.accessToken}`);
  services.tokens.handedOver(profile.name);
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('OAuth JWT: Authorization header for "{0}" copied', profile.name)}`, 3000);
  return true;
}

/** The status bar's click: copy the active profile's token, or start the profile wizard when there is none. */
export async function statusBarClickCommand(services: Services): Promise<boolean> {
  if (!services.config.activeProfile()) {
    await vscode.commands.executeCommand(Command.NewProfile);
    return false;
  }
  return copyAccessTokenCommand(services);
}
