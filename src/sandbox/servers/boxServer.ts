import { randomBytes } from 'node:crypto';
import { listenLocal, param, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** What Box wants as `aud`, whatever URL the request reached. */
const BOX_AUDIENCE = 'https://api.box.com/oauth2/token';

export interface BoxServerOptions {
  clientId: string;
  clientSecret: string;
  publicKeyId: string;
  publicKey: PublicKeyInput;
  enterpriseId: string;
  /** App users it knows (sub with box_sub_type "user"). */
  userIds?: string[];
}

export interface BoxServer extends RunningServer {
  /** `<url>/oauth2/token`. */
  tokenUrl: string;
  requests: RecordedRequest[];
}

/**
 * Box's /oauth2/token for JWT server authentication, enforcing "JWT without SDKs": client_id and
 * client_secret in the body; header kid = the public key ID, alg RS256/RS384/RS512; claims iss =
 * client ID, sub = the enterprise or a user ID with box_sub_type saying which, aud =
 * https://api.box.com/oauth2/token, jti of 16–128 characters (single use), exp at most 60 s ahead.
 * Errors as Box answers them: { error, error_description } naming the claim to check.
 */
export async function startBoxServer(options: BoxServerOptions): Promise<BoxServer> {
  const key = toPublicKey(options.publicKey);
  const requests: RecordedRequest[] = [];
  const seen = new Set<string>();
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/oauth2/token') return sendJson(res, 404, { error: 'not_found' });
    const form = request.form;
    if (request.method !== 'POST' || form.length === 0) return sendOAuthError(res, 400, 'invalid_request', 'Invalid grant_type parameter or parameter missing');
    if (param(form, 'grant_type') !== JWT_BEARER_GRANT) return sendOAuthError(res, 400, 'invalid_request', 'Invalid grant_type parameter or parameter missing');
    if (param(form, 'client_id') !== options.clientId || param(form, 'client_secret') !== options.clientSecret) return sendOAuthError(res, 400, 'invalid_client', 'The client credentials are invalid');
    const assertion = param(form, 'assertion');
    if (!assertion) return sendOAuthError(res, 400, 'invalid_request', 'Missing assertion parameter');
    const check = await checkAssertion(assertion, key, { algorithms: ['RS256', 'RS384', 'RS512'], maxLifetimeSeconds: 60, required: ['jti'], clockToleranceSeconds: 0 });
    if (!check.ok) return sendOAuthError(res, 400, 'invalid_grant', `Please check the JWT: ${check.description}`);
    const { header, payload } = check;
    if (header.kid !== options.publicKeyId) return sendOAuthError(res, 400, 'invalid_grant', 'Please check the \'kid\' header: no public key of this app has that ID');
    if (payload.iss !== options.clientId) return sendOAuthError(res, 400, 'invalid_grant', 'Please check the \'iss\' claim.');
    if (payload.aud !== BOX_AUDIENCE) return sendOAuthError(res, 400, 'invalid_grant', `Please check the 'aud' claim. Should be "${BOX_AUDIENCE}".`);
    const type = (payload as Record<string, unknown>).box_sub_type;
    const subjectKnown = type === 'enterprise' ? payload.sub === options.enterpriseId : type === 'user' && (options.userIds ?? []).includes(payload.sub ?? '');
    if (!subjectKnown) return sendOAuthError(res, 400, 'invalid_grant', 'Please check the \'sub\' and \'box_sub_type\' claims.');
    const jti = payload.jti!;
    if (jti.length < 16 || jti.length > 128) return sendOAuthError(res, 400, 'invalid_grant', 'Please check the \'jti\' claim: a unique string of 16 to 128 characters is required.');
    if (seen.has(jti)) return sendOAuthError(res, 400, 'invalid_grant', 'Please check the \'jti\' claim. A unique \'jti\' value is required.');
    seen.add(jti);
    if (typeof payload.iat === 'number' && payload.exp! - payload.iat > 60) return sendOAuthError(res, 400, 'invalid_grant', 'Please check the \'exp\' claim: at most 60 seconds after the issue time.');
    return sendJson(res, 200, { access_token: randomBytes(24).toString('hex'), expires_in: 3600, restricted_to: [], token_type: 'bearer' });
  }, requests);
  return { url: running.url, close: running.close, tokenUrl: `${running.url}/oauth2/token`, requests };
}
