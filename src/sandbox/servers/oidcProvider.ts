import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { listen, type RunningServer } from './localServer';

/** A client registered with private_key_jwt: its id, the one algorithm it signs with, and its public JWKS. */
export interface OidcClientOptions {
  clientId: string;
  algorithm: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  jwks: { keys: JWK[] };
  /** RFC 9449 §5.2 client metadata: every token of this client must be DPoP-bound. */
  dpopBoundAccessTokens?: boolean;
  /** RFC 8705: authenticates with its self-signed TLS certificate (in `jwks` as x5c) instead of a client assertion. */
  selfSignedTlsClientAuth?: boolean;
  /** RFC 8705 §3: its tokens are bound to its TLS client certificate (cnf.x5t#S256). */
  certificateBoundAccessTokens?: boolean;
  /**
   * RFC 8705 §2.1: authenticates with a certificate from the CA in `tls.ca` whose subject is this
   * distinguished name (RFC 4514 string, e.g. "CN=client,O=Example") instead of a client assertion.
   */
  tlsClientAuthSubjectDn?: string;
}

export interface OidcProviderOptions {
  clients: OidcClientOptions[];
  /** Opaque access tokens (default) or JWT access tokens for the resource `resource`. */
  accessTokenFormat?: 'opaque' | 'jwt';
  /** Scopes the clients may ask for; default ["api:read", "api:write"]. */
  scopes?: string[];
  /** Lifetime of issued access tokens; default 600 s. */
  accessTokenTtlSeconds?: number;
  /** features.dPoP with a nonce secret and requireNonce: every DPoP proof must carry the server's nonce (RFC 9449 §8). */
  dpopNonceRequired?: boolean;
  /**
   * Serve HTTPS with this key and certificate, asking every client for its certificate (RFC 8705
   * mutual TLS); `ca`: the CA that issues the certificates of tls_client_auth clients.
   */
  tls?: { key: string; cert: string; ca?: string };
  /**
   * With `tls`: the issuer's own listener does not ask for client certificates; a second HTTPS
   * listener (another port: another origin) does, and the metadata names its token endpoint in
   * `mtls_endpoint_aliases` (RFC 8705 §5).
   */
  mtlsAlias?: boolean;
}

export interface OidcProviderServer extends RunningServer {
  /** The issuer identifier (equals `url`). */
  issuer: string;
  /** The token endpoint, `<issuer>/token`. */
  tokenUrl: string;
  /** The resource indicator JWT access tokens are issued for (their `aud`). */
  resource: string;
  /** The provider's own JWKS URL, to verify JWT access tokens. */
  jwksUrl: string;
  /** With `mtlsAlias`: the token endpoint of the listener that asks for client certificates. */
  mtlsTokenUrl?: string;
}

/** Event names the provider emits when it refuses a request, forwarded to an optional listener. */
const ERROR_EVENTS = ['grant.error', 'server_error'] as const;

const RESOURCE = 'urn:oauth-jwt-bearer:test-api';

/**
 * The peer certificate's subject as an RFC 4514 string: its RDNs last to first, joined by commas
 * (no escaping: enough for the plain names the tests register).
 */
function subjectDn(socket: TLSSocket): string | undefined {
  const raw = socket.getPeerCertificate?.()?.raw;
  return raw ? new X509Certificate(raw).subject.split('\n').reverse().join(',') : undefined;
}

/**
 * The real `oidc-provider` (v9, ESM, loaded with dynamic import) with the client_credentials grant and
 * private_key_jwt clients, listening on 127.0.0.1 only. Its signing key is generated per start.
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderServer & { onError?: (error: Error) => void }> {
  const { default: Provider } = await import('oidc-provider');
  const scopes = options.scopes ?? ['api:read', 'api:write'];
  const ttl = options.accessTokenTtlSeconds ?? 600;
  const jwt = options.accessTokenFormat === 'jwt';
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (app) app(req, res);
    else res.writeHead(503).end();
  };
  // Mutual TLS: the certificate is asked for, and checked by oidc-provider against the client (self-signed: its jwks;
  // tls_client_auth: issued by `ca`, with the registered subject). With an alias, only the alias asks.
  const mutualTls = (requestCert: boolean) => createHttpsServer({ key: options.tls!.key, cert: options.tls!.cert, requestCert, rejectUnauthorized: false, ...(options.tls!.ca ? { ca: options.tls!.ca } : {}) }, handler);
  const running = await listen(options.tls ? mutualTls(!options.mtlsAlias) : createServer(handler));
  const alias = options.tls && options.mtlsAlias ? await listen(mutualTls(true)) : undefined;
  const issuer = options.tls ? running.url.replace('http:', 'https:') : running.url;
  const mtlsTokenUrl = alias ? `${alias.url.replace('http:', 'https:')}/token` : undefined;

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      ...(client.selfSignedTlsClientAuth
        ? { token_endpoint_auth_method: 'self_signed_tls_client_auth' }
        : client.tlsClientAuthSubjectDn
          ? { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: client.tlsClientAuthSubjectDn }
          : { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: client.algorithm }),
      ...(client.certificateBoundAccessTokens ? { tls_client_certificate_bound_access_tokens: true } : {}),
      jwks: client.jwks,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: scopes.join(' '),
      ...(client.dpopBoundAccessTokens ? { dpop_bound_access_tokens: true } : {}),
    })),
    jwks: { keys: [signingJwk] },
    ...(options.tls ? { clientAuthMethods: ['private_key_jwt', 'self_signed_tls_client_auth', 'tls_client_auth'] } : {}),
    // oidc-provider merges `discovery` into its metadata: this is how it publishes the alias.
    ...(mtlsTokenUrl ? { discovery: { mtls_endpoint_aliases: { token_endpoint: mtlsTokenUrl } } } : {}),
    scopes,
    ttl: { ClientCredentials: ttl },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      ...(options.tls ? {
        mTLS: {
          enabled: true,
          certificateBoundAccessTokens: true,
          selfSignedTlsClientAuth: true,
          tlsClientAuth: true,
          getCertificate: (ctx: { socket: TLSSocket }) => {
            const peer = ctx.socket.getPeerCertificate?.();
            return peer?.raw ? new X509Certificate(peer.raw).toString() : undefined;
          },
          // The chain verified against `tls.ca` (the server asked with rejectUnauthorized: false).
          certificateAuthorized: (ctx: { socket: TLSSocket }) => ctx.socket.authorized,
          certificateSubjectMatches: (ctx: { socket: TLSSocket }, property: string, expected: string) => property === 'tls_client_auth_subject_dn' && subjectDn(ctx.socket) === expected,
        },
      } : {}),
      // RFC 9449 (on by default in v9); a nonce secret and requireNonce when nonces are wanted.
      dPoP: options.dpopNonceRequired ? { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true } : { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => (jwt ? RESOURCE : undefined),
        getResourceServerInfo: async () => ({
          scope: scopes.join(' '),
          audience: RESOURCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: ttl,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  } as ConstructorParameters<typeof Provider>[1]);
  const result: OidcProviderServer & { onError?: (error: Error) => void } = {
    url: running.url,
    close: running.close,
    issuer,
    tokenUrl: `${issuer}/token`,
    resource: RESOURCE,
    jwksUrl: `${issuer}/jwks`,
    ...(mtlsTokenUrl ? { mtlsTokenUrl, close: async () => { await Promise.all([running.close(), alias!.close()]); } } : {}),
  };
  for (const event of ERROR_EVENTS) provider.on(event, (_ctx: unknown, error: Error) => result.onError?.(error));
  app = provider.callback();
  return result;
}
