/**
 * Reading input that someone else may have chosen (a file named on the command line, a settings
 * file committed to a repository, a pipe) without letting it choose how much is read: regular
 * files only, and never more than the cap plus one byte.
 */
// fs.promises, not node:fs/promises: Node loads it (and readline, watchers, streams) on first use,
// which keeps it out of the start-up of a CLI command that reads no file (bench/cliStartup.ts).
import { constants, promises as fsp } from 'node:fs';
import { type Message, msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';

/** `what` names the input with its article, e.g. msg('The key file {0}', path): it begins each sentence. */
const tooLarge = (what: MessageArgument, maxBytes: number, hint: Message) =>
  new OAuthJwtError('INPUT_TOO_LARGE', msg('{0} is too large (more than {1} bytes).', what, maxBytes), hint);

function fileError(error: unknown, what: MessageArgument): OAuthJwtError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = code === 'ENOENT' ? msg('{0} does not exist.', what)
    : code === 'EISDIR' ? msg('{0} is a folder.', what)
    : code === 'EACCES' || code === 'EPERM' ? msg('{0} cannot be read (permission denied).', what)
    : code === 'ELOOP' ? msg('{0} is a loop of symbolic links.', what)
    : msg('{0} cannot be read.', what);
  return new OAuthJwtError('FILE_IO', message, msg('Check the path.'));
}

/**
 * Reads a regular file of at most `maxBytes` bytes. `what` names it in messages, e.g. "The key file
 * keys/private.key". Refused before any byte is read: a folder, a device such as /dev/zero, a FIFO
 * (which would wait for a writer forever) or a socket, also through a symbolic link (FILE_IO). A
 * file that grows past the cap is refused after reading `maxBytes + 1` bytes (INPUT_TOO_LARGE).
 */
export async function readBoundedFile(path: string, maxBytes: number, what: MessageArgument): Promise<Buffer> {
  const notRegular = () => new OAuthJwtError('FILE_IO', msg('{0} is not a regular file (it is a device, a pipe or a socket).', what), msg('Give the path of an ordinary file.'));
  let handle;
  try {
    // stat first, so that a device is never even opened.
    const before = await fsp.stat(path);
    if (before.isDirectory()) throw fileError({ code: 'EISDIR' }, what);
    if (!before.isFile()) throw notRegular();
    // O_NONBLOCK: were the path swapped for a FIFO after the stat, open() still returns at once.
    handle = await fsp.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular();
    if (opened.size > maxBytes) throw tooLarge(what, maxBytes, msg('Check that the right file was given.'));
    // Read in chunks to the end, or until one byte past the cap (the file may grow after the stat).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw tooLarge(what, maxBytes, msg('Check that the right file was given.'));
    }
    return Buffer.concat(chunks, length);
  } catch (error) {
    throw error instanceof OAuthJwtError ? error : fileError(error, what);
  } finally {
    await handle?.close();
  }
}

/**
 * Collects a stream (standard input) up to `maxBytes`, and stops reading as soon as it holds more:
 * nothing past the cap is kept, and the stream is destroyed (INPUT_TOO_LARGE naming `what`).
 */
export async function readBoundedStream(stream: AsyncIterable<Uint8Array | string>, maxBytes: number, what: MessageArgument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  // Leaving the loop early (the throw) ends the iteration, which destroys a Node stream.
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    length += bytes.length;
    if (length > maxBytes) throw tooLarge(what, maxBytes, msg('Check what was piped in.'));
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, length);
}
