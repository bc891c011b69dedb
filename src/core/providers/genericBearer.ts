import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

export const genericBearer: Provider = {
  id: 'generic-bearer',
  label: 'Generic RFC 7523 jwt-bearer grant',
  detail: localizable('grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer'),
  flow: 'jwt-bearer',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  fallbackFor: 'jwt-bearer',
  questions: [
    { id: 'tokenUrl', prompt: localizable('Token URL'), placeholder: 'https://idp.example.com/oauth2/token', validate: httpsUrl },
    { id: 'issuer', prompt: localizable('Issuer (the JWT iss)'), validate: nonEmpty(localizable('The issuer is required.')) },
    { id: 'subject', prompt: localizable('Subject (the JWT sub, optional)'), optional: true },
    { id: 'scope', prompt: localizable('Scope claim (optional)'), optional: true },
  ],
  build: (a) => ({ flow: 'jwt-bearer', tokenUrl: a.tokenUrl, issuer: a.issuer, subject: a.subject || undefined, claims: a.scope ? { scope: a.scope } : undefined, lifetimeSeconds: 300 }),
};
