import { randomBytes } from 'node:crypto';
import { listenLocal, param, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

/** The path of Workfront's JWT exchange endpoint (the seed documents). */
export const WORKFRONT_EXCHANGE_PATH = '/integrations/oauth2/api/v1/jwt/exchange';

export interface WorkfrontServerOptions {
  clientId: string;
  clientSecret: string;
  /** Expected `iss`. */
  customerId: string;
  /** Expected `sub`. */
  userId: string;
  /** The uploaded `certificate_pub.crt` PEM (a public key PEM or KeyObject also works). */
  certificate: PublicKeyInput;
  /** Longest accepted assertion lifetime (exp − now); default one day. */
  maxLifetimeSeconds?: number;
  /** `expires_in` of issued access tokens; default 3600. */
  accessTokenTtlSeconds?: number;
}

export interface WorkfrontServer extends RunningServer {
  /** `<url>/integrations/oauth2/api/v1/jwt/exchange`. */
  tokenUrl: string;
  requests: RecordedRequest[];
  /** Access tokens issued so far. */
  issued: string[];
}

/**
 * A stand-in for Workfront's JWT exchange: POST form client_id, client_secret, jwt_token; checks the
 * client credentials, then the RS256 signature against the uploaded certificate, iss = Customer ID,
 * sub = User ID, exp present, in the future and short, iat not in the future.
 */
export async function startWorkfrontServer(options: WorkfrontServerOptions): Promise<WorkfrontServer> {
  const key = toPublicKey(options.certificate);
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const running = await listenLocal(async (request, res) => {
    if (request.path !== WORKFRONT_EXCHANGE_PATH) return sendJson(res, 404, { error: 'not_found' });
    if (request.method !== 'POST') return sendOAuthError(res, 405, 'invalid_request', 'use POST');
    if (request.form.length === 0) return sendOAuthError(res, 400, 'invalid_request', 'expected an application/x-www-form-urlencoded body');
    for (const name of ['client_id', 'client_secret', 'jwt_token']) {
      const count = request.form.filter(([k]) => k === name).length;
      if (count !== 1) return sendOAuthError(res, 400, 'invalid_request', `${name} must be sent exactly once`);
    }
    if (param(request.form, 'client_id') !== options.clientId || param(request.form, 'client_secret') !== options.clientSecret) {
      return sendOAuthError(res, 401, 'invalid_client', 'client_id or client_secret is not valid');
    }
    const check = await checkAssertion(param(request.form, 'jwt_token')!, key, {
      algorithms: ['RS256'],
      issuer: options.customerId,
      subject: options.userId,
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 86_400,
    });
    if (!check.ok) return sendOAuthError(res, 400, 'invalid_grant', check.description);
    const accessToken = randomBytes(24).toString('hex');
    issued.push(accessToken);
    return sendJson(res, 200, {
      access_token: accessToken,
      refresh_token: randomBytes(24).toString('hex'),
      expires_in: options.accessTokenTtlSeconds ?? 3600,
    });
  }, requests);
  return { url: running.url, close: running.close, tokenUrl: `${running.url}${WORKFRONT_EXCHANGE_PATH}`, requests, issued };
}
