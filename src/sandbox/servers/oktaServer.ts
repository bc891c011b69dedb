import { createPublicKey, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { listenLocal, param, sendJson, type RecordedRequest, type RunningServer } from './localServer';
import { clientAssertionOf, isRefusal, refuse, type Refusal } from './providerEndpoint';
import { checkAssertion } from './verifyAssertion';

/** The algorithms Okta lists for private_key_jwt: RSA and EC only. */
const OKTA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

export interface OktaServerOptions {
  clientId: string;
  /** The public JWKs registered with the app, each with its `kid`. */
  keys: (JWK & { kid: string })[];
  /** The app's "Require DPoP header in token requests" option: refuse requests without a DPoP proof. */
  requireDpop?: boolean;
}

export interface OktaServer extends RunningServer {
  /** `<url>/oauth2/v1/token` (the org authorization server); also the required `aud`. */
  tokenUrl: string;
  requests: RecordedRequest[];
  issued: string[];
}

/**
 * A stand-in for Okta's org authorization server token endpoint with private_key_jwt, per Okta's
 * "Build a JWT for client authentication" and client authentication pages: a `kid` naming one of the
 * app's registered keys, RSA and EC algorithms only, aud = the token URL, iss = sub = client_id, exp at most an
 * hour ahead, jti single use; optionally the app's DPoP requirement. Errors: {error, error_description}.
 */
export async function startOktaServer(options: OktaServerOptions): Promise<OktaServer> {
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const usedJtis = new Set<string>();
  let tokenUrl = '';

  const check = async (request: RecordedRequest): Promise<Refusal | undefined> => {
    const read = clientAssertionOf(request);
    if (isRefusal(read)) return read;
    const { header, assertion } = read;
    const clientId = param(request.form, 'client_id');
    if (clientId !== undefined && clientId !== options.clientId) return refuse(401, 'invalid_client', 'The client_id does not match the client_assertion.');
    if (!OKTA_ALGORITHMS.includes(String(header.alg))) return refuse(401, 'invalid_client', `The client_assertion token has an unsupported signing algorithm (${String(header.alg)}).`);
    if (typeof header.kid !== 'string') return refuse(401, 'invalid_client', 'The client_assertion token has no kid header, which is required to pick the key.');
    const jwk = options.keys.find((k) => k.kid === header.kid);
    if (!jwk) return refuse(401, 'invalid_client', `The client_assertion token's kid (${header.kid.slice(0, 64)}) is not registered for this client.`);
    const verified = await checkAssertion(assertion, createPublicKey({ key: jwk as never, format: 'jwk' }), {
      algorithms: OKTA_ALGORITHMS,
      issuer: options.clientId,
      subject: options.clientId,
      audience: tokenUrl,
      // "This value must be a maximum of only an hour in the future."
      maxLifetimeSeconds: 3600,
    });
    if (!verified.ok) return refuse(401, 'invalid_client', `The client_assertion token is invalid: ${verified.description}.`);
    const jti = verified.payload.jti;
    if (jti !== undefined) {
      if (usedJtis.has(String(jti))) return refuse(401, 'invalid_client', 'The client_assertion token has already been used (jti).');
      usedJtis.add(String(jti));
    }
    if (options.requireDpop && request.headers.dpop === undefined) return refuse(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
    return undefined;
  };

  const answer = (res: ServerResponse, refusal: Refusal) => sendJson(res, refusal.status, { error: refusal.error, error_description: refusal.description });
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/oauth2/v1/token') return sendJson(res, 404, { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
    const refusal = await check(request);
    if (refusal) return answer(res, refusal);
    const accessToken = randomBytes(24).toString('base64url');
    issued.push(accessToken);
    return sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken, scope: param(request.form, 'scope') ?? 'okta.users.read' });
  }, requests);
  tokenUrl = `${running.url}/oauth2/v1/token`;
  return { url: running.url, close: running.close, tokenUrl, requests, issued };
}
