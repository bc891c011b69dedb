/**
 * Sorts what a host session prints: the test run's output goes to stdout, everything else
 * (workbench, code-server, browser console) only to the session's log file, unless verbose.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { SUMMARY_MARKER, TEST_OUTPUT_PREFIX } from './suites';

export interface SuiteCounts {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
}

export class HostLog {
  readonly #file: WriteStream;
  #counts: SuiteCounts | undefined;
  #closed = false;

  constructor(path: string, private readonly verbose: boolean) {
    this.#file = createWriteStream(path);
  }

  get counts(): SuiteCounts | undefined {
    return this.#counts;
  }

  /** True for lines written by the test run inside the host (see test/integration/index.ts). */
  isTestOutput(line: string): boolean {
    return line.startsWith(TEST_OUTPUT_PREFIX);
  }

  /** A line from window.codeAutomationLog: the extension host's and the workbench's console. */
  automation(type: string, line: string): void {
    this.#write(`[automation.${type}] ${line}\n`);
    if (this.isTestOutput(line)) {
      const text = line.slice(TEST_OUTPUT_PREFIX.length);
      if (text.startsWith(SUMMARY_MARKER)) this.#counts = JSON.parse(text.slice(SUMMARY_MARKER.length)) as SuiteCounts;
      else process.stdout.write(`${text}\n`);
    } else if (this.verbose) {
      process.stdout.write(`  [workbench ${type}] ${line}\n`);
    }
  }

  server(line: string): void {
    this.#write(`[code-server] ${line}\n`);
    if (this.verbose) process.stdout.write(`  [code-server] ${line}\n`);
  }

  browser(line: string): void {
    this.#write(`[browser] ${line}\n`);
  }

  close(): void {
    this.#closed = true;
    this.#file.end();
  }

  /** Processes may still print while they are being stopped: drop what comes after close. */
  #write(text: string): void {
    if (!this.#closed) this.#file.write(text);
  }
}
