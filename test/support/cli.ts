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

/** A client secret with every character form encoding must get right; present in every run's environment, never to be printed. */
export const CANARY_SECRET = 'canary-S3cr3t&x=y+z é/€';

/** Every run made through this helper, so a suite can scan all output for canaries. */
export const allRuns: CliRun[] = [];

/** Runs `oauth-jwt ARGS` as a real process. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET, ...options.env },
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
    // A command that never reads its standard input (a usage error exits at once) closes the pipe
    // before the write lands: EPIPE there is the child's choice, not a failure of the run.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Fails when any run so far printed one of the secrets or a line of one of the private keys. */
export function assertNoSecretPrinted(secrets: string[], privateKeyPems: string[]): void {
  const keyLines = privateKeyPems.flatMap((pem) => pem.split('\n').filter((line) => line.length > 40 && !line.startsWith('-----')));
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]);
  for (const run of allRuns) {
    const output = run.stdout + run.stderr;
    for (const secret of forms) if (output.includes(secret)) throw new Error(`a secret was printed by: oauth-jwt ${run.args.slice(0, 2).join(' ')}`);
    for (const line of keyLines) if (output.includes(line)) throw new Error(`key material was printed by: oauth-jwt ${run.args.slice(0, 2).join(' ')}`);
    if (/PRIVATE KEY/.test(output)) throw new Error(`a PEM private key was printed by: oauth-jwt ${run.args.slice(0, 2).join(' ')}`);
  }
}
