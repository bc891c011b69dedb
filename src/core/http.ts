import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type Message, msg, OAuthJwtError } from './errors';
import { MAX_RESPONSE_BYTES } from './limits';

export interface HttpRequest {
  /** GET or POST for token requests; the others only for the API calls of `oauth-jwt request`. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request timeout (connect + response). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Response body cap in bytes (default MAX_RESPONSE_BYTES). */
  maxBytes?: number;
  /** Extra trusted CA certificates (PEM) for a server with a private CA; TLS is always verified. */
  ca?: string;
  /** RFC 8705 mutual TLS: the client's private key (PKCS#8 PEM) and certificate (PEM), https only. */
  clientCertificate?: { key: string; cert: string };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A response's headers as pairs, in the order received (a repeated header once per value). */
export function headerPairs(headers: HttpResponse['headers']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) pairs.push([name, one]);
  }
  return pairs;
}

/** What we call ourselves to servers that want a User-Agent (GitHub: "All API requests must include a valid User-Agent header"). */
export const USER_AGENT = 'oauth-jwt-bearer';

/** The seam the flows talk through. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const MAX_URL_CHARS = 8192;

/** True for 127.0.0.0/8, ::1 and localhost — the only hosts plain http: may reach. */
function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_NAMES.has(hostname.toLowerCase())) return true;
  // WHATWG URL parsing has already normalised IPv4 forms such as "127.1" to dotted quads.
  return LOOPBACK_V4.test(hostname);
}

/**
 * Checks a token or API URL: must parse, be https:, or http: on loopback only (127.0.0.0/8, ::1,
 * localhost); no user info; no fragment. INVALID_URL / INSECURE_URL with what to do.
 * Messages never repeat the URL itself: its query string may carry an assertion.
 */
export function validateEndpointUrl(url: string, what: string | Message = msg('token URL')): URL {
  const example = msg('Enter a full URL such as https://example.com/oauth2/token.');
  if (typeof url !== 'string' || url.trim() === '') {
    throw new OAuthJwtError('INVALID_URL', msg('The {0} is empty.', what), example);
  }
  const text = url.trim();
  if (text.length > MAX_URL_CHARS) {
    throw new OAuthJwtError('INVALID_URL', msg('The {0} is longer than {1} characters.', what, MAX_URL_CHARS), example);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new OAuthJwtError('INVALID_URL', msg('The {0} is not a valid URL.', what), example);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    // The scheme is safe to name: it is at most a short word before the colon.
    const scheme = parsed.protocol.length <= 20 ? parsed.protocol : msg('an unsupported scheme');
    throw new OAuthJwtError('INVALID_URL', msg('The {0} uses {1}; only https: is allowed.', what, scheme), example);
  }
  if (parsed.hostname === '') {
    throw new OAuthJwtError('INVALID_URL', msg('The {0} has no host name.', what), example);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new OAuthJwtError(
      'INVALID_URL',
      msg('The {0} contains user info (user:password@ before the host).', what),
      msg('Remove it from the URL; keep the client id in the profile and the secret in the secret store.'),
    );
  }
  if (parsed.hash !== '' || text.includes('#')) {
    throw new OAuthJwtError('INVALID_URL', msg('The {0} contains a fragment (#…), which is never sent to a server.', what), msg('Remove the # and everything after it.'));
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new OAuthJwtError(
      'INSECURE_URL',
      msg('The {0} uses plain http: to {1}; secrets would cross the network unencrypted.', what, parsed.host),
      msg('Use https:. Plain http: is allowed only on this machine (127.0.0.1, ::1, localhost).'),
    );
  }
  return parsed;
}

/** True for an address in 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104. */
function isLoopbackAddress(address: string): boolean {
  return address === '::1' || LOOPBACK_V4.test(address.toLowerCase().replace(/^::ffff:/, ''));
}

/**
 * The name "localhost" passes validateEndpointUrl for plain http:, but a hosts file or resolver may
 * map it anywhere. This lookup (used for plain http: to a host name) lets the connection go ahead only
 * when every address the name resolves to is a loopback address; otherwise INSECURE_URL, before any
 * connection is made.
 */
