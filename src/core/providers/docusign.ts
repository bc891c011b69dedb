import { msg } from '../errors';
import type { Provider } from './provider';
import { nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

const HOSTS = ['account-d.docusign.com', 'account.docusign.com'];
const SCOPE = 'signature impersonation';

/**
 * DocuSign JWT Grant: jwt-bearer to https://account-d.docusign.com/oauth/token (developer) or
 * account.docusign.com (production); `aud` is the bare host, without https://; RS256.
 */
export const docusign: Provider = {
  id: 'docusign',
  label: 'DocuSign',
  detail: localizable('JWT Grant: iss = integration key, sub = user ID, aud = the bare host'),
  flow: 'jwt-bearer',
  needsClientSecret: false,
  lifetimeSeconds: 3600,
  keyTypes: ['rsa'],
  questions: [
    {
      id: 'environment',
      prompt: localizable('Authentication host: account-d.docusign.com (developer) or account.docusign.com (production)'),
      defaultValue: 'account-d.docusign.com',
      validate: (v) => (HOSTS.includes(v) ? undefined : localizable('Use account-d.docusign.com (developer) or account.docusign.com (production).')),
    },
    { id: 'integrationKey', prompt: localizable('Integration key (becomes the JWT iss)'), validate: nonEmpty(localizable('The integration key is required.')) },
    { id: 'userId', prompt: localizable('User ID (GUID) to impersonate (becomes the JWT sub)'), validate: nonEmpty(localizable('The user ID is required.')) },
    { id: 'scopes', prompt: localizable('Scopes (space-separated; impersonation is required)'), defaultValue: SCOPE, validate: (v) => (v.split(' ').includes('impersonation') ? undefined : localizable('JWT Grant needs the impersonation scope, e.g. "signature impersonation".')) },
  ],
  build: (a) => ({
    flow: 'jwt-bearer',
    tokenUrl: `https://${a.environment}/oauth/token`,
    audience: a.environment,
    issuer: a.integrationKey,
    subject: a.userId,
    algorithm: 'RS256',
    scope: a.scopes || SCOPE,
    lifetimeSeconds: 3600,
  }),
  recognize: ({ host }) => (HOSTS.includes(host) ? 'host' : undefined),
  rules({ header, payload, report }) {
    const { aud, scope, iat, exp } = payload;
    if (typeof aud === 'string' && /^https?:\/\//i.test(aud)) report.error('aud', msg('DocuSign wants "aud" to be the bare host, without https:// ("{0}").', aud.replace(/^https?:\/\//i, '').replace(/\/.*$/, '')));
    if (typeof scope !== 'string' || !scope.split(' ').includes('impersonation')) report.error('scope', msg('DocuSign\'s JWT Grant needs "impersonation" in the scope claim (e.g. "signature impersonation").'));
    if (payload.sub === undefined) report.error('sub', msg('DocuSign needs "sub": the user ID (GUID) to impersonate.'));
    if (typeof header.alg === 'string' && header.alg !== 'RS256') report.error('alg', msg('DocuSign signs JWT Grant assertions with RS256.'));
    if (typeof iat === 'number' && typeof exp === 'number' && exp - iat > 3600) report.warn('exp', msg('DocuSign recommends "exp" one hour after "iat"; longer assertions gain nothing (its tokens last an hour).'));
  },
};
