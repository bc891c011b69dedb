import { join, resolve } from 'node:path';
import { assertNoBlockingFinding, checkExchange } from '../core/checks';
import { resolveTokenEndpoint } from '../core/discovery';
import { OAuthJwtError } from '../core/errors';
import { exchangeToken, planExchange, type TokenResult } from '../core/exchange';
import { withoutUndefined, type ExchangeConfig } from '../core/exchangeConfig';
import { DEFAULT_TOKEN_URLS, FLOW_IDS, type FlowId } from '../core/flowIds';
import { nodeHttpClient } from '../core/http';
import type { Credential } from '../core/credentialFile';
import { parseJsonObject, type JsonObject } from '../core/jsonObject';
import { decodeJwt } from '../core/jwtDecode';
import { BOX_TOKEN_URL } from '../core/providers/box';
import { MAX_JSON_CHARS, MAX_LIFETIME_SECONDS } from '../core/limits';
import { profileFromSettings } from '../core/profile';
import { redact } from '../core/redact';
import { PROVIDERS, providerById } from '../core/providers';
import { readCertificate } from '../core/x509';
import { keyValues, oneOf, parse, positiveInteger, positiveNumber, readTextFile, required, secretFromEnv, UsageError } from './args';
import type { CliIo } from './io';
import { readCertificateFileFor, readKeyFile, readPrivateKey } from './keyInput';
import { generateKeyPair, privateKeyPem, type PrivateKey } from '../core/keys';
import { canAskExtension, tokenFromExtension } from './terminalClient';

export const tokenUsage = `oauth-jwt token --flow workfront|client-assertion|jwt-bearer|github-app|self-signed --token-url URL --key FILE
                [--provider ID] [--cert FILE] [--client-id ID] [--client-secret-env VAR] [--iss S] [--sub S] [--aud S]
                [--installation-id N] [--account A --user U] [--dpop [--dpop-key FILE]]
                [--mtls [--token-endpoint-auth private_key_jwt|self_signed_tls_client_auth|tls_client_auth]
                 [--discovery-url URL [--allow-origin ORIGIN]]]
                [--alg ALG] [--kid KID] [--header JSON] [--claims JSON] [--scope S]
                [--param K=V]... [--method POST|GET] [--ttl SECONDS] [--timeout SECONDS] [--json]
                [--passphrase-env VAR] [--ca FILE] [--verbose]
    prints the access token alone (or, with --json, the token response with token_type and, for a
    bound JWT access token, its cnf); github-app: --token-url defaults to https://api.github.com;
    self-signed: no request is made, the signed JWT is printed
    --discovery-url (with --mtls) reads the authorization server's metadata (the issuer or its
    .well-known URL) and sends the token request to its mtls_endpoint_aliases.token_endpoint (else
    its token_endpoint) instead of --token-url; an endpoint on an origin other than the discovery
    URL's or the token URL's gets the key's assertion and certificate only with --allow-origin ORIGIN
oauth-jwt token --profile NAME [--workspace DIR] --key FILE [--client-secret-env VAR]
    the same, from the profile named NAME in DIR/.vscode/settings.json (default DIR: .);
    flags given on the command line override the profile's fields (its provider included)
    --provider ID applies that provider's rules and wire format (ids: ${PROVIDERS.map((p) => p.id).join(', ')});
    the flow defaults to the provider's; --cert FILE is the key's certificate (a PKCS#12 key file's
    own when not given), named in the header by a provider that wants it (entra: x5t#S256) and,
    with --mtls, the TLS client certificate: one file, both uses
    the client secret comes from --client-secret-env VAR; OAUTH_JWT_CLIENT_SECRET is read for
    the workfront flow only
--key FILE is PEM, a private JWK, PKCS#12 (.pfx/.p12, password from --passphrase-env), a Google
    service-account JSON file or a Box config.json; the values such a file holds (iss, token URL,
    aud, kid; Box: also client ID, sub, box_sub_type, lifetime) apply unless the profile or a flag sets them, and
    a Box config.json's client secret is sent only to https://api.box.com/oauth2/token
oauth-jwt token --profile NAME [--json]
    in an integrated terminal of VS Code (OAuth JWT Bearer): asks that window, which uses the key
    in its SecretStorage (no key file) and asks you in VS Code first`;

