import { type Message, msg, OAuthJwtError } from './errors';
import { invalidOption, type ExchangeConfig } from './exchangeConfig';
import { validateEndpointUrl, type HttpClient } from './http';
import { DEFAULT_TIMEOUT_MS } from './limits';
import { serverText } from './tokenResponse';
import { isNonArrayObject } from './plainObject';

/** Metadata documents are a few KB; anything near this is not one (hostile input: read no further). */
export const MAX_METADATA_BYTES = 256 * 1024;

const OIDC_SUFFIX = '/.well-known/openid-configuration';
const RFC8414_PREFIX = '/.well-known/oauth-authorization-server';

/** Where a discovery URL's metadata is read from, and the issuer the document must name. */
export interface MetadataLocation {
  /** The issuer identifier the document's `issuer` must equal (RFC 8414 §3.3, OIDC Discovery §4.3). */
  issuer: string;
  /** The documents to try in order: the next only when one answers 404. */
  urls: string[];
}

/** The token endpoints an authorization server's metadata names (RFC 8414 §2, RFC 8705 §5). */
export interface TokenEndpoints {
  issuer: string;
  tokenEndpoint?: string;
  /** `mtls_endpoint_aliases.token_endpoint`: where a client doing mutual TLS sends its token request. */
  mtlsTokenEndpoint?: string;
}

export interface DiscoveryDeps {
  http: HttpClient;
  timeoutMs?: number;
  signal?: AbortSignal;
  ca?: string;
  /** Receives log lines (origins and paths only: metadata holds no secret, but the log stays terse). */
  log?: (line: string) => void;
}

function withoutTrailingSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text;
}

/**
 * A discovery URL is a metadata document's URL (…/.well-known/openid-configuration, or
 * /.well-known/oauth-authorization-server… per RFC 8414 §3.1) or the issuer identifier itself, whose
 * RFC 8414 document is tried first and its OpenID one after a 404. INVALID_URL / INSECURE_URL under
 * the rules of every request (https, or http on loopback; no user info, no fragment); no query.
 */
export function metadataLocation(discoveryUrl: string): MetadataLocation {
  const url = validateEndpointUrl(discoveryUrl, msg('discovery URL'));
  if (url.search !== '') {
    throw new OAuthJwtError('INVALID_URL', msg('The discovery URL has a query string (?…); an issuer or a metadata document\'s URL has none.'),
      msg('Use the issuer (https://as.example.com) or its metadata URL (https://as.example.com/.well-known/openid-configuration).'));
  }
  const path = url.pathname;
  if (path.endsWith(OIDC_SUFFIX)) {
    return { issuer: url.origin + path.slice(0, -OIDC_SUFFIX.length), urls: [url.href] };
  }
  if (path === RFC8414_PREFIX || path.startsWith(`${RFC8414_PREFIX}/`)) {
    return { issuer: url.origin + path.slice(RFC8414_PREFIX.length), urls: [url.href] };
  }
  const issuerPath = withoutTrailingSlash(path);
  return {
    issuer: url.origin + issuerPath,
    urls: [`${url.origin}${RFC8414_PREFIX}${issuerPath}`, `${url.origin}${issuerPath}${OIDC_SUFFIX}`],
  };
}

function badMetadata(message: Message, hint: string | Message = msg('Check the profile\'s discoveryUrl: it must be the authorization server\'s issuer or its metadata URL.')): OAuthJwtError {
  return new OAuthJwtError('BAD_RESPONSE', message, hint);
}

/** An endpoint named in the metadata: a string, and a URL that passes the rules of every request. */
function endpoint(value: unknown, member: string, host: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badMetadata(msg('The authorization server metadata from {0} has a "{1}" that is not a string.', host, member));
  try {
    return validateEndpointUrl(value, msg('{0} in the metadata from {1}', member, host)).href;
  } catch (error) {
    if (error instanceof OAuthJwtError) throw badMetadata(msg('The authorization server metadata from {0} names a {1} that cannot be used: {2}.', host, member, error.localizable.message ?? error.message),
      error.localizable.hint ?? error.hint ?? msg('Check the server\'s configuration.'));
    throw error;
  }
}

/** INVALID_OPTION: a discoveryUrl is only read for an mTLS profile. */
export function discoveryWithoutMtls(): OAuthJwtError {
  return invalidOption('discoveryUrl', msg('is read for its mutual-TLS endpoint aliases (RFC 8705 §5), but the profile does not use mutual TLS'),
    msg('Add "mtls": true, or remove discoveryUrl (the token request goes to tokenUrl).'));
}

/**
 * Reads an authorization server's metadata (hostile input): GET without credentials, redirects not
 * followed, at most MAX_METADATA_BYTES, within the timeout; a JSON object whose `issuer` is the one
 * the discovery URL stands for (else refused: a document for another issuer must not steer where the
 * key goes). Returns its token endpoint and its mutual-TLS alias.
 */
