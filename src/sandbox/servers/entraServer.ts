import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { listenLocal, param, sendJson, type RecordedRequest, type RunningServer } from './localServer';
import { clientAssertionOf, isRefusal, refuse, type Refusal } from './providerEndpoint';
import { checkAssertion } from './verifyAssertion';

export interface EntraServerOptions {
  tenant: string;
  /** The application (client) ID. */
  clientId: string;
  /** The certificate uploaded to the app registration (PEM). */
  certificate: string;
  /** Accept the SHA-256 `x5t#S256` form (default true); false stands for setups that take only `x5t`. */
  acceptSha256?: boolean;
}

export interface EntraServer extends RunningServer {
  /** `<url>/<tenant>/oauth2/v2.0/token`; also the required `aud`. */
  tokenUrl: string;
  requests: RecordedRequest[];
  issued: string[];
}

/**
 * A stand-in for Microsoft Entra ID's v2.0 token endpoint with certificate credentials, enforcing
 * the "certificate credentials" page: header `x5t#S256` (PS256) or `x5t` (RS256) naming the
 * uploaded certificate; claims aud = the token URL, iss = sub = the client ID, jti, nbf, exp; and
 * the client credentials request: client_id (required), scope ending in /.default. Errors come as
 * Entra's JSON: error, error_description starting with an AADSTS code, error_codes, trace ids.
 */
export async function startEntraServer(options: EntraServerOptions): Promise<EntraServer> {
  const x509 = new X509Certificate(options.certificate);
  const thumbprints = { 'x5t#S256': createHash('sha256').update(x509.raw).digest('base64url'), x5t: createHash('sha1').update(x509.raw).digest('base64url') };
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const usedJtis = new Set<string>();
  const tokenPath = `/${options.tenant}/oauth2/v2.0/token`;
  let tokenUrl = '';

  const answer = (res: ServerResponse, refusal: Refusal) => {
    const code = Number(/^AADSTS(\d+)/.exec(refusal.description)?.[1] ?? 0);
    sendJson(res, refusal.status, {
      error: refusal.error,
      error_description: `${refusal.description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    });
  };

  const check = async (request: RecordedRequest): Promise<Refusal | undefined> => {
    const read = clientAssertionOf(request);
    if (isRefusal(read)) return read;
    const clientId = param(request.form, 'client_id');
    if (!clientId) return refuse(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: \'client_id\'.');
    if (clientId !== options.clientId) return refuse(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${options.tenant}'.`);
    const scope = param(request.form, 'scope');
    if (!scope) return refuse(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: \'scope\'.');
    if (!scope.endsWith('/.default')) return refuse(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    const { header, assertion } = read;
    const sha256 = header['x5t#S256'];
    const sha1 = header.x5t;
    if (sha256 === undefined && sha1 === undefined) return refuse(401, 'invalid_client', 'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: \'\']');
    if (sha256 !== undefined && (options.acceptSha256 === false || sha256 !== thumbprints['x5t#S256'])) {
      return refuse(401, 'invalid_client', `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(sha256).slice(0, 64)}']`);
    }
    if (sha256 === undefined && sha1 !== thumbprints.x5t) return refuse(401, 'invalid_client', `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(sha1).slice(0, 64)}']`);
    const verified = await checkAssertion(assertion, x509.publicKey, {
      algorithms: sha256 !== undefined ? ['PS256'] : ['RS256'],
      issuer: options.clientId,
      subject: options.clientId,
      audience: tokenUrl,
      required: ['jti', 'nbf'],
      // "Microsoft Entra ID doesn't place restrictions on the exp time currently."
      maxLifetimeSeconds: Number.MAX_SAFE_INTEGER,
    });
    if (!verified.ok) return refuse(401, 'invalid_client', `AADSTS700027: Client assertion failed signature validation or its claims are invalid (${verified.description}).`);
    const jti = String(verified.payload.jti);
    if (usedJtis.has(jti)) return refuse(401, 'invalid_client', 'AADSTS700024: Client assertion contains a jti that was already used.');
    usedJtis.add(jti);
    return undefined;
  };

  const running = await listenLocal(async (request, res) => {
    if (request.path !== tokenPath) return answer(res, refuse(404, 'invalid_request', `AADSTS90002: Tenant '${request.path.split('/')[1] ?? ''}' not found.`));
    const refusal = await check(request);
    if (refusal) return answer(res, refusal);
    const accessToken = randomBytes(24).toString('base64url');
    issued.push(accessToken);
    return sendJson(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }, requests);
  tokenUrl = `${running.url}${tokenPath}`;
  return { url: running.url, close: running.close, tokenUrl, requests, issued };
}
