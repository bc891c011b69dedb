import { randomBytes } from 'node:crypto';
import { listenLocal, param, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface DocuSignServerOptions {
  integrationKey: string;
  userId: string;
  publicKey: PublicKeyInput;
  /** The `aud` it wants: the bare host of the environment (default account-d.docusign.com). */
  audience?: string;
  /** Whether the user has granted consent to the integration key (default true). */
  consented?: boolean;
}

export interface DocuSignServer extends RunningServer {
  /** `<url>/oauth/token`. */
  tokenUrl: string;
  audience: string;
  requests: RecordedRequest[];
}

/**
 * DocuSign's account server for the JWT Grant: POST /oauth/token with the jwt-bearer grant; RS256;
 * iss = integration key, sub = user ID, aud = the bare host (no https://), a scope claim holding
 * "impersonation", exp at most an hour ahead; consent required. Errors as DocuSign answers them:
 * { error } or { error, error_description } with its codes (issuer_not_found, user_not_found,
 * no_valid_keys_or_signatures, consent_required).
 */
export async function startDocuSignServer(options: DocuSignServerOptions): Promise<DocuSignServer> {
  const key = toPublicKey(options.publicKey);
  const audience = options.audience ?? 'account-d.docusign.com';
  const requests: RecordedRequest[] = [];
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/oauth/token') return sendJson(res, 404, { error: 'not_found' });
    if (request.method !== 'POST' || request.form.length === 0) return sendOAuthError(res, 400, 'invalid_request', 'POST an application/x-www-form-urlencoded body');
    if (param(request.form, 'grant_type') !== JWT_BEARER_GRANT) return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const assertion = param(request.form, 'assertion');
    if (!assertion) return sendJson(res, 400, { error: 'invalid_request' });
    const check = await checkAssertion(assertion, key, { algorithms: ['RS256'], maxLifetimeSeconds: 3600, required: ['iat'] });
    if (!check.ok) return sendOAuthError(res, 400, 'invalid_grant', 'no_valid_keys_or_signatures');
    const { payload } = check;
    // A wrong aud (a URL, or the other environment's host) reads as an unknown issuer in this environment.
    if (payload.iss !== options.integrationKey || payload.aud !== audience) return sendOAuthError(res, 400, 'invalid_grant', 'issuer_not_found');
    if (payload.sub !== options.userId) return sendOAuthError(res, 400, 'invalid_grant', 'user_not_found');
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes('impersonation')) return sendOAuthError(res, 400, 'invalid_scope', 'the impersonation scope is required for the JWT Grant');
    if (options.consented === false) return sendJson(res, 400, { error: 'consent_required' });
    return sendJson(res, 200, { access_token: randomBytes(32).toString('base64url'), token_type: 'Bearer', expires_in: 3600 });
  }, requests);
  return { url: running.url, close: running.close, tokenUrl: `${running.url}/oauth/token`, audience, requests };
}
