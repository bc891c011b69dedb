import * as vscode from 'vscode';
import type { TokenResult } from '../core/exchange';
import type { Profile } from '../core/profile';
import type { TokenService } from './tokenService';

/**
 * The profile's token without network when one is cached; otherwise an exchange shown as a
 * cancellable progress notification. A caller arriving during an exchange joins it. For the
 * commands, the claim editor and the authentication provider alike.
 */
export async function tokenWithProgress(tokens: TokenService, profile: Profile): Promise<TokenResult> {
  const cached = tokens.peek(profile.name);
  if (cached) return cached;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('OAuth JWT: getting an access token for "{0}"…', profile.name), cancellable: true },
    (_progress, cancellation) => tokens.getToken(profile, cancellation),
  );
}
