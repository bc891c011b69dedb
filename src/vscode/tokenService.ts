import * as vscode from 'vscode';
import type { AssertionPlan } from '../core/assertionPlan';
import type { Finding } from '../core/checks';
import { asOAuthJwtError, OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import type { ExchangeConfig } from '../core/exchangeConfig';
import type { HttpClient, HttpRequest } from '../core/http';
import type { Profile } from '../core/profile';
import { TokenCache } from '../core/tokenCache';
import type { Config } from './config';
import type { KeyRing, SlotKey } from './keyRing';
import type { Log } from './log';
import type { SecretStore } from './secrets';
import type { LoadEngine } from './engine';
import { requireTrust } from './trust';
import type { OriginTrust } from './originTrust';

/** What an exchange needs, loaded and checked. */
interface Prepared {
  config: ExchangeConfig;
  slotKey: SlotKey;
  clientSecret?: string;
  /** What the exchange signs, as the checks saw it. */
  plan: AssertionPlan;
  findings: Finding[];
}

/**
 * Access tokens per profile: cached in memory and in SecretStorage, one exchange in flight per
 * profile (a second caller joins it), with every check of SPEC §3, §6 and §7 made before a secret
 * leaves: trust, the origin confirmed for the key (and secret), key and secret present, provider
 * rules, and the assertion lifetime capped by the user-level limit.
 */
export class TokenService implements vscode.Disposable {
  private readonly cache = new TokenCache();
  private readonly failures = new Map<string, OAuthJwtError>();
  /** Bumped when a profile's token is dropped, so an exchange already running then does not save its token after. */
  private readonly epochs = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the profile name whose token or state changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly config: Config,
    private readonly secrets: SecretStore,
    private readonly keys: KeyRing,
    private readonly trust: OriginTrust,
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
    if (startedHere) this.changed.fire(profile.name);
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
  async previewRequest(profile: Profile): Promise<HttpRequest> {
    const prepared = await this.prepare(profile, { confirmOrigin: false });
    return this.engine().exchange.buildTokenRequest(prepared.config, { key: prepared.slotKey.key, clientSecret: prepared.clientSecret }, { timeoutMs: this.config.timeoutMs(), ca: await this.config.extraCaCertificates() }, prepared.plan);
  }

  private bumpEpoch(profile: string): void {
    this.epochs.set(profile, (this.epochs.get(profile) ?? 0) + 1);
  }

  private async exchange(profile: Profile, cancellation?: vscode.CancellationToken): Promise<TokenResult> {
    const epoch = this.epochs.get(profile.name) ?? 0;
    const controller = new AbortController();
    const subscription = cancellation?.onCancellationRequested(() => controller.abort());
    try {
      const prepared = await this.prepare(profile, { confirmOrigin: true });
      for (const finding of prepared.findings) this.log.warn('check', `${profile.name}: ${finding.field}: ${finding.message}`);
      this.log.info('exchange', `${profile.name}: ${prepared.config.method ?? 'POST'} ${new URL(prepared.config.tokenUrl).origin} (${prepared.config.flow})`);
      const started = Date.now();
      const { exchangeToken, http } = this.engine().exchange;
      const result = await exchangeToken(prepared.config, { key: prepared.slotKey.key, clientSecret: prepared.clientSecret }, {
        http: this.http ?? http,
        timeoutMs: this.config.timeoutMs(),
        ca: await this.config.extraCaCertificates(),
        signal: controller.signal,
        log: (line) => this.log.info('http', line),
      }, prepared.plan);
      this.log.addSecret(result.accessToken);
      this.log.info('exchange', `${profile.name}: token received in ${Date.now() - started} ms${result.expiresAt ? `, expires ${new Date(result.expiresAt).toISOString()}` : ''}`);
      this.failures.delete(profile.name);
      // Forgotten or invalidated while this exchange ran (Forget Stored Secrets, new credentials): keep nothing.
      if ((this.epochs.get(profile.name) ?? 0) !== epoch) this.log.info('exchange', `${profile.name}: dropped while the exchange ran; the token is not saved`);
      else await this.secrets.setToken(profile.name, result).catch((error: unknown) => this.log.warn('secrets', asOAuthJwtError(error, 'SECRET_STORAGE', 'The token could not be saved.').describe()));
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

  private async prepare(profile: Profile, options: { confirmOrigin: boolean }): Promise<Prepared> {
    requireTrust('Token exchange');
    const { assertNoBlockingFinding, checkExchange, planExchange } = this.engine().exchange;
    const slotKey = await this.keys.require(profile.name);
    const clientSecret = await this.secrets.getClientSecret(profile.name);
    this.log.addSecret(clientSecret);
    const config: ExchangeConfig = { ...profile, lifetimeSeconds: this.cappedLifetime(profile) };
    // Validated and planned once: the checks inspect the plan that the exchange then signs.
    const plan = planExchange(config, { key: slotKey.key, certificate: slotKey.certificate, clientSecret });
    const findings = assertNoBlockingFinding(checkExchange(config, plan, { key: slotKey.key, certificate: slotKey.certificate, now: Date.now() }), `Profile "${profile.name}"`);
    if (options.confirmOrigin) {
      const asked = await this.trust.confirmExchange({
        profile,
        keySlot: slotKey.slot,
        sendsSecret: clientSecret !== undefined && profile.flow !== 'client-assertion',
        audience: plan.claims.aud,
        lifetimeSeconds: config.lifetimeSeconds!,
      });
      // The user may take a while to answer: prepare anew after, so the JWT's iat and exp are fresh.
      if (asked) return this.prepare(profile, { confirmOrigin: false });
    }
    return { config, slotKey, clientSecret, plan, findings };
  }

  /**
   * The assertion lifetime signed: the profile's (or the default), lowered to the user-level limit
   * oauthJwt.maxAssertionLifetimeSeconds (1 h unless the user's own settings raise it; a workspace
   * cannot). Providers' own lower caps are checked with the other provider rules.
   */
  private cappedLifetime(profile: Profile): number {
    const requested = this.config.lifetimeSeconds(profile);
    const limit = this.config.maxAssertionLifetimeSeconds();
    if (requested <= limit) return requested;
    this.log.warn('check', `${profile.name}: a lifetime of ${requested} s is above the limit of ${limit} s (oauthJwt.maxAssertionLifetimeSeconds in your user settings): the JWT is signed for ${limit} s`);
    return limit;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
