/**
 * The contract between the extension and `oauth-jwt` in its integrated terminals: the environment
 * variables the extension sets, and the requests and replies that travel over the handle (a Unix
 * socket or a Windows named pipe), each a single line of JSON. Two requests: `token` (the profile's
 * access token) and `request` (the window calls an API with the profile's token and hands back the
 * response, so a DPoP proof or a client certificate never needs a key outside VS Code). Imported by
 * both sides; Node only. Everything is validated on arrival: each side treats the other's line as
 * hostile input.
 */
import { OAuthJwtError } from '../core/errors';
import { isNonArrayObject } from '../core/plainObject';
import { displayOriginAndPath } from '../core/urlDisplay';

/** The socket path or pipe name of this window's handle. */
export const TERMINAL_HANDLE_ENV = 'OAUTH_JWT_IPC_HANDLE';
/** This window's random secret: a request without it is refused. */
export const TERMINAL_SECRET_ENV = 'OAUTH_JWT_IPC_SECRET';

/** A request line: a profile name and the secret, or an API call with its body; anything longer is refused unread. */
export const MAX_TERMINAL_REQUEST_BYTES = 256 * 1024;
/** The largest API response body the window reads for a terminal; a larger one is refused (it is not a download tool). */
export const MAX_TERMINAL_RESPONSE_BODY_BYTES = 1024 * 1024;
/**
 * A reply carries a token response (capped at 1 MiB by core/http) or an API response (its body
 * capped above) as JSON, whose escapes can make it up to 6 times longer; the window refuses to send
 * more than this, and the CLI to read more.
 */
export const MAX_TERMINAL_REPLY_BYTES = 8 * 1024 * 1024;

export const TERMINAL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type TerminalMethod = (typeof TERMINAL_METHODS)[number];

/** Headers the window sets itself (the token, its proof) or that would change how the request travels. */
const RESERVED_HEADERS = new Set(['authorization', 'dpop', 'host', 'content-length', 'transfer-encoding', 'connection']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** At most this many -H headers of at most this many characters each. */
export const MAX_TERMINAL_HEADERS = 64;
export const MAX_TERMINAL_HEADER_VALUE_CHARS = 8192;
const MAX_URL_CHARS = 8192;

export interface TerminalTokenRequest {
  type: 'token';
  secret: string;
  profile: string;
}

export interface TerminalApiRequest {
  type: 'request';
  secret: string;
  profile: string;
  method: TerminalMethod;
  url: string;
  /** Extra request headers, in order ("-H"); never Authorization or DPoP (see {@link reservedHeader}). */
  headers: Array<[string, string]>;
  body?: string;
}

export type TerminalRequest = TerminalTokenRequest | TerminalApiRequest;
/** A request as the window acts on it, once its secret was checked. */
export type TerminalAsk = Omit<TerminalTokenRequest, 'secret'> | Omit<TerminalApiRequest, 'secret'>;

export interface TerminalTokenReply {
  ok: true;
  accessToken: string;
  response: Record<string, unknown>;
}

export interface TerminalResponseReply {
  ok: true;
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export interface TerminalFailureReply {
  ok: false;
  code: string;
  message: string;
  hint?: string;
}

export type TerminalReply = TerminalTokenReply | TerminalResponseReply | TerminalFailureReply;

/** Whether a header name is one the window sets itself, so a terminal may not. */
export function reservedHeader(name: string): boolean {
  return RESERVED_HEADERS.has(name.toLowerCase());
}

const bad = (what: string) => new OAuthJwtError('TERMINAL_REFUSED', `The ${what} over the terminal handle is malformed.`,
  'Use the oauth-jwt that VS Code puts on PATH in its integrated terminals, from the same version of the extension.');

function parseLine(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad(what);
  }
  if (!isNonArrayObject(value)) throw bad(what);
  return value;
}

function isPairs(value: unknown, max: number, valid: (name: string, value: string) => boolean): value is Array<[string, string]> {
  return Array.isArray(value) && value.length <= max
    && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string' && valid(pair[0], pair[1]));
}

const requestHeader = (name: string, value: string) =>
  HEADER_NAME.test(name) && !reservedHeader(name) && value.length <= MAX_TERMINAL_HEADER_VALUE_CHARS && !/[\r\n\0]/.test(value);

export function parseTerminalRequest(text: string): TerminalRequest {
  const value = parseLine(text, 'request');
  const { type, secret, profile } = value;
  if ((type !== 'token' && type !== 'request') || typeof secret !== 'string' || typeof profile !== 'string' || profile === '' || profile.length > 200) throw bad('request');
  if (type === 'token') return { type, secret, profile };
  const { method, url, headers, body } = value;
  if (typeof method !== 'string' || !(TERMINAL_METHODS as readonly string[]).includes(method)) throw bad('request');
  if (typeof url !== 'string' || url === '' || url.length > MAX_URL_CHARS) throw bad('request');
  if (!isPairs(headers, MAX_TERMINAL_HEADERS, requestHeader)) throw bad('request');
  if (body !== undefined && typeof body !== 'string') throw bad('request');
  return { type, secret, profile, method: method as TerminalMethod, url, headers: headers.map(([n, v]) => [n, v]), ...(body !== undefined ? { body } : {}) };
}

export function parseTerminalReply(text: string): TerminalReply {
  const value = parseLine(text, 'reply');
  if (value.ok === true && typeof value.accessToken === 'string' && value.accessToken !== '' && isNonArrayObject(value.response)) {
    return { ok: true, accessToken: value.accessToken, response: value.response };
  }
  if (value.ok === true && Number.isInteger(value.status) && (value.status as number) >= 100 && (value.status as number) <= 599
    && isPairs(value.headers, 1000, () => true) && typeof value.body === 'string') {
    return { ok: true, status: value.status as number, headers: value.headers.map(([n, v]) => [n, v]), body: value.body };
  }
  if (value.ok === false && typeof value.code === 'string' && typeof value.message === 'string' && (value.hint === undefined || typeof value.hint === 'string')) {
    return { ok: false, code: value.code, message: value.message, hint: value.hint };
  }
  throw bad('reply');
}

/** A `token` request's answer (an API response is not one). */
export function isTokenReply(reply: TerminalReply): reply is TerminalTokenReply {
  return reply.ok && 'accessToken' in reply;
}

/** A `request` request's answer. */
export function isResponseReply(reply: TerminalReply): reply is TerminalResponseReply {
  return reply.ok && 'status' in reply;
}

/** The malformed-reply error, for a reply of the wrong kind. */
export function malformedReply(): OAuthJwtError {
  return bad('reply');
}

/** A requested URL as VS Code's question and log show it: origin and path (never the query, which may carry secrets), at most 200 characters. */
export function shownTerminalUrl(url: string): string {
  const shown = displayOriginAndPath(url);
  return shown.length > 200 ? `${shown.slice(0, 199)}…` : shown;
}
