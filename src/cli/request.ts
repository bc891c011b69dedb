import { OAuthJwtError } from '../core/errors';
import { boundTokenRefusal, callWithToken, type ApiRequest } from '../core/apiCall';
import { nodeHttpClient, validateEndpointUrl } from '../core/http';
import { providerForProfile } from '../core/providers';
import { oneOf, parse, UsageError } from './args';
import type { CliIo } from './io';
import { allowedOrigin, obtainToken, TOKEN_OPTIONS } from './token';

export const requestUsage = `oauth-jwt request [--profile NAME …] [-X METHOD] [-H "Name: value"]… [-d BODY]
                [--include] [--allow-origin ORIGIN]… URL
    gets the profile's token (the same options as token) and calls URL with it
    (Authorization: Bearer …, or DPoP … with a fresh proof for a DPoP-bound token, plus what the
    preset needs, e.g. Snowflake's
    X-Snowflake-Authorization-Token-Type); prints the response body, the status on standard
    error (--include: the status line and headers first, on standard output); exit code 1 for a
    status that is not 2xx. The token is sent only to the token URL's origin or the profile's
    apiUrl origin, like Send Test Request; --allow-origin https://api.example.com (repeatable)
    allows another origin you trust with the token — a repository's profile cannot.`;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Response bodies above this are refused: the command prints the body, it is not a download tool. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** "Name: value" from -H; the Authorization header is the command's own. */
function headerPair(text: string): [string, string] {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*)$/.exec(text);
  if (!match || /[\r\n]/.test(text)) throw new UsageError(`-H must be "Name: value" on one line (got "${text.slice(0, 60)}")`);
  if (match[1]!.toLowerCase() === 'authorization') throw new UsageError('-H Authorization is not allowed: request adds the profile\'s token itself');
  return [match[1]!, match[2]!];
}

export async function request(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...TOKEN_OPTIONS,
    request: { type: 'string', short: 'X' },
    'request-header': { type: 'string', short: 'H', multiple: true },
    data: { type: 'string', short: 'd' },
    include: { type: 'boolean', short: 'i' },
  }, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError('the URL to call is required (the last argument)');
  const method = oneOf(values.request?.toUpperCase(), METHODS, '-X') ?? (values.data !== undefined ? 'POST' : 'GET');
  const extraHeaders = (values['request-header'] ?? []).map(headerPair);
  const allowed = (values['allow-origin'] ?? []).map(allowedOrigin);
  const url = validateEndpointUrl(target, 'request URL');

  const { result, config, apiUrl, ca, timeoutMs, dpopKey, clientCertificate } = await obtainToken(values, io);
  // The origin check comes after the profile is read (its apiUrl counts) but before the token leaves.
  const origins = new Set([new URL(config.tokenUrl).origin, ...(apiUrl ? [safeOrigin(apiUrl)] : []), ...allowed]);
  if (!origins.has(url.origin)) {
    throw new OAuthJwtError('ORIGIN_NOT_CONFIRMED', `Nothing was sent: ${url.origin} is neither the token URL's origin nor the profile's apiUrl origin, so the token does not go there.`,
      `If you trust ${url.origin} with this token, add --allow-origin ${url.origin}.`);
  }
  const headers: Record<string, string> = { Accept: 'application/json, */*', ...providerForProfile(config).apiHeaders };
  for (const [name, value] of extraHeaders) headers[name] = value;
  const call: ApiRequest = { method, url: url.href, headers, timeoutMs, maxBytes: MAX_BODY_BYTES, signal: io.signal };
  if (ca) call.ca = ca;
  // RFC 8705 §3: a certificate-bound token goes over the same client certificate.
  if (clientCertificate) call.clientCertificate = clientCertificate;
  if (values.data !== undefined) {
    call.body = values.data;
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  // Bearer, or DPoP with a fresh proof (and the resource server's nonce when it asks).
  const response = await callWithToken(nodeHttpClient, call, result, dpopKey);
  io.stderr(`${method} ${url.origin}${url.pathname} → ${response.status}\n`);
  const refusal = boundTokenRefusal(response, result, clientCertificate);
  if (refusal) io.stderr(`oauth-jwt: ${refusal}\n`);
  if (values.include) {
    const lines = [`HTTP ${response.status}`];
    for (const [name, value] of Object.entries(response.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) lines.push(`${name}: ${one}`);
    }
    io.stdout(`${lines.join('\n')}\n\n`);
  }
  io.stdout(response.body.endsWith('\n') || response.body === '' ? response.body : `${response.body}\n`);
  return response.status >= 200 && response.status < 300 ? 0 : 1;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
