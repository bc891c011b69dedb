import * as vscode from 'vscode';
import type { TokenResult } from '../core/exchange';
import type { Config } from './config';
import { tokenWithProgress } from './tokenProgress';
import type { TokenService } from './tokenService';

export const AUTH_PROVIDER_ID = 'oauth-jwt';

/**
 * Lets other extensions ask for a bearer token:
 * `vscode.authentication.getSession('oauth-jwt', [profileName], { createIfNone: true })`.
 * The first scope names the profile (the active profile when none is given).
 */
export class OAuthJwtAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly known = new Map<string, vscode.AuthenticationSession>();

  constructor(
    private readonly config: Config,
    private readonly tokens: TokenService,
  ) {
    this.subscriptions = [
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'OAuth JWT Bearer', this, { supportsMultipleAccounts: true }),
      tokens.onDidChange((profile) => this.refresh(profile)),
    ];
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const names = scopes?.length ? [scopes[0]!] : this.config.profiles().profiles.map((p) => p.name);
    const sessions: vscode.AuthenticationSession[] = [];
    for (const name of names) {
      const token = this.tokens.peek(name);
      if (token) sessions.push(this.session(name, token));
    }
    return sessions;
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const profile = scopes[0] ? this.config.profile(scopes[0]) : this.config.activeProfile();
    if (!profile) throw new Error(scopes[0] ? vscode.l10n.t('No OAuth JWT profile named "{0}".', scopes[0]) : vscode.l10n.t('No OAuth JWT profile is configured.'));
    const token = await tokenWithProgress(this.tokens, profile);
    return this.session(profile.name, token);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.tokens.invalidate(sessionId);
  }

  private session(name: string, token: TokenResult): vscode.AuthenticationSession {
    return { id: name, accessToken: token.accessToken, account: { id: name, label: name }, scopes: [name] };
  }

  private refresh(profile: string): void {
    const before = this.known.get(profile);
    const token = this.tokens.peek(profile);
    const after = token ? this.session(profile, token) : undefined;
    if (after) this.known.set(profile, after);
    else this.known.delete(profile);
    if (!before && after) this.changed.fire({ added: [after], removed: [], changed: [] });
    else if (before && !after) this.changed.fire({ added: [], removed: [before], changed: [] });
    else if (before && after && before.accessToken !== after.accessToken) this.changed.fire({ added: [], removed: [], changed: [after] });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
