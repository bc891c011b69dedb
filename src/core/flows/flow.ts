import type { Message } from '../errors';
import type { ExchangeConfig, ExchangeSecrets } from '../exchangeConfig';
import type { FlowId } from '../flowIds';
import type { JsonObject } from '../jsonObject';
import type { SigningAlgorithm } from '../keys';

/**
 * One exchange flow (SPEC §1): what its JWT holds by default, which request parameters it owns,
 * how it builds the request from a signed assertion, and what to say about the errors its
 * servers answer with. One object per file in this folder, collected in ./index.ts.
 */
export interface Flow {
  readonly id: FlowId;
  /** Request parameters the flow sets itself; a profile's `params` may not replace them. */
  readonly reservedParams: readonly string[];
  /** HTTP methods the token endpoint may be called with (POST is the default). */
  readonly methods: readonly ('POST' | 'GET')[];
  /** The algorithm the flow's wire format fixes (Workfront: RS256), used when the profile names none. */
  readonly algorithm?: SigningAlgorithm;
  /** Whether its JWT carries an `aud` claim. */
  readonly audience: boolean;
  /** Whether every JWT gets a fresh random `jti`. */
  readonly jti: boolean;
  /** The claims it derives from the profile's fields; the profile's own `claims` win over them. */
  claimDefaults(config: ExchangeConfig): JsonObject;
  /** Its own rules on the profile, and on the secrets when they are given: throws INVALID_OPTION / MISSING_SECRET. */
  validate(config: ExchangeConfig, secrets?: Partial<ExchangeSecrets>): void;
  /** The request parameters that carry a signed assertion, before the profile's extra `params`. */
  requestParameters(config: ExchangeConfig, secrets: ExchangeSecrets, assertion: string): [string, string][];
  /** What to do about an RFC 6749 §5.2 error code, where this flow knows better than the general hint. */
  errorHint?(error: string): Message | undefined;
  /** Seconds `iat` is set in the past (GitHub: 60, for clock drift); `exp` counts from that `iat`. */
  readonly iatBackdateSeconds?: number;
  /** No exchange at all: the signed JWT is itself the bearer token (self-signed). */
  readonly selfIssued?: boolean;
  /** The whole token request, for a flow that sends no OAuth form (github-app: the JWT as Bearer, no body). */
  tokenRequest?(config: ExchangeConfig, assertion: string): FlowRequest;
  /** Where a token response that is not OAuth's keeps the token and its expiry time (github-app: token, expires_at). */
  readonly tokenMembers?: { token: string; expiresAt: string };
  /** The server's own words in an error body that is not OAuth's (GitHub: message, documentation_url), and what to do. */
  describeError?(status: number, body: JsonObject): { message: string; hint: string | Message } | undefined;
}

/** A token request a flow builds itself (POST). */
export interface FlowRequest {
  url: string;
  headers: Record<string, string>;
  body?: string;
}

