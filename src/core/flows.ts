import { randomUUID } from 'node:crypto';
import { assertAlgorithmSuitsKey } from './algorithms';
import { systemClock, type Clock } from './clock';
import { asOAuthJwtError, OAuthJwtError } from './errors';
import { validateEndpointUrl, type HttpClient, type HttpRequest } from './http';
import { buildJwt, signJwt, type JsonObject } from './jwt';
import { assertNoProtoKeys } from './jsonObject';
import { SIGNING_ALGORITHMS, type PrivateKey } from './keys';
import { DEFAULT_LIFETIME_SECONDS, DEFAULT_TIMEOUT_MS } from './limits';
import { redact } from './redact';
import { readTokenResponse } from './tokenResponse';

export { toCurl, toHttpFile } from './requestExport';

import { FLOW_IDS, type FlowId } from './flowIds';
export { FLOW_IDS, type FlowId };

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
  /** Extra CA certificates (PEM) to trust, for a token endpoint with a private CA. TLS is always verified. */
  ca?: string;
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

/** Longest assertion lifetime accepted anywhere; providers' own caps (SPEC §7) are lower. */
const MAX_LIFETIME_SECONDS = 86_400;

/** Header `nonce` values that stand for "make one up": the LogicNets document's placeholder, or empty. */
const NONCE_PLACEHOLDERS = new Set(['', '<nonce>']);

/** A copy of the header whose placeholder `nonce` ("" or "<nonce>") is replaced by a fresh random value. */
export function withFreshNonce(header: JsonObject): JsonObject {
  return typeof header.nonce === 'string' && NONCE_PLACEHOLDERS.has(header.nonce) ? { ...header, nonce: randomUUID() } : header;
}

/** Claims signed fresh for every request; a fixed value in a profile would replay a stale JWT. */
const GENERATED_CLAIMS = ['iat', 'exp', 'jti'];

/** Request parameters each flow sets itself; a profile's `params` may not replace them. */
const RESERVED_PARAMS: Record<FlowId, string[]> = {
  workfront: ['client_id', 'client_secret', 'jwt_token'],
  'client-assertion': ['grant_type', 'client_assertion_type', 'client_assertion', 'client_secret'],
  'jwt-bearer': ['grant_type', 'assertion', 'client_secret'],
};

function withoutUndefined(object: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) copy[key] = value;
  return copy;
}

/**
 * Claims and header for a flow (SPEC §1):
 *  - workfront: iss = issuer (Customer ID), sub = subject (User ID), iat, exp; no aud; RS256.
 *  - client-assertion: iss = issuer ?? clientId, sub = subject ?? clientId, aud = audience ?? tokenUrl, iat, exp, jti.
 *  - jwt-bearer: iss = issuer ?? clientId, sub = subject (optional), aud = audience ?? tokenUrl, iat, exp, jti; scope claim when given in claims.
 * Profile `claims` and `header` are merged in (explicit values win over defaults); `kid` from keyId.
 * For jwt-bearer, `scope` becomes the `scope` claim (Google style) unless the claims set one.
 * A header `nonce` of "" or "<nonce>" (the LogicNets document's placeholder) gets a fresh random value.
 */
export function assertionTemplate(config: ExchangeConfig): { header: JsonObject; claims: JsonObject; lifetimeSeconds: number; jti: boolean } {
  let defaults: JsonObject;
  switch (config.flow) {
    case 'workfront':
      defaults = { iss: config.issuer, sub: config.subject };
      break;
    case 'client-assertion':
      defaults = { iss: config.issuer ?? config.clientId, sub: config.subject ?? config.clientId, aud: config.audience ?? config.tokenUrl };
      break;
    case 'jwt-bearer':
      defaults = { iss: config.issuer ?? config.clientId, sub: config.subject, aud: config.audience ?? config.tokenUrl, scope: config.scope };
      break;
  }
  const header = withFreshNonce(withoutUndefined({ typ: 'JWT', kid: config.keyId, ...config.header }));
  return {
    header,
    claims: withoutUndefined({ ...defaults, ...config.claims }),
    lifetimeSeconds: config.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS,
    jti: config.flow !== 'workfront',
  };
}

