import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';

export const okta: Provider = {
  id: 'okta',
  label: 'Okta',
  detail: 'private_key_jwt client credentials (org or custom authorization server)',
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  maxLifetimeSeconds: 3600,
  questions: [
    { id: 'tokenUrl', prompt: 'Token URL', placeholder: 'https://your-org.okta.com/oauth2/v1/token', validate: httpsUrl },
    { id: 'clientId', prompt: 'Client ID', validate: nonEmpty('The client ID') },
    { id: 'scope', prompt: 'Scope (space-separated, optional)', optional: true },
  ],
  build: (a) => ({ flow: 'client-assertion', tokenUrl: a.tokenUrl, audience: a.tokenUrl, clientId: a.clientId, scope: a.scope || undefined, lifetimeSeconds: 300 }),
  recognize: ({ host }) => (/(^|\.)okta(preview)?\.com$/.test(host) ? 'host' : undefined),
};
