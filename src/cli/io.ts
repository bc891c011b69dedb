import { writeSync } from 'node:fs';
import type { readBoundedStream } from '../core/boundedRead';

/** What a CLI command may touch, so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Standard input (only read by commands that need it), at most `maxBytes`: reading stops, and
   * INPUT_TOO_LARGE naming `what` is thrown, as soon as more arrives.
   */
  readStdin(maxBytes: number, what: string): Promise<string>;
  /** True when standard input is a terminal (nothing piped). */
  stdinIsTTY: boolean;
  /** True when standard output is a terminal: text from a server is then printed with its control characters made visible. */
  stdoutIsTTY?: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** Secrets read during the run (client secret, passphrase): scrubbed from anything printed. */
  secrets: string[];
}

/**
 * The real process. Start-up is most of a CLI run, so nothing here is made before a command needs
 * it: Node builds process.stdin/stdout (streams, net for a pipe), fs/promises and the SIGINT
 * handler only on first use, and each costs start-up time (bench/cliStartup.ts).
 */
export function processIo(): CliIo {
  let controller: AbortController | undefined;
  return {
    stdout: (text) => writeAll(1, text, () => process.stdout),
    stderr: (text) => writeAll(2, text, () => process.stderr),
    readStdin: async (maxBytes, what) => {
      const read = (require('../core/boundedRead') as { readBoundedStream: typeof readBoundedStream }).readBoundedStream;
      return (await read(process.stdin, maxBytes, what)).toString('utf8');
    },
    // node:tty loads net and the stream modules: asked only by a command that may read stdin.
    get stdinIsTTY() {
      return (require('node:tty') as typeof import('node:tty')).isatty(0);
    },
    get stdoutIsTTY() {
      return (require('node:tty') as typeof import('node:tty')).isatty(1);
    },
    env: process.env,
    cwd: process.cwd(),
    get signal() {
      if (!controller) {
        const made = new AbortController();
        process.once('SIGINT', () => made.abort());
        controller = made;
      }
      return controller.signal;
    },
    secrets: [],
  };
}

/**
 * Writes straight to the file descriptor (as process.stdout does for files and terminals anyway);
 * a pipe that is full and non-blocking (EAGAIN) gets the rest through the stream, which waits.
 * The stream is asked for only then: process.stdout's getter builds it (net, streams) at once.
 */
function writeAll(fd: number, text: string, stream: () => NodeJS.WriteStream): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    stream().write(bytes.subarray(written));
  }
}
