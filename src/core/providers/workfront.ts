import { msg } from '../errors';
import type { Provider } from './provider';
import { nonEmpty, pathSegment } from './questions';
import { localizable } from '../../shared/l10n';


export const workfront: Provider = {
  id: 'workfront',
  label: 'Adobe Workfront',
  detail: localizable('Custom OAuth 2 application, JWT flow: POST client_id, client_secret, jwt_token'),
  flow: 'workfront',
  needsClientSecret: true,
  lifetimeSeconds: 300,
  // Workfront's document asks for "a few minutes" and states no limit: longer is a warning, not an error.
  recommendedLifetimeSeconds: 600,
  keyTypes: ['rsa'],
  questions: [
    { id: 'domain', prompt: localizable('Your Workfront domain (the part before .my.workfront.com)'), placeholder: 'yourdomain', validate: pathSegment },
    { id: 'clientId', prompt: localizable('Client ID (OAuth2 application details)'), validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'customerId', prompt: localizable('Customer ID (becomes the JWT iss)'), validate: nonEmpty(localizable('The Customer ID is required.')) },
    { id: 'userId', prompt: localizable('User ID that created the public key (becomes the JWT sub)'), validate: nonEmpty(localizable('The User ID is required.')) },
  ],
  build: (a) => ({
    flow: 'workfront',
    tokenUrl: `https://${a.domain}.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange`,
    clientId: a.clientId,
    issuer: a.customerId,
    subject: a.userId,
    algorithm: 'RS256',
    lifetimeSeconds: 300,
  }),
  recognize: ({ flow }) => (flow === 'workfront' ? 'flow' : undefined),
  rules({ header, payload, report }) {
    if (payload.aud !== undefined) report.warn('aud', msg('Workfront\'s JWT flow does not use "aud".'));
    if (typeof header.alg === 'string' && header.alg !== 'RS256') report.error('alg', msg('Workfront uses RS256.'));
  },
};
