import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { listenLocal, param, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type AssertionRules, type PublicKeyInput } from './verifyAssertion';

/** What each preset's API wants, as its provider documents it. */
export type SelfSignedPreset =
  | { preset: 'app-store-connect'; issuerId: string; keyId: string }
  | { preset: 'sign-in-with-apple'; teamId: string; clientId: string; keyId: string }
  | { preset: 'snowflake'; account: string; user: string }
  | { preset: 'google-self-signed'; serviceAccount: string };

export type SelfSignedApiServerOptions = SelfSignedPreset & { publicKey: PublicKeyInput };

export interface SelfSignedApiServer extends RunningServer {
  /** The URL a request presents the JWT to (and, for Google, the JWT's aud). */
  apiUrl: string;
  requests: RecordedRequest[];
}

/** The same request answered the way each provider answers a refused token. */
function refuse(res: ServerResponse, preset: SelfSignedPreset['preset'], detail: string): void {
  switch (preset) {
    case 'app-store-connect':
      return sendJson(res, 401, { errors: [{ status: '401', code: 'NOT_AUTHORIZED', title: 'Authentication credentials are missing or invalid.', detail: `Provide a properly configured and signed bearer token, and make sure that it has not expired. (${detail})` }] });
    case 'snowflake':
      return sendJson(res, 401, { code: '390144', message: `JWT token is invalid. (${detail})` });
    case 'google-self-signed':
      return sendJson(res, 401, { error: { code: 401, message: `Request had invalid authentication credentials. (${detail})`, status: 'UNAUTHENTICATED' } });
    case 'sign-in-with-apple':
      return sendOAuthError(res, 400, 'invalid_client', detail);
  }
}

/**
 * One API that takes a self-signed JWT as its bearer token (or, for Sign in with Apple, as the
 * client_secret of POST /auth/token), verified the way the provider does:
 * - App Store Connect ("Generating Tokens for API Requests"): ES256, kid = the key ID, iss = the
 *   issuer ID, aud "appstoreconnect-v1", "Tokens that expire more than 20 minutes into the future are not valid".
 * - Sign in with Apple ("Creating a client secret"): ES256, kid, iss = team ID, sub = client_id,
 *   aud "https://appleid.apple.com", exp at most 15777000 s (six months) ahead.
 * - Snowflake ("Key-pair authentication", SQL API): RS256, iss = ACCOUNT.USER.SHA256:<base64 SHA-256
 *   of the public key's DER SPKI>, sub = ACCOUNT.USER, exp at most an hour ahead, and the header
 *   "X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT".
 * - Google self-signed JWT: RS256, iss = sub = the service account, aud = the API's URL, exp ≤ 1 h.
 */
export async function startSelfSignedApiServer(options: SelfSignedApiServerOptions): Promise<SelfSignedApiServer> {
  const key = toPublicKey(options.publicKey);
  const requests: RecordedRequest[] = [];
  let apiUrl = '';
  const rules = (): AssertionRules & { kid?: string } => {
    switch (options.preset) {
      case 'app-store-connect':
        return { algorithms: ['ES256'], issuer: options.issuerId, audience: 'appstoreconnect-v1', maxLifetimeSeconds: 1200, required: ['iat'], kid: options.keyId };
      case 'sign-in-with-apple':
        return { algorithms: ['ES256'], issuer: options.teamId, subject: options.clientId, audience: 'https://appleid.apple.com', maxLifetimeSeconds: 15_777_000, required: ['iat'], kid: options.keyId };
      case 'snowflake': {
        const sub = `${options.account.toUpperCase()}.${options.user.toUpperCase()}`;
        const fingerprint = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64');
        return { algorithms: ['RS256'], issuer: `${sub}.SHA256:${fingerprint}`, subject: sub, maxLifetimeSeconds: 3600, required: ['iat'] };
      }
      case 'google-self-signed':
        return { algorithms: ['RS256'], issuer: options.serviceAccount, subject: options.serviceAccount, audience: apiUrl, maxLifetimeSeconds: 3600, required: ['iat'] };
    }
  };
  const running = await listenLocal(async (request, res) => {
    const apple = options.preset === 'sign-in-with-apple';
    if (apple ? request.path !== '/auth/token' : request.path !== '/api') return sendJson(res, 404, { message: 'not found' });
    const jwt = apple ? param(request.form, 'client_secret') : /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!jwt) return refuse(res, options.preset, apple ? 'client_secret is missing' : 'no bearer token');
    if (options.preset === 'snowflake' && request.headers['x-snowflake-authorization-token-type'] !== 'KEYPAIR_JWT') {
      return refuse(res, options.preset, 'X-Snowflake-Authorization-Token-Type must be KEYPAIR_JWT');
    }
    const { kid, ...assertionRules } = rules();
    const check = await checkAssertion(jwt, key, assertionRules);
    if (!check.ok) return refuse(res, options.preset, check.description);
    if (kid !== undefined && check.header.kid !== kid) return refuse(res, options.preset, `kid must be ${kid}`);
    if (apple) {
      if (param(request.form, 'client_id') !== check.payload.sub) return refuse(res, options.preset, 'client_id is not the client secret\'s sub');
      return sendJson(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 3600 });
    }
    return sendJson(res, 200, { ok: true, preset: options.preset, sub: check.payload.sub ?? check.payload.iss });
  }, requests);
  apiUrl = `${running.url}${options.preset === 'sign-in-with-apple' ? '/auth/token' : '/api'}`;
  return { url: running.url, close: running.close, apiUrl, requests };
}
