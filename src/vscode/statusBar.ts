import * as vscode from 'vscode';
import { escapeCodicons } from './codicons';
import { Command } from './commandIds';
import { formatRemaining } from '../core/duration';
import type { Config } from './config';
import type { TokenService } from './tokenService';

/**
 * The status bar item: the active profile and its token's remaining lifetime, updated every second
 * while a token with a known expiry is held. A click copies the bearer token (exchanging first).
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oauthJwt.status', vscode.StatusBarAlignment.Right, 100);
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly config: Config,
    private readonly tokens: TokenService,
  ) {
    this.item.name = 'OAuth JWT Bearer';
    this.item.command = Command.StatusBarClick;
    this.subscriptions.push(tokens.onDidChange(() => this.update()));
    this.update();
  }

  update(): void {
    const profile = this.config.activeProfile();
    if (!profile) {
      this.item.hide();
      this.stopTimer();
      return;
    }
    const name = profile.name;
    // Shown as text, never as icons: the name may come from a repository's settings.
    const shown = escapeCodicons(name);
    const failure = this.tokens.lastFailure(name);
    const token = this.tokens.peek(name);
    const remaining = this.tokens.remainingSeconds(name);
    // No theme icons in the tooltip: it holds the profile name and a server's message, never an icon.
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(`**OAuth JWT Bearer** — profile ${codeSpan(name)} (${profile.provider ? `${codeSpan(profile.provider)}, ` : ''}${profile.flow})\n\n`);
    this.item.backgroundColor = undefined;
    if (this.tokens.isFetching(name)) {
      this.item.text = `$(sync~spin) ${shown}`;
      tooltip.appendMarkdown('Exchanging a signed JWT for an access token…');
    } else if (token) {
      this.item.text = remaining === undefined ? `$(pass) ${shown}` : `$(pass) ${shown} ${formatRemaining(remaining)}`;
      tooltip.appendMarkdown(token.expiresAt ? `Token expires at ${new Date(token.expiresAt).toLocaleTimeString()}.\n\n` : 'Token expiry unknown.\n\n');
      tooltip.appendMarkdown('Click to copy the bearer token.');
    } else if (failure) {
      this.item.text = `$(warning) ${shown}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.appendMarkdown(`The last exchange failed: ${codeSpan(failure.message)}\n\nClick to try again.`);
    } else {
      this.item.text = `$(key) ${shown}`;
      tooltip.appendMarkdown('No access token yet. Click to get one and copy it.');
    }
    this.item.tooltip = tooltip;
    const status = this.item.text.replace(/^\$\([^)]*\)\s*/, '').replace(shown, () => name);
    this.item.accessibilityInformation = { label: `OAuth JWT profile ${name}: ${status}` };
    this.item.show();
    if (token && remaining !== undefined) this.startTimer();
    else this.stopTimer();
  }

  private startTimer(): void {
    this.timer ??= setInterval(() => this.update(), 1000);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stopTimer();
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * Text as a Markdown code span: shown exactly as written, never as markup, HTML or a link (escaping
 * alone still lets the renderer turn a bare https://… into a link). The fence is one backtick longer
 * than any run inside, as CommonMark wants.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const fence = '`'.repeat(Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return `${fence} ${flat} ${fence}`;
}
