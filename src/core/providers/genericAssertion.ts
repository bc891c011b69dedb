import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';

export const genericAssertion: Provider = {
  id: 'generic-assertion',
  label: 'Generic RFC 7523 client assertion',
  detail: 'client_credentials with private_key_jwt (POST form)',
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  fallbackFor: 'client-assertion',
  questions: [
    { id: 'tokenUrl', prompt: 'Token URL', placeholder: 'https://idp.example.com/oauth2/token', validate: httpsUrl },
    { id: 'clientId', prompt: 'Client ID (the JWT iss and sub)', validate: nonEmpty('The client ID') },
    { id: 'scope', prompt: 'Scope (optional)', optional: true },
  ],
  build: (a) => ({ flow: 'client-assertion', tokenUrl: a.tokenUrl, clientId: a.clientId, scope: a.scope || undefined, lifetimeSeconds: 300 }),
};
