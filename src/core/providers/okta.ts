import { msg } from '../errors';
import { publicJwk } from '../keys';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

const KID_PLACEHOLDER = '<RFC 7638 thumbprint of the public key, as in public.jwk.json>';

/**
 * Okta: private_key_jwt with a `kid` naming the key registered with the app (by default the RFC 7638
 * thumbprint, the kid Export Public JWK writes), RSA or EC keys only, exp at most an hour ahead.
 */
export const okta: Provider = {
  id: 'okta',
  label: 'Okta',
  detail: localizable('private_key_jwt client credentials (org or custom authorization server)'),
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  // "exp — ... This value must be a maximum of only an hour in the future."
  maxLifetimeSeconds: 3600,
  // "Okta supports both RSA and Elliptic Curve (EC) keys."
  keyTypes: ['rsa', 'ec'],
  questions: [
    { id: 'tokenUrl', prompt: localizable('Token URL'), placeholder: 'https://your-org.okta.com/oauth2/v1/token', validate: httpsUrl },
    { id: 'clientId', prompt: localizable('Client ID'), validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'scope', prompt: localizable('Scope (space-separated, optional)'), optional: true },
    { id: 'keyId', prompt: localizable('Key ID (kid) registered with the app (optional: leave empty for the key\'s RFC 7638 thumbprint)'), optional: true },
  ],
  build: (a) => ({ flow: 'client-assertion', tokenUrl: a.tokenUrl, audience: a.tokenUrl, clientId: a.clientId, scope: a.scope || undefined, keyId: a.keyId || undefined, lifetimeSeconds: 300 }),
  recognize: ({ host }) => (/(^|\.)okta(preview)?\.com$/.test(host) ? 'host' : undefined),
  rules({ header, report }) {
    if (header.alg === 'EdDSA') report.error('alg', msg('Okta accepts RS256, RS384, RS512, ES256, ES384 and ES512 client assertions, not EdDSA: use an RSA or EC key.'));
    if (header.kid === undefined) report.error('kid', msg('Okta picks the key by "kid": set keyId to the key ID registered with the app.'));
  },
  // The kid of the public JWK uploaded to the app: the profile's keyId (already in the header), else the key's thumbprint.
  decorateHeader(header, _certificate, { placeholders, key }) {
    if (header.kid !== undefined) return header;
    const kid = key ? publicJwk(key).kid : placeholders ? KID_PLACEHOLDER : undefined;
    return kid === undefined ? header : { ...header, kid };
  },
  errorHint(error) {
    if (error === 'invalid_dpop_proof' || error === 'use_dpop_nonce') {
      return msg('This Okta app requires DPoP-bound tokens (its "Require Demonstrating Proof of Possession (DPoP) header in token requests" option): set "dpop": true in the profile (--dpop in the CLI) to send a DPoP proof, or turn that option off for a plain bearer token. With "dpop" already on: check this machine\'s clock (the proof\'s iat) and that the app accepts ES256 proofs.');
    }
    return undefined;
  },
};
