import { msg } from '../errors';
import { invalidOption } from '../exchangeConfig';
import { USER_AGENT } from '../http';
import type { Flow } from './flow';

/** The REST API version the request names (GitHub: "X-GitHub-Api-Version: 2022-11-28"). */
export const GITHUB_API_VERSION = '2022-11-28';

/**
 * A GitHub App installation access token: the app's JWT as `Authorization: Bearer` in
 * `POST {base}/app/installations/{installation_id}/access_tokens`, answered by
 * `201 {"token", "expires_at", "permissions", …}`. GitHub's "Generating a JSON Web Token (JWT) for
 * a GitHub App": iat "60 seconds in the past to allow for clock drift", exp "no more than 10 minutes
 * into the future", iss the client ID (or the application ID), RS256.
 */
export const githubAppFlow: Flow = {
  id: 'github-app',
  reservedParams: ['client_secret'],
  methods: ['POST'],
  algorithm: 'RS256',
  audience: false,
  jti: false,
  iatBackdateSeconds: 60,
  claimDefaults: (config) => ({ iss: config.issuer ?? config.clientId }),
  validate(config) {
    if (!config.issuer && !config.clientId) throw invalidOption('clientId', msg('is required for a GitHub App (the JWT\'s iss)'), msg('Enter the app\'s client ID (Iv1.… or Iv23…) or its app ID, from the app\'s settings page.'));
    if (!config.installationId || !/^\d{1,20}$/.test(config.installationId)) {
      throw invalidOption('installationId', msg('is required: the installation whose token is requested (digits only)'), msg('Find it in the installation\'s URL (…/settings/installations/NUMBER) or with GET /app/installations.'));
    }
    if (config.algorithm !== undefined && config.algorithm !== 'RS256') throw invalidOption('algorithm', msg('must be RS256 for a GitHub App'), msg('Leave it out: GitHub signs and verifies app JWTs with RS256 only.'));
    if (config.params && Object.keys(config.params).length > 0) throw invalidOption('params', msg('are not sent by the github-app flow (it posts no form)'), msg('Remove params.'));
    const url = new URL(config.tokenUrl);
    if (url.search || url.hash) throw invalidOption('tokenUrl', msg('must be the API base URL without a query string'), msg('Use https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.'));
  },
  requestParameters: () => [],
  tokenRequest(config, assertion) {
    const base = config.tokenUrl.replace(/\/+$/, '');
    return {
      url: `${base}/app/installations/${encodeURIComponent(config.installationId!)}/access_tokens`,
      // GitHub: "All API requests must include a valid User-Agent header"; Node sends none of its own.
      headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': GITHUB_API_VERSION, 'User-Agent': USER_AGENT, Authorization: `Bearer ${assertion}` },
    };
  },
  tokenMembers: { token: 'token', expiresAt: 'expires_at' },
  describeError(status, body) {
    if (typeof body.message !== 'string') return undefined;
    const docs = typeof body.documentation_url === 'string' && /^https:\/\/docs\.github\.com\//.test(body.documentation_url) ? ` (${body.documentation_url})` : '';
    const hint = status === 401
      ? msg('GitHub did not accept the app\'s JWT: check that iss is the app\'s client ID or app ID, that the private key is one of the app\'s (Settings → Developer settings → GitHub Apps → Private keys), and that this machine\'s clock is right (iat and exp come from it).')
      : status === 404
        ? msg('Check installationId (the app must be installed there) and, for GitHub Enterprise Server, that tokenUrl is the API base (https://HOST/api/v3).')
        : status === 403 || status === 422
          ? msg('The installation or the requested permissions are not allowed for this app: check the app\'s permissions and the installation.')
          : msg('Compare the request (Copy as curl) with GitHub\'s "Authenticating as a GitHub App installation".');
    return { message: `${body.message}${docs}`, hint };
  },
};
