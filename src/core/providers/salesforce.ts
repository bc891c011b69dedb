import { msg } from '../errors';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

const PRODUCTION = 'https://login.salesforce.com';
const SANDBOX = 'https://test.salesforce.com';

/** test.salesforce.com and a My Domain sandbox (<name>--<sandbox>.sandbox.my.salesforce.com) log in to a sandbox. */
function isSandbox(tokenUrl: string): boolean {
  const host = hostOf(tokenUrl);
  return host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Salesforce's OAuth 2.0 JWT bearer flow: RS256, iss = consumer key, sub = user name, aud = the login
 * server (test.salesforce.com for sandboxes) or an Experience Cloud site's URL, exp within 3 minutes.
 */
export const salesforce: Provider = {
  id: 'salesforce',
  label: 'Salesforce',
  detail: localizable('OAuth 2.0 JWT bearer flow for server-to-server integration'),
  flow: 'jwt-bearer',
  needsClientSecret: false,
  lifetimeSeconds: 180,
  // "exp: ... the expiration time of the assertion within 3 minutes"
  maxLifetimeSeconds: 180,
  keyTypes: ['rsa'],
  questions: [
    { id: 'login', prompt: localizable('Login host'), defaultValue: 'login.salesforce.com', validate: (v) => (/^(login|test)\.salesforce\.com$|\.my\.salesforce\.com$/.test(v) ? undefined : localizable('Use login.salesforce.com, test.salesforce.com or your My Domain host.')) },
    { id: 'consumerKey', prompt: localizable('Consumer key of the connected app (becomes the JWT iss)'), validate: nonEmpty(localizable('The consumer key is required.')) },
    { id: 'username', prompt: localizable('Salesforce user name (becomes the JWT sub)'), validate: nonEmpty(localizable('The user name is required.')) },
    { id: 'site', prompt: localizable('Experience Cloud site URL (optional: only when users log in through the site; becomes the JWT aud)'), optional: true, validate: httpsUrl },
  ],
  build: (a) => ({
    flow: 'jwt-bearer',
    tokenUrl: `https://${a.login}/services/oauth2/token`,
    // Without a site the audience follows the token URL (defaultAudience): login, or test for sandboxes.
    audience: a.site || undefined,
    issuer: a.consumerKey,
    subject: a.username,
    algorithm: 'RS256',
    lifetimeSeconds: 180,
  }),
  recognize: ({ host }) => (/(^|\.)salesforce\.com$/.test(host) ? 'host' : undefined),
  defaultAudience: (tokenUrl) => (isSandbox(tokenUrl) ? SANDBOX : PRODUCTION),
  rules({ payload, tokenUrl, report }) {
    const { aud } = payload;
    if (typeof aud !== 'string') return;
    if (tokenUrl !== undefined && isSandbox(tokenUrl) && aud === PRODUCTION) {
      report.error('aud', msg('This is a sandbox token URL, whose "aud" is {0}, not {1}.', SANDBOX, PRODUCTION));
    } else if (tokenUrl !== undefined && !isSandbox(tokenUrl) && aud === SANDBOX && /(^|\.)salesforce\.com$/.test(hostOf(tokenUrl))) {
      report.error('aud', msg('{0} is the audience of sandboxes; this token URL logs in to production, whose "aud" is {1}.', SANDBOX, PRODUCTION));
    } else if (aud !== PRODUCTION && aud !== SANDBOX && !/^https:\/\//.test(aud)) {
      report.error('aud', msg('Salesforce wants "aud" to be {0}, {1} (sandboxes) or an Experience Cloud site\'s https:// URL.', PRODUCTION, SANDBOX));
    }
  },
};