function invalid(field: string, problem: string, hint: string): OAuthJwtError {
  return new OAuthJwtError('INVALID_OPTION', `"${field}" ${problem}.`, hint);
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTypes(config: ExchangeConfig): void {
  for (const field of ['clientId', 'issuer', 'subject', 'algorithm', 'keyId', 'scope'] as const) {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw invalid(field, 'must be a non-empty string', 'Fill it in or leave it out.');
  }
  const { audience } = config;
  if (audience !== undefined && typeof audience !== 'string'
    && !(Array.isArray(audience) && audience.length > 0 && audience.every((a) => typeof a === 'string' && a !== ''))) {
    throw invalid('audience', 'must be a string or a non-empty list of strings', 'Most servers want a single string: the token URL or the issuer.');
  }
  const lifetime = config.lifetimeSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > MAX_LIFETIME_SECONDS)) {
    throw invalid('lifetimeSeconds', `must be a whole number of seconds from 1 to ${MAX_LIFETIME_SECONDS}`, `Use a few minutes, for example ${DEFAULT_LIFETIME_SECONDS}.`);
  }
  for (const field of ['header', 'claims'] as const) {
    if (config[field] === undefined) continue;
    if (!isPlainObject(config[field])) throw invalid(field, 'must be a JSON object', 'Write it as {"name": value, …}.');
    // Copying the defaults in would turn a "__proto__" member into the copy's prototype and drop it silently.
    assertNoProtoKeys(config[field], field === 'header' ? 'The profile\'s JWT header' : 'The profile\'s claims object');
  }
  for (const name of GENERATED_CLAIMS) {
    if (config.claims && Object.hasOwn(config.claims, name)) {
      throw invalid(`claims.${name}`, 'is set to a fixed value, but every exchange signs a fresh JWT with its own iat, exp and jti',
        `Remove "${name}" from the claims${name === 'jti' ? '' : '; set lifetimeSeconds for the lifetime'}.`);
    }
  }
  if (config.params !== undefined) {
    if (!isPlainObject(config.params)) throw invalid('params', 'must be an object of parameter names to strings', 'Write it as {"name": "value"}.');
    for (const [name, value] of Object.entries(config.params)) {
      if (typeof value !== 'string') throw invalid(`params.${name}`, 'must be a string', 'Quote the value.');
      if (RESERVED_PARAMS[config.flow].includes(name)) {
        throw invalid(`params.${name}`, `is set by the ${config.flow} flow itself`, name === 'client_secret'
          ? 'Store the client secret with Set Client Secret (or --client-secret-env), never in the profile.'
          : 'Remove it from params.');
      }
    }
  }
}

/** Validates the config (INVALID_OPTION / PROFILE_INVALID, saying which field and what to do). */
export function validateExchangeConfig(config: ExchangeConfig, secrets?: Partial<ExchangeSecrets>): void {
  if (!isPlainObject(config)) throw new OAuthJwtError('INVALID_OPTION', 'The exchange settings are missing.', 'Choose or create a profile.');
  if (!FLOW_IDS.includes(config.flow)) throw invalid('flow', `must be one of ${FLOW_IDS.join(', ')}`, 'Workfront uses workfront; LogicNets, Okta, Keycloak, Entra ID use client-assertion; Google and Salesforce use jwt-bearer.');
  validateEndpointUrl(config.tokenUrl, 'token URL');
  if (config.method !== undefined && config.method !== 'POST' && config.method !== 'GET') throw invalid('method', 'must be POST or GET', 'Leave it out for POST.');
  if (config.method === 'GET' && config.flow !== 'client-assertion') {
    throw invalid('method', `GET is only for the client-assertion flow (LogicNets), not ${config.flow}`, 'Use POST.');
  }
  checkTypes(config);
  if (config.algorithm !== undefined && !(SIGNING_ALGORITHMS as readonly string[]).includes(config.algorithm)) {
    throw invalid('algorithm', `"${config.algorithm}" is not supported`, `Use one of ${SIGNING_ALGORITHMS.join(', ')}, or leave it out to derive it from the key.`);
  }

  switch (config.flow) {
    case 'workfront':
      if (!config.clientId) throw invalid('clientId', 'is required for Workfront', 'Copy the Client ID from the OAuth2 application in Workfront.');
      if (!config.issuer) throw invalid('issuer', 'is required for Workfront: it is the iss claim, your Customer ID', 'Copy the Customer ID from the OAuth2 application details.');
      if (!config.subject) throw invalid('subject', 'is required for Workfront: it is the sub claim, your User ID', 'Use the User ID that set up the public key.');
      if (config.algorithm !== undefined && config.algorithm !== 'RS256') throw invalid('algorithm', 'must be RS256 for Workfront', 'Leave it out; Workfront signs with RS256.');
      if (config.header?.alg !== undefined && config.header.alg !== 'RS256') throw invalid('header.alg', 'must be RS256 for Workfront', 'Remove alg from the header; Workfront signs with RS256.');
      if (config.audience !== undefined) throw invalid('audience', 'is not used by Workfront, whose JWT has no aud claim', 'Remove the audience.');
      break;
    case 'client-assertion':
      if (!config.clientId && !(config.issuer && config.subject)) {
        throw invalid('clientId', 'is required (it becomes iss and sub of the client assertion)', 'Enter the client id registered with the server.');
      }
      break;
    case 'jwt-bearer':
      if (!config.issuer && !config.clientId) throw invalid('issuer', 'is required for the jwt-bearer grant (the iss claim)', 'Enter the issuer, for example the service-account email or the consumer key.');
      if (secrets?.clientSecret && !config.clientId) throw invalid('clientId', 'is required when a client secret is sent with the jwt-bearer grant', 'Enter the client id, or remove the client secret.');
      break;
  }

  if (secrets === undefined) return;
  if (config.flow === 'workfront' && !secrets.clientSecret) {
    throw new OAuthJwtError('MISSING_SECRET', 'Workfront needs the client secret of the OAuth2 application, and none is stored.', 'Set it with Set Client Secret (or --client-secret-env).');
  }
  if (secrets.key) {
    const alg = config.algorithm ?? (config.flow === 'workfront' ? 'RS256' : undefined);
    if (alg !== undefined) assertAlgorithmSuitsKey(alg, secrets.key);
  }
}

