import { msg } from '../errors';
import type { Thumbprint } from '../thumbprints';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty, pathSegment, trimEnd } from './questions';
import { localizable } from '../../shared/l10n';

/** What each thumbprint member stands for when no certificate is there to fill it (the claim editor's template). */
const PLACEHOLDERS: Record<Thumbprint, string> = {
  'x5t#S256': '<base64url SHA-256 of the DER certificate>',
  x5t: '<base64url SHA-1 of the DER certificate>',
};

/** Public cloud, US Government, and the two hosts of Microsoft Entra operated by 21Vianet (China). */
const LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

/**
 * Microsoft Entra ID, certificate credentials: PS256 with `x5t#S256` (Microsoft's current page) or
 * RS256 with `x5t` (its older one), `client_id` in the request, `nbf` = `iat`.
 */
export const entra: Provider = {
  id: 'entra',
  label: 'Microsoft Entra ID',
  detail: localizable('Client credentials with a certificate (PS256 and x5t#S256)'),
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  // "keep it short - 5-10 minutes after nbf at most. Microsoft Entra ID doesn't place restrictions on the exp time currently."
  recommendedLifetimeSeconds: 600,
  keyTypes: ['rsa'],
  questions: [
    { id: 'tenant', prompt: localizable('Tenant ID or domain'), placeholder: 'contoso.onmicrosoft.com', validate: pathSegment },
    { id: 'clientId', prompt: localizable('Application (client) ID'), validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'scope', prompt: localizable('Scope (a resource followed by /.default)'), defaultValue: 'https://graph.microsoft.com/.default', validate: (v) => (v.endsWith('/.default') ? undefined : localizable('End the scope with /.default, e.g. https://graph.microsoft.com/.default.')) },
    {
      id: 'authority',
      prompt: localizable('Cloud: the login host (login.microsoftonline.us for US Government, login.chinacloudapi.cn for China)'),
      defaultValue: 'https://login.microsoftonline.com',
      validate: httpsUrl,
    },
  ],
  build: (a) => {
    const tokenUrl = `${trimEnd(a.authority || 'https://login.microsoftonline.com')}/${a.tenant}/oauth2/v2.0/token`;
    return { flow: 'client-assertion', tokenUrl, audience: tokenUrl, clientId: a.clientId, algorithm: 'PS256', scope: a.scope, lifetimeSeconds: 300 };
  },
  recognize: ({ host }) => (LOGIN_HOSTS.has(host) ? 'host' : undefined),
  algorithm: (config) => ((config.thumbprint ?? 'x5t#S256') === 'x5t' ? 'RS256' : 'PS256'),
  rules({ header, scope, tokenUrl, report }) {
    const sha256 = header['x5t#S256'];
    if (typeof sha256 === 'string' && /^[0-9a-f]{64}$/i.test(sha256)) {
      report.error('x5t#S256', msg('"x5t#S256" looks like hex: it must be the base64url SHA-256 of the DER certificate.'));
    }
    if (typeof header.x5t === 'string' && /^[0-9a-f]{40}$/i.test(header.x5t)) report.error('x5t', msg('"x5t" looks like hex: it must be the base64url SHA-1 of the DER certificate.'));
    if (sha256 === undefined && header.x5t === undefined) {
      report.error('x5t#S256', msg('Entra ID finds the certificate by its thumbprint, and there is none: attach the certificate to the key (OAuth JWT: Import Certificate, or --cert FILE in the CLI).'));
    }
    // The checks know the profile when they have its token URL: then a missing scope is known to be missing.
    if (scope === undefined && tokenUrl !== undefined) report.error('scope', msg('Entra ID\'s client credentials grant requires a scope: <resource>/.default, e.g. https://graph.microsoft.com/.default.'));
    if (scope !== undefined && !scope.endsWith('/.default')) {
      report.error('scope', msg('Entra ID\'s client credentials grant takes a scope of the form <resource>/.default, e.g. https://graph.microsoft.com/.default.'));
    }
  },
  // Entra ID identifies the certificate by its thumbprint (base64url, never hex): SHA-256 unless the profile asks for x5t.
  decorateHeader(header, certificate, { placeholders, config }) {
    const member: Thumbprint = config?.thumbprint ?? 'x5t#S256';
    if (header['x5t#S256'] !== undefined || header.x5t !== undefined) return header;
    const value = certificate ? (member === 'x5t' ? certificate.x5t : certificate.x5tS256) : placeholders ? PLACEHOLDERS[member] : undefined;
    return value === undefined ? header : { ...header, [member]: value };
  },
  claimsAtSigning: (claims) => ({ nbf: claims.iat }),
  // "client_id: Required. The application (client) ID that's assigned to your app."
  requestParameters: (config) => {
    const clientId = config.clientId ?? config.issuer;
    return clientId ? [['client_id', clientId]] : [];
  },
};
