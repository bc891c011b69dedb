/**
 * A client-assertion token endpoint that accepts only keys registered with it, the way a provider
 * holds a client's uploaded keys: `register(jwks)` replaces the set (as uploading a new JWKS does).
 * The access token names the kid (JWK thumbprint) of the key that signed, so a test can tell which
 * key was used.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { listenLocal, param, sendJson, sendOAuthError, type RunningServer } from '../../src/sandbox/servers/localServer';
import { checkAssertion } from '../../src/sandbox/servers/verifyAssertion';

export interface RegisteredKeysServer extends RunningServer {
  tokenUrl: string;
  register(jwks: { keys: JsonWebKey[] }): void;
  /** Thumbprints of the keys that signed accepted assertions, in order. */
  acceptedKids: string[];
}

export async function startRegisteredKeysServer(clientId: string): Promise<RegisteredKeysServer> {
  let registered: JsonWebKey[] = [];
  const acceptedKids: string[] = [];
  let tokenUrl = '';
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/token' || request.method !== 'POST') return sendJson(res, 404, { error: 'not_found' });
    const assertion = param(request.form, 'client_assertion');
    if (!assertion) return sendOAuthError(res, 400, 'invalid_request', 'client_assertion is missing');
    // Like oidc-provider without a kid: every registered key is tried.
    for (const jwk of registered) {
      const check = await checkAssertion(assertion, createPublicKey({ key: jwk, format: 'jwk' }), {
        algorithms: ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'], issuer: clientId, subject: clientId, audience: tokenUrl, maxLifetimeSeconds: 600,
      });
      if (check.ok) {
        const kid = await calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0]);
        acceptedKids.push(kid);
        return sendJson(res, 200, { access_token: `token-signed-by-${kid}`, token_type: 'Bearer', expires_in: 300 });
      }
    }
    return sendOAuthError(res, 401, 'invalid_client', 'the assertion is not signed by a registered key');
  });
  tokenUrl = `${running.url}/token`;
  return { ...running, tokenUrl, acceptedKids, register: (jwks) => (registered = [...jwks.keys]) };
}
