import type { Provider } from './provider';
import { nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

export const google: Provider = {
  id: 'google',
  label: 'Google service account',
  detail: localizable('jwt-bearer grant with a scope claim'),
  flow: 'jwt-bearer',
  needsClientSecret: false,
  lifetimeSeconds: 3600,
  // Documented: "exp ... This value has a maximum of 1 hour after the issued time." (Using OAuth 2.0 for Server to Server Applications)
  maxLifetimeSeconds: 3600,
  questions: [
    { id: 'email', prompt: localizable('Service account e-mail (becomes the JWT iss)'), placeholder: 'name@project.iam.gserviceaccount.com', validate: nonEmpty(localizable('The e-mail is required.')) },
    { id: 'scope', prompt: localizable('Scopes (space-separated)'), defaultValue: 'https://www.googleapis.com/auth/cloud-platform', validate: nonEmpty(localizable('The scope is required.')) },
    { id: 'subject', prompt: localizable('User to impersonate (domain-wide delegation only; optional)'), optional: true },
  ],
  build: (a) => ({
    flow: 'jwt-bearer',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    audience: 'https://oauth2.googleapis.com/token',
    issuer: a.email,
    subject: a.subject || undefined,
    algorithm: 'RS256',
    claims: { scope: a.scope },
    lifetimeSeconds: 3600,
  }),
  recognize: ({ host }) => (host === 'oauth2.googleapis.com' ? 'host' : undefined),
};
