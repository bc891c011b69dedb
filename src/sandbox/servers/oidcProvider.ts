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
  /** Serve HTTPS with this key and certificate, asking every client for its certificate (RFC 8705 mutual TLS). */
  tls?: { key: string; cert: string };
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
}

/** Event names the provider emits when it refuses a request, forwarded to an optional listener. */
const ERROR_EVENTS = ['grant.error', 'server_error'] as const;

const RESOURCE = 'urn:oauth-jwt-bearer:test-api';

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
  // Mutual TLS: the certificate is asked for, and checked by oidc-provider against the client (self-signed: its jwks).
  const running = await listen(options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert, requestCert: true, rejectUnauthorized: false }, handler)
    : createServer(handler));
  const issuer = options.tls ? running.url.replace('http:', 'https:') : running.url;

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      ...(client.selfSignedTlsClientAuth
        ? { token_endpoint_auth_method: 'self_signed_tls_client_auth' }
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
    ...(options.tls ? { clientAuthMethods: ['private_key_jwt', 'self_signed_tls_client_auth'] } : {}),
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
          getCertificate: (ctx: { socket: TLSSocket }) => {
            const peer = ctx.socket.getPeerCertificate?.();
            return peer?.raw ? new X509Certificate(peer.raw).toString() : undefined;
          },
          certificateAuthorized: (ctx: { socket: TLSSocket }) => ctx.socket.authorized,
          certificateSubjectMatches: () => false,
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
  };
  for (const event of ERROR_EVENTS) provider.on(event, (_ctx: unknown, error: Error) => result.onError?.(error));
  app = provider.callback();
  return result;
}
