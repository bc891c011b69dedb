/**
 * `oauth-jwt token --profile NAME` and `oauth-jwt request --profile NAME URL` without --key, in an
 * integrated terminal of VS Code: asks the window that opened the terminal, over the handle it put
 * in the environment. The key stays in VS Code: `token` gets only the access token; for `request`
 * the window makes the call itself (with a DPoP proof or the client certificate as the profile
 * needs) and hands back the response.
 */
import { connect } from 'node:net';
import { type ErrorCode, OAuthJwtError } from '../core/errors';
import {
  isResponseReply, isTokenReply, malformedReply, MAX_TERMINAL_HEADER_VALUE_CHARS, MAX_TERMINAL_HEADERS, MAX_TERMINAL_REPLY_BYTES, MAX_TERMINAL_REQUEST_BYTES, parseTerminalReply, reservedHeader,
  TERMINAL_HANDLE_ENV, TERMINAL_SECRET_ENV, type TerminalFailureReply, type TerminalMethod, type TerminalReply, type TerminalRequest,
} from '../shared/terminalProtocol';
import { UsageError } from './args';
import type { CliIo } from './io';
import { printResponse, visibleControls } from './responseOutput';

/** The user may take a while to answer VS Code's question, and an exchange may follow. */
const REPLY_TIMEOUT_MS = 10 * 60_000;

/** True when this process runs in an integrated terminal that can ask VS Code. */
export function canAskExtension(io: CliIo): boolean {
  return Boolean(io.env[TERMINAL_HANDLE_ENV]);
}

/**
 * Prints the profile's access token (or its whole token response with `json`) as VS Code gives
 * it. Options that change the request are refused: the window uses the profile as its settings say.
 */
export async function tokenFromExtension(values: Record<string, unknown>, io: CliIo): Promise<number> {
  const profile = values.profile;
  if (typeof profile !== 'string') throw new UsageError('--key FILE is required (or --profile NAME, which this VS Code terminal can ask the window for)');
  refuseOthers(values, ['profile', 'json']);
  const reply = await ask(io, { type: 'token', secret: windowSecret(io), profile });
  if (!isTokenReply(reply)) throw malformedReply();
  io.stdout(values.json ? `${JSON.stringify(reply.response, null, 2)}\n` : `${reply.accessToken}\n`);
  return 0;
}

/** An API call as `request` parsed it. */
export interface ExtensionCall {
  method: TerminalMethod;
  url: URL;
  headers: Array<[string, string]>;
  body?: string;
}

/**
 * `request` through the window: the window checks the URL's origin against those confirmed for the
 * profile's token (asking in VS Code otherwise), calls it, and answers with the status, the
 * headers and the body (at most 1 MiB), which are printed as `request` prints its own calls.
 */
export async function requestThroughExtension(values: Record<string, unknown>, call: ExtensionCall, io: CliIo): Promise<number> {
  const profile = values.profile;
  if (typeof profile !== 'string') throw new UsageError('--key FILE is required (or --profile NAME, which this VS Code terminal can ask the window for)');
  refuseOthers(values, ['profile', 'request', 'request-header', 'data', 'include']);
  const reserved = call.headers.find(([name]) => reservedHeader(name));
  if (reserved) throw new UsageError(`-H ${reserved[0]} is not allowed: VS Code sets it (or it would change how the request travels)`);
  if (call.headers.length > MAX_TERMINAL_HEADERS) throw new UsageError(`at most ${MAX_TERMINAL_HEADERS} -H headers go through VS Code; pass --key FILE for more`);
  const long = call.headers.find(([, value]) => value.length > MAX_TERMINAL_HEADER_VALUE_CHARS);
  if (long) throw new UsageError(`-H ${long[0]}: a header value that goes through VS Code is at most ${MAX_TERMINAL_HEADER_VALUE_CHARS} characters; pass --key FILE for longer ones`);
  const headers = [...call.headers];
  if (call.body !== undefined && !headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  const request: TerminalRequest = { type: 'request', secret: windowSecret(io), profile, method: call.method, url: call.url.href, headers, ...(call.body !== undefined ? { body: call.body } : {}) };
  const reply = await ask(io, request);
  if (!isResponseReply(reply)) throw malformedReply();
  return printResponse(io, call.method, call.url, reply, values.include === true);
}

/** Options that change the token or where it may go are the window's business: asked through VS Code, they need --key. */
function refuseOthers(values: Record<string, unknown>, allowed: string[]): void {
  const others = Object.keys(values).filter((name) => values[name] !== undefined && !allowed.includes(name));
  if (others.length > 0) {
    throw new UsageError(`--${others[0]} needs --key FILE: asked through VS Code, the profile is used exactly as the window's settings say${others[0] === 'allow-origin' ? ' (origins are confirmed there)' : ''}`);
  }
}

function windowSecret(io: CliIo): string {
  const secret = io.env[TERMINAL_SECRET_ENV];
  if (!secret) throw unavailable(`${TERMINAL_SECRET_ENV} is not set`);
  io.secrets.push(secret);
  return secret;
}

/** Sends the request and returns a successful reply; a refusal or failure in the window is thrown with its text (controls made visible). */
async function ask(io: CliIo, request: TerminalRequest): Promise<Exclude<TerminalReply, TerminalFailureReply>> {
  const line = `${JSON.stringify(request)}\n`;
  if (Buffer.byteLength(line, 'utf8') > MAX_TERMINAL_REQUEST_BYTES) {
    throw new UsageError(`the request is too large to go through VS Code (at most ${MAX_TERMINAL_REQUEST_BYTES / 1024} KiB with its -d body); pass --key FILE to send it from here`);
  }
  const reply = await exchange(io.env[TERMINAL_HANDLE_ENV]!, line, io.signal);
  if (!reply.ok) {
    // The window's own error codes; only their text reaches the user.
    throw new OAuthJwtError(/^[A-Z_]{1,40}$/.test(reply.code) ? reply.code as ErrorCode : 'TERMINAL_REFUSED', visibleControls(reply.message), reply.hint === undefined ? undefined : visibleControls(reply.hint));
  }
  return reply;
}

function unavailable(why: string): OAuthJwtError {
  return new OAuthJwtError('TERMINAL_UNAVAILABLE', `The VS Code window that opened this terminal cannot be asked for a token (${why}).`,
    'It was probably closed or reloaded: open a new integrated terminal, or pass --key FILE.');
}

function exchange(handle: string, request: string, signal?: AbortSignal): Promise<TerminalReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(handle);
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (error: OAuthJwtError) => {
      socket.destroy();
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => fail(new OAuthJwtError('CANCELLED', 'Cancelled; VS Code may still show its question.', 'Answer Deny there, or leave it.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(REPLY_TIMEOUT_MS, () => fail(unavailable('no answer within 10 minutes')));
    socket.on('connect', () => socket.write(request));
    socket.on('error', (error: NodeJS.ErrnoException) => fail(unavailable(error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? 'its handle is gone' : error.code ?? 'connection failed')));
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_TERMINAL_REPLY_BYTES) fail(unavailable('its reply is too large'));
      else chunks.push(chunk);
    });
    socket.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return reject(unavailable('it closed the connection without an answer'));
      try {
        resolve(parseTerminalReply(text));
      } catch (error) {
        reject(error);
      }
    });
  });
}
