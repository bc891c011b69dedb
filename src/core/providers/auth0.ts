import { msg } from '../errors';
import type { Provider } from './provider';
import { hostname, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

/** Auth0 reads at most 64 characters of `jti` (its Private Key JWT limits). */
const MAX_JTI_CHARS = 64;

/**
 * Auth0 Private Key JWT: client credentials with a client assertion whose `aud` is the tenant (or
 * custom domain) URL with its trailing slash — not the token URL — and which lives at most 5 minutes.
 */
export const auth0: Provider = {
  id: 'auth0',
  label: 'Auth0',
  detail: localizable('Private Key JWT client credentials (aud = the tenant URL with its trailing slash)'),
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 60,
  maxLifetimeSeconds: 300,
  questions: [
    { id: 'domain', prompt: localizable('Auth0 domain (tenant or custom domain)'), placeholder: 'your-tenant.us.auth0.com', validate: hostname },
    { id: 'clientId', prompt: localizable('Client ID (becomes the JWT iss and sub)'), validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'keyId', prompt: localizable('Credential key ID, the kid Auth0 shows for the credential (optional)'), optional: true },
    { id: 'audience', prompt: localizable('API identifier to ask a token for (the audience request parameter; optional)'), placeholder: 'https://api.example.com', optional: true },
  ],
  build: (a) => ({
    flow: 'client-assertion',
    tokenUrl: `https://${a.domain}/oauth/token`,
    audience: `https://${a.domain}/`,
    clientId: a.clientId,
    keyId: a.keyId || undefined,
    params: a.audience ? { audience: a.audience } : undefined,
    lifetimeSeconds: 60,
  }),
  recognize: ({ host }) => (/(^|\.)auth0\.com$/.test(host) ? 'host' : undefined),
  rules({ payload, report }) {
    const { aud, jti } = payload;
    if (typeof aud === 'string') {
      if (/\/oauth\/token\/?$/.test(aud)) report.error('aud', msg('Auth0 wants "aud" to be the tenant URL (https://<tenant>/), not the token URL.'));
      else if (!aud.endsWith('/')) report.error('aud', msg('Auth0 wants "aud" to be the tenant URL with its trailing slash: "{0}/".', aud));
    }
    if (jti === undefined) report.error('jti', msg('Auth0 requires a "jti" (a unique id for every assertion).'));
    else if (typeof jti === 'string' && jti.length > MAX_JTI_CHARS) report.error('jti', msg('Auth0 reads at most {0} characters of "jti"; this one has {1}.', MAX_JTI_CHARS, jti.length));
  },
};
