import { msg } from '../errors';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

/**
 * Google's "self-signed JWT" for APIs that take one (service-account authorization without OAuth):
 * RS256, kid = the private key ID, iss = sub = the service account's e-mail, aud = the API's URL
 * (https://SERVICE.googleapis.com/), exp at most an hour after iat.
 */
export const googleSelfSigned: Provider = {
  id: 'google-self-signed',
  label: 'Google self-signed JWT for an API',
  detail: localizable('service-account JWT presented directly to a googleapis.com API'),
  flow: 'self-signed',
  needsClientSecret: false,
  lifetimeSeconds: 3600,
  maxLifetimeSeconds: 3600,
  keyTypes: ['rsa'],
  questions: [
    { id: 'email', prompt: localizable('Service account e-mail (becomes iss and sub)'), placeholder: 'name@project.iam.gserviceaccount.com', validate: nonEmpty(localizable('The e-mail is required.')) },
    { id: 'audience', prompt: localizable('The API\'s URL (becomes aud)'), placeholder: 'https://pubsub.googleapis.com/', validate: httpsUrl },
    { id: 'keyId', prompt: localizable('Private key ID (private_key_id in the JSON key file; optional)'), optional: true },
  ],
  build: (a) => ({ flow: 'self-signed', provider: 'google-self-signed', tokenUrl: a.audience, issuer: a.email, subject: a.email, audience: a.audience, keyId: a.keyId || undefined, algorithm: 'RS256', lifetimeSeconds: 3600 }),
  recognize: ({ flow, host }) => (flow === 'self-signed' && host.endsWith('.googleapis.com') ? 'host' : undefined),
  rules({ payload, report }) {
    if (typeof payload.aud !== 'string' || !payload.aud.startsWith('http')) report.error('aud', msg('Google wants aud = the API\'s URL, like https://pubsub.googleapis.com/.'));
    if (payload.iss !== payload.sub) report.warn('sub', msg('Google expects sub = iss = the service account\'s e-mail.'));
  },
};