export async function discoverTokenEndpoints(discoveryUrl: string, deps: DiscoveryDeps): Promise<TokenEndpoints> {
  const location = metadataLocation(discoveryUrl);
  for (const [index, url] of location.urls.entries()) {
    const host = new URL(url).host;
    const request = { method: 'GET' as const, url, headers: { Accept: 'application/json' }, timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBytes: MAX_METADATA_BYTES, ...(deps.signal ? { signal: deps.signal } : {}), ...(deps.ca ? { ca: deps.ca } : {}) };
    const response = await deps.http.request(request);
    const path = new URL(url).pathname;
    deps.log?.(`GET ${new URL(url).origin}${path} (authorization server metadata): ${response.status}`);
    if (response.status === 404 && index < location.urls.length - 1) continue;
    if (response.status >= 300 && response.status < 400) {
      throw new OAuthJwtError('REDIRECT', msg('{0} answered the metadata request ({1}) with a redirect ({2}), which is not followed.', host, path, response.status),
        msg('Set discoveryUrl to the final metadata URL, or to the issuer exactly as the server names it.'));
    }
    if (response.status !== 200) {
      throw new OAuthJwtError('HTTP_STATUS', msg('{0} answered the metadata request ({1}) with status {2}.', host, path, response.status),
        msg('Check the profile\'s discoveryUrl: it should be the issuer, or its {0} or {1} URL.', OIDC_SUFFIX, RFC8414_PREFIX));
    }
    let document: unknown;
    try {
      document = JSON.parse(response.body);
    } catch {
      throw badMetadata(msg('The authorization server metadata from {0} is not JSON.', host));
    }
    if (!isNonArrayObject(document)) throw badMetadata(msg('The authorization server metadata from {0} is not a JSON object.', host));
    const issuer = Object.hasOwn(document, 'issuer') ? document.issuer : undefined;
    if (typeof issuer !== 'string' || withoutTrailingSlash(issuer) !== withoutTrailingSlash(location.issuer)) {
      throw badMetadata(typeof issuer === 'string'
        ? msg('The authorization server metadata from {0} names the issuer "{1}", not "{2}" (RFC 8414 §3.3); it is not used.', host, serverText(issuer, 200), location.issuer)
        : msg('The authorization server metadata from {0} names no issuer, not "{1}" (RFC 8414 §3.3); it is not used.', host, location.issuer),
        msg('Set discoveryUrl to the issuer exactly as the server names it (or its metadata URL); a document for another issuer could send the key elsewhere.'));
    }
    const aliases = Object.hasOwn(document, 'mtls_endpoint_aliases') ? document.mtls_endpoint_aliases : undefined;
    if (aliases !== undefined && !isNonArrayObject(aliases)) throw badMetadata(msg('The authorization server metadata from {0} has "mtls_endpoint_aliases" that is not an object.', host));
    const result: TokenEndpoints = { issuer };
    const tokenEndpoint = endpoint(Object.hasOwn(document, 'token_endpoint') ? document.token_endpoint : undefined, 'token_endpoint', host);
    if (tokenEndpoint) result.tokenEndpoint = tokenEndpoint;
    const mtlsTokenEndpoint = aliases && Object.hasOwn(aliases, 'token_endpoint') ? endpoint(aliases.token_endpoint, 'mtls_endpoint_aliases.token_endpoint', host) : undefined;
    if (mtlsTokenEndpoint) result.mtlsTokenEndpoint = mtlsTokenEndpoint;
    return result;
  }
  /* c8 ignore next */
  throw new Error('unreachable: the last metadata URL always returns or throws');
}

/**
 * The exchange settings with the token URL the request really goes to: for an mTLS profile with a
 * discoveryUrl, the metadata's `mtls_endpoint_aliases.token_endpoint`, else its `token_endpoint`
 * (RFC 8705 §5); otherwise the config unchanged. Whoever sends must confirm this URL's origin for the
 * key, not the profile's tokenUrl.
 */
export async function resolveTokenEndpoint<C extends ExchangeConfig>(config: C, deps: DiscoveryDeps): Promise<C> {
  if (!config.discoveryUrl) return config;
  if (!config.mtls) throw discoveryWithoutMtls();
  const found = await discoverTokenEndpoints(config.discoveryUrl, deps);
  const tokenUrl = found.mtlsTokenEndpoint ?? found.tokenEndpoint;
  if (!tokenUrl) {
    throw badMetadata(msg('The authorization server metadata from {0} names neither mtls_endpoint_aliases.token_endpoint nor token_endpoint.', new URL(config.discoveryUrl).host),
      msg('Check the discoveryUrl, or remove it and give the token URL as tokenUrl.'));
  }
  deps.log?.(`token endpoint from the metadata: ${new URL(tokenUrl).origin}${new URL(tokenUrl).pathname}${found.mtlsTokenEndpoint ? ' (its mutual-TLS alias)' : ' (no mutual-TLS alias: token_endpoint)'}`);
  return { ...config, tokenUrl };
}
