import { type Message, msg, OAuthJwtError } from './errors';
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
  /** github-app: the installation whose access token is requested. */
  installationId?: string;
  /** snowflake: the account identifier and user, upper-cased into iss and sub. */
  account?: string;
  user?: string;
  /** RFC 9449: bind the token to a DPoP key (a proof with every token request and every use). */
  dpop?: boolean;
  /** RFC 8705: the token request over TLS with the key and its certificate as the client certificate. */
  mtls?: boolean;
  /** How the client authenticates (RFC 8705 §2): a client assertion (default), or its certificate alone. */
  tokenEndpointAuth?: 'private_key_jwt' | 'self_signed_tls_client_auth' | 'tls_client_auth';
  /**
   * With `mtls`: the authorization server's issuer or metadata URL; the token request goes to its
   * `mtls_endpoint_aliases.token_endpoint` (else its `token_endpoint`) instead of tokenUrl (RFC 8705 §5).
   */
  discoveryUrl?: string;
}

export interface ExchangeSecrets {
  key: PrivateKey;
  /** Workfront's client_secret (required there); optional client authentication for jwt-bearer. */
  clientSecret?: string;
  /** The profile's DPoP key (RFC 9449), kept apart from the signing key; required when `dpop` is set. */
  dpopKey?: PrivateKey;
  /** The key's certificate (PEM): the client certificate of an mTLS profile. */
  certificatePem?: string;
}

/** INVALID_OPTION naming a profile field, what is wrong with it and what to do. */
export function invalidOption(field: string, problem: string | Message, hint: string | Message): OAuthJwtError {
  return new OAuthJwtError('INVALID_OPTION', msg('"{0}" {1}.', field, problem), hint);
}

/** A copy without the members whose value is undefined. */
export function withoutUndefined(object: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) copy[key] = value;
  return copy;
}
