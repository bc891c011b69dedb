/**
 * The handle through which `oauth-jwt` in an integrated terminal asks its VS Code window for a
 * token or an API call with it: a Unix socket in a private folder (0700 folder, 0600 socket), or a named pipe on Windows.
 * Every request must carry the window's random secret (compared in constant time); the handle and
 * its folder are gone once closed. Node only, no vscode import: the unit tests run it on a real socket.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asOAuthJwtError, OAuthJwtError } from '../../core/errors';
import { MAX_TERMINAL_REPLY_BYTES, MAX_TERMINAL_REQUEST_BYTES, parseTerminalRequest, type TerminalAsk, type TerminalReply, type TerminalRequest } from '../../shared/terminalProtocol';

/** A client that connects and says nothing is dropped after this long. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface TerminalIpcServer {
  /** The socket path (or pipe name) to give terminals. */
  readonly handle: string;
  /** The private folder (mode 0700) holding the socket; also the place for the CLI's shim. */
  readonly folder: string;
  /** Stops answering, ends open connections and removes the folder. */
  close(): Promise<void>;
}

export interface TerminalIpcOptions {
  /** The window's secret; a request carrying anything else is refused. */
  secret: string;
  /** Answers an authenticated request; `signal` aborts when the client goes away. */
  onRequest(request: TerminalAsk, signal: AbortSignal): Promise<TerminalReply>;
  /** Told of each refused request (wrong secret, malformed), without the secret. */
  onRefused?(reason: string): void;
  /** Where the private folder is made (default: the OS temp folder; Unix socket paths must stay short). */
  parent?: string;
  platform?: NodeJS.Platform;
}

/** A fresh per-window secret (256 bits, base64url). */
export function newTerminalSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time equality that also hides the length: both sides hashed first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export async function startTerminalIpcServer(options: TerminalIpcOptions): Promise<TerminalIpcServer> {
  const platform = options.platform ?? process.platform;
  const folder = await mkdtemp(join(options.parent ?? tmpdir(), 'oauth-jwt-'));
  await chmod(folder, 0o700);
  const handle = platform === 'win32' ? `\\\\.\\pipe\\oauth-jwt-${randomBytes(16).toString('hex')}` : join(folder, 'ipc.sock');
  const sockets = new Set<Socket>();

  const reply = (socket: Socket, answer: TerminalReply) => {
    if (socket.destroyed) return;
    let line = JSON.stringify(answer);
    // The CLI reads no more than this: past it, a clear refusal instead of a cut-off line.
    if (Buffer.byteLength(line, 'utf8') + 1 > MAX_TERMINAL_REPLY_BYTES) {
      line = JSON.stringify({ ok: false, code: 'RESPONSE_TOO_LARGE', message: `The answer is too large to hand to the terminal (more than ${MAX_TERMINAL_REPLY_BYTES} bytes as JSON).`, hint: 'Pass --key FILE to call the API from the terminal itself.' } satisfies TerminalReply);
    }
    socket.end(`${line}\n`);
  };
  const refuse = (socket: Socket, reason: string, message: string, hint: string) => {
    options.onRefused?.(reason);
    reply(socket, { ok: false, code: 'TERMINAL_REFUSED', message, hint });
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    const controller = new AbortController();
    socket.on('close', () => {
      sockets.delete(socket);
      controller.abort();
    });
    socket.on('error', () => socket.destroy());
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
    let received = '';
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end < 0 && bytes <= MAX_TERMINAL_REQUEST_BYTES) return;
      socket.off('data', onData);
      socket.setTimeout(0); // the answer may wait for the user and an exchange
      // Too large whether or not its end arrived in the same chunk as the bytes past the limit.
      if (end < 0 || Buffer.byteLength(received.slice(0, end), 'utf8') > MAX_TERMINAL_REQUEST_BYTES) {
        return refuse(socket, 'request too large', 'The request over the terminal handle is too large.', 'Use the oauth-jwt that VS Code puts on PATH.');
      }
      void answer(socket, received.slice(0, end), controller.signal);
    };
    socket.on('data', onData);
  });

  const answer = async (socket: Socket, line: string, signal: AbortSignal) => {
    let request: TerminalRequest;
    try {
      request = parseTerminalRequest(line);
    } catch (error) {
      return refuse(socket, 'malformed request', asOAuthJwtError(error, 'TERMINAL_REFUSED', 'Malformed request.').message, 'Use the oauth-jwt that VS Code puts on PATH.');
    }
    if (!sameSecret(request.secret, options.secret)) {
      return refuse(socket, `wrong secret (profile ${JSON.stringify(request.profile)})`, 'This VS Code window refused the request: it did not carry the window\'s secret.',
        'Run oauth-jwt in an integrated terminal of the window that holds the profile (a terminal opened before a reload needs to be reopened), or pass --key FILE.');
    }
    let answerValue: TerminalReply;
    try {
      const { secret: _secret, ...ask } = request;
      answerValue = await options.onRequest(ask, signal);
    } catch (error) {
      const failure = asOAuthJwtError(error, 'TERMINAL_UNAVAILABLE', 'VS Code could not answer the request.', 'Open the OAuth JWT log (OAuth JWT: Show Log) for details.');
      answerValue = { ok: false, code: failure.code, message: failure.message, hint: failure.hint };
    }
    reply(socket, answerValue);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(handle, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await rm(folder, { recursive: true, force: true });
    throw new OAuthJwtError('TERMINAL_UNAVAILABLE', `The terminal handle could not be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Integrated terminals of this window cannot ask it for tokens; pass --key FILE to oauth-jwt there, or reload the window.', { cause: error });
  });
  // Until this chmod the socket has the umask's mode, but it sits in a 0700 folder: nobody else can reach it meanwhile.
  if (platform !== 'win32') await chmod(handle, 0o600);

  let closed: Promise<void> | undefined;
  return {
    handle,
    folder,
    close: () => closed ??= (async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    })(),
  };
}
