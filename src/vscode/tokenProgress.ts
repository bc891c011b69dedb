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
  // The latency benchmark's hook, when it records: withProgress's own time before our task runs and after it ends.
  const record = tokens.timing.record;
  const called = record ? performance.now() : 0;
  let taskEnd = 0;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('OAuth JWT: getting an access token for "{0}"…', profile.name), cancellable: true },
    (_progress, cancellation) => {
      record?.({ phase: 'progress', start: called, end: performance.now() });
      const token = tokens.getToken(profile, cancellation);
      return record ? token.finally(() => (taskEnd = performance.now())) : token;
    },
  );
  record?.({ phase: 'progress', start: taskEnd, end: performance.now() });
  return result;
}