/** The Workfront flow's client secret when --client-secret-env is not given. */
export const DEFAULT_CLIENT_SECRET_ENV = 'OAUTH_JWT_CLIENT_SECRET';

/**
 * The client secret to send. The ambient OAUTH_JWT_CLIENT_SECRET is read for the Workfront flow
 * only: a repository's profile could otherwise point another flow at any server and receive it.
 * jwt-bearer sends a secret only from a variable named by --client-secret-env; client-assertion
 * never sends one.
 */
function clientSecretFor(io: CliIo, flow: FlowId, variable: string | undefined): string | undefined {
  if (variable !== undefined) return secretFromEnv(io, variable, '--client-secret-env');
  const ambient = io.env[DEFAULT_CLIENT_SECRET_ENV] || undefined;
  if (ambient === undefined) return undefined;
  io.secrets.push(ambient);
  if (flow === 'workfront') return ambient;
  if (flow === 'jwt-bearer') {
    throw new UsageError(`${DEFAULT_CLIENT_SECRET_ENV} is set, but it is sent with the workfront flow only. To send it with the jwt-bearer grant, name it: --client-secret-env ${DEFAULT_CLIENT_SECRET_ENV}; to send no client secret, unset it.`);
  }
  return undefined;
}

/**
 * The client secret a Box config.json carries, sent only to Box's own token URL: a profile (perhaps
 * from a repository) may name any URL, so elsewhere the secret must be named with --client-secret-env.
 */
function fileSecretFor(credential: Credential, tokenUrl: string): string | undefined {
  if (!credential.clientSecret) return undefined;
  return tokenUrl === BOX_TOKEN_URL ? credential.clientSecret : undefined;
}

/**
 * The token endpoint a server's metadata named is on an origin the user gave (the token URL's, the
 * discovery URL's) or allowed with --allow-origin; else ORIGIN_NOT_CONFIRMED before anything is signed.
 */
function assertEndpointOriginAllowed(endpoint: string, given: string[], allowed: string[]): void {
  const origin = new URL(endpoint).origin;
  if (given.some((url) => new URL(url).origin === origin) || allowed.map(allowedOrigin).includes(origin)) return;
  throw new OAuthJwtError('ORIGIN_NOT_CONFIRMED', `Nothing was sent: the server's metadata names the token endpoint ${origin}${new URL(endpoint).pathname}, on an origin other than the discovery URL's and the token URL's, so the key's request does not go there.`,
    `If you trust ${origin} with this key's client assertion and certificate, add --allow-origin ${origin}.`);
}

/** An origin given with --allow-origin: scheme, host and port only. */
export function allowedOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--allow-origin must be an origin such as https://api.example.com (got "${value.slice(0, 80)}")`);
  }
  if (url.origin === 'null' || url.href.replace(/\/$/, '') !== url.origin) {
    throw new UsageError(`--allow-origin takes an origin only, such as ${url.origin === 'null' ? 'https://api.example.com' : url.origin} (no path, query or user)`);
  }
  return url.origin;
}

