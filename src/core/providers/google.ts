import type { Provider } from './provider';
import { nonEmpty } from './questions';

export const google: Provider = {
  id: 'google',
  label: 'Google service account',
  detail: 'jwt-bearer grant with a scope claim',
  flow: 'jwt-bearer',
  needsClientSecret: false,
  lifetimeSeconds: 3600,
  // Documented: "exp ... This value has a maximum of 1 hour after the issued time." (Using OAuth 2.0 for Server to Server Applications)
  maxLifetimeSeconds: 3600,
  questions: [
    { id: 'email', prompt: 'Service account e-mail (becomes the JWT iss)', placeholder: 'name@project.iam.gserviceaccount.com', validate: nonEmpty('The e-mail') },
    { id: 'scope', prompt: 'Scopes (space-separated)', defaultValue: 'https://www.googleapis.com/auth/cloud-platform', validate: nonEmpty('The scope') },
    { id: 'subject', prompt: 'User to impersonate (domain-wide delegation only; optional)', optional: true },
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
