import { createDpopProof, requestedDpopNonce } from './dpop';
import { msg, OAuthJwtError, type Message } from './errors';
import type { TokenResult } from './exchange';
import { USER_AGENT, type HttpClient, type HttpRequest, type HttpResponse } from './http';
import { decodeJwt } from './jwtDecode';
import type { PrivateKey } from './keys';
import { readCertificate } from './x509';

/** An API call that presents a token: everything but the Authorization and DPoP headers. */
export type ApiRequest = Omit<HttpRequest, 'headers'> & { headers?: Record<string, string> };

/** Whether a token must be presented with a DPoP proof (RFC 9449 §7.1: token_type "DPoP", any case). */
export function isDpopToken(token: Pick<TokenResult, 'tokenType'>): boolean {
  return token.tokenType?.toLowerCase() === 'dpop';
}

/**
 * Calls an API with a token the way its type says (Send Test Request and `oauth-jwt request`):
 * `Authorization: Bearer …`, or for a DPoP-bound token `Authorization: DPoP …` with a fresh proof
 * whose `ath` is the token's hash (RFC 9449 §7.1), retried once with the resource server's nonce
 * when it answers 401 `use_dpop_nonce` (§9). Other token types are refused before anything is sent.
 */
export async function callWithToken(http: HttpClient, request: ApiRequest, token: Pick<TokenResult, 'accessToken' | 'tokenType'>, dpopKey?: PrivateKey): Promise<HttpResponse> {
  const type = token.tokenType ?? 'Bearer';
  const dpop = isDpopToken(token);
  if (!dpop && type.toLowerCase() !== 'bearer') {
    throw new OAuthJwtError('INVALID_OPTION', msg('The token\'s type is "{0}", which is presented neither as Bearer nor as DPoP.', type.slice(0, 20)), msg('Use a profile whose server issues Bearer or DPoP tokens.'));
  }
  if (dpop && !dpopKey) {
    throw new OAuthJwtError('MISSING_SECRET', msg('This token is DPoP-bound, and the DPoP key it is bound to is not at hand: the token is useless without a proof made with it.'),
      msg('Get a new token (the extension keeps a DPoP key per profile; the CLI binds each run\'s token to that run\'s key or to --dpop-key FILE).'));
  }
  const send = async (nonce?: string) => {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...request.headers, Authorization: `${dpop ? 'DPoP' : 'Bearer'} ${token.accessToken}` };
    if (dpop) headers.DPoP = await createDpopProof({ key: dpopKey!, method: request.method, url: request.url, nonce, accessToken: token.accessToken });
    return http.request({ ...request, headers });
  };
  const response = await send();
  const nonce = dpop ? requestedDpopNonce(response) : undefined;
  return nonce === undefined ? response : send(nonce);
}

function header(response: HttpResponse, name: string): string {
  const value = response.headers[name];
  return (Array.isArray(value) ? value.join(', ') : value) ?? '';
}

/** The certificate thumbprint a JWT access token is bound to (RFC 8705 §3.1 cnf.x5t#S256), if it is a JWT that says so. */
function boundThumbprint(accessToken: string): string | undefined {
  if (!accessToken.startsWith('eyJ')) return undefined;
  try {
    const cnf = decodeJwt(accessToken).payload.cnf;
    const value = typeof cnf === 'object' && cnf !== null && !Array.isArray(cnf) ? (cnf as Record<string, unknown>)['x5t#S256'] : undefined;
    // Shown to people: a thumbprint is base64url; anything else from the token is not repeated.
    return typeof value === 'string' ? (/^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : 'a value that is not a thumbprint') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a resource server refused a bound token, when the binding explains it (what callWithToken's
 * caller shows beside the status): a DPoP nonce still wanted after the retry, or none offered; a
 * certificate-bound token (cnf.x5t#S256) presented without a certificate or over another one.
 * Undefined when the answer is not a 401 or the binding explains nothing.
 */
export function boundTokenRefusal(response: HttpResponse, token: Pick<TokenResult, 'accessToken' | 'tokenType'>, clientCertificate?: { cert: string }): Message | undefined {
  if (response.status !== 401) return undefined;
  if (isDpopToken(token) && /use_dpop_nonce/.test(header(response, 'www-authenticate'))) {
    return requestedDpopNonce(response) === undefined
      ? msg('The resource server asked for a DPoP nonce (RFC 9449 §9) without a usable DPoP-Nonce header, so the request could not be retried with one: the server (or a proxy in front of it) must send DPoP-Nonce; ask its operator.')
      : msg('The resource server still asked for a DPoP nonce after the retry with its nonce (RFC 9449 §9): try again; if it persists, its nonces may expire at once (check both clocks).');
  }
  const bound = boundThumbprint(token.accessToken);
  if (bound === undefined) return undefined;
  if (!clientCertificate) {
    return msg('The token is bound to a TLS client certificate (cnf.x5t#S256, RFC 8705 §3) and was presented without one: call the API with the same certificate (a profile with "mtls": true; CLI: --mtls --cert FILE).');
  }
  let presented: string | undefined;
  try {
    presented = readCertificate(clientCertificate.cert).x5tS256;
  } catch {
    presented = undefined;
  }
  return presented !== bound
    ? (presented === undefined
      ? msg('The token is bound to another TLS client certificate (its cnf.x5t#S256 is {0}, this request\'s certificate is unreadable): get a new token with the certificate the request presents (the key\'s certificate changed since the token was issued?).', bound)
      : msg('The token is bound to another TLS client certificate (its cnf.x5t#S256 is {0}, this request\'s certificate is {1}): get a new token with the certificate the request presents (the key\'s certificate changed since the token was issued?).', bound, presented))
    : undefined;
}
