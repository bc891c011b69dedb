import { systemClock, type Clock } from './clock';
import type { TokenResult } from './exchange';

export interface TokenCacheOptions {
  clock?: Clock;
  /** A token is considered expired this many seconds before its expiry (default 60, capped at a tenth of its lifetime). */
  marginSeconds?: number;
}

const DEFAULT_MARGIN_SECONDS = 60;

/** Per-profile token cache with single-flight: concurrent callers for one key share one exchange. */
export class TokenCache {
  private readonly clock: Clock;
  private readonly marginSeconds: number;
  private readonly tokens = new Map<string, TokenResult>();
  private readonly running = new Map<string, Promise<TokenResult>>();
  /** Bumped by invalidate(), so an exchange started before it does not store its result after it. */
  private readonly generations = new Map<string, number>();

  constructor(options: TokenCacheOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.marginSeconds = Math.max(0, options.marginSeconds ?? DEFAULT_MARGIN_SECONDS);
  }

  /** A still-valid token, or undefined. Tokens with unknown expiry are kept until invalidated. */
  peek(key: string): TokenResult | undefined {
    const token = this.tokens.get(key);
    return token && this.isFresh(token) ? token : undefined;
  }

  /** The cached token if valid, else the running exchange for this key, else starts `fetch` once. A failure is not cached. */
  get(key: string, fetch: () => Promise<TokenResult>): Promise<TokenResult> {
    const cached = this.peek(key);
    if (cached) return Promise.resolve(cached);
    const running = this.running.get(key);
    if (running) return running;

    const generation = this.generations.get(key) ?? 0;
    let started: Promise<TokenResult>;
    try {
      started = Promise.resolve(fetch());
    } catch (error) {
      started = Promise.reject(error);
    }
    const shared = started
      .then((token) => {
        if ((this.generations.get(key) ?? 0) === generation) this.tokens.set(key, token);
        return token;
      })
      .finally(() => {
        if (this.running.get(key) === shared) this.running.delete(key);
      });
    this.running.set(key, shared);
    return shared;
  }

  /** True while an exchange runs for this key. */
  isFetching(key: string): boolean {
    return this.running.has(key);
  }

  /** Stores a token obtained elsewhere. */
  set(key: string, token: TokenResult): void {
    this.tokens.set(key, token);
  }

  invalidate(key?: string): void {
    const keys = key === undefined ? [...new Set([...this.tokens.keys(), ...this.running.keys()])] : [key];
    for (const k of keys) {
      this.tokens.delete(k);
      // A later get() must not join an exchange started before the invalidation (old secrets, old profile).
      this.running.delete(k);
      this.generations.set(k, (this.generations.get(k) ?? 0) + 1);
    }
  }

  /** Seconds until expiry (negative when expired), or undefined when unknown / absent. */
  remainingSeconds(key: string): number | undefined {
    const token = this.tokens.get(key);
    if (token?.expiresAt === undefined) return undefined;
    return Math.floor((token.expiresAt - this.clock()) / 1000);
  }

  private isFresh(token: TokenResult): boolean {
    if (token.expiresAt === undefined) return true;
    const lifetimeMs = Math.max(0, token.expiresAt - token.obtainedAt);
    // A short-lived token would be "expired" at once under a fixed 60 s margin; cap it at a tenth.
    const marginMs = Math.min(this.marginSeconds * 1000, lifetimeMs / 10);
    return this.clock() < token.expiresAt - marginMs;
  }
}
