/**
 * The contract between the extension and `oauth-jwt` in its integrated terminals: the environment
 * variables the extension sets, and the one request and reply that travel over the handle (a Unix
 * socket or a Windows named pipe), each a single line of JSON. Imported by both sides; Node only.
 */
import { OAuthJwtError } from '../core/errors';
import { isNonArrayObject } from '../core/plainObject';

/** The socket path or pipe name of this window's handle. */
export const TERMINAL_HANDLE_ENV = 'OAUTH_JWT_IPC_HANDLE';
/** This window's random secret: a request without it is refused. */
export const TERMINAL_SECRET_ENV = 'OAUTH_JWT_IPC_SECRET';

/** A request line is small (a profile name and the secret); anything longer is refused unread. */
export const MAX_TERMINAL_REQUEST_BYTES = 4096;
/** A reply carries at most a token response (itself capped at 1 MiB by core/http) as JSON. */
export const MAX_TERMINAL_REPLY_BYTES = 2 * 1024 * 1024 + 4096;

export interface TerminalTokenRequest {
  type: 'token';
  secret: string;
  profile: string;
}

export type TerminalReply =
  | { ok: true; accessToken: string; response: Record<string, unknown> }
  | { ok: false; code: string; message: string; hint?: string };

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

export function parseTerminalRequest(text: string): TerminalTokenRequest {
  const value = parseLine(text, 'request');
  const { type, secret, profile } = value;
  if (type !== 'token' || typeof secret !== 'string' || typeof profile !== 'string' || profile === '' || profile.length > 200) throw bad('request');
  return { type, secret, profile };
}

export function parseTerminalReply(text: string): TerminalReply {
  const value = parseLine(text, 'reply');
  if (value.ok === true && typeof value.accessToken === 'string' && value.accessToken !== '' && isNonArrayObject(value.response)) {
    return { ok: true, accessToken: value.accessToken, response: value.response };
  }
  if (value.ok === false && typeof value.code === 'string' && typeof value.message === 'string' && (value.hint === undefined || typeof value.hint === 'string')) {
    return { ok: false, code: value.code, message: value.message, hint: value.hint };
  }
  throw bad('reply');
}
