/**
 * The claim editor panel: one per profile (opening it again reveals it), restored after a
 * window reload by a serializer, with a strict CSP (fresh nonce per render, no inline code),
 * resources only from dist/webview, and every message checked against the protocol both ways.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { asOAuthJwtError, OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import { DEFAULT_LIFETIME_SECONDS } from '../core/limits';
import type { Profile } from '../core/profile';
import {
  parseFromWebview, parseSavedState, parseToWebview,
  type EditorContext, type FromWebviewRequest, type KeyAction, type ReplyMessage, type RequestOf, type RequestType, type Results, type ToWebviewMessage,
} from '../shared/protocol';
import * as requests from './claimEditor/requests';
import { keySummary, presetTemplates, profileSummary, profileTemplate } from './claimEditor/templates';
import { CLAIM_EDITOR_VIEW_TYPE, Command } from './commandIds';
import type { SlotKey } from './keyRing';
import { DEFAULT_KEY_SLOT, noKeyError } from './keySlots';
import type { Services } from './services';

/** The command behind each key action the editor offers. */
const KEY_ACTION_COMMANDS: Record<KeyAction, Command> = {
  rotate: Command.RotateKey,
  activate: Command.ActivateNextKey,
  retire: Command.RetirePreviousKey,
  details: Command.ShowCertificateDetails,
};

/** How the panel answers each request type. */
type RequestHandlers = { [K in RequestType]: (request: RequestOf<K>) => Promise<Results[K]> | Results[K] };

/** The key of the editor that belongs to no profile. */
const NO_PROFILE = '';

export interface OpenOptions {
  /** A token to show in the decode view. */
  decode?: string;
}

