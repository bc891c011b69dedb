// CONTRACT STUB — to be implemented (exchange helper). Signatures are fixed; see TSDoc.
import type { Clock } from './clock';
import type { TokenResult } from './flows';

export interface TokenCacheOptions {
  clock?: Clock;
  /** A token is considered expired this many seconds before its expiry (default 60, capped at a tenth of its lifetime). */
  marginSeconds?: number;
}

/** Per-profile token cache with single-flight: concurrent callers for one key share one exchange. */
export declare class TokenCache {
  constructor(options?: TokenCacheOptions);
  /** A still-valid token, or undefined. Tokens with unknown expiry are kept until invalidated. */
  peek(key: string): TokenResult | undefined;
  /** The cached token if valid, else the running exchange for this key, else starts `fetch` once. A failure is not cached. */
  get(key: string, fetch: () => Promise<TokenResult>): Promise<TokenResult>;
  /** True while an exchange runs for this key. */
  isFetching(key: string): boolean;
  /** Stores a token obtained elsewhere. */
  set(key: string, token: TokenResult): void;
  invalidate(key?: string): void;
  /** Seconds until expiry (negative when expired), or undefined when unknown / absent. */
  remainingSeconds(key: string): number | undefined;
}
