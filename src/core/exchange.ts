import { chooseAlgorithm } from './algorithmChoice';
import { createDpopProof, requestedDpopNonce } from './dpop';
import { assertAlgorithmSuitsKey } from './algorithms';
import { flowAlgorithm, planAssertion, signPlan, type AssertionPlan, type SigningKey } from './assertionPlan';
import { systemClock, type Clock } from './clock';
import { asOAuthJwtError, type Message, msg, OAuthErrorResponse, OAuthJwtError } from './errors';
import { invalidOption, type ExchangeConfig, type ExchangeSecrets } from './exchangeConfig';
import { THUMBPRINTS } from './thumbprints';
import { FLOW_IDS } from './flowIds';
import { FLOWS } from './flows';
import { discoveryWithoutMtls, metadataLocation } from './discovery';
import { validateEndpointUrl, type HttpClient, type HttpRequest } from './http';
import { assertNoProtoKeys, type JsonObject } from './jsonObject';
import { isNonArrayObject } from './plainObject';
import { privateKeyPem, SIGNING_ALGORITHMS } from './keys';
import { DEFAULT_LIFETIME_SECONDS, DEFAULT_TIMEOUT_MS, MAX_LIFETIME_SECONDS } from './limits';
import { providerForProfile } from './providers';
import { redact } from './redact';
import { readTokenResponse } from './tokenResponse';

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

/** Claims signed fresh for every request; a fixed value in a profile would replay a stale JWT. */
const GENERATED_CLAIMS = ['iat', 'exp', 'jti'];

function checkTypes(config: ExchangeConfig): void {
  for (const field of ['provider', 'clientId', 'issuer', 'subject', 'algorithm', 'keyId', 'scope', 'installationId', 'account', 'user', 'discoveryUrl'] as const) {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw invalidOption(field, msg('must be a non-empty string'), msg('Fill it in or leave it out.'));
  }
  const { audience } = config;
  if (audience !== undefined && typeof audience !== 'string'
    && !(Array.isArray(audience) && audience.length > 0 && audience.every((a) => typeof a === 'string' && a !== ''))) {
    throw invalidOption('audience', msg('must be a string or a non-empty list of strings'), msg('Most servers want a single string: the token URL or the issuer.'));
  }
  const lifetime = config.lifetimeSeconds;
  // Only a preset that documents a longer lifetime (Sign in with Apple: six months) lifts the common cap.
  const cap = Math.max(MAX_LIFETIME_SECONDS, providerForProfile(config).maxLifetimeSeconds ?? 0);
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > cap)) {
    throw invalidOption('lifetimeSeconds', msg('must be a whole number of seconds from 1 to {0}', cap), msg('Use a few minutes, for example {0}.', DEFAULT_LIFETIME_SECONDS));
  }
  for (const field of ['header', 'claims'] as const) {
    if (config[field] === undefined) continue;
    if (!isNonArrayObject(config[field])) throw invalidOption(field, msg('must be a JSON object'), msg('Write it as {"name": value, …}.'));
    // Copying the defaults in would turn a "__proto__" member into the copy's prototype and drop it silently.
    assertNoProtoKeys(config[field], field === 'header' ? msg('The profile\'s JWT header') : msg('The profile\'s claims object'));
  }
  for (const name of GENERATED_CLAIMS) {
    if (config.claims && Object.hasOwn(config.claims, name)) {
      throw invalidOption(`claims.${name}`, msg('is set to a fixed value, but every exchange signs a fresh JWT with its own iat, exp and jti'),
        name === 'jti' ? msg('Remove "{0}" from the claims.', name) : msg('Remove "{0}" from the claims; set lifetimeSeconds for the lifetime.', name));
    }
  }
  if (config.params !== undefined) {
    if (!isNonArrayObject(config.params)) throw invalidOption('params', msg('must be an object of parameter names to strings'), msg('Write it as {"name": "value"}.'));
    for (const [name, value] of Object.entries(config.params)) {
      if (typeof value !== 'string') throw invalidOption(`params.${name}`, msg('must be a string'), msg('Quote the value.'));
      if (FLOWS[config.flow].reservedParams.includes(name)) {
        throw invalidOption(`params.${name}`, msg('is set by the {0} flow itself', config.flow), name === 'client_secret'
          ? msg('Store the client secret with Set Client Secret (or --client-secret-env), never in the profile.')
          : msg('Remove it from params.'));
      }
    }
  }
}