export class ClaimEditorPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ClaimEditorPanel>();

  /** The page said `ready` and is still alive (a hidden webview is torn down and loads anew when shown). */
  private ready = false;
  private pendingDecode: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Kept in memory only, for Copy and Reveal; never sent unless asked for, never stored. */
  private signedToken: string | undefined;
  private token: TokenResult | undefined;
  private keyPromise: Promise<SlotKey | undefined> | undefined;

  /** Opens (or reveals) the editor of a profile, or the one without a profile. */
  static show(services: Services, profile: string | undefined, options: OpenOptions = {}): ClaimEditorPanel {
    const key = profile ?? NO_PROFILE;
    const existing = ClaimEditorPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      if (options.decode !== undefined) existing.post({ type: 'decodeToken', token: options.decode });
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(CLAIM_EDITOR_VIEW_TYPE, titleFor(profile), vscode.ViewColumn.Active, webviewOptions(services));
    return new ClaimEditorPanel(panel, services, key, options.decode);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, services: Services, state: unknown): ClaimEditorPanel {
    const saved = parseSavedState(state);
    const key = saved?.profile && services.config.profile(saved.profile) ? saved.profile : NO_PROFILE;
    ClaimEditorPanel.open.get(key)?.dispose();
    panel.webview.options = webviewOptions(services);
    return new ClaimEditorPanel(panel, services, key, undefined);
  }

  /** Tells every editor that profiles, keys or trust changed. */
  static refreshAll(): void {
    for (const editor of ClaimEditorPanel.open.values()) editor.refresh();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly profileName: string,
    decode: string | undefined,
  ) {
    ClaimEditorPanel.open.set(profileName, this);
    this.pendingDecode = decode;
    panel.title = titleFor(profileName || undefined);
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
    );
    this.render();
  }

  private render(): void {
    this.ready = false;
    this.panel.webview.html = html(this.panel.webview, this.services.context.extensionUri);
  }

  private profile(): Profile | undefined {
    return this.profileName ? this.services.config.profile(this.profileName) : undefined;
  }

  /** The key this editor signs with, loaded once and dropped when keys change. */
  private key(): Promise<SlotKey | undefined> {
    this.keyPromise ??= (this.profileName ? this.services.keys.forProfile(this.profileName) : this.services.keys.get(DEFAULT_KEY_SLOT)).catch(() => undefined);
    return this.keyPromise;
  }

  private refresh(): void {
    this.keyPromise = undefined;
    if (this.ready) void this.context().then((context) => this.post({ type: 'context', context }));
  }

  private async context(): Promise<EditorContext> {
    const profile = this.profile();
    const slotKey = await this.key();
    return {
      trusted: vscode.workspace.isTrusted,
      ...(profile ? { profile: profileSummary(profile) } : {}),
      ...(slotKey ? { key: keySummary(slotKey) } : {}),
    };
  }

  private async receive(value: unknown): Promise<void> {
    const message = parseFromWebview(value);
    if (!message) {
      this.services.log.warn('claim editor', 'dropped a message from the webview that does not fit the protocol');
      return;
    }
    if (message.type === 'ready') return this.onReady();
    await this.answer(message);
  }

  /** The webview (re)loaded: send everything it needs, then whatever waited for it. */
  private async onReady(): Promise<void> {
    const profile = this.profile();
    const slotKey = await this.key();
    const template = profile
      ? profileTemplate(profile, this.services.config.lifetimeSeconds(profile), slotKey)
      : { header: {}, claims: {}, lifetimeSeconds: this.services.config.lifetimeSeconds({ name: '', flow: 'client-assertion', tokenUrl: '' }) ?? DEFAULT_LIFETIME_SECONDS, jti: true };
    const decode = this.pendingDecode;
    this.pendingDecode = undefined;
    this.ready = true;
    this.post({ type: 'init', context: await this.context(), template, presets: presetTemplates(vscode.l10n), ...(decode !== undefined ? { decode } : {}), ...(vscode.l10n.bundle ? { l10n: vscode.l10n.bundle } : {}) });
  }

  /** One handler per request type of the protocol's table (the type makes a missing one an error). */
  private readonly handlers: RequestHandlers = {
    sign: async ({ template }) => {
      const result = await requests.sign(this.session(), template);
      this.signedToken = result.token;
      return result;
    },
    check: ({ template }) => requests.check(this.session(), template),
    decode: ({ token }) => requests.decode(token),
    verify: ({ token, using }) => requests.verify(this.session(), token, using),
    exchange: async ({ template }) => {
      const { reply, token } = await requests.exchange(this.session(), template);
      this.token = token;
      return reply;
    },
    reveal: () => ({ accessToken: this.requireToken().accessToken }),
    copy: async ({ what }) => {
      const text = what === 'accessToken' ? this.requireToken().accessToken : this.signedToken;
      if (!text) throw new OAuthJwtError('INVALID_OPTION', vscode.l10n.t('There is no signed JWT to copy yet.'), vscode.l10n.t('Press Sign first.'));
      await vscode.env.clipboard.writeText(text);
      return { copied: true };
    },
    keyAction: async ({ action }) => {
      const slot = (await this.key())?.slot;
      if (!slot) throw noKeyError(this.profileName ? vscode.l10n.t('for profile "{0}"', this.profileName) : vscode.l10n.t('as the default key'));
      // Through the command, so it asks, confirms and reports exactly as from the palette.
      const result = await vscode.commands.executeCommand(KEY_ACTION_COMMANDS[action], { slot });
      this.refresh();
      return { done: result !== undefined };
    },
  };

  private session(): requests.EditorSession {
    return { services: this.services, profile: () => this.profile(), key: () => this.key() };
  }

  private async answer(request: FromWebviewRequest): Promise<void> {
    const { id, type } = request;
    try {
      // The handler of this request's own type: TypeScript cannot pair a union member with its map entry by itself.
      const handler = this.handlers[type] as (request: FromWebviewRequest) => Promise<Results[RequestType]> | Results[RequestType];
      const result = await handler(request);
      this.post({ type: 'reply', id, request: type, ok: true, result } as ReplyMessage);
    } catch (error) {
      const failure = asOAuthJwtError(error, 'INVALID_OPTION', vscode.l10n.t('The claim editor could not do that.'), vscode.l10n.t('Open the log for details.'));
      if (!(error instanceof OAuthJwtError)) this.services.log.error('claim editor', `${type}: unexpected ${(error as Error)?.name ?? 'error'}`);
      if (type !== 'check' && type !== 'decode') this.services.log.info('claim editor', `${type}: ${failure.code} ${failure.message}`);
      this.post({ type: 'reply', id, request: type, ok: false, error: { code: failure.code, message: failure.messageIn(vscode.l10n), ...(failure.hint ? { hint: failure.hintIn(vscode.l10n) } : {}) } });
    }
  }

  private requireToken(): TokenResult {
    if (!this.token) throw new OAuthJwtError('INVALID_OPTION', vscode.l10n.t('No access token was received in this editor yet.'), vscode.l10n.t('Press Exchange first.'));
    return this.token;
  }

  /**
   * Posts once the webview said ready; before that, a token to decode waits for `init`, which
   * also carries the current context, so nothing else needs to wait. Every message is checked against
   * the protocol on its way out too; a reply that does not fit (say, a decoded token with a
   * "__proto__" member) becomes a failure, so the page never waits for an answer it would drop.
   */
  private post(message: ToWebviewMessage): void {
    if (message.type !== 'reply' && message.type !== 'init' && !this.ready) {
      if (message.type === 'decodeToken') this.pendingDecode = message.token;
      return;
    }
    let outgoing: ToWebviewMessage = message;
    if (!parseToWebview(message)) {
      if (message.type !== 'reply') return;
      outgoing = { type: 'reply', id: message.id, request: message.request, ok: false, error: { code: 'INVALID_TOKEN', message: vscode.l10n.t('The result holds members that cannot be shown (such as "__proto__"), or is too large or too deeply nested.') } };
    }
    void this.panel.webview.postMessage(outgoing);
  }

  dispose(): void {
    if (ClaimEditorPanel.open.get(this.profileName) === this) ClaimEditorPanel.open.delete(this.profileName);
    this.signedToken = undefined;
    this.token = undefined;
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function titleFor(profile: string | undefined): string {
  return profile ? `JWT: ${profile}` : vscode.l10n.t('JWT Claim Editor');
}

function webviewOptions(services: Services): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview')],
  };
}

/** The page: a script and a style sheet from dist/webview, nothing inline but the nonce'd script tag. */
function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(vscode.env.language) ? vscode.env.language : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('claimEditor.css')}">
<title>${vscode.l10n.t('JWT Claim Editor').replace(/[<>&"]/g, '')}</title>
</head>
<body>
<script nonce="${nonce}" src="${asset('claimEditor.js')}"></script>
</body>
</html>`;
}

/** The serializer (restores editors after a reload) and the events that refresh open editors. */
export function registerClaimEditor(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerWebviewPanelSerializer(CLAIM_EDITOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        ClaimEditorPanel.revive(panel, services, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('oauthJwt') && ClaimEditorPanel.refreshAll()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => ClaimEditorPanel.refreshAll()),
    services.secrets.onDidChange(({ kind }) => kind === 'privateKey' && ClaimEditorPanel.refreshAll()),
  );
}
