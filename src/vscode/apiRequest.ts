import { callWithToken, isDpopToken } from '../core/apiCall';
import { OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import { nodeHttpClient, validateEndpointUrl, type HttpRequest, type HttpResponse } from '../core/http';
import { privateKeyPem } from '../core/keys';
import type { Profile } from '../core/profile';
import { providerForProfile } from '../core/providers';
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
export async function callApiWithProfile(services: Services, profile: Profile, call: ProfileApiCall): Promise<{ response: HttpResponse; token: TokenResult }> {
  const url = validateEndpointUrl(call.url, 'API URL');
  // The token goes only where the user confirmed it may go (a workspace can change apiUrl).
  await services.trust.confirmApiRequest(profile, url.origin, call.method);
  const token = await tokenWithProgress(services.tokens, profile);
  // Bearer, or for a DPoP-bound token "DPoP" with a fresh proof by the profile's DPoP key (RFC 9449 §7.1).
  const dpopKey = isDpopToken(token) ? await services.tokens.dpopKey(profile.name) : undefined;
  // The preset's own request headers (Snowflake: X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT), then the caller's.
  const headers: Record<string, string> = { Accept: 'application/json, */*', ...providerForProfile(profile).apiHeaders };
  for (const [name, value] of call.headers ?? []) headers[name] = value;
  const response = await callWithToken(nodeHttpClient, {
    method: call.method,
    url: url.href,
    headers,
    ...(call.body !== undefined ? { body: call.body } : {}),
    timeoutMs: services.config.timeoutMs(),
    ca: await services.config.extraCaCertificates(),
    maxBytes: call.maxBytes,
    ...(call.signal ? { signal: call.signal } : {}),
    // RFC 8705 §3: a certificate-bound token goes over the same client certificate.
    ...(profile.mtls ? { clientCertificate: await clientCertificate(services, profile.name) } : {}),
  }, token, dpopKey);
  return { response, token };
}

/** The profile's key and certificate as the TLS client certificate (mTLS profiles). */
async function clientCertificate(services: Services, profile: string): Promise<{ key: string; cert: string }> {
  const slotKey = await services.keys.require(profile);
  if (!slotKey.certificatePem) {
    throw new OAuthJwtError('MISSING_SECRET', `Profile "${profile}" uses mutual TLS, but its key has no certificate.`, 'Generate the key pair with a certificate (RSA), or import the key together with its certificate.');
  }
  return { key: privateKeyPem(slotKey.key), cert: slotKey.certificatePem };
}