/** Validates the config (INVALID_OPTION / PROFILE_INVALID, saying which field and what to do). */
export function validateExchangeConfig(config: ExchangeConfig, secrets?: Partial<ExchangeSecrets>): void {
  if (!isNonArrayObject(config)) throw new OAuthJwtError('INVALID_OPTION', msg('The exchange settings are missing.'), msg('Choose or create a profile.'));
  if (!FLOW_IDS.includes(config.flow)) throw invalidOption('flow', msg('must be one of {0}', FLOW_IDS.join(', ')), msg('Workfront uses workfront; LogicNets, Okta, Keycloak, Entra ID use client-assertion; Google and Salesforce use jwt-bearer.'));
  const flow = FLOWS[config.flow];
  validateEndpointUrl(config.tokenUrl, msg('token URL'));
  if (config.method !== undefined && config.method !== 'POST' && config.method !== 'GET') throw invalidOption('method', msg('must be POST or GET'), msg('Leave it out for POST.'));
  if (config.method !== undefined && !flow.methods.includes(config.method)) {
    throw invalidOption('method', msg('GET is only for the client-assertion flow (LogicNets), not {0}', config.flow), 'Use POST.');
  }
  checkTypes(config);
  if (config.algorithm !== undefined && !(SIGNING_ALGORITHMS as readonly string[]).includes(config.algorithm)) {
    throw invalidOption('algorithm', msg('"{0}" is not supported', config.algorithm), msg('Use one of {0}, or leave it out to derive it from the key.', SIGNING_ALGORITHMS.join(', ')));
  }
  if (config.thumbprint !== undefined && !(THUMBPRINTS as readonly string[]).includes(config.thumbprint)) {
    throw invalidOption('thumbprint', msg('must be {0}', THUMBPRINTS.map((t) => `"${t}"`).join(' or ')), msg('Leave it out for x5t#S256 (SHA-256), or use "x5t" (SHA-1) where the server wants the older form.'));
  }
  // An unknown provider id, or one of another flow, is refused here, listing the ids.
  providerForProfile(config);
  if (config.dpop !== undefined && typeof config.dpop !== 'boolean') throw invalidOption('dpop', msg('must be true or false'), msg('Set "dpop": true to bind tokens to a DPoP key, or leave it out.'));
  if (config.dpop && (flow.selfIssued || flow.tokenRequest)) {
    throw invalidOption('dpop', msg('does not apply to the {0} flow (it is for OAuth token endpoints, RFC 9449)', config.flow), msg('Remove "dpop" from the profile.'));
  }
  if (config.mtls !== undefined && typeof config.mtls !== 'boolean') throw invalidOption('mtls', msg('must be true or false'), msg('Set "mtls": true for a token request over mutual TLS, or leave it out.'));
  if (config.tokenEndpointAuth !== undefined && config.tokenEndpointAuth !== 'private_key_jwt') {
    if (config.flow !== 'client-assertion') throw invalidOption('tokenEndpointAuth', msg('"{0}" is for the client-assertion flow (RFC 8705 §2)', config.tokenEndpointAuth), msg('Remove tokenEndpointAuth.'));
    if (!config.mtls) throw invalidOption('tokenEndpointAuth', msg('"{0}" authenticates the client by its TLS certificate, so it needs "mtls": true', config.tokenEndpointAuth), msg('Add "mtls": true to the profile.'));
    if (!config.clientId) throw invalidOption('clientId', msg('is required with certificate client authentication (it is sent as client_id)'), msg('Enter the client id registered with the server.'));
  }
  if (config.discoveryUrl !== undefined) {
    if (!config.mtls) throw discoveryWithoutMtls();
    metadataLocation(config.discoveryUrl);
  }
  if (config.mtls && new URL(config.tokenUrl).protocol !== 'https:') throw invalidOption('tokenUrl', msg('must be https: for mutual TLS'), msg('Use the server\'s https token URL (its mtls_endpoint_aliases entry, when it has one).'));
  flow.validate(config, secrets);
  if (secrets?.key) {
    // The algorithm the plan will sign with, unless it is the key's own default (which suits it by definition).
    const alg = chooseAlgorithm({ algorithm: config.algorithm, header: config.header, flowAlgorithm: flowAlgorithm(config) });
    if (alg !== undefined) assertAlgorithmSuitsKey(alg, secrets.key);
  }
}

