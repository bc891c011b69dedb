import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

export const genericAssertion: Provider = {
  id: 'generic-assertion',
  label: 'Generic RFC 7523 client assertion',
  detail: localizable('client_credentials with private_key_jwt (POST form)'),
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  fallbackFor: 'client-assertion',
  questions: [
    { id: 'tokenUrl', prompt: localizable('Token URL'), placeholder: 'https://idp.example.com/oauth2/token', validate: httpsUrl },
    { id: 'clientId', prompt: localizable('Client ID (the JWT iss and sub)'), validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'scope', prompt: localizable('Scope (optional)'), optional: true },
  ],
  build: (a) => ({ flow: 'client-assertion', tokenUrl: a.tokenUrl, clientId: a.clientId, scope: a.scope || undefined, lifetimeSeconds: 300 }),
};