function loopbackOnlyLookup(host: string): LookupFunction {
  return (hostname, options, callback) => {
    // dns.lookup is read at call time, so it is whatever the process resolves with.
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const off = addresses.find((a) => !isLoopbackAddress(a.address));
      if (off || addresses.length === 0) {
        const refusal = new OAuthJwtError(
          'INSECURE_URL',
          off
            ? msg('Plain http: to {0} was refused: the name resolves to {1}, which is not a loopback address.', host, off.address)
            : msg('Plain http: to {0} was refused: the name resolves to nothing, which is not a loopback address.', host),
          msg('Use https:, or an address such as 127.0.0.1; check the hosts file if localhost should be this machine.'),
        );
        return callback(refusal as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN',
]);

function isTlsFailure(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|^ERR_TLS|^ERR_SSL|^EPROTO$/.test(code);
}

/**
 * The TLS alert a server ended the handshake with ("bad certificate", "unknown ca", "certificate
 * required", "handshake failure" …), from OpenSSL's code or text; undefined for other failures.
 */
function handshakeAlert(error: unknown, code: string): string | undefined {
  const named = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(code)?.[1];
  if (named) return named.toLowerCase().replace(/_/g, ' ');
  const text = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : '';
  return /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]{3,40})/.exec(text)?.[1]?.trim();
}

/** TLS: the server would not complete the handshake — about our client certificate, sent or not (RFC 8705 mutual TLS). */
function clientCertificateRefusal(error: unknown, host: string, detail: Message, sentCertificate: boolean): OAuthJwtError {
  return sentCertificate
    ? new OAuthJwtError('TLS', msg('{0} refused the TLS handshake ({1}), most likely over this request\'s client certificate.', host, detail),
      msg('Check the certificate: for tls_client_auth it must be issued by a CA the server trusts, for self_signed_tls_client_auth registered with the client; it must be the certificate of this key and not expired.'),
      { cause: error })
    : new OAuthJwtError('TLS', msg('{0} ended the TLS handshake ({1}): it most likely wants a TLS client certificate, and none was sent.', host, detail),
      msg('If the server uses mutual TLS (RFC 8705), set "mtls": true in the profile, with a key that has a certificate (CLI: --mtls --cert FILE).'),
      { cause: error });
}

/** Maps a socket-level failure to NETWORK or TLS, naming the host and never the request. */
function transportError(error: unknown, host: string, sentCertificate = false): OAuthJwtError {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'unknown error';
  const alert = handshakeAlert(error, code);
  if (alert !== undefined && /certificate|unknown ca|handshake failure|access denied|decrypt error/.test(alert)) {
    return clientCertificateRefusal(error, host, msg('alert "{0}"', alert), sentCertificate);
  }
  // TLS 1.2 servers may close instead of alerting; Node then says the handshake never finished.
  const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : '';
  if (sentCertificate && code === 'ECONNRESET' && /before secure TLS connection was established/.test(message)) {
    return clientCertificateRefusal(error, host, msg('the connection was closed before the handshake finished'), true);
  }
  if (isTlsFailure(code)) {
    return new OAuthJwtError(
      'TLS',
      msg('The TLS connection to {0} failed: its certificate could not be verified ({1}).', host, code),
      msg('If the server uses a private or corporate CA, configure that CA certificate (PEM) as an extra trusted CA; certificate checks are never turned off.'),
      { cause: error },
    );
  }
  const reason = code === 'ECONNREFUSED' ? msg('the connection was refused')
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? msg('the host name could not be resolved')
    : code === 'ECONNRESET' ? msg('the connection was reset')
    : NETWORK_CODES.has(code) ? msg('the network failed') : msg('the connection failed');
  return new OAuthJwtError(
    'NETWORK',
    msg('Could not reach {0}: {1} ({2}).', host, reason, code),
    sentCertificate && code === 'ECONNRESET'
      ? msg('Check the URL, that the server is running and reachable from this machine, and any proxy or firewall. This request sent a TLS client certificate: a server that does not accept it (an issuer it does not trust, an unregistered self-signed certificate) may reset the connection like this.')
      : msg('Check the URL, that the server is running and reachable from this machine, and any proxy or firewall.'),
    { cause: error },
  );
}

/** Verification failures that another set of trusted CAs could cure (not a wrong host name, not an expired certificate). */
const UNTRUSTED_CHAIN = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED']);

function untrustedChain(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return error instanceof OAuthJwtError && error.code === 'TLS' && typeof code === 'string' && UNTRUSTED_CHAIN.has(code);
}

