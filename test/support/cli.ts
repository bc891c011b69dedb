import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI (npm test builds dist/ before the unit suites run). */
export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  args: string[];
}

/** Every run made through this helper, so a suite can scan all output for canaries. */
export const allRuns: CliRun[] = [];

/** Runs `oauth-jwt ARGS` as a real process. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const run = { code, stdout, stderr, args };
      allRuns.push(run);
      resolve(run);
    });
    child.stdin.end(options.stdin ?? '');
  });
}
