import { msg } from '../errors';
import type { Provider } from './provider';
import { nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

export const BOX_TOKEN_URL = 'https://api.box.com/oauth2/token';
const JTI_CHARS = { min: 16, max: 128 };
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/**
 * Box JWT (server authentication): jwt-bearer with client_id and client_secret in the body, header
 * `kid` = the public key ID, claims iss = client ID, sub = enterprise or user ID, box_sub_type,
 * aud = the token URL, jti of 16–128 characters, exp at most 60 s after iat.
 */
export const box: Provider = {
  id: 'box',
  label: 'Box',
  detail: localizable('JWT server authentication: client ID and secret in the body, kid = public key ID'),
  flow: 'jwt-bearer',
  needsClientSecret: true,
  lifetimeSeconds: 45,
  maxLifetimeSeconds: 60,
  keyTypes: ['rsa'],
  questions: [
    { id: 'clientId', prompt: localizable('Client ID of the Box app (becomes the JWT iss)'), validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'publicKeyId', prompt: localizable('Public key ID (the header kid, shown next to the key in the Developer Console)'), validate: nonEmpty(localizable('The public key ID is required.')) },
    { id: 'subjectType', prompt: localizable('Act as: enterprise (the service account) or user'), defaultValue: 'enterprise', validate: (v) => (v === 'enterprise' || v === 'user' ? undefined : localizable('Enter enterprise or user.')) },
    { id: 'boxSubject', prompt: localizable('Enterprise ID (or the user ID when acting as a user; becomes the JWT sub)'), validate: nonEmpty(localizable('The enterprise or user ID is required.')) },
  ],
  build: (a) => ({
    flow: 'jwt-bearer',
    tokenUrl: BOX_TOKEN_URL,
    audience: BOX_TOKEN_URL,
    clientId: a.clientId,
    issuer: a.clientId,
    subject: a.boxSubject,
    keyId: a.publicKeyId,
    algorithm: 'RS256',
    claims: { box_sub_type: a.subjectType! },
    lifetimeSeconds: 45,
  }),
  recognize: ({ host }) => (host === 'api.box.com' ? 'host' : undefined),
  rules({ header, payload, report }) {
    if (typeof header.kid !== 'string' || header.kid === '') report.error('kid', msg('Box needs the public key ID in the header "kid" (keyId in the profile).'));
    if (typeof header.alg === 'string' && !RSA_ALGORITHMS.includes(header.alg)) report.error('alg', msg('Box accepts RS256, RS384 or RS512.'));
    const { box_sub_type: type, jti, sub } = payload;
    if (type !== 'enterprise' && type !== 'user') report.error('box_sub_type', msg('Box needs "box_sub_type": "enterprise" or "user" (the kind of ID in "sub").'));
    if (typeof sub !== 'string' || sub === '') report.error('sub', msg('Box needs "sub": the enterprise ID or the user ID.'));
    if (typeof jti !== 'string' || jti.length < JTI_CHARS.min || jti.length > JTI_CHARS.max) {
      report.error('jti', msg('Box needs a "jti" of {0} to {1} characters.', JTI_CHARS.min, JTI_CHARS.max));
    }
  },
};
