import { randomBytes } from 'node:crypto';
import { listenLocal, param, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface LogicNetsServerOptions {
  /** The `<company>` path segment, e.g. "logicnets". */
  company: string;
  /** The server user's client id: the expected `sub`. */
  clientId: string;
  /** The API client's identifier: the expected `iss` (an URL such as https://client.org). */
  issuer: string;
  /** The registered public key (SPKI PEM, certificate PEM or KeyObject). */
  publicKey: PublicKeyInput;
  /** Require a `nonce` header member, as in the document's JWT header; default true. */
  requireNonce?: boolean;
  /** Longest accepted assertion lifetime; default 3600 (the document's example uses one hour). */
  maxLifetimeSeconds?: number;
  /** `expires_in` of issued access tokens; default 3600. */
  accessTokenTtlSeconds?: number;
}

export interface LogicNetsServer extends RunningServer {
  /** `<url>/<company>/oauth2token` — called with GET and a query string. */
  tokenUrl: string;
  /** The required `aud`: `<url>/<company>`. */
  audience: string;
  /** The example WebService: `<url>/<company>/WebAPIExample/function_1`. */
  apiUrl: string;
  /** The JSON the API answers with a valid bearer token. */
  exampleData: Record<string, unknown>;
  requests: RecordedRequest[];
  /** `jti` values already used; a second use is refused. */
  usedJtis: Set<string>;
  issued: string[];
}

/**
 * A stand-in for LogicNets' token endpoint and example WebService API, per the seed document:
 * GET /<company>/oauth2token?grant_type=client_credentials&client_assertion_type=…&client_assertion=<jwt>,
 * an RS256 JWT with header nonce and claims aud, sub = client id, iss, iat, exp, jti (single use);
 * then GET /<company>/WebAPIExample/function_1 answers 200 with a bearer token and 403 without.
 */
export async function startLogicNetsServer(options: LogicNetsServerOptions): Promise<LogicNetsServer> {
  const key = toPublicKey(options.publicKey);
  const requests: RecordedRequest[] = [];
  const issued = new Map<string, number>();
  const usedJtis = new Set<string>();
  const exampleData = { result: 'ok', function: 'function_1', data: [{ id: 1, name: 'example' }] };
  const tokenPath = `/${options.company}/oauth2token`;
  const apiPath = `/${options.company}/WebAPIExample/function_1`;
  let audience = '';

  const running = await listenLocal(async (request, res) => {
    if (request.path === apiPath) {
      const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
      const expiry = match ? issued.get(match[1]!) : undefined;
      if (expiry === undefined || expiry < Date.now()) return sendJson(res, 403, { error: 'Forbidden' });
      return sendJson(res, 200, exampleData);
    }
    if (request.path !== tokenPath) return sendJson(res, 404, { error: 'not_found' });
    if (request.method !== 'GET') return sendOAuthError(res, 405, 'invalid_request', 'the token endpoint is called with GET');
    const q = request.query;
    if (param(q, 'grant_type') !== 'client_credentials') return sendOAuthError(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (param(q, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) return sendOAuthError(res, 400, 'invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    const assertion = param(q, 'client_assertion');
    if (!assertion) return sendOAuthError(res, 400, 'invalid_request', 'client_assertion is missing');
    const check = await checkAssertion(assertion, key, {
      algorithms: ['RS256'],
      issuer: options.issuer,
      subject: options.clientId,
      audience,
      required: ['iat', 'jti'],
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 3600,
    });
    if (!check.ok) return sendOAuthError(res, 401, 'invalid_client', check.description);
    if ((options.requireNonce ?? true) && (typeof check.header.nonce !== 'string' || check.header.nonce === '')) {
      return sendOAuthError(res, 401, 'invalid_client', 'the JWT header has no nonce');
    }
    const jti = String(check.payload.jti);
    if (usedJtis.has(jti)) return sendOAuthError(res, 400, 'invalid_grant', 'jti has already been used');
    usedJtis.add(jti);
    const ttl = options.accessTokenTtlSeconds ?? 3600;
    const accessToken = randomBytes(24).toString('hex');
    issued.set(accessToken, Date.now() + ttl * 1000);
    return sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttl });
  }, requests);
  audience = `${running.url}/${options.company}`;
  return {
    url: running.url,
    close: running.close,
    tokenUrl: `${running.url}${tokenPath}`,
    audience,
    apiUrl: `${running.url}${apiPath}`,
    exampleData,
    requests,
    usedJtis,
    get issued() { return [...issued.keys()]; },
  };
}