/** The options of `token`, shared with `request` (which gets its token the same way). */
export const TOKEN_OPTIONS = {
  profile: { type: 'string' },
  workspace: { type: 'string' },
  provider: { type: 'string' },
  flow: { type: 'string' },
  'token-url': { type: 'string' },
  key: { type: 'string' },
  'passphrase-env': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  iss: { type: 'string' },
  sub: { type: 'string' },
  aud: { type: 'string' },
  alg: { type: 'string' },
  kid: { type: 'string' },
  header: { type: 'string' },
  claims: { type: 'string' },
  scope: { type: 'string' },
  param: { type: 'string', multiple: true },
  method: { type: 'string' },
  ttl: { type: 'string' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean' },
  ca: { type: 'string' },
  'installation-id': { type: 'string' },
  account: { type: 'string' },
  user: { type: 'string' },
  dpop: { type: 'boolean' },
  'dpop-key': { type: 'string' },
  mtls: { type: 'boolean' },
  cert: { type: 'string' },
  'token-endpoint-auth': { type: 'string' },
  'discovery-url': { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
} as const;

type TokenValues = ReturnType<typeof parse<typeof TOKEN_OPTIONS>>['values'];

/** A token as `token` and `request` get it: the result, the config it was got with, and the profile's apiUrl. */
export interface ObtainedToken {
  result: TokenResult;
  config: ExchangeConfig;
  apiUrl?: string;
  ca?: string;
  timeoutMs: number;
  /** The key a DPoP-bound token is bound to (the proofs of its use are signed with it). */
  dpopKey?: PrivateKey;
  /** The TLS client certificate of an mTLS profile (certificate-bound tokens go over it too). */
  clientCertificate?: { key: string; cert: string };
}

export async function token(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...TOKEN_OPTIONS, json: { type: 'boolean' } });
  // In an integrated terminal of VS Code, no --key means: ask the window (terminalClient.ts).
  if (values.key === undefined && canAskExtension(io)) return tokenFromExtension(values, io);
  const { result } = await obtainToken(values, io);
  io.stdout(values.json ? `${JSON.stringify(tokenJson(result), null, 2)}\n` : `${result.accessToken}\n`);
  return 0;
}

/**
 * What `token --json` prints: the token response, with the token type the token is used with
 * (Bearer when the server names none, as GitHub does) and, for a bound JWT access token, its `cnf`.
 */
function tokenJson(result: TokenResult): JsonObject {
  const json: JsonObject = { ...result.response, token_type: result.tokenType ?? 'Bearer' };
  if (json.cnf === undefined && result.accessToken.startsWith('eyJ')) {
    try {
      const cnf = decodeJwt(result.accessToken).payload.cnf;
      if (cnf !== undefined) json.cnf = cnf;
    } catch {
      // an opaque token that merely looks like a JWT: no binding to show
    }
  }
  return json;
}

