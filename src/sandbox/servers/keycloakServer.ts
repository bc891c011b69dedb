import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import { listenLocal, param, sendJson, type RecordedRequest, type RunningServer } from './localServer';
import { clientAssertionOf, isRefusal, refuse, type Refusal } from './providerEndpoint';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

export interface KeycloakServerOptions {
  realm: string;
  clientId: string;
  /** The client's key (its JWKS URL or certificate in Keycloak). */
  publicKey: PublicKeyInput;
  /** The client's "Max expiration" of signed JWTs, in seconds; Keycloak's default is 60. */
  maxExpirationSeconds?: number;
}

export interface KeycloakServer extends RunningServer {
  /** `<url>/realms/<realm>`: the realm issuer, an accepted `aud`. */
  issuer: string;
  /** `<issuer>/protocol/openid-connect/token`: also an accepted `aud`. */
  tokenUrl: string;
  requests: RecordedRequest[];
  issued: string[];
}

/**
 * A stand-in for Keycloak's token endpoint with "Signed JWT" client authentication: aud = the realm
 * issuer or the token URL, iss = sub = the client id, client_id (when sent) the same, jti single
 * use, and an assertion refused once it is older than iat + the client's max expiration (60 s by
 * default). Errors as Keycloak's: 401 invalid_client "Client authentication with signed JWT failed: …".
 */
export async function startKeycloakServer(options: KeycloakServerOptions): Promise<KeycloakServer> {
  const key = toPublicKey(options.publicKey);
  const maxExpiration = options.maxExpirationSeconds ?? 60;
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const usedJtis = new Set<string>();
  const tokenPath = `/realms/${options.realm}/protocol/openid-connect/token`;
  let issuer = '';
  const failed = (why: string) => refuse(401, 'invalid_client', `Client authentication with signed JWT failed: ${why}`);

  const check = async (request: RecordedRequest): Promise<Refusal | undefined> => {
    const read = clientAssertionOf(request);
    if (isRefusal(read)) return read;
    const clientId = param(request.form, 'client_id');
    if (clientId !== undefined && clientId !== options.clientId) return refuse(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    let claims;
    try {
      claims = decodeJwt(read.assertion);
    } catch {
      return failed('Invalid token');
    }
    const aud = claims.aud;
    if (typeof aud !== 'string' || (aud !== issuer && aud !== `${issuer}/protocol/openid-connect/token`)) return failed('Token audience doesn\'t match domain. The issuer or the token endpoint URL of the realm are accepted.');
    const verified = await checkAssertion(read.assertion, key, {
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'],
      issuer: options.clientId,
      subject: options.clientId,
      required: ['jti', 'iat'],
      maxLifetimeSeconds: Number.MAX_SAFE_INTEGER,
    });
    if (!verified.ok) return failed(verified.description.includes('"exp"') ? 'Token is not active' : 'Signature on JWT token failed validation');
    // An assertion is refused once it is older than iat + the max expiration, whatever its exp says.
    if (Math.floor(Date.now() / 1000) > Number(verified.payload.iat) + maxExpiration || Number(verified.payload.exp) - Number(verified.payload.iat) > maxExpiration) {
      return failed(`Token exp claim is too far from iat: the client accepts at most ${maxExpiration} seconds`);
    }
    const jti = String(verified.payload.jti);
    if (usedJtis.has(jti)) return failed('Token reuse detected');
    usedJtis.add(jti);
    return undefined;
  };

  const answer = (res: ServerResponse, refusal: Refusal) => sendJson(res, refusal.status, { error: refusal.error, error_description: refusal.description });
  const running = await listenLocal(async (request, res) => {
    if (request.path !== tokenPath) return sendJson(res, 404, { error: 'Realm does not exist' });
    const refusal = await check(request);
    if (refusal) return answer(res, refusal);
    const accessToken = randomBytes(24).toString('base64url');
    issued.push(accessToken);
    return sendJson(res, 200, { access_token: accessToken, expires_in: 300, refresh_expires_in: 0, token_type: 'Bearer', 'not-before-policy': 0, scope: 'profile email' });
  }, requests);
  issuer = `${running.url}/realms/${options.realm}`;
  return { url: running.url, close: running.close, issuer, tokenUrl: `${running.url}${tokenPath}`, requests, issued };
}
