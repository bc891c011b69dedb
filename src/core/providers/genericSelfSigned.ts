import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

/** A JWT presented as the bearer token itself, for an API no preset knows. */
export const genericSelfSigned: Provider = {
  id: 'generic-self-signed',
  label: 'Generic self-signed bearer JWT',
  detail: localizable('no exchange: the signed JWT is the bearer token'),
  flow: 'self-signed',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  fallbackFor: 'self-signed',
  questions: [
    { id: 'tokenUrl', prompt: localizable('The API\'s base URL (the token is sent only there)'), placeholder: 'https://api.example.com', validate: httpsUrl },
    { id: 'issuer', prompt: localizable('Issuer (the JWT iss)'), validate: nonEmpty(localizable('The issuer is required.')) },
    { id: 'audience', prompt: localizable('Audience (the JWT aud, optional)'), optional: true },
  ],
  build: (a) => ({ flow: 'self-signed', tokenUrl: a.tokenUrl, issuer: a.issuer, audience: a.audience || undefined, lifetimeSeconds: 300 }),
};
