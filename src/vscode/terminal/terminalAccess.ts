import { delimiter } from 'node:path';
import * as vscode from 'vscode';
import { asOAuthJwtError, OAuthJwtError } from '../../core/errors';
import { TERMINAL_HANDLE_ENV, TERMINAL_SECRET_ENV, type TerminalReply } from '../../shared/terminalProtocol';
import type { Config } from '../config';
import type { Log } from '../log';
import { tokenWithProgress } from '../tokenProgress';
import type { TokenService } from '../tokenService';
import { writeCliShim } from './cliShim';
import { newTerminalSecret, startTerminalIpcServer, type TerminalIpcServer } from './ipcServer';
import { TERMINAL_ENABLED_SETTING } from './terminalSetting';

export { TERMINAL_ENABLED_SETTING };

type Decision = 'deny' | 'once' | 'window';

/**
 * Tokens for the integrated terminals of this window, from SecretStorage, with no key on disk.
 * While the workspace is trusted and oauthJwt.terminal.enabled is on, every new integrated
 * terminal gets (through the environment variable collection, not persisted) the bundled
 * `oauth-jwt` first on PATH, this window's handle and its secret. `oauth-jwt token --profile NAME`
 * without --key then asks here; the key never leaves the extension host. The first request for a
 * profile asks the user (Deny / Allow once / Allow for this window); every request is logged.
 * Shipped as dist/terminal.js, which terminalSwitch.ts loads after activation when the setting is on.
 */
export class TerminalAccess implements vscode.Disposable {
  private server: TerminalIpcServer | undefined;
  private starting: Promise<void> | undefined;
  private readonly allowedForWindow = new Set<string>();
  /** One question at a time: a second request for the same profile waits for the first answer. */
  private asking: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    private readonly tokens: TokenService,
    private readonly log: Log,
    /** The runtime the shim runs the CLI on: the extension host's own. */
    private readonly runtimePath = process.execPath,
  ) {}

  /** Starts or stops the handle to match trust and the setting; call on changes of either. */
  update(): Promise<void> {
    const wanted = vscode.workspace.isTrusted && vscode.workspace.getConfiguration().get<boolean>(TERMINAL_ENABLED_SETTING, true);
    const next = (this.starting ?? Promise.resolve()).then(() => (wanted && !this.disposed ? this.start() : this.stop()));
    this.starting = next.catch((error: unknown) => {
      this.log.warn('terminal', asOAuthJwtError(error, 'TERMINAL_UNAVAILABLE', 'The terminal handle could not be set up.').describe());
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
    this.log.addSecret(secret);
    const server = await startTerminalIpcServer({
      secret,
      onRequest: ({ profile }, signal) => this.answer(profile, signal),
      onRefused: (reason) => this.log.warn('terminal', `refused a request: ${reason}`),
    });
    try {
      const bin = await writeCliShim(server.folder, this.runtimePath, this.context.asAbsolutePath('dist/cli.js'));
      if (this.disposed) throw new OAuthJwtError('TERMINAL_UNAVAILABLE', 'The window is closing.');
      const env = this.context.environmentVariableCollection;
      // Per window: a reloaded window makes a new handle and secret, so nothing is kept for restored terminals.
      env.persistent = false;
      env.description = new vscode.MarkdownString('Lets `oauth-jwt token --profile NAME` ask this window for an access token (OAuth JWT Bearer).');
      env.replace(TERMINAL_HANDLE_ENV, server.handle);
      env.replace(TERMINAL_SECRET_ENV, secret);
      env.prepend('PATH', `${bin}${delimiter}`);
    } catch (error) {
      await server.close();
      throw error;
    }
    this.server = server;
    this.log.info('terminal', 'integrated terminals opened from now on can ask this window for tokens (oauth-jwt token --profile NAME)');
  }

  private async stop(): Promise<void> {
    this.context.environmentVariableCollection.clear();
    const server = this.server;
    this.server = undefined;
    this.allowedForWindow.clear();
    if (server) {
      await server.close();
      this.log.info('terminal', 'integrated terminals can no longer ask this window for tokens');
    }
  }

  private async answer(name: string, signal: AbortSignal): Promise<TerminalReply> {
    // The name comes from the request: quoted as JSON, so it cannot start a line of its own in the log.
    this.log.info('terminal', `a terminal asks for a token of profile ${JSON.stringify(name)}`);
    try {
      if (!vscode.workspace.getConfiguration().get<boolean>(TERMINAL_ENABLED_SETTING, true)) {
        throw new OAuthJwtError('TERMINAL_REFUSED', 'Tokens for terminals are turned off in this window.', `Turn on ${TERMINAL_ENABLED_SETTING} in your user settings, or pass --key FILE.`);
      }
      const profile = this.config.profile(name);
      if (!profile) {
        const known = this.config.profiles().profiles.map((p) => `"${p.name}"`).join(', ');
        throw new OAuthJwtError('PROFILE_NOT_FOUND', `This VS Code window has no valid profile named "${name}".`, known ? `Its profiles: ${known}.` : 'Create one with "OAuth JWT: New Profile".');
      }
      const decision = await this.permission(name, signal);
      if (decision === 'deny') {
        throw new OAuthJwtError('TERMINAL_DENIED', `The request for a token of profile "${name}" was denied in VS Code; nothing was sent.`, 'Run the command again and choose Allow in VS Code.');
      }
      const cached = this.tokens.peek(name) !== undefined;
      const token = await tokenWithProgress(this.tokens, profile);
      this.log.info('terminal', `gave a terminal the ${cached ? 'cached' : 'new'} token of profile ${JSON.stringify(name)}`);
      return { ok: true, accessToken: token.accessToken, response: token.response };
    } catch (error) {
      const failure = asOAuthJwtError(error, 'TERMINAL_UNAVAILABLE', 'The token could not be obtained.', 'Open the OAuth JWT log (OAuth JWT: Show Log) for details.');
      this.log.warn('terminal', `profile ${JSON.stringify(name)}: ${failure.describe()}`);
      return { ok: false, code: failure.code, message: failure.message, hint: failure.hint };
    }
  }

  private permission(name: string, signal: AbortSignal): Promise<Decision> {
    const decided = this.asking.then(() => (this.allowedForWindow.has(name) ? 'window' as const : this.ask(name, signal)));
    this.asking = decided.catch(() => undefined);
    return decided;
  }

  /**
   * Deny first, so Enter or Escape never gives a token away. The question goes away (as a denial)
   * when the terminal stops waiting for it (Ctrl-C, or the terminal closed).
   */
  private async ask(name: string, signal: AbortSignal): Promise<Decision> {
    if (signal.aborted) return 'deny';
    const title = `A terminal asks for an access token of profile "${name}"`;
    const items: Array<vscode.QuickPickItem & { decision: Decision }> = [
      { label: 'Deny', detail: 'Nothing is sent; oauth-jwt exits with an error.', decision: 'deny' },
      { label: 'Allow once', detail: 'This request only.', decision: 'once' },
      { label: 'Allow for this window', detail: `Every terminal of this window may get "${name}"'s token until the window closes.`, decision: 'window' },
    ];
    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = () => cancellation.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder: title, ignoreFocusOut: true }, cancellation.token);
      const decision = picked?.decision ?? 'deny';
      if (decision === 'window') this.allowedForWindow.add(name);
      this.log.info('terminal', `profile ${JSON.stringify(name)}: ${picked?.label ?? (signal.aborted ? 'Deny (the terminal stopped waiting)' : 'Deny (dismissed)')}`);
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
