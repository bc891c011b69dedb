import { OAuthJwtError } from './errors';
import type { FlowId } from './flowIds';
import type { JsonObject } from './jsonObject';
import type { PrivateKey } from './keys';
import type { Thumbprint } from './thumbprints';

/** Everything an exchange needs except the secrets (SPEC §1, §3 profile fields). */
export interface ExchangeConfig {
  flow: FlowId;
  /** The provider whose rules apply (an id from providers/index.ts); recognised from the token URL when absent. */
  provider?: string;
  /** Which certificate thumbprint a provider that names the certificate puts in the header (Entra): x5t#S256 (default) or x5t. */
  thumbprint?: Thumbprint;
  tokenUrl: string;
  /** Default POST. GET only for client-assertion (LogicNets). */
  method?: 'POST' | 'GET';
  clientId?: string;
  issuer?: string;
  subject?: string;
  audience?: string | string[];
  algorithm?: string;
  keyId?: string;
  header?: JsonObject;
  claims?: JsonObject;
  params?: Record<string, string>;
  scope?: string;
  lifetimeSeconds?: number;
}

export interface ExchangeSecrets {
  key: PrivateKey;
  /** Workfront's client_secret (required there); optional client authentication for jwt-bearer. */
  clientSecret?: string;
}

/** INVALID_OPTION naming a profile field, what is wrong with it and what to do. */
export function invalidOption(field: string, problem: string, hint: string): OAuthJwtError {
  return new OAuthJwtError('INVALID_OPTION', `"${field}" ${problem}.`, hint);
}

/** A copy without the members whose value is undefined. */
export function withoutUndefined(object: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) copy[key] = value;
  return copy;
}
