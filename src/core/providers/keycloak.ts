import type { Provider } from './provider';
import { httpsUrl, nonEmpty, pathSegment, trimEnd } from './questions';

export const keycloak: Provider = {
  id: 'keycloak',
  label: 'Keycloak',
  detail: 'Signed JWT client authentication in a realm',
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 60,
  maxLifetimeSeconds: 3600,
  questions: [
    { id: 'baseUrl', prompt: 'Keycloak base URL', placeholder: 'https://keycloak.example.com', validate: httpsUrl },
    { id: 'realm', prompt: 'Realm', validate: pathSegment },
    { id: 'clientId', prompt: 'Client ID', validate: nonEmpty('The client ID') },
  ],
  build: (a) => {
    const issuer = `${trimEnd(a.baseUrl!)}/realms/${a.realm}`;
    return { flow: 'client-assertion', tokenUrl: `${issuer}/protocol/openid-connect/token`, audience: issuer, clientId: a.clientId, params: { client_id: a.clientId! }, lifetimeSeconds: 60 };
  },
  recognize: ({ path }) => (/\/realms\/[^/]+\/protocol\/openid-connect\/token$/.test(path) ? 'path' : undefined),
  rules({ payload, report }) {
    if (Array.isArray(payload.aud)) report.error('aud', 'Keycloak wants "aud" as a single string (the realm issuer).');
  },
};
