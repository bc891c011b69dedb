/** Makes sure Node 24, code-server and Chromium are installed (install-toolchain.sh) and finds them. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Toolchain {
  /** Node 24, which code-server requires. */
  readonly node: string;
  readonly nodeBinDir: string;
  /** code-server's JavaScript entry point, run with {@link node}. */
  readonly codeServerEntry: string;
  readonly chromium: string;
}

export const CODE_SERVER_VERSION = '4.139.1';

export function ensureToolchain(repoRoot: string): Toolchain {
  const script = join(repoRoot, 'test', 'host', 'install-toolchain.sh');
  // Progress goes to stderr as it happens; the last line of stdout is the cache folder.
  const stdout = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const cache = stdout.trim().split('\n').pop() ?? '';
  const node = join(cache, 'node24', 'node_modules', 'node', 'bin', 'node');
  const codeServerEntry = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const toolchain = { node, nodeBinDir: dirname(node), codeServerEntry, chromium: '/usr/bin/chromium' };
  for (const path of [node, codeServerEntry, toolchain.chromium]) {
    if (!existsSync(path)) throw new Error(`toolchain incomplete: ${path} is missing (delete the cache folder ${cache} to reinstall)`);
  }
  return toolchain;
}
