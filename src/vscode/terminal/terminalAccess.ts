import { delimiter } from 'node:path';
import * as vscode from 'vscode';
import { asOAuthJwtError, OAuthJwtError } from '../../core/errors';
import { shownTerminalUrl, TERMINAL_HANDLE_ENV, TERMINAL_SECRET_ENV, type TerminalAsk, type TerminalReply } from '../../shared/terminalProtocol';
import type { LoadEngine } from '../engine';
import type { Services } from '../services';
import { tokenWithProgress } from '../tokenProgress';
import { writeCliShim } from './cliShim';
import { newTerminalSecret, startTerminalIpcServer, type TerminalIpcServer } from './ipcServer';
import { TERMINAL_ENABLED_SETTING, terminalsWanted } from './terminalSetting';

export { TERMINAL_ENABLED_SETTING };

type Decision = 'deny' | 'once' | 'window';

/**
 * Tokens for the integrated terminals of this window, from SecretStorage, with no key on disk.
 * While the workspace is trusted and oauthJwt.terminal.enabled is on, every new integrated
 * terminal gets (through the environment variable collection, not persisted) the bundled
 * `oauth-jwt` first on PATH, this window's handle and its secret. `oauth-jwt token --profile NAME`
 * without --key then asks here for the token; `oauth-jwt request --profile NAME URL` asks this
 * window to call the URL (by Send Test Request's rules: a confirmed origin, a DPoP proof or the
 * client certificate as the profile needs) and gets the response. The key never leaves the
 * extension host. The first request for a profile asks the user (Deny / Allow once / Allow for
 * this window); every request is logged.
 * Shipped as dist/terminal.js, which terminalSwitch.ts loads after activation when the setting is on.
 */
