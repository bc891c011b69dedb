import { randomBytes } from 'node:crypto';
import { listenLocal, param, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface JwtBearerServerOptions {
  /** Expected `iss` (a service-account email, a consumer key …). */
  issuer: string;
  publicKey: PublicKeyInput;
  /** Expected `sub`, when the provider wants one. */
  subject?: string;
  /** Accepted algorithms; default RS256, PS256, ES256. */
  algorithms?: string[];
  /** Scopes that must all appear in the space-separated `scope` claim. */
  requiredScopes?: string[];
  /** When set, the request must also carry client_id and client_secret (client_secret_post). */
  client?: { clientId: string; clientSecret: string };
  /** Longest accepted assertion lifetime; default 3600 (Google's cap). */
  maxLifetimeSeconds?: number;
}

export interface JwtBearerServer extends RunningServer {
  /** `<url>/token`; also the required `aud`. */
  tokenUrl: string;
  requests: RecordedRequest[];
  issued: string[];
}

/**
 * An RFC 7523 §2.1 authorization-grant endpoint in the style of Google service accounts:
 * POST grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>, aud = the token URL,
 * a `scope` claim (space-separated) required.
 */
export async function startJwtBearerServer(options: JwtBearerServerOptions): Promise<JwtBearerServer> {
  const key = toPublicKey(options.publicKey);
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  let tokenUrl = '';
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/token') return sendJson(res, 404, { error: 'not_found' });
    if (request.method !== 'POST' || request.form.length === 0) return sendOAuthError(res, 400, 'invalid_request', 'POST an application/x-www-form-urlencoded body');
    if (param(request.form, 'grant_type') !== JWT_BEARER_GRANT) return sendOAuthError(res, 400, 'unsupported_grant_type', `grant_type must be ${JWT_BEARER_GRANT}`);
    if (options.client && (param(request.form, 'client_id') !== options.client.clientId || param(request.form, 'client_secret') !== options.client.clientSecret)) {
      return sendOAuthError(res, 401, 'invalid_client', 'client authentication failed');
    }
    const assertion = param(request.form, 'assertion');
    if (!assertion) return sendOAuthError(res, 400, 'invalid_request', 'assertion is missing');
    const check = await checkAssertion(assertion, key, {
      algorithms: options.algorithms ?? ['RS256', 'PS256', 'ES256'],
      issuer: options.issuer,
      subject: options.subject,
      audience: tokenUrl,
      required: ['iat'],
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 3600,
    });
    if (!check.ok) return sendOAuthError(res, 400, 'invalid_grant', check.description);
    const scope = check.payload.scope;
    if (typeof scope !== 'string' || scope.trim() === '') return sendOAuthError(res, 400, 'invalid_scope', 'the assertion has no scope claim');
    const granted = scope.split(' ').filter(Boolean);
    const missing = (options.requiredScopes ?? []).filter((s) => !granted.includes(s));
    if (missing.length > 0) return sendOAuthError(res, 400, 'invalid_scope', `scope lacks ${missing.join(' ')}`);
    const accessToken = randomBytes(24).toString('hex');
    issued.push(accessToken);
    return sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: granted.join(' ') });
  }, requests);
  tokenUrl = `${running.url}/token`;
  return { url: running.url, close: running.close, tokenUrl, requests, issued };
}
