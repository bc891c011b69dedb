import type { Provider } from './provider';
import { nonEmpty, pathSegment } from './questions';

const THUMBPRINT = 'x5t#S256';
const THUMBPRINT_PLACEHOLDER = '<base64url SHA-256 of the DER certificate>';

export const entra: Provider = {
  id: 'entra',
  label: 'Microsoft Entra ID',
  detail: 'Client credentials with a certificate (PS256 and x5t#S256)',
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  maxLifetimeSeconds: 3600,
  questions: [
    { id: 'tenant', prompt: 'Tenant ID or domain', placeholder: 'contoso.onmicrosoft.com', validate: pathSegment },
    { id: 'clientId', prompt: 'Application (client) ID', validate: nonEmpty('The client ID') },
    { id: 'scope', prompt: 'Scope', defaultValue: 'https://graph.microsoft.com/.default', validate: nonEmpty('The scope') },
  ],
  build: (a) => {
    const tokenUrl = `https://login.microsoftonline.com/${a.tenant}/oauth2/v2.0/token`;
    return { flow: 'client-assertion', tokenUrl, audience: tokenUrl, clientId: a.clientId, algorithm: 'PS256', scope: a.scope, lifetimeSeconds: 300 };
  },
  recognize: ({ host }) => (host === 'login.microsoftonline.com' ? 'host' : undefined),
  rules({ header, report }) {
    const thumbprint = header[THUMBPRINT];
    if (typeof thumbprint === 'string' && /^[0-9a-f]{64}$/i.test(thumbprint)) {
      report.error(THUMBPRINT, '"x5t#S256" looks like hex: it must be the base64url SHA-256 of the DER certificate.');
    }
  },
  // Entra ID identifies the certificate by its SHA-256 thumbprint (base64url, never hex).
  decorateHeader(header, certificate, { placeholders }) {
    if (header[THUMBPRINT] !== undefined) return header;
    const value = certificate?.x5tS256 ?? (placeholders ? THUMBPRINT_PLACEHOLDER : undefined);
    return value === undefined ? header : { ...header, [THUMBPRINT]: value };
  },
};
