import type { FlowId } from './flows';
import type { Profile } from './profile';

/** One question a preset asks when a profile is created. */
export interface PresetQuestion {
  id: string;
  prompt: string;
  placeholder?: string;
  /** Optional questions may be left empty. */
  optional?: boolean;
  /** A value the user can accept as is. */
  defaultValue?: string;
  /** Returns an error message, or undefined when the answer is acceptable. */
  validate?: (value: string) => string | undefined;
}

/** A provider preset (SPEC §7): what it asks, what profile it builds, and the provider's known rules. */
export interface Preset {
  id: PresetId;
  label: string;
  detail: string;
  flow: FlowId;
  questions: PresetQuestion[];
  /** Builds the profile fields from the answers (keyed by question id). */
  build(answers: Record<string, string>): Omit<Profile, 'name'>;
  /** Whether the flow sends a client secret (asked for after the profile is saved). */
  needsClientSecret: boolean;
  /** Longest `exp - iat` the provider accepts, in seconds. */
  maxLifetimeSeconds?: number;
  /** Lifetime the profile starts with. */
  lifetimeSeconds: number;
}

export type PresetId = 'workfront' | 'logicnets' | 'entra' | 'okta' | 'keycloak' | 'google' | 'salesforce' | 'generic-assertion' | 'generic-bearer';

const hostname = (value: string) =>
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(value) ? undefined : 'Enter a host name only, like example.com (no https://, no path).';
const pathSegment = (value: string) => (/^[\w.~-]+$/.test(value) ? undefined : 'Enter a single path segment (letters, digits, - _ . ~).');
const httpsUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)) ? undefined : 'Enter an https:// URL.';
  } catch {
    return 'Enter a full URL, like https://idp.example.com/oauth2/token.';
  }
};
const nonEmpty = (what: string) => (value: string) => (value.trim() ? undefined : `${what} is required.`);
const trimEnd = (url: string) => url.replace(/\/+$/, '');

