import * as vscode from 'vscode';
import type { TokenResult } from '../../core/exchange';
import type { Profile } from '../../core/profile';
import type { Services } from '../services';

/**
 * The profile's token without network when one is cached; otherwise an exchange shown as a
 * cancellable progress notification. A caller arriving during an exchange joins it.
 */
export async function tokenWithProgress(services: Services, profile: Profile): Promise<TokenResult> {
  const cached = services.tokens.peek(profile.name);
  if (cached) return cached;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `OAuth JWT: getting an access token for "${profile.name}"…`, cancellable: true },
    (_progress, cancellation) => services.tokens.getToken(profile, cancellation),
  );
}
