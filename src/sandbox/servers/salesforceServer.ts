import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { listenLocal, param, sendJson, type RecordedRequest, type RunningServer } from './localServer';
import { JWT_BEARER_GRANT, jwtHeader } from './providerEndpoint';
import { checkAssertion, toPublicKey } from './verifyAssertion';

export interface SalesforceServerOptions {
  /** The connected app's consumer key: the expected `iss`. */
  consumerKey: string;
  /** The user name: the expected `sub`. */
  username: string;
  /** The certificate uploaded to the connected app (PEM). */
  certificate: string;
  /** The `aud` this org expects: https://login.salesforce.com (default), https://test.salesforce.com, or a site URL. */
  audience?: string;
}

export interface SalesforceServer extends RunningServer {
  /** `<url>/services/oauth2/token`. */
  tokenUrl: string;
  requests: RecordedRequest[];
  issued: string[];
}

/**
 * A stand-in for Salesforce's token endpoint in the OAuth 2.0 JWT bearer flow ("OAuth 2.0 JWT Bearer
 * Flow for Server-to-Server Integration"): RS256, iss = consumer key, sub = user name, aud = the
 * login server (or the site), exp within 3 minutes. Errors as Salesforce words them
 * ({"error":"invalid_grant","error_description":"audience is invalid"}); the token response has
 * instance_url and id but no expires_in.
 */
export async function startSalesforceServer(options: SalesforceServerOptions): Promise<SalesforceServer> {
  const key = toPublicKey(options.certificate);
  const audience = options.audience ?? 'https://login.salesforce.com';
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const running = await listenLocal(async (request, res) => {
    const fail = (error: string, description: string, status = 400) => sendJson(res, status, { error, error_description: description });
    if (request.path !== '/services/oauth2/token') return sendJson(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    if (request.method !== 'POST' || param(request.form, 'grant_type') !== JWT_BEARER_GRANT) return fail('unsupported_grant_type', 'grant type not supported');
    const assertion = param(request.form, 'assertion') ?? '';
    const header = jwtHeader(assertion);
    if (!header) return fail('invalid_grant', 'invalid assertion');
    if (header.alg !== 'RS256') return fail('invalid_grant', 'invalid assertion');
    let claims;
    try {
      claims = decodeJwt(assertion);
    } catch {
      return fail('invalid_grant', 'invalid assertion');
    }
    if (claims.iss !== options.consumerKey) return fail('invalid_client_id', 'client identifier invalid');
    if (claims.aud !== audience) return fail('invalid_grant', 'audience is invalid');
    const verified = await checkAssertion(assertion, key, {
      algorithms: ['RS256'],
      issuer: options.consumerKey,
      subject: options.username,
      audience,
      // "exp: ... the expiration time of the assertion within 3 minutes"
      maxLifetimeSeconds: 180,
      clockToleranceSeconds: 0,
    });
    if (!verified.ok) {
      return fail('invalid_grant', /exp is more than|"exp" claim timestamp check failed/.test(verified.description) ? 'expired authorization code' : /subject|"sub"/.test(verified.description) ? 'user hasn\'t approved this consumer' : 'invalid assertion');
    }
    const accessToken = `00D000000000001!${randomBytes(24).toString('base64url')}`;
    issued.push(accessToken);
    return sendJson(res, 200, {
      access_token: accessToken,
      scope: 'api',
      instance_url: running.url,
      id: `${audience}/id/00D000000000001EAA/005000000000001AAA`,
      token_type: 'Bearer',
    });
  }, requests);
  return { url: running.url, close: running.close, tokenUrl: `${running.url}/services/oauth2/token`, requests, issued };
}
