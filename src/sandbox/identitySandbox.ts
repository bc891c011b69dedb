/**
 * The local identity sandbox behind `npm start`: one throwaway RSA key pair (made at start, never
 * stored anywhere but the sample workspace), registered with the same servers the tests use, and
 * one profile per flow built with the provider presets (SPEC §7) and pointed at 127.0.0.1 — plus
 * an EC P-256 key for Apple's presets, and a certificate for its HTTPS (mutual TLS) servers.
 */
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { generateKeyPair, privateKeyPem, publicJwk, publicKeyPem, type PrivateKey } from '../core/keys';
import { providerById } from '../core/providers';
import type { Profile } from '../core/profile';
import { createSelfSignedCertificate } from '../core/x509';
import {
  fetchJwks,
  startDpopResourceServer,
  startGitHubAppServer,
  startMtlsResourceServer,
  startJwtBearerServer,
  startLogicNetsServer,
  startOidcProvider,
  startSelfSignedApiServer,
  startWorkfrontServer,
  type RunningServer,
} from './servers';

export interface IdentitySandbox {
  key: PrivateKey;
  /** PEM of the self-signed certificate (what a Workfront user uploads; the mTLS client certificate). */
  certificatePem: string;
  /** The EC P-256 key of the Apple presets' profiles (App Store Connect, Sign in with Apple). */
  appleKey: PrivateKey;
  /** The certificate of the sandbox's HTTPS servers (127.0.0.1), which the extension must trust for them. */
  serverCertificatePem: string;
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
  dpop: 'Sandbox DPoP',
  mtls: 'Sandbox mTLS',
  appStoreConnect: 'Sandbox App Store Connect',
  signInWithApple: 'Sandbox Sign in with Apple',
} as const;

/** The profiles whose API answers Send Test Request with 200 (the others' token is the end of the story). */
export const SANDBOX_API_PROFILES: readonly string[] = [
  SANDBOX_PROFILE_NAMES.logicnets, SANDBOX_PROFILE_NAMES.githubApp, SANDBOX_PROFILE_NAMES.snowflake,
  SANDBOX_PROFILE_NAMES.dpop, SANDBOX_PROFILE_NAMES.mtls, SANDBOX_PROFILE_NAMES.appStoreConnect,
];

const WORKFRONT = { clientId: 'sandbox-workfront-client', customerId: 'sandbox-customer', userId: 'sandbox-user' };
const LOGICNETS = { company: 'logicnets', clientId: randomUUID().toUpperCase(), issuer: 'https://client.org' };
const OIDC_CLIENT_ID = 'sandbox-private-key-jwt';
const JWT_BEARER_ISSUER = 'sandbox-service@sandbox.iam.example';
const SCOPE = 'api:read';
const GITHUB_APP = { clientId: 'Iv23liSANDBOX', installationId: '4242' };
const SNOWFLAKE = { account: 'sandbox-acct', user: 'sandbox_user' };
const DPOP_CLIENT_ID = 'sandbox-dpop';
const MTLS_CLIENT_ID = 'sandbox-mtls';
const APP_STORE_CONNECT = { issuerId: '57246542-96fe-1a63-e053-0824d011072a', keyId: 'SANDBOX001' };
const SIGN_IN_WITH_APPLE = { teamId: 'SANDBOXTM1', clientId: 'com.example.sandbox.signin', keyId: 'SANDBOX002' };

/** Replaces the https://host part a preset builds with the sandbox server's http://127.0.0.1:port. */
function onSandbox(url: string, base: string): string {
  const parsed = new URL(url);
  return `${base}${parsed.pathname}`;
}

