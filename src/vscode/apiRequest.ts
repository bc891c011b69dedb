import * as vscode from 'vscode';
import { boundTokenRefusal, callWithToken, isDpopToken } from '../core/apiCall';
import { asOAuthJwtError, msg, OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import { headerPairs, nodeHttpClient, validateEndpointUrl, type HttpRequest, type HttpResponse } from '../core/http';
import { privateKeyPem } from '../core/keys';
import type { Profile } from '../core/profile';
import { providerForProfile } from '../core/providers';
import { MAX_TERMINAL_RESPONSE_BODY_BYTES, shownTerminalUrl, type TerminalAsk, type TerminalResponseReply } from '../shared/terminalProtocol';
import { localize } from '../shared/l10n';
import { extraCaCertificates } from './caFile';
import type { Services } from './services';
import { tokenWithProgress } from './tokenProgress';

/** An API call to make with a profile's token: everything but the token and its proof. */
export interface ProfileApiCall {
  method: HttpRequest['method'];
  url: string;
  /** Extra headers, over the defaults (Accept, the preset's own). */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: string;
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Calls an API with a profile's token — for Send Test Request and for `oauth-jwt request` in an
 * integrated terminal, so both follow the same rules: the URL's origin must be confirmed for the
 * profile's token (OriginTrust asks, Cancel first, before anything is sent); the token is the
 * cached one or a fresh exchange; a DPoP-bound token goes with a fresh proof by the profile's DPoP
 * key, and an mTLS profile's token over its client certificate. The keys never leave this process.
 */
export async function callApiWithProfile(services: Services, profile: Profile, call: ProfileApiCall): Promise<{ response: HttpResponse; token: TokenResult; explanation?: string }> {
  const url = validateEndpointUrl(call.url, msg('API URL'));
  // The token goes only where the user confirmed it may go (a workspace can change apiUrl).
  await services.trust.confirmApiRequest(profile, url.origin, call.method);
  const token = await tokenWithProgress(services.tokens, profile);
  // Bearer, or for a DPoP-bound token "DPoP" with a fresh proof by the profile's DPoP key (RFC 9449 §7.1).
  const dpopKey = isDpopToken(token) ? await services.tokens.dpopKey(profile.name) : undefined;
  // The preset's own request headers (Snowflake: X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT), then the caller's.
  const headers: Record<string, string> = { Accept: 'application/json, */*', ...providerForProfile(profile).apiHeaders };
  for (const [name, value] of call.headers ?? []) headers[name] = value;
  // RFC 8705 §3: a certificate-bound token goes over the same client certificate.
  const certificate = profile.mtls ? await clientCertificate(services, profile.name) : undefined;
  const response = await callWithToken(nodeHttpClient, {
    method: call.method,
    url: url.href,
    headers,
    ...(call.body !== undefined ? { body: call.body } : {}),
    timeoutMs: services.config.timeoutMs(),
    ca: await extraCaCertificates(services.config, url.href),
    maxBytes: call.maxBytes,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(certificate ? { clientCertificate: certificate } : {}),
  }, token, dpopKey);
  // A 401 that the token's binding explains (a DPoP nonce; no or another client certificate) says why.
  const refusal = boundTokenRefusal(response, token, certificate);
  return { response, token, ...(refusal ? { explanation: localize(vscode.l10n, refusal) } : {}) };
}

/**
 * `oauth-jwt request` from an integrated terminal, once the user allowed it: the call made here
 * with Send Test Request's rules, its answer handed back with the access token itself blanked out
 * (an endpoint that echoes the request must not give the terminal a token it did not ask for).
 * In the engine, not in terminalAccess.ts, so activation does not load it.
 */
export async function callForTerminal(services: Services, profile: Profile, request: Extract<TerminalAsk, { type: 'request' }>, signal: AbortSignal): Promise<TerminalResponseReply> {
  let result;
  try {
    result = await callApiWithProfile(services, profile, {
      method: request.method, url: request.url, headers: request.headers, body: request.body, maxBytes: MAX_TERMINAL_RESPONSE_BODY_BYTES, signal,
    });
  } catch (error) {
    const failure = asOAuthJwtError(error, 'TERMINAL_UNAVAILABLE', 'The call could not be made.');
    if (failure.code !== 'RESPONSE_TOO_LARGE') throw error;
    throw new OAuthJwtError(failure.code, `The response of ${shownTerminalUrl(request.url)} is larger than ${MAX_TERMINAL_RESPONSE_BODY_BYTES / 1024 / 1024} MiB, more than VS Code hands to a terminal.`,
      'Fetch large responses with a token: oauth-jwt token --profile NAME, or pass --key FILE.');
  }
  const { response, token } = result;
  const blank = (text: string) => text.split(token.accessToken).join('[access token]');
  const headers = headerPairs(response.headers).map(([header, value]): [string, string] => [header, blank(value)]);
  services.log.info('terminal', `${request.method} ${JSON.stringify(shownTerminalUrl(request.url))} → ${response.status} for a terminal (profile ${JSON.stringify(profile.name)})`);
  return { ok: true, status: response.status, headers, body: blank(response.body) };
}

/** The profile's key and certificate as the TLS client certificate (mTLS profiles). */
async function clientCertificate(services: Services, profile: string): Promise<{ key: string; cert: string }> {
  const slotKey = await services.keys.require(profile);
  if (!slotKey.certificatePem) {
    throw new OAuthJwtError('MISSING_SECRET', vscode.l10n.t('Profile "{0}" uses mutual TLS, but its key has no certificate.', profile), vscode.l10n.t('Generate the key pair with a certificate (RSA), or import the key together with its certificate.'));
  }
  return { key: privateKeyPem(slotKey.key), cert: slotKey.certificatePem };
}
