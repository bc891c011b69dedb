import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { listenLocal, sendJson, type RecordedRequest, type RunningServer } from './localServer';
import { checkAssertion, toPublicKey, type PublicKeyInput } from './verifyAssertion';

export interface GitHubAppServerOptions {
  /** The app's client ID; the JWT's iss may be it or the app ID. */
  clientId: string;
  appId?: string;
  publicKey: PublicKeyInput;
  /** Installations of the app; another id answers 404. */
  installationIds: string[];
  /** GitHub Enterprise Server serves its API under /api/v3; default: at the root, like api.github.com. */
  pathPrefix?: string;
  /** The server's clock minus the real one, in seconds (its checks and its Date header): a client whose clock is off, as GitHub sees it. */
  clockOffsetSeconds?: number;
}

export interface GitHubAppServer extends RunningServer {
  /** The API base URL (what a github-app profile's tokenUrl holds). */
  apiUrl: string;
  /** A resource that wants an installation token: `${apiUrl}/installation/repositories`. */
  resourceUrl: string;
  requests: RecordedRequest[];
  issued: string[];
}

const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';

function fail(res: ServerResponse, status: number, message: string, offsetSeconds = 0): void {
  sendJson(res, status, { message, documentation_url: DOCS, status: String(status) }, offsetSeconds ? { Date: new Date(Date.now() + offsetSeconds * 1000).toUTCString() } : {});
}

/**
 * A GitHub-like API for app installation tokens, as "Authenticating as a GitHub App installation"
 * describes it: `POST /app/installations/{installation_id}/access_tokens` with the app's JWT as
 * `Authorization: Bearer`, answered `201 {"token", "expires_at", "permissions", "repository_selection"}`;
 * a JWT that is not RS256 by the app's key, names another iss, or is stale (exp passed, or "no more
 * than 10 minutes into the future" broken) gets 401 with GitHub's error body `{"message", "documentation_url"}`.
 * A request without a User-Agent gets 403 ("All API requests must include a valid User-Agent header").
 */
export async function startGitHubAppServer(options: GitHubAppServerOptions): Promise<GitHubAppServer> {
  const key = toPublicKey(options.publicKey);
  const prefix = options.pathPrefix ?? '';
  const requests: RecordedRequest[] = [];
  const issued: string[] = [];
  const running = await listenLocal(async (request, res) => {
    if (!request.headers['user-agent']) return fail(res, 403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header');
    const auth = request.headers.authorization ?? '';
    if (request.path === `${prefix}/installation/repositories`) {
      const token = /^(?:Bearer|token) (ghs_\w+)$/.exec(auth)?.[1];
      if (!token || !issued.includes(token)) return fail(res, 401, 'Bad credentials');
      return sendJson(res, 200, { total_count: 1, repositories: [{ full_name: 'sandbox/hello-world' }] });
    }
    const match = new RegExp(`^${prefix}/app/installations/([^/]+)/access_tokens$`).exec(request.path);
    if (!match) return fail(res, 404, 'Not Found');
    if (request.method !== 'POST') return fail(res, 404, 'Not Found');
    const jwt = /^Bearer (\S+)$/.exec(auth)?.[1];
    if (!jwt) return fail(res, 401, 'A JSON web token could not be decoded');
    const issuers = [options.clientId, ...(options.appId ? [options.appId] : [])];
    const offset = options.clockOffsetSeconds ?? 0;
    const check = await checkAssertion(jwt, key, { algorithms: ['RS256'], maxLifetimeSeconds: 600, required: ['iat', 'iss'], clockToleranceSeconds: 0, clockOffsetSeconds: offset });
    if (!check.ok) {
      const expired = /exp|expired/.test(check.description);
      return fail(res, 401, expired ? '\'Expiration time\' claim (\'exp\') must be a numeric value representing the future time at which the assertion expires' : 'A JSON web token could not be decoded', offset);
    }
    if (!issuers.includes(String(check.payload.iss))) return fail(res, 401, `'Issuer' claim ('iss') must be an Integer or a Client ID`);
    if (!options.installationIds.includes(decodeURIComponent(match[1]!))) return fail(res, 404, 'Not Found');
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    issued.push(token);
    return sendJson(res, 201, {
      token,
      expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: { contents: 'read', metadata: 'read' },
      repository_selection: 'all',
    });
  }, requests);
  const apiUrl = `${running.url}${prefix}`;
  return { url: running.url, close: running.close, apiUrl, resourceUrl: `${apiUrl}/installation/repositories`, requests, issued };
}
