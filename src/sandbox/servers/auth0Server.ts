import { randomBytes } from 'node:crypto';
import { listenLocal, param, sendJson, sendOAuthError as fail, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

export interface Auth0ServerOptions {
  clientId: string;
  publicKey: PublicKeyInput;
  /** The credential's kid; when set, an assertion naming another kid is refused. */
  keyId?: string;
  /** API identifiers the client may ask for with the audience parameter. */
  audiences: string[];
  /** Used when the request has no audience parameter; without it such requests are refused. */
  defaultAudience?: string;
}

export interface Auth0Server extends RunningServer {
  /** `<url>/oauth/token`. */
  tokenUrl: string;
  /** `<url>/`: the tenant URL with its trailing slash, the required `aud`. */
  tenantUrl: string;
  requests: RecordedRequest[];
}

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * An Auth0 tenant's /oauth/token for Private Key JWT (client credentials), enforcing what Auth0's
 * "Authenticate with Private Key JWT" documents: iss = sub = client ID, aud = the tenant URL with its
 * trailing slash, exp at most 5 minutes after iat, a jti (single use, at most 64 characters), alg
 * RS256/RS384/PS256, no client_secret beside the assertion, and the audience parameter. Errors as
 * Auth0 answers them: { error, error_description }, client authentication failures with 401.
 */
export async function startAuth0Server(options: Auth0ServerOptions): Promise<Auth0Server> {
  const key = toPublicKey(options.publicKey);
  const requests: RecordedRequest[] = [];
  const seen = new Set<string>();
  let tenantUrl = '';
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/oauth/token') return sendJson(res, 404, { error: 'not_found' });
    const form = request.form;
    if (request.method !== 'POST' || form.length === 0) return fail(res, 400, 'invalid_request', 'POST an application/x-www-form-urlencoded body');
    if (param(form, 'grant_type') !== 'client_credentials') return fail(res, 403, 'unsupported_grant_type', 'Unsupported grant type');
    if (param(form, 'client_secret') !== undefined) return fail(res, 400, 'invalid_request', 'client_secret and client_assertion cannot be used together');
    if (param(form, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) return fail(res, 400, 'invalid_request', 'client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const assertion = param(form, 'client_assertion');
    if (!assertion) return fail(res, 401, 'invalid_client', 'Client authentication is required');
    const check = await checkAssertion(assertion, key, {
      algorithms: ['RS256', 'RS384', 'PS256'],
      issuer: options.clientId,
      subject: options.clientId,
      audience: tenantUrl,
      required: ['jti'],
      maxLifetimeSeconds: 300,
      clockToleranceSeconds: 10,
    });
    if (!check.ok) return fail(res, 401, 'invalid_client', `Invalid client assertion: ${check.description}`);
    const { header, payload } = check;
    if (options.keyId !== undefined && header.kid !== undefined && header.kid !== options.keyId) return fail(res, 401, 'invalid_client', 'Invalid client assertion: no credential matches the kid');
    if (typeof payload.iat === 'number' && payload.exp! - payload.iat > 300) return fail(res, 401, 'invalid_client', 'Invalid client assertion: the assertion lifetime exceeds 5 minutes');
    const jti = payload.jti!;
    if (jti.length > 64) return fail(res, 401, 'invalid_client', 'Invalid client assertion: jti is longer than 64 characters');
    if (seen.has(jti)) return fail(res, 401, 'invalid_client', 'Invalid client assertion: jti has already been used');
    seen.add(jti);
    const audience = param(form, 'audience') ?? options.defaultAudience;
    if (audience === undefined) return fail(res, 403, 'access_denied', 'No audience parameter was provided, and no default audience has been configured');
    if (!options.audiences.includes(audience)) return fail(res, 403, 'access_denied', `Service not found: ${audience}`);
    return sendJson(res, 200, { access_token: randomBytes(24).toString('hex'), scope: 'read:items', expires_in: 86400, token_type: 'Bearer' });
  }, requests);
  tenantUrl = `${running.url}/`;
  return { url: running.url, close: running.close, tokenUrl: `${running.url}/oauth/token`, tenantUrl, requests };
}
