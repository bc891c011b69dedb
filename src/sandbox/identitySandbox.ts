/**
 * The local identity sandbox behind `npm start`: one throwaway RSA key pair (made at start, never
 * stored anywhere but the sample workspace), registered with the same servers the tests use, and
 * one profile per flow built with the provider presets (SPEC §7) and pointed at 127.0.0.1.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { generateKeyPair, publicJwk, publicKeyPem, type PrivateKey } from '../core/keys';
import { providerById } from '../core/providers';
import type { Profile } from '../core/profile';
import { createSelfSignedCertificate } from '../core/x509';
import {
  startGitHubAppServer,
  startJwtBearerServer,
  startLogicNetsServer,
  startOidcProvider,
  startSelfSignedApiServer,
  startWorkfrontServer,
  type RunningServer,
} from './servers';

export interface IdentitySandbox {
  key: PrivateKey;
  /** PEM of the self-signed certificate (what a Workfront user uploads). */
  certificatePem: string;
  /** The Workfront profile's client secret: random per start, a test value only. */
  workfrontClientSecret: string;
  /** One profile per flow, in the order the walkthrough presents them. */
  profiles: Profile[];
  /** What listens where, for the console. */
  endpoints: Array<{ label: string; url: string }>;
  close(): Promise<void>;
}

/** What `npm start` prints once everything it started has stopped. */
export const SANDBOX_STOPPED = 'Sandbox stopped: its servers and the editor are gone.';

export const SANDBOX_PROFILE_NAMES = {
  workfront: 'Sandbox Workfront',
  logicnets: 'Sandbox LogicNets',
  oidc: 'Sandbox oidc-provider',
  jwtBearer: 'Sandbox jwt-bearer',
  githubApp: 'Sandbox GitHub App',
  snowflake: 'Sandbox Snowflake',
} as const;

const WORKFRONT = { clientId: 'sandbox-workfront-client', customerId: 'sandbox-customer', userId: 'sandbox-user' };
const LOGICNETS = { company: 'logicnets', clientId: randomUUID().toUpperCase(), issuer: 'https://client.org' };
const OIDC_CLIENT_ID = 'sandbox-private-key-jwt';
const JWT_BEARER_ISSUER = 'sandbox-service@sandbox.iam.example';
const SCOPE = 'api:read';
const GITHUB_APP = { clientId: 'Iv23liSANDBOX', installationId: '4242' };
const SNOWFLAKE = { account: 'sandbox-acct', user: 'sandbox_user' };

/** Replaces the https://host part a preset builds with the sandbox server's http://127.0.0.1:port. */
function onSandbox(url: string, base: string): string {
  const parsed = new URL(url);
  return `${base}${parsed.pathname}`;
}

/** Starts every sandbox server on 127.0.0.1 (OS-chosen ports) with a fresh key pair. */
export async function startIdentitySandbox(): Promise<IdentitySandbox> {
  const key = await generateKeyPair({ type: 'rsa', bits: 2048 });
  const certificatePem = await createSelfSignedCertificate(key, { commonName: 'OAuth JWT Bearer sandbox', days: 365 });
  const workfrontClientSecret = randomBytes(18).toString('base64url');
  const servers: RunningServer[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const [workfront, logicnets, oidc, jwtBearer, github, snowflake] = await Promise.all([
      startWorkfrontServer({ ...WORKFRONT, clientSecret: workfrontClientSecret, certificate: certificatePem, maxLifetimeSeconds: 3600 }),
      startLogicNetsServer({ ...LOGICNETS, publicKey: publicKeyPem(key) }),
      startOidcProvider({ clients: [{ clientId: OIDC_CLIENT_ID, algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] } }], scopes: [SCOPE], accessTokenFormat: 'jwt' }),
      startJwtBearerServer({ issuer: JWT_BEARER_ISSUER, publicKey: publicKeyPem(key), requiredScopes: [SCOPE] }),
      startGitHubAppServer({ clientId: GITHUB_APP.clientId, publicKey: publicKeyPem(key), installationIds: [GITHUB_APP.installationId] }),
      startSelfSignedApiServer({ preset: 'snowflake', ...SNOWFLAKE, publicKey: publicKeyPem(key) }),
    ]);
    servers.push(workfront, logicnets, oidc, jwtBearer, github, snowflake);

    const workfrontPreset = providerById('workfront')!.build({ domain: 'sandbox', ...WORKFRONT });
    const logicnetsPreset = providerById('logicnets')!.build({ host: 'sandbox.invalid', company: LOGICNETS.company, clientId: LOGICNETS.clientId, issuer: LOGICNETS.issuer, nonce: '' });
    const oidcPreset = providerById('generic-assertion')!.build({ tokenUrl: oidc.tokenUrl, clientId: OIDC_CLIENT_ID, scope: SCOPE });
    const bearerPreset = providerById('generic-bearer')!.build({ tokenUrl: jwtBearer.tokenUrl, issuer: JWT_BEARER_ISSUER, scope: SCOPE });
    const githubPreset = providerById('github-app')!.build({ ...GITHUB_APP, tokenUrl: github.apiUrl });
    const snowflakePreset = providerById('snowflake')!.build(SNOWFLAKE);
    const profiles: Profile[] = [
      { name: SANDBOX_PROFILE_NAMES.workfront, ...workfrontPreset, tokenUrl: onSandbox(workfrontPreset.tokenUrl, workfront.url) },
      {
        name: SANDBOX_PROFILE_NAMES.logicnets,
        ...logicnetsPreset,
        tokenUrl: logicnets.tokenUrl,
        audience: logicnets.audience,
        apiUrl: logicnets.apiUrl,
      },
      { name: SANDBOX_PROFILE_NAMES.oidc, ...oidcPreset },
      { name: SANDBOX_PROFILE_NAMES.jwtBearer, ...bearerPreset },
      { name: SANDBOX_PROFILE_NAMES.githubApp, ...githubPreset, apiUrl: github.resourceUrl },
      // No exchange: the self-signed JWT goes straight to the (Snowflake-like) API.
      { name: SANDBOX_PROFILE_NAMES.snowflake, ...snowflakePreset, tokenUrl: snowflake.url, apiUrl: snowflake.apiUrl },
    ];
    const endpoints = [
      { label: 'Workfront JWT exchange (POST)', url: workfront.tokenUrl },
      { label: 'LogicNets token endpoint (GET)', url: logicnets.tokenUrl },
      { label: 'LogicNets example API (200 with a bearer, 403 without)', url: logicnets.apiUrl },
      { label: 'oidc-provider issuer (private_key_jwt client)', url: oidc.issuer },
      { label: 'jwt-bearer grant endpoint', url: jwtBearer.tokenUrl },
      { label: 'GitHub-like API (installation tokens)', url: github.apiUrl },
      { label: 'Snowflake-like API (self-signed key-pair JWT)', url: snowflake.apiUrl },
    ];
    return { key, certificatePem, workfrontClientSecret, profiles, endpoints, close };
  } catch (error) {
    await close();
    throw error;
  }
}
