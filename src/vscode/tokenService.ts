import * as vscode from 'vscode';
import { asOAuthJwtError, OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import type { PrivateKey } from '../core/keys';
import type { HttpClient, HttpRequest } from '../core/http';
import type { Profile } from '../core/profile';
import { TokenCache } from '../core/tokenCache';
import type { Config } from './config';
import type { KeyRing } from './keyRing';
import type { Log } from './log';
import type { SecretStore } from './secrets';
import type { LoadEngine } from './engine';
import type { OriginTrust } from './originTrust';
import { Timing } from './timing';
import type { TokenExchange } from './tokenExchange';

/** How long a new token waits for its caller to hand it on before it is saved anyway. */
const SAVE_DELAY_MS = 250;

/**
 * Access tokens per profile: cached in memory and in SecretStorage, one exchange in flight per
 * profile (a second caller joins it), with every check of SPEC §3, §6 and §7 made before a secret
 * leaves: trust, the origin confirmed for the key (and secret), key and secret present, provider
 * rules, and the assertion lifetime capped by the user-level limit (tokenExchange.ts, in the engine).
 */
export class TokenService implements vscode.Disposable {
  private readonly cache = new TokenCache();
  private readonly failures = new Map<string, OAuthJwtError>();
  /** Bumped when a profile's token is dropped, so an exchange already running then does not save its token after. */
  private readonly epochs = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the profile name whose token or state changed. */
  readonly onDidChange = this.changed.event;
  /** Where the latency benchmark listens; off otherwise. */
  readonly timing = new Timing();
  private work: TokenExchange | undefined;
  /** New tokens not yet saved, by profile: each call saves (at most once). */
  private readonly unsaved = new Map<string, () => void>();

  constructor(
    private readonly config: Config,
    private readonly secrets: SecretStore,
    private readonly keys: KeyRing,
    /** Made on first use, in the engine. */
    private readonly trust: () => OriginTrust,
    private readonly log: Log,
    private readonly engine: LoadEngine,
    /** Default: the engine's (Node's). */
    private readonly http?: HttpClient,
  ) {}

  /** A still-valid token, without any network. */
  peek(profile: string): TokenResult | undefined {
    return this.cache.peek(profile);
  }

  remainingSeconds(profile: string): number | undefined {
    return this.cache.remainingSeconds(profile);
  }

  isFetching(profile: string): boolean {
    return this.cache.isFetching(profile);
  }

  lastFailure(profile: string): OAuthJwtError | undefined {
    return this.failures.get(profile);
  }

  /** Loads a token saved by an earlier session, if it is still valid. */
  async restore(profile: string): Promise<void> {
    if (this.cache.peek(profile)) return;
    const saved = await this.secrets.getToken(profile).catch(() => undefined);
    if (!saved) return;
    this.log.addSecret(saved.accessToken);
    this.cache.set(profile, saved);
    if (!this.cache.peek(profile)) this.cache.invalidate(profile);
    else this.changed.fire(profile);
  }

  /** The cached token, the running exchange, or a new exchange — in that order. */
  getToken(profile: Profile, cancellation?: vscode.CancellationToken): Promise<TokenResult> {
    const startedHere = !this.cache.isFetching(profile.name) && !this.cache.peek(profile.name);
    const promise = this.cache.get(profile.name, () => this.exchange(profile, cancellation));
    if (startedHere) this.timing.timeSync('statusBar', () => this.changed.fire(profile.name));
    return promise;
  }

  /** Drops the token so the next request exchanges anew. */
  async invalidate(profile: string): Promise<void> {
    this.bumpEpoch(profile);
    this.cache.invalidate(profile);
    await this.secrets.deleteToken(profile);
    this.changed.fire(profile);
  }

  /** Drops the in-memory token only (credentials changed; the stored one is replaced on the next exchange). */
  forgetCached(profile: string): void {
    this.bumpEpoch(profile);
    this.cache.invalidate(profile);
    this.changed.fire(profile);
  }

  /** The exact token request a fresh exchange would send (for Copy as curl / .http). */
  previewRequest(profile: Profile): Promise<HttpRequest> {
    return this.exchanger().previewRequest(profile);
  }

  /** The profile's DPoP key (RFC 9449): read from SecretStorage, or made and saved the first time. */
  dpopKey(profile: string): Promise<PrivateKey> {
    return this.exchanger().dpopKey(profile);
  }

  /** The exchange's work (the checks, confirmations and the request), in the engine: made on the first exchange. */
  private exchanger(): TokenExchange {
    return (this.work ??= new (this.engine().TokenExchange)(this.config, this.secrets, this.keys, this.trust, this.log, this.timing, this.http));
  }

  /** The caller has handed the profile's new token on (the clipboard holds it): save it now. */
  handedOver(profile: string): void {
    this.unsaved.get(profile)?.();
  }

  private saveLater(profile: string, epoch: number, store: () => Promise<void>): void {
    this.unsaved.get(profile)?.();
    const save = () => {
      clearTimeout(timer);
      if (this.unsaved.get(profile) === save) this.unsaved.delete(profile);
      // Dropped before it was saved (Forget Stored Secrets, new credentials): keep nothing.
      if ((this.epochs.get(profile) ?? 0) === epoch) void store();
    };
    const timer = setTimeout(save, SAVE_DELAY_MS);
    this.unsaved.set(profile, save);
  }

  private bumpEpoch(profile: string): void {
    this.epochs.set(profile, (this.epochs.get(profile) ?? 0) + 1);
  }

  private async exchange(profile: Profile, cancellation?: vscode.CancellationToken): Promise<TokenResult> {
    const epoch = this.epochs.get(profile.name) ?? 0;
    const controller = new AbortController();
    const subscription = cancellation?.onCancellationRequested(() => controller.abort());
    try {
      const work = this.exchanger();
      const result = await work.exchange(profile, controller.signal);
      this.failures.delete(profile.name);
      // Forgotten or invalidated while this exchange ran (Forget Stored Secrets, new credentials): keep nothing.
      if ((this.epochs.get(profile.name) ?? 0) !== epoch) this.log.info('exchange', `${profile.name}: dropped while the exchange ran; the token is not saved`);
      // The caller (the clipboard, the status bar) has the token now; it is saved for later sessions
      // after: once the caller says it handed the token on (handedOver), so that SecretStorage's round
      // trip to the page does not compete with the clipboard's, or after SAVE_DELAY_MS at the latest.
      else this.saveLater(profile.name, epoch, () => work.store(profile.name, result));
      return result;
    } catch (error) {
      const failure = asOAuthJwtError(error, 'NETWORK', 'The token exchange failed unexpectedly.', 'Open the log for details.');
      this.failures.set(profile.name, failure);
      throw failure;
    } finally {
      subscription?.dispose();
      // The cache settles after this promise; fire on the next tick so listeners see the new state.
      setTimeout(() => this.changed.fire(profile.name), 0);
    }
  }

  dispose(): void {
    // What is still waiting is saved now: a token must not be lost because the window closes.
    for (const save of [...this.unsaved.values()]) save();
    this.changed.dispose();
  }
}
