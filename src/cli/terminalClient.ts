/**
 * `oauth-jwt token --profile NAME` without --key, in an integrated terminal of VS Code: asks the
 * window that opened the terminal, over the handle it put in the environment. The key stays in
 * VS Code; this side only ever sees the access token.
 */
import { connect } from 'node:net';
import { type ErrorCode, OAuthJwtError } from '../core/errors';
import { MAX_TERMINAL_REPLY_BYTES, parseTerminalReply, TERMINAL_HANDLE_ENV, TERMINAL_SECRET_ENV, type TerminalReply } from '../shared/terminalProtocol';
import { UsageError } from './args';
import type { CliIo } from './io';

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
  const others = Object.keys(values).filter((name) => values[name] !== undefined && name !== 'profile' && name !== 'json');
  if (others.length > 0) {
    throw new UsageError(`--${others[0]} needs --key FILE: asked through VS Code, the profile is used exactly as the window's settings say`);
  }
  const secret = io.env[TERMINAL_SECRET_ENV];
  if (!secret) throw unavailable(`${TERMINAL_SECRET_ENV} is not set`);
  io.secrets.push(secret);
  const reply = await ask(io.env[TERMINAL_HANDLE_ENV]!, `${JSON.stringify({ type: 'token', secret, profile })}\n`, io.signal);
  if (!reply.ok) {
    // The window's own error codes; only their text reaches the user.
    throw new OAuthJwtError(/^[A-Z_]{1,40}$/.test(reply.code) ? reply.code as ErrorCode : 'TERMINAL_REFUSED', reply.message, reply.hint);
  }
  io.stdout(values.json ? `${JSON.stringify(reply.response, null, 2)}\n` : `${reply.accessToken}\n`);
  return 0;
}

function unavailable(why: string): OAuthJwtError {
  return new OAuthJwtError('TERMINAL_UNAVAILABLE', `The VS Code window that opened this terminal cannot be asked for a token (${why}).`,
    'It was probably closed or reloaded: open a new integrated terminal, or pass --key FILE.');
}

function ask(handle: string, request: string, signal?: AbortSignal): Promise<TerminalReply> {
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
