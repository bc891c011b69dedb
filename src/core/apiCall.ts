import { createDpopProof, requestedDpopNonce } from './dpop';
import { OAuthJwtError } from './errors';
import type { TokenResult } from './exchange';
import { USER_AGENT, type HttpClient, type HttpRequest, type HttpResponse } from './http';
import type { PrivateKey } from './keys';

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
    throw new OAuthJwtError('INVALID_OPTION', `The token's type is "${type.slice(0, 20)}", which is presented neither as Bearer nor as DPoP.`, 'Use a profile whose server issues Bearer or DPoP tokens.');
  }
  if (dpop && !dpopKey) {
    throw new OAuthJwtError('MISSING_SECRET', 'This token is DPoP-bound, and the DPoP key it is bound to is not at hand: the token is useless without a proof made with it.',
      'Get a new token (the extension keeps a DPoP key per profile; the CLI binds each run\'s token to that run\'s key or to --dpop-key FILE).');
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
