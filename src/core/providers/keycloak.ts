import { msg } from '../errors';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty, pathSegment, trimEnd } from './questions';
import { localizable } from '../../shared/l10n';

const TOKEN_PATH = /\/protocol\/openid-connect\/token$/;

/**
 * Keycloak's signed JWT client authentication: aud = the realm issuer or the token URL (the server
 * accepts both), client_id sent too, and an assertion no older than iat + 60 s by default.
 */
export const keycloak: Provider = {
  id: 'keycloak',
  label: 'Keycloak',
  detail: localizable('Signed JWT client authentication in a realm'),
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 60,
  // The client's "Max expiration" of signed JWTs is 60 s unless the realm's admin raised it.
  recommendedLifetimeSeconds: 60,
  questions: [
    { id: 'baseUrl', prompt: localizable('Keycloak base URL'), placeholder: 'https://keycloak.example.com', validate: httpsUrl },
    { id: 'realm', prompt: localizable('Realm'), validate: pathSegment },
    { id: 'clientId', prompt: localizable('Client ID'), validate: nonEmpty(localizable('The client ID is required.')) },
  ],
  build: (a) => {
    const issuer = `${trimEnd(a.baseUrl!)}/realms/${a.realm}`;
    return { flow: 'client-assertion', tokenUrl: `${issuer}/protocol/openid-connect/token`, audience: issuer, clientId: a.clientId, lifetimeSeconds: 60 };
  },
  recognize: ({ path }) => (/\/realms\/[^/]+\/protocol\/openid-connect\/token$/.test(path) ? 'path' : undefined),
  rules({ payload, tokenUrl, report }) {
    const { aud } = payload;
    if (Array.isArray(aud)) report.error('aud', msg('Keycloak wants "aud" as a single string (the realm issuer or the token URL).'));
    else if (typeof aud === 'string' && tokenUrl !== undefined && TOKEN_PATH.test(tokenUrl)) {
      const issuer = tokenUrl.replace(TOKEN_PATH, '');
      if (aud !== issuer && aud !== tokenUrl) report.error('aud', msg('Keycloak accepts "aud" = the realm issuer ({0}) or the token URL, not {1}.', issuer, aud));
    }
  },
  requestParameters: (config) => {
    const clientId = config.clientId ?? config.issuer;
    return clientId ? [['client_id', clientId]] : [];
  },
  errorHint(error) {
    if (error === 'invalid_client') {
      return msg('Keycloak refuses a signed JWT older than iat + 60 s by default (the client\'s "Max expiration" of signed JWTs): keep lifetimeSeconds at 60 or less and this machine\'s clock in sync. Also check the client id (iss and sub), aud (the realm issuer or token URL), and that the client holds this key (its JWKS URL or certificate) with the same algorithm.');
    }
    return undefined;
  },
};