function requestParameters(config: ExchangeConfig, secrets: ExchangeSecrets, assertion: string): [string, string][] {
  const extra = Object.entries(config.params ?? {});
  switch (config.flow) {
    case 'workfront':
      return [['client_id', config.clientId!], ['client_secret', secrets.clientSecret!], ['jwt_token', assertion], ...extra];
    case 'client-assertion': {
      const scope: [string, string][] = config.scope !== undefined ? [['scope', config.scope]] : [];
      return [['grant_type', 'client_credentials'], ['client_assertion_type', CLIENT_ASSERTION_TYPE], ['client_assertion', assertion], ...scope, ...extra];
    }
    case 'jwt-bearer': {
      // Optional client authentication (client_secret_post) for servers that want it, e.g. Salesforce's consumer secret.
      const client: [string, string][] = secrets.clientSecret ? [['client_id', config.clientId!], ['client_secret', secrets.clientSecret]] : [];
      return [['grant_type', JWT_BEARER_GRANT], ['assertion', assertion], ...client, ...extra];
    }
  }
}

/** Signs a fresh assertion and builds the exact HTTP request (form body or GET query string). */
export async function buildTokenRequest(config: ExchangeConfig, secrets: ExchangeSecrets, deps: Pick<ExchangeDeps, 'clock' | 'timeoutMs' | 'signal' | 'ca'>): Promise<HttpRequest> {
  validateExchangeConfig(config, secrets);
  const template = assertionTemplate(config);
  const { header, payload } = buildJwt(template, deps.clock ?? systemClock);
  const alg = config.algorithm ?? (typeof header.alg === 'string' ? header.alg : undefined) ?? (config.flow === 'workfront' ? 'RS256' : undefined);
  const assertion = await signJwt(header, payload, secrets.key, alg);
  const params = requestParameters(config, secrets, assertion);

  const url = validateEndpointUrl(config.tokenUrl, 'token URL');
  const request: HttpRequest = {
    method: config.method ?? 'POST',
    url: url.href,
    headers: { Accept: 'application/json' },
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  if (deps.signal) request.signal = deps.signal;
  if (deps.ca) request.ca = deps.ca;
  if (request.method === 'GET') {
    for (const [name, value] of params) url.searchParams.append(name, value);
    request.url = url.href;
  } else {
    request.headers!['Content-Type'] = 'application/x-www-form-urlencoded';
    request.body = new URLSearchParams(params).toString();
  }
  return request;
}

/**
 * One exchange: validates, signs a fresh assertion, sends, and reads the response. Errors: OAUTH_ERROR
 * (OAuthErrorResponse: code + description, with a hint per code — invalid_client, invalid_grant with
 * clock-skew explanation from the server's Date header, unauthorized_client, invalid_scope …),
 * REDIRECT (3xx, never followed), HTTP_STATUS, BAD_RESPONSE (not JSON, e.g. an HTML page),
 * NO_ACCESS_TOKEN, RESPONSE_TOO_LARGE, TIMEOUT, CANCELLED, NETWORK, TLS.
 */
export async function exchangeToken(config: ExchangeConfig, secrets: ExchangeSecrets, deps: ExchangeDeps): Promise<TokenResult> {
  const clock = deps.clock ?? systemClock;
  const knownSecrets = secrets.clientSecret ? [secrets.clientSecret] : [];
  const log = (line: string) => deps.log?.(redact(line, knownSecrets));

  const request = await buildTokenRequest(config, secrets, deps);
  const url = new URL(request.url);
  const names = request.method === 'GET' ? [...url.searchParams.keys()] : [...new URLSearchParams(request.body).keys()];
  // Only the origin, path and parameter names: the query string of a GET carries the assertion.
  log(`${request.method} ${url.origin}${url.pathname} (${config.flow}; ${names.join(', ')})`);

  const started = clock();
  let response;
  try {
    response = await deps.http.request(request);
  } catch (error) {
    const failure = asOAuthJwtError(error, 'NETWORK', `The request to ${url.host} failed.`, 'Check the token URL and the network.');
    log(`failed: ${failure.code} ${failure.message}`);
    throw failure;
  }
  log(`${response.status} from ${url.origin} in ${Math.max(0, clock() - started)} ms`);
  try {
    return readTokenResponse(response, { url, flow: config.flow, clock, knownSecrets });
  } catch (error) {
    if (error instanceof OAuthJwtError) log(`failed: ${error.code} ${error.message}`);
    throw error;
  }
}
