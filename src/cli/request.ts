import { OAuthJwtError } from '../core/errors';
import { boundTokenRefusal, callWithToken, type ApiRequest } from '../core/apiCall';
import { headerPairs, nodeHttpClient, validateEndpointUrl } from '../core/http';
import { providerForProfile } from '../core/providers';
import { oneOf, parse, UsageError } from './args';
import type { CliIo } from './io';
import { printResponse } from './responseOutput';
import { canAskExtension, requestThroughExtension } from './terminalClient';
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
    allows another origin you trust with the token — a repository's profile cannot.
oauth-jwt request --profile NAME [-X METHOD] [-H "Name: value"]… [-d BODY] [--include] URL
    in an integrated terminal of VS Code (OAuth JWT Bearer): the window makes the call with the
    key in its SecretStorage (no key file; DPoP proofs and client certificates included) after
    asking you, and only to an origin confirmed in VS Code for the profile's token; the body is
    at most 1 MiB; on a terminal, control characters in the answer are shown as \\xHH`;

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
  // In an integrated terminal of VS Code, no --key means: the window makes the call (terminalClient.ts).
  if (values.key === undefined && canAskExtension(io)) return requestThroughExtension(values, { method, url, headers: extraHeaders, body: values.data }, io);

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
  // A 401 a bound token earns (a DPoP nonce, no or another client certificate) is explained.
  const refusal = boundTokenRefusal(response, result, clientCertificate);
  return printResponse(io, method, url, { status: response.status, headers: headerPairs(response.headers), body: response.body }, values.include === true, refusal === undefined ? undefined : String(refusal));
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