export const PRESETS: readonly Preset[] = [
  {
    id: 'workfront',
    label: 'Adobe Workfront',
    detail: 'Custom OAuth 2 application, JWT flow: POST client_id, client_secret, jwt_token',
    flow: 'workfront',
    needsClientSecret: true,
    lifetimeSeconds: 300,
    maxLifetimeSeconds: 3600,
    questions: [
      { id: 'domain', prompt: 'Your Workfront domain (the part before .my.workfront.com)', placeholder: 'yourdomain', validate: pathSegment },
      { id: 'clientId', prompt: 'Client ID (OAuth2 application details)', validate: nonEmpty('The client ID') },
      { id: 'customerId', prompt: 'Customer ID (becomes the JWT iss)', validate: nonEmpty('The Customer ID') },
      { id: 'userId', prompt: 'User ID that created the public key (becomes the JWT sub)', validate: nonEmpty('The User ID') },
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
  },
  {
    id: 'logicnets',
    label: 'LogicNets',
    detail: 'RFC 7523 client credentials with an RS256-signed JWT, sent as GET query parameters',
    flow: 'client-assertion',
    needsClientSecret: false,
    lifetimeSeconds: 300,
    questions: [
      { id: 'host', prompt: 'LogicNets host', placeholder: 'lua5.logicnets.local', validate: hostname },
      { id: 'company', prompt: 'Company (the first path segment)', placeholder: 'logicnets', validate: pathSegment },
      { id: 'clientId', prompt: 'Client ID of the server user (becomes the JWT sub)', placeholder: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', validate: nonEmpty('The client ID') },
      { id: 'issuer', prompt: 'Issuer: an identifier of your API client (becomes the JWT iss)', placeholder: 'https://client.org', validate: nonEmpty('The issuer') },
      { id: 'nonce', prompt: 'Header nonce (optional: leave empty to send a fresh random one with every request)', optional: true },
    ],
    build: (a) => ({
      flow: 'client-assertion',
      method: 'GET',
      tokenUrl: `https://${a.host}/${a.company}/oauth2token`,
      audience: `https://${a.host}/${a.company}`,
      clientId: a.clientId,
      subject: a.clientId,
      issuer: a.issuer,
      algorithm: 'RS256',
      // An empty nonce is replaced by a fresh random value for every request (flows.ts).
      header: { nonce: a.nonce?.trim() ?? '' },
      lifetimeSeconds: 300,
    }),
  },
  {
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
  },
  {
    id: 'okta',
    label: 'Okta',
    detail: 'private_key_jwt client credentials (org or custom authorization server)',
    flow: 'client-assertion',
    needsClientSecret: false,
    lifetimeSeconds: 300,
    maxLifetimeSeconds: 3600,
    questions: [
      { id: 'tokenUrl', prompt: 'Token URL', placeholder: 'https://your-org.okta.com/oauth2/v1/token', validate: httpsUrl },
      { id: 'clientId', prompt: 'Client ID', validate: nonEmpty('The client ID') },
      { id: 'scope', prompt: 'Scope (space-separated, optional)', optional: true },
    ],
    build: (a) => ({ flow: 'client-assertion', tokenUrl: a.tokenUrl, audience: a.tokenUrl, clientId: a.clientId, scope: a.scope || undefined, lifetimeSeconds: 300 }),
  },
  {
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
  },
  {
    id: 'google',
    label: 'Google service account',
    detail: 'jwt-bearer grant with a scope claim',
    flow: 'jwt-bearer',
    needsClientSecret: false,
    lifetimeSeconds: 3600,
    maxLifetimeSeconds: 3600,
    questions: [
      { id: 'email', prompt: 'Service account e-mail (becomes the JWT iss)', placeholder: 'name@project.iam.gserviceaccount.com', validate: nonEmpty('The e-mail') },
      { id: 'scope', prompt: 'Scopes (space-separated)', defaultValue: 'https://www.googleapis.com/auth/cloud-platform', validate: nonEmpty('The scope') },
      { id: 'subject', prompt: 'User to impersonate (domain-wide delegation only; optional)', optional: true },
    ],
    build: (a) => ({
      flow: 'jwt-bearer',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      audience: 'https://oauth2.googleapis.com/token',
      issuer: a.email,
      subject: a.subject || undefined,
      algorithm: 'RS256',
      claims: { scope: a.scope },
      lifetimeSeconds: 3600,
    }),
  },
  {
    id: 'salesforce',
    label: 'Salesforce',
    detail: 'OAuth 2.0 JWT bearer flow for server-to-server integration',
    flow: 'jwt-bearer',
    needsClientSecret: false,
    lifetimeSeconds: 180,
    maxLifetimeSeconds: 300,
    questions: [
      { id: 'login', prompt: 'Login host', defaultValue: 'login.salesforce.com', validate: (v) => (/^(login|test)\.salesforce\.com$|\.my\.salesforce\.com$/.test(v) ? undefined : 'Use login.salesforce.com, test.salesforce.com or your My Domain host.') },
      { id: 'consumerKey', prompt: 'Consumer key of the connected app (becomes the JWT iss)', validate: nonEmpty('The consumer key') },
      { id: 'username', prompt: 'Salesforce user name (becomes the JWT sub)', validate: nonEmpty('The user name') },
    ],
    build: (a) => ({
      flow: 'jwt-bearer',
      tokenUrl: `https://${a.login}/services/oauth2/token`,
      audience: `https://${a.login === 'test.salesforce.com' ? 'test' : 'login'}.salesforce.com`,
      issuer: a.consumerKey,
      subject: a.username,
      algorithm: 'RS256',
      lifetimeSeconds: 180,
    }),
  },
  {
    id: 'generic-assertion',
    label: 'Generic RFC 7523 client assertion',
    detail: 'client_credentials with private_key_jwt (POST form)',
    flow: 'client-assertion',
    needsClientSecret: false,
    lifetimeSeconds: 300,
    questions: [
      { id: 'tokenUrl', prompt: 'Token URL', placeholder: 'https://idp.example.com/oauth2/token', validate: httpsUrl },
      { id: 'clientId', prompt: 'Client ID (the JWT iss and sub)', validate: nonEmpty('The client ID') },
      { id: 'scope', prompt: 'Scope (optional)', optional: true },
    ],
    build: (a) => ({ flow: 'client-assertion', tokenUrl: a.tokenUrl, clientId: a.clientId, scope: a.scope || undefined, lifetimeSeconds: 300 }),
  },
  {
    id: 'generic-bearer',
    label: 'Generic RFC 7523 jwt-bearer grant',
    detail: 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer',
    flow: 'jwt-bearer',
    needsClientSecret: false,
    lifetimeSeconds: 300,
    questions: [
      { id: 'tokenUrl', prompt: 'Token URL', placeholder: 'https://idp.example.com/oauth2/token', validate: httpsUrl },
      { id: 'issuer', prompt: 'Issuer (the JWT iss)', validate: nonEmpty('The issuer') },
      { id: 'subject', prompt: 'Subject (the JWT sub, optional)', optional: true },
      { id: 'scope', prompt: 'Scope claim (optional)', optional: true },
    ],
    build: (a) => ({ flow: 'jwt-bearer', tokenUrl: a.tokenUrl, issuer: a.issuer, subject: a.subject || undefined, claims: a.scope ? { scope: a.scope } : undefined, lifetimeSeconds: 300 }),
  },
];


export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset whose rules apply to a profile: recognised from its token URL, else the generic one for its flow. */
export function presetForProfile(profile: Pick<Profile, 'flow' | 'tokenUrl' | 'method'>): Preset {
  let host = '';
  let path = '';
  try {
    const url = new URL(profile.tokenUrl);
    host = url.hostname.toLowerCase();
    path = url.pathname;
  } catch {
    // an invalid URL is reported by the URL check itself
  }
  const id: PresetId =
    profile.flow === 'workfront' ? 'workfront'
    : host === 'login.microsoftonline.com' ? 'entra'
    : /(^|\.)okta(preview)?\.com$/.test(host) ? 'okta'
    : /\/realms\/[^/]+\/protocol\/openid-connect\/token$/.test(path) ? 'keycloak'
    : host === 'oauth2.googleapis.com' ? 'google'
    : /(^|\.)salesforce\.com$/.test(host) ? 'salesforce'
    : profile.flow === 'client-assertion' && /\/oauth2token$/.test(path) ? 'logicnets'
    : profile.flow === 'jwt-bearer' ? 'generic-bearer'
    : 'generic-assertion';
  return presetById(id)!;
}

