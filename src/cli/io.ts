import { readBoundedStream } from '../core/boundedRead';

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
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** Secrets read during the run (client secret, passphrase): scrubbed from anything printed. */
  secrets: string[];
}

export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async (maxBytes, what) => (await readBoundedStream(process.stdin, maxBytes, what)).toString('utf8'),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    signal,
    secrets: [],
  };
}