/**
 * Trust is Node's default CAs plus `request.ca`. Node's `ca` option replaces the defaults, and a
 * context built from the ~140 bundled roots plus the extra CA blocks the event loop for 50–150 ms
 * per request (and leaves out NODE_EXTRA_CA_CERTS). So: the extra CA alone first (the server it was
 * configured for), and only when the chain does not lead to it, the default CAs, within what is left
 * of the timeout. A server's certificate is never accepted unless one of the two verifies it, and
 * TLS fails before anything of the request is sent.
 */
async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  if (!request.ca || !/^https:/i.test(request.url)) return sendOnce(request, undefined);
  const started = Date.now();
  try {
    return await sendOnce(request, request.ca);
  } catch (error) {
    if (!untrustedChain(error)) throw error;
    const remainingMs = request.timeoutMs - (Date.now() - started);
    try {
      return await sendOnce({ ...request, timeoutMs: Math.max(1, remainingMs) }, undefined);
    } catch (second) {
      if (!untrustedChain(second)) throw second;
      const failure = second as OAuthJwtError;
      // untrustedChain: a certificate failure of this host, whose code is the cause's.
      const code = (failure.cause as { code: string }).code;
      throw new OAuthJwtError('TLS', msg('The TLS connection to {0} failed: its certificate could not be verified ({1}), by the default CAs or by the extra trusted CA.', new URL(request.url).host, code),
        msg('Check that the extra CA certificate (PEM) is the one that issued this server\'s certificate, or its chain; certificate checks are never turned off.'), { cause: failure.cause });
    }
  }
}

function sendOnce(request: HttpRequest, ca: string | undefined): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = validateEndpointUrl(request.url, msg('request URL'));
    } catch (error) {
      reject(error);
      return;
    }
    const host = url.host;
    const maxBytes = request.maxBytes ?? MAX_RESPONSE_BYTES;
    if (request.signal?.aborted) {
      reject(new OAuthJwtError('CANCELLED', msg('The request to {0} was cancelled.', host)));
      return;
    }

    let settled = false;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));

    const options: https.RequestOptions = {
      method: request.method,
      headers,
      // A fresh connection per request: nothing pooled outlives a short-lived exchange.
      agent: false,
      rejectUnauthorized: true,
      ca: url.protocol === 'https:' ? ca : undefined,
      ...(url.protocol === 'https:' && request.clientCertificate ? { key: request.clientCertificate.key, cert: request.clientCertificate.cert } : {}),
      // An IP literal was already checked by validateEndpointUrl and is never looked up.
      lookup: url.protocol === 'http:' && isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0 ? loopbackOnlyLookup(host) : undefined,
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, options);

    const finish = (error: OAuthJwtError | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) {
        // Destroying the request also destroys the socket, so no more bytes are read.
        req.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };

    const timer = setTimeout(() => {
      const seconds = Math.round(request.timeoutMs / 100) / 10;
      finish(new OAuthJwtError('TIMEOUT', msg('{0} did not answer within {1} s.', host, seconds), msg('Check that the server is reachable, or raise the timeout.')));
    }, request.timeoutMs);
    const onAbort = () => finish(new OAuthJwtError('CANCELLED', msg('The request to {0} was cancelled.', host)));
    request.signal?.addEventListener('abort', onAbort, { once: true });

    const tooLarge = () => new OAuthJwtError(
      'RESPONSE_TOO_LARGE',
      msg('{0} sent a response larger than {1} bytes; reading stopped there.', host, maxBytes),
      msg('Check that the URL points at a token endpoint, not a web page or a file.'),
    );

    const sentCertificate = url.protocol === 'https:' && request.clientCertificate !== undefined;
    req.on('error', (error) => finish(error instanceof OAuthJwtError ? error : transportError(error, host, sentCertificate)));
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          finish(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => finish(transportError(error, host, sentCertificate)));
      res.on('aborted', () => finish(new OAuthJwtError('NETWORK', msg('{0} closed the connection before the response was complete.', host), msg('Try again; if it persists, check the server.'))));
      res.on('end', () => {
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: { ...res.headers },
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(request.body);
  });
}

/**
 * node:http/node:https client: never follows redirects (a 3xx is returned as is), aborts past
 * `timeoutMs` (TIMEOUT) or on `signal` (CANCELLED), stops reading past `maxBytes`
 * (RESPONSE_TOO_LARGE), maps connection failures to NETWORK and certificate failures to TLS —
 * each with a message naming the host (never the body) and a hint.
 */
export const nodeHttpClient: HttpClient = { request: sendRequest };