/** Reads the profile and flags, validates and checks the plan, and exchanges (or, self-signed, signs). */
export async function obtainToken(values: TokenValues, io: CliIo): Promise<ObtainedToken> {
  const keyFile = required(values.key, '--key');
  if (values.workspace !== undefined && values.profile === undefined) throw new UsageError('--workspace goes with --profile');

  let config: Partial<ExchangeConfig> = {};
  let apiUrl: string | undefined;
  if (values.profile !== undefined) {
    const settingsPath = join(resolve(io.cwd, values.workspace ?? '.'), '.vscode', 'settings.json');
    const { name: _name, apiUrl: profileApiUrl, ...fromProfile } = profileFromSettings(await readTextFile(io.cwd, settingsPath, 'settings'), values.profile);
    config = fromProfile;
    apiUrl = profileApiUrl;
  }
  if (values.provider !== undefined && !providerById(values.provider)) {
    throw new UsageError(`--provider must be one of ${PROVIDERS.map((p) => p.id).join(', ')} (got "${values.provider.slice(0, 40)}")`);
  }
  const flags: Partial<ExchangeConfig> = {
    provider: values.provider,
    flow: oneOf<FlowId>(values.flow, FLOW_IDS, '--flow'),
    tokenUrl: values['token-url'],
    method: oneOf(values.method?.toUpperCase(), ['POST', 'GET'] as const, '--method'),
    clientId: values['client-id'],
    issuer: values.iss,
    subject: values.sub,
    audience: values.aud,
    algorithm: values.alg,
    keyId: values.kid,
    header: values.header !== undefined ? parseJsonObject(values.header, '--header') : undefined,
    claims: values.claims !== undefined ? parseJsonObject(values.claims, '--claims') : undefined,
    params: keyValues(values.param, '--param'),
    scope: values.scope,
    lifetimeSeconds: positiveInteger(values.ttl, '--ttl', MAX_LIFETIME_SECONDS),
    installationId: values['installation-id'],
    dpop: values.dpop || undefined,
    mtls: values.mtls || undefined,
    tokenEndpointAuth: oneOf(values['token-endpoint-auth'], ['private_key_jwt', 'self_signed_tls_client_auth', 'tls_client_auth'] as const, '--token-endpoint-auth'),
    account: values.account,
    user: values.user,
    discoveryUrl: values['discovery-url'],
  };
  for (const [field, value] of Object.entries(flags)) {
    if (value !== undefined) (config as Record<string, unknown>)[field] = value;
  }
  // A provider given on the command line brings its flow, unless --flow says otherwise.
  if (values.provider !== undefined && values.flow === undefined) config.flow = providerById(values.provider)!.flow;
  const flow = required(config.flow, '--flow (or --provider, or --profile)');
  // The key file's own values (a Google service-account file's iss, token URL, aud and kid; a Box
  // config.json's client ID, kid and sub) apply where the profile and the flags set nothing.
  const credential = await readKeyFile(io, keyFile, values['passphrase-env']);
  config = { ...withoutUndefined(credential.profile ?? {}), ...config };
  const tokenUrl = required(config.tokenUrl ?? DEFAULT_TOKEN_URLS[flow], '--token-url (or --profile, or a key file that names it)');
  const timeoutSeconds = positiveNumber(values.timeout, '--timeout', 600) ?? 30;
  const ca = values.ca !== undefined ? await readTextFile(io.cwd, values.ca, 'CA certificates', MAX_JSON_CHARS) : undefined;
  const log = values.verbose ? (line: string) => io.stderr(`${redact(line, io.secrets)}\n`) : undefined;
  // RFC 8705 §5: the metadata may name another token endpoint (its mTLS alias); that is where the key's request goes.
  const exchangeConfig = await resolveTokenEndpoint<ExchangeConfig>({ ...config, flow, tokenUrl }, { http: nodeHttpClient, ca, timeoutMs: timeoutSeconds * 1000, signal: io.signal, log });
  if (exchangeConfig.tokenUrl !== tokenUrl) assertEndpointOriginAllowed(exchangeConfig.tokenUrl, [tokenUrl, exchangeConfig.discoveryUrl!], values['allow-origin'] ?? []);

  const clientSecret = clientSecretFor(io, flow, values['client-secret-env']) ?? fileSecretFor(credential, tokenUrl);
  const { key } = credential;
  if (values['dpop-key'] !== undefined && !exchangeConfig.dpop) throw new UsageError('--dpop-key goes with --dpop or a profile with "dpop": true');
  // RFC 9449: without --dpop-key, a fresh key for this run; the token it binds is for this run's requests only.
  const dpopKey = !exchangeConfig.dpop ? undefined
    : values['dpop-key'] !== undefined ? await readPrivateKey(io, values['dpop-key'], values['passphrase-env'])
      : await generateKeyPair({ type: 'ec', curve: 'P-256' });
  // --cert, else the certificate a PKCS#12 file holds with the key: the one certificate of the key,
  // named in the header where the provider wants it (Entra: x5t#S256) and the mTLS client certificate.
  const fromFile = values.cert !== undefined ? await readCertificateFileFor(io, values.cert, key) : undefined;
  const certificatePem = fromFile?.pem ?? credential.certificatePem;
  const certificate = fromFile?.certificate ?? (credential.certificatePem !== undefined ? readCertificate(credential.certificatePem) : undefined);
  // Validated and planned once; the same provider checks as the extension's inspect the plan that is signed.
  const plan = planExchange(exchangeConfig, { key, certificate, clientSecret, dpopKey, certificatePem });
  for (const warning of assertNoBlockingFinding(checkExchange(exchangeConfig, plan, { key, certificate, now: Date.now() }), 'Refused before sending')) {
    io.stderr(`oauth-jwt: warning: ${warning.message}\n`);
  }

  const result = await exchangeToken(exchangeConfig, { key, clientSecret, dpopKey, certificatePem }, {
    http: nodeHttpClient,
    ca,
    timeoutMs: timeoutSeconds * 1000,
    signal: io.signal,
    log,
  }, plan);
  io.secrets.push(result.accessToken);
  const clientCertificate = exchangeConfig.mtls && certificatePem ? { key: privateKeyPem(key), cert: certificatePem } : undefined;
  return { result, config: exchangeConfig, apiUrl, ca, timeoutMs: timeoutSeconds * 1000, dpopKey, clientCertificate };
}
