import * as vscode from 'vscode';
import { DEFAULT_LIFETIME_SECONDS } from '../core/limits';
import type { AssertionPlan } from '../core/assertionPlan';
import type { Finding } from '../core/checks';
import { asOAuthJwtError, msg, OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import type { ExchangeConfig } from '../core/exchangeConfig';
import type { PrivateKey } from '../core/keys';
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
import { Timing } from './timing';
import { DEFAULT_KEY_SLOT } from './keySlots';
import { notificationText } from './notificationText';

/** What an exchange needs, loaded and checked. */
interface Prepared {
  config: ExchangeConfig;
  slotKey: SlotKey;
  clientSecret?: string;
  /** The profile's DPoP key, when it binds its tokens (RFC 9449). */
  dpopKey?: PrivateKey;
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
  /** Where the latency benchmark listens; off otherwise. */
  readonly timing = new Timing();

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
    return this.engine().exchange.buildTokenRequest(prepared.config, { key: prepared.slotKey.key, clientSecret: prepared.clientSecret, dpopKey: prepared.dpopKey, certificatePem: prepared.slotKey.certificatePem }, { timeoutMs: this.config.timeoutMs(), ca: await this.config.extraCaCertificates() }, prepared.plan);
  }

  private bumpEpoch(profile: string): void {
    this.epochs.set(profile, (this.epochs.get(profile) ?? 0) + 1);
  }

  private async exchange(profile: Profile, cancellation?: vscode.CancellationToken): Promise<TokenResult> {
    const epoch = this.epochs.get(profile.name) ?? 0;
    const controller = new AbortController();
    const subscription = cancellation?.onCancellationRequested(() => controller.abort());
    // Read while the secrets are read (a failure surfaces where it is awaited).
    const caFile = this.config.extraCaCertificates();
    caFile.catch(() => undefined);
    try {
      const prepared = await this.prepare(profile, { confirmOrigin: true });
      for (const finding of prepared.findings) this.log.warn('check', `${profile.name}: ${finding.field}: ${finding.message}`);
      this.log.info('exchange', `${profile.name}: ${prepared.config.method ?? 'POST'} ${new URL(prepared.config.tokenUrl).origin} (${prepared.config.flow})`);
      const started = Date.now();
      const { exchangeToken, http } = this.engine().exchange;
      const client = this.http ?? http;
      const ca = await this.timing.time('ca', () => caFile);
      const result = await this.timing.time('exchange', () => exchangeToken(prepared.config, { key: prepared.slotKey.key, clientSecret: prepared.clientSecret, dpopKey: prepared.dpopKey, certificatePem: prepared.slotKey.certificatePem }, {
        http: this.timing.record ? { request: (request) => this.timing.time('http', () => client.request(request)) } : client,
        timeoutMs: this.config.timeoutMs(),
        ca,
        signal: controller.signal,
        log: (line) => this.log.info('http', line),
      }, prepared.plan));
      this.log.addSecret(result.accessToken);
      this.log.info('exchange', `${profile.name}: token received in ${Date.now() - started} ms${result.expiresAt ? `, expires ${new Date(result.expiresAt).toISOString()}` : ''}`);
      this.failures.delete(profile.name);
      // Forgotten or invalidated while this exchange ran (Forget Stored Secrets, new credentials): keep nothing.
      if ((this.epochs.get(profile.name) ?? 0) !== epoch) this.log.info('exchange', `${profile.name}: dropped while the exchange ran; the token is not saved`);
      // The caller (the clipboard, the status bar) has the token now; it is saved for later sessions
      // after, on a later turn, so that the clipboard's round trip to the page goes first.
      else setTimeout(() => void this.store(profile.name, result), 0);
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

  /** Saves a token that the caller already has: a failure is logged and shown, and delays no one. */
  private async store(profile: string, token: TokenResult): Promise<void> {
    try {
      await this.timing.time('store', () => this.secrets.setToken(profile, token));
    } catch (error) {
      const failure = asOAuthJwtError(error, 'SECRET_STORAGE', 'The token could not be saved.');
      this.log.warn('secrets', failure.describe());
      void vscode.window.showWarningMessage(notificationText(vscode.l10n.t('OAuth JWT: the access token for "{0}" works, but it could not be saved for later sessions: {1}', profile, failure.describe(vscode.l10n))));
    }
  }

  /**
   * Asks SecretStorage for every entry this exchange may read, all at once: in a browser-hosted
   * VS Code each read is a round trip to the page. The reads that follow (the key ring's, OriginTrust's,
   * the client secret) find them in SecretStore's cache. Reading sends nothing anywhere; the
   * confirmations still come before anything leaves. A failed read surfaces where it is used.
   */
  private readAhead(profile: string, dpop = false): void {
    const ignore = (): undefined => undefined;
    // The key ring's list of slots is in memory: the default slot is read only when it will be used.
    for (const slot of this.keys.slots().includes(profile) ? [profile] : [profile, DEFAULT_KEY_SLOT]) {
      this.secrets.getPrivateKey(slot).catch(ignore);
      this.secrets.getOrigins('keyOrigins', slot).catch(ignore);
    }
    this.secrets.getClientSecret(profile).catch(ignore);
    this.secrets.getOrigins('secretOrigins', profile).catch(ignore);
    if (dpop) this.secrets.getDpopKey(profile).catch(ignore);
  }

  private async prepare(profile: Profile, options: { confirmOrigin: boolean }): Promise<Prepared> {
    requireTrust(vscode.l10n.t('Token exchange'));
    this.readAhead(profile.name, profile.dpop === true);
    const { assertNoBlockingFinding, checkExchange, planExchange } = this.engine().exchange;
    const slotKey = await this.timing.time('secret:key', () => this.keys.require(profile.name));
    const clientSecret = await this.timing.time('secret:clientSecret', () => this.secrets.getClientSecret(profile.name));
    this.log.addSecret(clientSecret);
    // RFC 8705 §5: an mTLS profile's discoveryUrl may name another token endpoint; it is the one confirmed and sent to.
    const { resolveTokenEndpoint, http } = this.engine().exchange;
    const config: ExchangeConfig = await resolveTokenEndpoint({ ...profile, lifetimeSeconds: this.cappedLifetime(profile) },
      { http: this.http ?? http, timeoutMs: this.config.timeoutMs(), ca: profile.discoveryUrl ? await this.config.extraCaCertificates() : undefined, log: (line) => this.log.info('http', line) });
    // Validated and planned once: the checks inspect the plan that the exchange then signs.
    const dpopKey = profile.dpop ? await this.dpopKey(profile.name) : undefined;
    const { plan, findings } = this.timing.timeSync('checks', () => {
      const planned = planExchange(config, { key: slotKey.key, certificate: slotKey.certificate, clientSecret, dpopKey });
      return { plan: planned, findings: assertNoBlockingFinding(checkExchange(config, planned, { key: slotKey.key, certificate: slotKey.certificate, now: Date.now() }), msg('Profile "{0}"', profile.name)) };
    });
    if (options.confirmOrigin) {
      const asked = await this.timing.time('secret:origin', () => this.trust.confirmExchange({
        profile: { ...profile, tokenUrl: config.tokenUrl },
        keySlot: slotKey.slot,
        sendsSecret: clientSecret !== undefined && profile.flow !== 'client-assertion',
        audience: plan.claims.aud,
        lifetimeSeconds: Number(plan.claims.exp) - Number(plan.claims.iat),
      }));
      // The user may take a while to answer: prepare anew after, so the JWT's iat and exp are fresh —
      // confirming again (without a prompt when nothing changed): metadata read anew may name another endpoint.
      if (asked) return this.prepare(profile, { confirmOrigin: profile.discoveryUrl !== undefined });
    }
    return { config, slotKey, clientSecret, dpopKey, plan, findings };
  }

  /** The profile's DPoP key (RFC 9449): read from SecretStorage, or made and saved the first time. */
  async dpopKey(profile: string): Promise<PrivateKey> {
    const saved = await this.secrets.getDpopKey(profile);
    if (saved) return this.engine().keys.importPrivateKey(saved);
    const key = await this.engine().dpop.newKey();
    await this.secrets.setDpopKey(profile, this.engine().keys.privateKeyPem(key));
    this.log.info('dpop', `${profile}: made a DPoP key (EC P-256) and saved it to SecretStorage`);
    return key;
  }

  /**
   * The assertion lifetime signed: the profile's (or the default), lowered to the user-level limit
   * oauthJwt.maxAssertionLifetimeSeconds (1 h unless the user's own settings raise it; a workspace
   * cannot). Providers' own lower caps are checked with the other provider rules.
   */
  private cappedLifetime(profile: Profile): number | undefined {
    const requested = this.config.lifetimeSeconds(profile);
    const limit = this.config.maxAssertionLifetimeSeconds();
    // Unset: the core's default, or the provider's shorter one (Keycloak 60 s, Salesforce 180 s).
    if (requested === undefined) return limit < DEFAULT_LIFETIME_SECONDS ? limit : undefined;
    if (requested <= limit) return requested;
    this.log.warn('check', `${profile.name}: a lifetime of ${requested} s is above the limit of ${limit} s (oauthJwt.maxAssertionLifetimeSeconds in your user settings): the JWT is signed for ${limit} s`);
    return limit;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
