import { msg } from '../errors';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty, trimEnd } from './questions';
import { localizable } from '../../shared/l10n';

export const APP_STORE_CONNECT_AUDIENCE = 'appstoreconnect-v1';

/**
 * App Store Connect API, "Generating Tokens for API Requests": header alg ES256 ("All JWTs for App
 * Store Connect API must be signed with ES256"), kid = the key ID, typ JWT; claims iss = issuer ID,
 * aud appstoreconnect-v1, iat, exp ("Tokens that expire more than 20 minutes into the future are not valid").
 */
export const appStoreConnect: Provider = {
  id: 'app-store-connect',
  label: 'App Store Connect API',
  detail: localizable('self-signed ES256 JWT (.p8 key), no exchange'),
  flow: 'self-signed',
  needsClientSecret: false,
  lifetimeSeconds: 1200,
  maxLifetimeSeconds: 1200,
  keyTypes: ['ec'],
  questions: [
    { id: 'issuer', prompt: localizable('Issuer ID (Users and Access → Integrations → App Store Connect API)'), placeholder: '57246542-96fe-1a63-e053-0824d011072a', validate: nonEmpty(localizable('The issuer ID is required.')) },
    { id: 'keyId', prompt: localizable('Key ID (the .p8 file\'s AuthKey_KEYID)'), placeholder: '2X9R4HXF34', validate: nonEmpty(localizable('The key ID is required.')) },
    { id: 'tokenUrl', prompt: localizable('API base URL'), defaultValue: 'https://api.appstoreconnect.apple.com/v1', validate: httpsUrl },
  ],
  build: (a) => ({ flow: 'self-signed', provider: 'app-store-connect', tokenUrl: trimEnd(a.tokenUrl), apiUrl: `${trimEnd(a.tokenUrl)}/apps`, issuer: a.issuer, keyId: a.keyId, audience: APP_STORE_CONNECT_AUDIENCE, algorithm: 'ES256', lifetimeSeconds: 1200 }),
  recognize: ({ flow, host }) => (flow === 'self-signed' && host === 'api.appstoreconnect.apple.com' ? 'host' : undefined),
  rules({ header, payload, report }) {
    if (header.alg !== 'ES256') report.error('alg', msg('App Store Connect accepts ES256 only (the .p8 key is an EC P-256 key).'));
    if (typeof header.kid !== 'string' || header.kid === '') report.error('kid', msg('App Store Connect needs kid = the key ID from App Store Connect.'));
    if (payload.aud !== APP_STORE_CONNECT_AUDIENCE) report.error('aud', msg('App Store Connect wants aud "{0}".', APP_STORE_CONNECT_AUDIENCE));
  },
};
