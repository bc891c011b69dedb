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
  errorHint?(error: string): string | undefined;
}