/** Starts every sandbox server on 127.0.0.1 (OS-chosen ports) with a fresh key pair. */
export async function startIdentitySandbox(): Promise<IdentitySandbox> {
  const [key, appleKey, serverKey] = await Promise.all([
    generateKeyPair({ type: 'rsa', bits: 2048 }),
    generateKeyPair({ type: 'ec', curve: 'P-256' }),
    generateKeyPair({ type: 'ec', curve: 'P-256' }),
  ]);
  const certificatePem = await createSelfSignedCertificate(key, { commonName: 'OAuth JWT Bearer sandbox', days: 365 });
  const serverCertificatePem = await createSelfSignedCertificate(serverKey, { commonName: 'OAuth JWT Bearer sandbox server', days: 30, ipAddresses: ['127.0.0.1'] });
  const serverTls = { key: privateKeyPem(serverKey), cert: serverCertificatePem };
  const x5c = [new X509Certificate(certificatePem).raw.toString('base64')];
  const workfrontClientSecret = randomBytes(18).toString('base64url');
  const servers: RunningServer[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const track = <T extends RunningServer>(server: Promise<T>): Promise<T> => server.then((started) => {
      servers.push(started);
      return started;
    });
    const [workfront, logicnets, oidc, jwtBearer, github, snowflake, mtlsOidc, appStoreConnect, signInWithApple] = await Promise.all([
      track(startWorkfrontServer({ ...WORKFRONT, clientSecret: workfrontClientSecret, certificate: certificatePem, maxLifetimeSeconds: 3600 })),
      track(startLogicNetsServer({ ...LOGICNETS, publicKey: publicKeyPem(key) })),
      track(startOidcProvider({
        clients: [
          { clientId: OIDC_CLIENT_ID, algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] } },
          // RFC 9449: this client's tokens must be DPoP-bound (cnf.jkt in the JWT access token).
          { clientId: DPOP_CLIENT_ID, algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] }, dpopBoundAccessTokens: true },
        ],
        scopes: [SCOPE],
        accessTokenFormat: 'jwt',
      })),
      track(startJwtBearerServer({ issuer: JWT_BEARER_ISSUER, publicKey: publicKeyPem(key), requiredScopes: [SCOPE] })),
      track(startGitHubAppServer({ clientId: GITHUB_APP.clientId, publicKey: publicKeyPem(key), installationIds: [GITHUB_APP.installationId] })),
      track(startSelfSignedApiServer({ preset: 'snowflake', ...SNOWFLAKE, publicKey: publicKeyPem(key) })),
      // RFC 8705: oidc-provider behind HTTPS that asks for client certificates; the client is known
      // by the sandbox certificate (self_signed_tls_client_auth) and its tokens are bound to it.
      track(startOidcProvider({
        tls: serverTls,
        clients: [{ clientId: MTLS_CLIENT_ID, algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true }],
        scopes: [SCOPE],
        accessTokenFormat: 'jwt',
      })),
      track(startSelfSignedApiServer({ preset: 'app-store-connect', ...APP_STORE_CONNECT, publicKey: publicKeyPem(appleKey) })),
      track(startSelfSignedApiServer({ preset: 'sign-in-with-apple', ...SIGN_IN_WITH_APPLE, publicKey: publicKeyPem(appleKey) })),
    ]);
    const [dpopApi, mtlsApi] = await Promise.all([
      track(startDpopResourceServer({ issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, audience: oidc.resource })),
      track(fetchJwks(mtlsOidc.jwksUrl, serverCertificatePem).then((jwks) => startMtlsResourceServer({ issuer: mtlsOidc.issuer, jwks, tls: serverTls }))),
    ]);

    const workfrontPreset = providerById('workfront')!.build({ domain: 'sandbox', ...WORKFRONT });
    const logicnetsPreset = providerById('logicnets')!.build({ host: 'sandbox.invalid', company: LOGICNETS.company, clientId: LOGICNETS.clientId, issuer: LOGICNETS.issuer, nonce: '' });
    const oidcPreset = providerById('generic-assertion')!.build({ tokenUrl: oidc.tokenUrl, clientId: OIDC_CLIENT_ID, scope: SCOPE });
    const bearerPreset = providerById('generic-bearer')!.build({ tokenUrl: jwtBearer.tokenUrl, issuer: JWT_BEARER_ISSUER, scope: SCOPE });
    const githubPreset = providerById('github-app')!.build({ ...GITHUB_APP, tokenUrl: github.apiUrl });
    const snowflakePreset = providerById('snowflake')!.build(SNOWFLAKE);
    const dpopPreset = providerById('generic-assertion')!.build({ tokenUrl: oidc.tokenUrl, clientId: DPOP_CLIENT_ID, scope: SCOPE });
    const mtlsPreset = providerById('generic-assertion')!.build({ tokenUrl: mtlsOidc.tokenUrl, clientId: MTLS_CLIENT_ID, scope: SCOPE });
    const ascPreset = providerById('app-store-connect')!.build({ issuer: APP_STORE_CONNECT.issuerId, keyId: APP_STORE_CONNECT.keyId, tokenUrl: appStoreConnect.url });
    const siwaPreset = providerById('sign-in-with-apple')!.build({ issuer: SIGN_IN_WITH_APPLE.teamId, clientId: SIGN_IN_WITH_APPLE.clientId, keyId: SIGN_IN_WITH_APPLE.keyId });
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
      // What New Profile writes for "DPoP" and for "Mutual TLS" → self_signed_tls_client_auth.
      { name: SANDBOX_PROFILE_NAMES.dpop, provider: 'generic-assertion', ...dpopPreset, dpop: true, apiUrl: dpopApi.apiUrl },
      { name: SANDBOX_PROFILE_NAMES.mtls, provider: 'generic-assertion', ...mtlsPreset, mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', apiUrl: mtlsApi.apiUrl },
      // Self-signed ES256 JWTs with the EC key: App Store Connect's 20 minutes, Sign in with Apple's 180 days.
      { name: SANDBOX_PROFILE_NAMES.appStoreConnect, ...ascPreset, apiUrl: appStoreConnect.apiUrl },
      { name: SANDBOX_PROFILE_NAMES.signInWithApple, ...siwaPreset, tokenUrl: signInWithApple.apiUrl },
    ];
    const endpoints = [
      { label: 'Workfront JWT exchange (POST)', url: workfront.tokenUrl },
      { label: 'LogicNets token endpoint (GET)', url: logicnets.tokenUrl },
      { label: 'LogicNets example API (200 with a bearer, 403 without)', url: logicnets.apiUrl },
      { label: 'oidc-provider issuer (private_key_jwt client)', url: oidc.issuer },
      { label: 'jwt-bearer grant endpoint', url: jwtBearer.tokenUrl },
      { label: 'GitHub-like API (installation tokens)', url: github.apiUrl },
      { label: 'Snowflake-like API (self-signed key-pair JWT)', url: snowflake.apiUrl },
      { label: 'DPoP resource (checks the proof and cnf.jkt)', url: dpopApi.apiUrl },
      { label: 'oidc-provider over mutual TLS (HTTPS, client certificates)', url: mtlsOidc.issuer },
      { label: 'mTLS resource (checks cnf.x5t#S256 against the certificate)', url: mtlsApi.apiUrl },
      { label: 'App Store Connect-like API (ES256 JWT, 20 min)', url: appStoreConnect.apiUrl },
      { label: 'Sign in with Apple-like token endpoint (client secret JWT)', url: signInWithApple.apiUrl },
    ];
    return { key, certificatePem, appleKey, serverCertificatePem, workfrontClientSecret, profiles, endpoints, close };
  } catch (error) {
    await close();
    throw error;
  }
}