/**
 * Validates the exchange once and plans its assertion: what the checks inspect and the exchange
 * then signs (pass the plan to buildTokenRequest / exchangeToken).
 */
export function planExchange(config: ExchangeConfig, secrets: ExchangeSecrets & Omit<SigningKey, 'key'>, clock: Clock = systemClock): AssertionPlan {
  validateExchangeConfig(config, secrets);
  return planAssertion(config, secrets, clock);
}

/**
 * Signs the planned assertion (planned here, validation included, when no plan is given) and builds
 * the exact HTTP request (form body or GET query string).
 */
export async function buildTokenRequest(config: ExchangeConfig, secrets: ExchangeSecrets, deps: Pick<ExchangeDeps, 'clock' | 'timeoutMs' | 'signal' | 'ca'> & { dpopNonce?: string },
  plan: AssertionPlan = planExchange(config, secrets, deps.clock)): Promise<HttpRequest> {
  const flow = FLOWS[config.flow];
  if (flow.selfIssued) {
    throw new OAuthJwtError('INVALID_OPTION', msg('The {0} flow sends no token request: the signed JWT is itself the bearer token.', config.flow),
      msg('Use Copy Access Token (or oauth-jwt token) for the JWT, and Send Test Request (or oauth-jwt request) to call the API with it.'));
  }
  const assertion = await signPlan(plan, secrets.key);
  if (flow.tokenRequest) {
    const own = flow.tokenRequest(config, assertion);
    const request: HttpRequest = { method: 'POST', url: validateEndpointUrl(own.url, msg('token URL')).href, headers: own.headers, timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    if (own.body !== undefined) request.body = own.body;
    if (deps.signal) request.signal = deps.signal;
    if (deps.ca) request.ca = deps.ca;
    return request;
  }
  const own = flow.requestParameters(config, secrets, assertion);
  const extra = Object.entries(config.params ?? {});
  // The provider's parameters (Entra's client_id) unless the flow or the profile's params already send them.
  const taken = new Set([...own, ...extra].map(([name]) => name));
  const provider = (providerForProfile(config).requestParameters?.(config) ?? []).filter(([name]) => !taken.has(name));
  const params = [...own, ...provider, ...extra];

  const url = validateEndpointUrl(config.tokenUrl, msg('token URL'));
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
  if (config.mtls) {
    if (!secrets.certificatePem) throw new OAuthJwtError('MISSING_SECRET', msg('This profile sends its token request over mutual TLS ("mtls": true), but its key has no certificate.'), msg('Generate the key pair with a certificate (RSA), or import the key and its certificate; with the CLI give --cert FILE.'));
    request.clientCertificate = { key: privateKeyPem(secrets.key), cert: secrets.certificatePem };
  }
  if (config.dpop) {
    if (!secrets.dpopKey) throw new OAuthJwtError('MISSING_SECRET', msg('This profile binds its tokens with DPoP ("dpop": true), but no DPoP key was given.'), msg('The extension makes one per profile; with the CLI give --dpop-key FILE, or leave it out for a fresh key per run.'));
    request.headers!.DPoP = await createDpopProof({ key: secrets.dpopKey, method: request.method, url: request.url, nonce: deps.dpopNonce, clock: deps.clock });
  }
  return request;
}

/**
 * One exchange: signs the planned assertion (validating and planning here when no plan is given),
 * sends, and reads the response. Errors: OAUTH_ERROR (OAuthErrorResponse: code + description, with a
 * hint per code — invalid_client, invalid_grant with clock-skew explanation from the server's Date
 * header, unauthorized_client, invalid_scope …), REDIRECT (3xx, never followed), HTTP_STATUS,
 * BAD_RESPONSE (not JSON, e.g. an HTML page), NO_ACCESS_TOKEN, RESPONSE_TOO_LARGE, TIMEOUT,
 * CANCELLED, NETWORK, TLS.
 */
export async function exchangeToken(config: ExchangeConfig, secrets: ExchangeSecrets, deps: ExchangeDeps, plan?: AssertionPlan): Promise<TokenResult> {
  const clock = deps.clock ?? systemClock;
  const knownSecrets = secrets.clientSecret ? [secrets.clientSecret] : [];
  const log = (line: string) => deps.log?.(redact(line, knownSecrets));

  if (FLOWS[config.flow].selfIssued) return selfIssuedToken(config, secrets, deps, plan);
  let request = await buildTokenRequest(config, secrets, deps, plan);
  const url = new URL(request.url);
  const names = request.method === 'GET' ? [...url.searchParams.keys()] : request.body === undefined ? ['Authorization'] : [...new URLSearchParams(request.body).keys()];
  // Only the origin, path and parameter names: the query string of a GET carries the assertion.
  log(`${request.method} ${url.origin}${url.pathname} (${config.flow}; ${names.join(', ')})`);

  const send = async (sent: typeof request) => {
    try {
      return await deps.http.request(sent);
    } catch (error) {
      const failure = asOAuthJwtError(error, 'NETWORK', msg('The request to {0} failed.', url.host), msg('Check the token URL and the network.'));
      log(`failed: ${failure.code} ${failure.message}`);
      throw failure;
    }
  };
  const started = clock();
  let response = await send(request);
  log(`${response.status} from ${url.origin} in ${Math.max(0, clock() - started)} ms`);
  const dpopNonce = config.dpop ? requestedDpopNonce(response) : undefined;
  if (dpopNonce !== undefined) {
    // RFC 9449 §8: the server wants a nonce in the proof. Once, with a freshly signed assertion too.
    log(`the server asked for a DPoP nonce (use_dpop_nonce): retrying once with it`);
    request = await buildTokenRequest(config, secrets, { ...deps, dpopNonce }, planExchange(config, secrets, clock));
    response = await send(request);
    log(`${response.status} from ${url.origin} (with the DPoP nonce)`);
  }
  try {
    return readTokenResponse(response, { url, flow: config.flow, provider: providerForProfile(config), clock, knownSecrets });
  } catch (error) {
    const failure = withExchangeHint(error, config, dpopNonce !== undefined);
    if (failure instanceof OAuthJwtError) log(`failed: ${failure.code} ${failure.message}`);
    throw failure;
  }
}

/**
 * The hints only the exchange can give, knowing whether it already retried with a DPoP nonce and
 * how the client authenticated; other errors pass unchanged.
 */
function withExchangeHint(error: unknown, config: ExchangeConfig, retriedWithNonce: boolean): unknown {
  if (!(error instanceof OAuthErrorResponse)) return error;
  let hint: Message | undefined;
  if (error.error === 'use_dpop_nonce' && config.dpop && !retriedWithNonce) {
    hint = msg('The server asked for a DPoP nonce (RFC 9449 §8) but sent no usable DPoP-Nonce header, so there was nothing to retry with: the server (or a proxy in front of it that drops or hides the header) must send DPoP-Nonce with its use_dpop_nonce answer; ask its operator.');
  } else if (error.error === 'invalid_client' && config.mtls && (config.tokenEndpointAuth === 'tls_client_auth' || config.tokenEndpointAuth === 'self_signed_tls_client_auth')) {
    hint = config.tokenEndpointAuth === 'tls_client_auth'
      ? msg('The server did not accept the TLS client certificate (tls_client_auth, RFC 8705 §2.1): it must be issued by a CA the server trusts, and its subject must be the one registered for the client (tls_client_auth_subject_dn or a SAN); check clientId too.')
      : msg('The server did not accept the TLS client certificate (self_signed_tls_client_auth, RFC 8705 §2.2): this very certificate must be registered with the client (its jwks or jwks_uri, as x5c); after a new certificate, register it again; check clientId too.');
  }
  return hint === undefined ? error : new OAuthErrorResponse(error.status, error.error, error.errorDescription, hint, error.serverDate);
}

/**
 * The self-signed flow: no request at all. The planned JWT is signed and is itself the bearer token,
 * valid until its own `exp` (the token cache signs anew shortly before).
 */
async function selfIssuedToken(config: ExchangeConfig, secrets: ExchangeSecrets, deps: ExchangeDeps, plan?: AssertionPlan): Promise<TokenResult> {
  const clock = deps.clock ?? systemClock;
  const planned = plan ?? planExchange(config, secrets, clock);
  const token = await signPlan(planned, secrets.key);
  const exp = planned.claims.exp as number;
  deps.log?.(`signed a self-signed bearer JWT for ${new URL(config.tokenUrl).origin} (${config.flow}; no exchange), exp ${new Date(exp * 1000).toISOString()}`);
  return {
    accessToken: token,
    tokenType: 'Bearer',
    expiresAt: exp * 1000,
    obtainedAt: clock(),
    response: { access_token: token, token_type: 'Bearer', expires_at: new Date(exp * 1000).toISOString(), self_signed: true },
  };
}