export class TerminalAccess implements vscode.Disposable {
  private server: TerminalIpcServer | undefined;
  private starting: Promise<void> | undefined;
  /** "token:NAME" (which covers requests too: the token itself is more) or "request:NAME". */
  private readonly allowedForWindow = new Set<string>();
  /** One question at a time: a second request for the same profile waits for the first answer. */
  private asking: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
    /** The HTTP and DPoP code of `request`, loaded on the first one. */
    private readonly engine: LoadEngine,
    /** The runtime the shim runs the CLI on: the extension host's own. */
    private readonly runtimePath = process.execPath,
  ) {}

  /** Starts or stops the handle to match trust and the setting; call on changes of either. */
  update(): Promise<void> {
    const wanted = terminalsWanted();
    const next = (this.starting ?? Promise.resolve()).then(() => (wanted && !this.disposed ? this.start() : this.stop()));
    this.starting = next.catch((error: unknown) => {
      this.services.log.warn('terminal', asOAuthJwtError(error, 'TERMINAL_UNAVAILABLE', 'The terminal handle could not be set up.').describe());
    });
    return this.starting;
  }

  /** This window's handle while it is open (for tests and the log). */
  get handle(): string | undefined {
    return this.server?.handle;
  }

  private async start(): Promise<void> {
    if (this.server) return;
    const secret = newTerminalSecret();
    this.services.log.addSecret(secret);
    const server = await startTerminalIpcServer({
      secret,
      onRequest: (request, signal) => this.answer(request, signal),
      onRefused: (reason) => this.services.log.warn('terminal', `refused a request: ${reason}`),
    });
    try {
      const bin = await writeCliShim(server.folder, this.runtimePath, this.context.asAbsolutePath('dist/cli.js'));
      if (this.disposed) throw new OAuthJwtError('TERMINAL_UNAVAILABLE', 'The window is closing.');
      const env = this.context.environmentVariableCollection;
      // Per window: a reloaded window makes a new handle and secret, so nothing is kept for restored terminals.
      env.persistent = false;
      env.description = new vscode.MarkdownString(vscode.l10n.t('Lets `oauth-jwt token --profile NAME` and `oauth-jwt request --profile NAME URL` ask this window for an access token or an API call with it (OAuth JWT Bearer).'));
      env.replace(TERMINAL_HANDLE_ENV, server.handle);
      env.replace(TERMINAL_SECRET_ENV, secret);
      env.prepend('PATH', `${bin}${delimiter}`);
    } catch (error) {
      await server.close();
      throw error;
    }
    this.server = server;
    this.services.log.info('terminal', 'integrated terminals opened from now on can ask this window for tokens (oauth-jwt token --profile NAME)');
  }

  private async stop(): Promise<void> {
    this.context.environmentVariableCollection.clear();
    const server = this.server;
    this.server = undefined;
    this.allowedForWindow.clear();
    if (server) {
      await server.close();
      this.services.log.info('terminal', 'integrated terminals can no longer ask this window for tokens');
    }
  }

  private async answer(request: TerminalAsk, signal: AbortSignal): Promise<TerminalReply> {
    const name = request.profile;
    // The name and URL come from the request: quoted as JSON, so they cannot start a line of their own in the log.
    const target = request.type === 'request' ? shownTerminalUrl(request.url) : '';
    this.services.log.info('terminal', request.type === 'token'
      ? `a terminal asks for a token of profile ${JSON.stringify(name)}`
      : `a terminal asks to call ${request.method} ${JSON.stringify(target)} with the token of profile ${JSON.stringify(name)}`);
    try {
      if (!vscode.workspace.getConfiguration().get<boolean>(TERMINAL_ENABLED_SETTING, true)) {
        throw new OAuthJwtError('TERMINAL_REFUSED', 'Tokens for terminals are turned off in this window.', `Turn on ${TERMINAL_ENABLED_SETTING} in your user settings, or pass --key FILE.`);
      }
      const profile = this.services.config.profile(name);
      if (!profile) {
        const known = this.services.config.profiles().profiles.map((p) => `"${p.name}"`).join(', ');
        throw new OAuthJwtError('PROFILE_NOT_FOUND', `This VS Code window has no valid profile named "${name}".`, known ? `Its profiles: ${known}.` : 'Create one with "OAuth JWT: New Profile".');
      }
      // A URL that could never be called is refused before the user is asked anything.
      if (request.type === 'request') this.engine().terminal.validateUrl(request.url, 'request URL');
      const decision = await this.permission(request, signal);
      if (decision === 'deny') {
        throw new OAuthJwtError('TERMINAL_DENIED', request.type === 'token'
          ? `The request for a token of profile "${name}" was denied in VS Code; nothing was sent.`
          : `The call to ${target} with the token of profile "${name}" was denied in VS Code; nothing was sent.`, 'Run the command again and choose Allow in VS Code.');
      }
      if (request.type === 'request') return await this.engine().terminal.call(this.services, profile, request, signal);
      const cached = this.services.tokens.peek(name) !== undefined;
      const token = await tokenWithProgress(this.services.tokens, profile);
      this.services.log.info('terminal', `gave a terminal the ${cached ? 'cached' : 'new'} token of profile ${JSON.stringify(name)}`);
      return { ok: true, accessToken: token.accessToken, response: token.response };
    } catch (error) {
      const failure = asOAuthJwtError(error, 'TERMINAL_UNAVAILABLE', request.type === 'token' ? 'The token could not be obtained.' : 'The call could not be made.', 'Open the OAuth JWT log (OAuth JWT: Show Log) for details.');
      this.services.log.warn('terminal', `profile ${JSON.stringify(name)}: ${failure.describe()}`);
      return { ok: false, code: failure.code, message: failure.message, hint: failure.hint };
    }
  }

  private permission(request: TerminalAsk, signal: AbortSignal): Promise<Decision> {
    const decided = this.asking.then(() => {
      const { type, profile } = request;
      if (this.allowedForWindow.has(`token:${profile}`) || this.allowedForWindow.has(`${type}:${profile}`)) return 'window' as const;
      return this.ask(request, signal);
    });
    this.asking = decided.catch(() => undefined);
    return decided;
  }

  /**
   * Deny first, so Enter or Escape never gives a token away. The question goes away (as a denial)
   * when the terminal stops waiting for it (Ctrl-C, or the terminal closed).
   */
  private async ask(request: TerminalAsk, signal: AbortSignal): Promise<Decision> {
    if (signal.aborted) return 'deny';
    const name = request.profile;
    const title = request.type === 'token'
      ? vscode.l10n.t('A terminal asks for an access token of profile "{0}"', name)
      : vscode.l10n.t('A terminal asks to call {0} {1} with the access token of profile "{2}"', request.method, shownTerminalUrl(request.url), name);
    const items: Array<vscode.QuickPickItem & { decision: Decision }> = [
      { label: vscode.l10n.t('Deny'), detail: vscode.l10n.t('Nothing is sent; oauth-jwt exits with an error.'), decision: 'deny' },
      { label: vscode.l10n.t('Allow once'), detail: vscode.l10n.t('This request only.'), decision: 'once' },
      {
        label: vscode.l10n.t('Allow for this window'),
        detail: request.type === 'token'
          ? vscode.l10n.t('Every terminal of this window may get "{0}"\'s token until the window closes.', name)
          : vscode.l10n.t('Every terminal of this window may call APIs with "{0}"\'s token (on origins confirmed for it) until the window closes.', name),
        decision: 'window',
      },
    ];
    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = () => cancellation.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder: title, ignoreFocusOut: true }, cancellation.token);
      const decision = picked?.decision ?? 'deny';
      if (decision === 'window') this.allowedForWindow.add(`${request.type}:${name}`);
      this.services.log.info('terminal', `profile ${JSON.stringify(name)}: ${picked?.label ?? (signal.aborted ? 'Deny (the terminal stopped waiting)' : 'Deny (dismissed)')}`);
      return decision;
    } finally {
      signal.removeEventListener('abort', onAbort);
      cancellation.dispose();
    }
  }

  dispose(): void {
    this.disposed = true;
    void this.update();
  }
}
