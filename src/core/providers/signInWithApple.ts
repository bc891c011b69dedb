import { msg } from '../errors';
import { MAX_PRESET_LIFETIME_SECONDS } from '../limits';
import type { Provider } from './provider';
import { nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

export const APPLE_ID_AUDIENCE = 'https://appleid.apple.com';
/** Apple: exp "must not be greater than 15777000 (6 months in Seconds) from the Current UNIX Time on the server". */
export const SIGN_IN_WITH_APPLE_MAX_SECONDS = MAX_PRESET_LIFETIME_SECONDS;

/**
 * Sign in with Apple's client secret ("Creating a client secret"): ES256, kid = the key ID; iss = the
 * team ID, sub = the client (Services) ID, aud https://appleid.apple.com. The only preset allowed a
 * lifetime of months.
 */
export const signInWithApple: Provider = {
  id: 'sign-in-with-apple',
  label: 'Sign in with Apple client secret',
  detail: localizable('self-signed ES256 JWT used as client_secret, valid up to 6 months'),
  flow: 'self-signed',
  needsClientSecret: false,
  lifetimeSeconds: 86_400 * 180,
  maxLifetimeSeconds: SIGN_IN_WITH_APPLE_MAX_SECONDS,
  lifetimeBeyondUserCap: true,
  keyTypes: ['ec'],
  questions: [
    { id: 'issuer', prompt: localizable('Team ID (10 characters, top right of the developer account)'), validate: nonEmpty(localizable('The team ID is required.')) },
    { id: 'clientId', prompt: localizable('Client ID (the Services ID or the App ID)'), placeholder: 'com.example.signin', validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'keyId', prompt: localizable('Key ID of the Sign in with Apple key'), validate: nonEmpty(localizable('The key ID is required.')) },
  ],
  build: (a) => ({ flow: 'self-signed', provider: 'sign-in-with-apple', tokenUrl: 'https://appleid.apple.com/auth/token', issuer: a.issuer, subject: a.clientId, keyId: a.keyId, audience: APPLE_ID_AUDIENCE, algorithm: 'ES256', lifetimeSeconds: 86_400 * 180 }),
  recognize: ({ flow, host }) => (flow === 'self-signed' && host === 'appleid.apple.com' ? 'host' : undefined),
  rules({ header, payload, report }) {
    if (header.alg !== 'ES256') report.error('alg', msg('Sign in with Apple accepts ES256 only.'));
    if (typeof header.kid !== 'string' || header.kid === '') report.error('kid', msg('Sign in with Apple needs kid = the key ID.'));
    if (payload.aud !== APPLE_ID_AUDIENCE) report.error('aud', msg('Sign in with Apple wants aud "{0}".', APPLE_ID_AUDIENCE));
    if (typeof payload.sub !== 'string' || payload.sub === '') report.error('sub', msg('Sign in with Apple wants sub = the client ID (Services ID).'));
  },
};
