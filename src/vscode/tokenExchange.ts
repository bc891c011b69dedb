/**
 * The work behind TokenService's exchanges, in the engine (dist/engine.js): the secrets read, the
 * checks and the origin confirmation made before anything leaves, the exchange itself, and the
 * token saved after. TokenService (in dist/extension.js) keeps the cache, the failures and the
 * change events, and makes one of these on its first exchange.
 */
import * as vscode from 'vscode';
import type { AssertionPlan } from '../core/assertionPlan';
import { assertNoBlockingFinding, checkExchange, type Finding } from '../core/checks';
import { asOAuthJwtError, msg } from '../core/errors';
import { resolveTokenEndpoint } from '../core/discovery';
import { buildTokenRequest, exchangeToken, planExchange, type TokenResult } from '../core/exchange';
import type { ExchangeConfig } from '../core/exchangeConfig';
import { nodeHttpClient, type HttpClient, type HttpRequest } from '../core/http';
import { generateKeyPair, importPrivateKey, privateKeyPem, type PrivateKey } from '../core/keys';
import { lifetimeCap } from '../core/lifetimeCap';
import { DEFAULT_LIFETIME_SECONDS } from '../core/limits';
import type { Profile } from '../core/profile';
import { extraCaCertificates } from './caFile';
import type { Config } from './config';
import type { KeyRing, SlotKey } from './keyRing';
import { DEFAULT_KEY_SLOT } from './keySlots';
import type { Log } from './log';
import { notificationText } from './notificationText';
import type { OriginTrust } from './originTrust';
import type { SecretStore } from './secrets';
import type { Timing } from './timing';
import { requireTrust } from './trust';

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

export class TokenExchange {
  constructor(
    private readonly config: Config,
    private readonly secrets: SecretStore,
    private readonly keys: KeyRing,
    private readonly trust: () => OriginTrust,
    private readonly log: Log,
    private readonly timing: Timing,
    /** Default: Node's. */
    private readonly http: HttpClient = nodeHttpClient,
  ) {}

  /** The exact token request a fresh exchange would send (for Copy as curl / .http). */
  async previewRequest(profile: Profile): Promise<HttpRequest> {
    const prepared = await this.prepare(profile, { confirmOrigin: false });
    return buildTokenRequest(prepared.config, { key: prepared.slotKey.key, clientSecret: prepared.clientSecret, dpopKey: prepared.dpopKey, certificatePem: prepared.slotKey.certificatePem }, { timeoutMs: this.config.timeoutMs(), ca: await extraCaCertificates(this.config, prepared.config.tokenUrl) }, prepared.plan);
  }

  /** Every check, the confirmations, then the exchange: the token, not yet saved. */
  async exchange(profile: Profile, signal: AbortSignal): Promise<TokenResult> {
    // Read while the secrets are read (a failure surfaces where it is awaited).
    // The sandbox's certificate counts for a loopback token URL only; with discovery the endpoint is not known yet, so not at all.
    const caFile = this.timing.timeSync('config', () => extraCaCertificates(this.config, profile.discoveryUrl ? '' : profile.tokenUrl));
    caFile.catch(() => undefined);
    const prepared = await this.prepare(profile, { confirmOrigin: true });
    for (const finding of prepared.findings) this.log.warn('check', `${profile.name}: ${finding.field}: ${finding.message}`);
    this.log.info('exchange', `${profile.name}: ${prepared.config.method ?? 'POST'} ${new URL(prepared.config.tokenUrl).origin} (${prepared.config.flow})`);
    const started = Date.now();
    const client = this.http;
    const ca = await this.timing.time('ca', () => caFile);
    const timeoutMs = this.timing.timeSync('config', () => this.config.timeoutMs());
    const result = await this.timing.time('exchange', () => exchangeToken(prepared.config, { key: prepared.slotKey.key, clientSecret: prepared.clientSecret, dpopKey: prepared.dpopKey, certificatePem: prepared.slotKey.certificatePem }, {
      http: this.timing.record ? { request: (request) => this.timing.time('http', () => client.request(request)) } : client,
      timeoutMs,
      ca,
      signal,
      log: (line) => this.log.info('http', line),
    }, prepared.plan));
    this.log.addSecret(result.accessToken);
    this.log.info('exchange', `${profile.name}: token received in ${Date.now() - started} ms${result.expiresAt ? `, expires ${new Date(result.expiresAt).toISOString()}` : ''}`);
    return result;
  }

  /** Saves a token that the caller already has: a failure is logged and shown, and delays no one. */
  async store(profile: string, token: TokenResult): Promise<void> {
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
    const slotKey = await this.timing.time('secret:key', () => this.keys.require(profile.name));
    const clientSecret = await this.timing.time('secret:clientSecret', () => this.secrets.getClientSecret(profile.name));
    this.log.addSecret(clientSecret);
    const lifetimeSeconds = this.timing.timeSync('config', () => this.cappedLifetime(profile));
    // RFC 8705 §5: an mTLS profile's discoveryUrl may name another token endpoint; it is the one confirmed and sent to.
    const config: ExchangeConfig = profile.discoveryUrl
      ? await this.timing.time('discovery', async () => resolveTokenEndpoint({ ...profile, lifetimeSeconds },
        { http: this.http, timeoutMs: this.config.timeoutMs(), ca: await extraCaCertificates(this.config, profile.discoveryUrl), log: (line) => this.log.info('http', line) }))
      : { ...profile, lifetimeSeconds };
    // Validated and planned once: the checks inspect the plan that the exchange then signs.
    const dpopKey = profile.dpop ? await this.dpopKey(profile.name) : undefined;
    const { plan, findings } = this.timing.timeSync('checks', () => {
      const planned = planExchange(config, { key: slotKey.key, certificate: slotKey.certificate, clientSecret, dpopKey });
      return { plan: planned, findings: assertNoBlockingFinding(checkExchange(config, planned, { key: slotKey.key, certificate: slotKey.certificate, now: Date.now() }), msg('Profile "{0}"', profile.name)) };
    });
    if (options.confirmOrigin) {
      const asked = await this.timing.time('secret:origin', () => this.trust().confirmExchange({
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
    if (saved) return importPrivateKey(saved);
    const key = await generateKeyPair({ type: 'ec', curve: 'P-256' });
    await this.secrets.setDpopKey(profile, privateKeyPem(key));
    this.log.info('dpop', `${profile}: made a DPoP key (EC P-256) and saved it to SecretStorage`);
    return key;
  }

  /**
   * The assertion lifetime signed: the profile's (or the default), lowered to the user-level limit
   * oauthJwt.maxAssertionLifetimeSeconds (1 h unless the user's own settings raise it; a workspace
   * cannot) — or, for a preset documented to last longer (Sign in with Apple), to that preset's
   * allowance. Providers' own lower caps are checked with the other provider rules.
   */
  private cappedLifetime(profile: Profile): number | undefined {
    const requested = this.config.lifetimeSeconds(profile);
    const userCap = this.config.maxAssertionLifetimeSeconds();
    const limit = lifetimeCap(profile, userCap);
    // Unset: the core's default, or the provider's shorter one (Keycloak 60 s, Salesforce 180 s).
    if (requested === undefined) return limit < DEFAULT_LIFETIME_SECONDS ? limit : undefined;
    if (requested <= limit) return requested;
    const source = limit > userCap ? 'the longest its preset allows' : 'oauthJwt.maxAssertionLifetimeSeconds in your user settings';
    this.log.warn('check', `${profile.name}: a lifetime of ${requested} s is above the limit of ${limit} s (${source}): the JWT is signed for ${limit} s`);
    return limit;
  }
}
