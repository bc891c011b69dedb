// CONTRACT STUB — to be implemented (exchange helper). Signatures are fixed; see TSDoc.
import type { Clock } from './clock';
import type { HttpClient, HttpRequest } from './http';
import type { JsonObject } from './jwt';
import type { PrivateKey } from './keys';

export type FlowId = 'workfront' | 'client-assertion' | 'jwt-bearer';
export const FLOW_IDS: readonly FlowId[] = ['workfront', 'client-assertion', 'jwt-bearer'];

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Everything an exchange needs except the secrets (SPEC §1, §3 profile fields). */
export interface ExchangeConfig {
  flow: FlowId;
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

export interface ExchangeDeps {
  http: HttpClient;
  clock?: Clock;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Receives already-redacted log lines. */
  log?: (line: string) => void;
}

export interface TokenResult {
  accessToken: string;
  tokenType?: string;
  /** ms since epoch; from expires_in, else the token's own `exp` if it is a JWT, else undefined (unknown). */
  expiresAt?: number;
  obtainedAt: number;
  /** The whole token response (secrets included — never log it unredacted). */
  response: JsonObject;
}

/**
 * Claims and header for a flow (SPEC §1):
 *  - workfront: iss = issuer (Customer ID), sub = subject (User ID), iat, exp; no aud; RS256.
 *  - client-assertion: iss = issuer ?? clientId, sub = subject ?? clientId, aud = audience ?? tokenUrl, iat, exp, jti.
 *  - jwt-bearer: iss = issuer ?? clientId, sub = subject (optional), aud = audience ?? tokenUrl, iat, exp, jti; scope claim when given in claims.
 * Profile `claims` and `header` are merged in (explicit values win over defaults); `kid` from keyId.
 */
export declare function assertionTemplate(config: ExchangeConfig): { header: JsonObject; claims: JsonObject; lifetimeSeconds: number; jti: boolean };

/** Validates the config (INVALID_OPTION / PROFILE_INVALID, saying which field and what to do). */
export declare function validateExchangeConfig(config: ExchangeConfig, secrets?: Partial<ExchangeSecrets>): void;

/** Signs a fresh assertion and builds the exact HTTP request (form body or GET query string). */
export declare function buildTokenRequest(config: ExchangeConfig, secrets: ExchangeSecrets, deps: Pick<ExchangeDeps, 'clock' | 'timeoutMs' | 'signal'>): Promise<HttpRequest>;

/**
 * One exchange: validates, signs a fresh assertion, sends, and reads the response. Errors: OAUTH_ERROR
 * (OAuthErrorResponse: code + description, with a hint per code — invalid_client, invalid_grant with
 * clock-skew explanation from the server's Date header, unauthorized_client, invalid_scope …),
 * REDIRECT (3xx, never followed), HTTP_STATUS, BAD_RESPONSE (not JSON, e.g. an HTML page),
 * NO_ACCESS_TOKEN, RESPONSE_TOO_LARGE, TIMEOUT, CANCELLED, NETWORK, TLS.
 */
export declare function exchangeToken(config: ExchangeConfig, secrets: ExchangeSecrets, deps: ExchangeDeps): Promise<TokenResult>;

/** The request as a curl command line; secrets replaced by shell variables ($CLIENT_SECRET, $ASSERTION). */
export declare function toCurl(request: HttpRequest): string;

/** The request as a .http file (REST Client / httpyac), secrets as {{variables}}. */
export declare function toHttpFile(request: HttpRequest): string;
