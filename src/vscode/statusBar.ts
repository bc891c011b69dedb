import * as vscode from 'vscode';
import { escapeCodicons } from './codicons';
import { Command } from './commandIds';
import { DEFAULT_KEY_SLOT } from './keySlots';
import { notificationText } from './notificationText';
import { certificateExpiry, describeExpiry, type CertificateExpiry } from '../core/certificateExpiry';
import { systemClock, type Clock } from '../core/clock';
import { formatRemaining } from '../core/duration';
import type { Config } from './config';
import type { KeyRing } from './keyRing';
import type { TokenService } from './tokenService';

/**
 * The status bar item: the active profile and its token's remaining lifetime, updated every second
 * while a token with a known expiry is held. A click copies the bearer token (exchanging first).
 * The slot's certificate expiry (oauthJwt.certificateExpiryWarningDays, by the injected clock) turns
 * it to the warning look, or the error look once expired, with one notification a day offering
 * Rotate Key; the tooltip also says when a next key waits or a previous key is kept.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oauthJwt.status', vscode.StatusBarAlignment.Right, 100);
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly config: Config,
    private readonly tokens: TokenService,
    private readonly keys: KeyRing,
    private readonly state: vscode.Memento,
    private readonly clock: Clock = systemClock,
  ) {
    this.item.name = 'OAuth JWT Bearer';
    this.item.command = Command.StatusBarClick;
    this.subscriptions.push(tokens.onDidChange(() => this.update()), keys.onDidChange(() => this.update()));
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
    tooltip.appendMarkdown(`**OAuth JWT Bearer** — ${vscode.l10n.t('profile {0} ({1})', codeSpan(name), `${profile.provider ? `${codeSpan(profile.provider)}, ` : ''}${profile.flow}`)}\n\n`);
    this.item.backgroundColor = undefined;
    if (this.tokens.isFetching(name)) {
      this.item.text = `$(sync~spin) ${shown}`;
      tooltip.appendMarkdown(vscode.l10n.t('Exchanging a signed JWT for an access token…'));
    } else if (token) {
      this.item.text = remaining === undefined ? `$(pass) ${shown}` : `$(pass) ${shown} ${formatRemaining(remaining)}`;
      tooltip.appendMarkdown(`${token.expiresAt ? vscode.l10n.t('Token expires at {0}.', new Date(token.expiresAt).toLocaleTimeString()) : vscode.l10n.t('Token expiry unknown.')}\n\n`);
      tooltip.appendMarkdown(vscode.l10n.t('Click to copy the bearer token.'));
    } else if (failure) {
      this.item.text = `$(warning) ${shown}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.appendMarkdown(`${vscode.l10n.t('The last exchange failed: {0}', codeSpan(failure.messageIn(vscode.l10n)))}\n\n${vscode.l10n.t('Click to try again.')}`);
    } else {
      this.item.text = `$(key) ${shown}`;
      tooltip.appendMarkdown(vscode.l10n.t('No access token yet. Click to get one and copy it.'));
    }
    const slot = this.keys.slotFor(name);
    const validity = slot === undefined ? undefined : this.keys.certificateValidity(slot);
    const expiry = validity && certificateExpiry(validity, this.clock, this.config.certificateExpiryWarningDays());
    if (expiry && (expiry.state === 'expiring' || expiry.state === 'expired')) {
      if (!failure || expiry.state === 'expired') this.item.backgroundColor = new vscode.ThemeColor(expiry.state === 'expired' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
      tooltip.appendMarkdown(`\n\n**${vscode.l10n.t('The certificate {0}.', describeExpiry(expiry, vscode.l10n))}** ${vscode.l10n.t('Run "OAuth JWT: Rotate Key" to make the next key and certificate.')}`);
      this.notifyOncePerDay(slot!, expiry);
    } else if (expiry) {
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('The certificate {0}.', describeExpiry(expiry, vscode.l10n))}`);
    }
    const rotation = slot === undefined ? {} : this.keys.rotation(slot);
    if (rotation.next !== undefined) tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Next key ready, not active: register it with the provider, then run "OAuth JWT: Activate Next Key".')}`);
    if (rotation.previous !== undefined) tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Previous key kept for a rollback until "OAuth JWT: Retire Previous Key".')}`);
    this.item.tooltip = tooltip;
    const status = this.item.text.replace(/^\$\([^)]*\)\s*/, '').replace(shown, () => name);
    const certificateStatus = expiry && expiry.state !== 'valid' ? vscode.l10n.t(', certificate {0}', describeExpiry(expiry, vscode.l10n)) : '';
    this.item.accessibilityInformation = { label: vscode.l10n.t('OAuth JWT profile {0}: {1}', name, `${status}${certificateStatus}`) };
    this.item.show();
    if (token && remaining !== undefined) this.startTimer();
    else this.stopTimer();
  }

  /** At most one notification a day per slot (remembered in global state, so a reload does not repeat it). */
  private notifyOncePerDay(slot: string, expiry: CertificateExpiry): void {
    const key = `oauthJwt.expiryNotified.${slot}`;
    const today = new Date(this.clock()).toISOString().slice(0, 10);
    if (this.state.get<string>(key) === today) return;
    void this.state.update(key, today);
    const text = slot === DEFAULT_KEY_SLOT ? vscode.l10n.t('OAuth JWT: the certificate of the default key {0}.', describeExpiry(expiry, vscode.l10n)) : vscode.l10n.t('OAuth JWT: the certificate of profile "{0}" {1}.', slot, describeExpiry(expiry, vscode.l10n));
    const show = expiry.state === 'expired' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(notificationText(text), vscode.l10n.t('Rotate Key')).then((choice) => {
      if (choice) void vscode.commands.executeCommand(Command.RotateKey, { slot });
    });
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
