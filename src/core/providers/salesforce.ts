import type { Provider } from './provider';
import { nonEmpty } from './questions';

export const salesforce: Provider = {
  id: 'salesforce',
  label: 'Salesforce',
  detail: 'OAuth 2.0 JWT bearer flow for server-to-server integration',
  flow: 'jwt-bearer',
  needsClientSecret: false,
  lifetimeSeconds: 180,
  maxLifetimeSeconds: 300,
  keyTypes: ['rsa'],
  questions: [
    { id: 'login', prompt: 'Login host', defaultValue: 'login.salesforce.com', validate: (v) => (/^(login|test)\.salesforce\.com$|\.my\.salesforce\.com$/.test(v) ? undefined : 'Use login.salesforce.com, test.salesforce.com or your My Domain host.') },
    { id: 'consumerKey', prompt: 'Consumer key of the connected app (becomes the JWT iss)', validate: nonEmpty('The consumer key') },
    { id: 'username', prompt: 'Salesforce user name (becomes the JWT sub)', validate: nonEmpty('The user name') },
  ],
  build: (a) => ({
    flow: 'jwt-bearer',
    tokenUrl: `https://${a.login}/services/oauth2/token`,
    audience: `https://${a.login === 'test.salesforce.com' ? 'test' : 'login'}.salesforce.com`,
    issuer: a.consumerKey,
    subject: a.username,
    algorithm: 'RS256',
    lifetimeSeconds: 180,
  }),
  recognize: ({ host }) => (/(^|\.)salesforce\.com$/.test(host) ? 'host' : undefined),
};
