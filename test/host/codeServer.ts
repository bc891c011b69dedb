/**
 * Starts code-server (VS Code's web build with a Node extension host) for one host session, on
 * loopback, with its own user data and extensions folders, and ends its whole process group.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Toolchain } from './toolchain';
import { registerDisplayLanguage, writeUserSettings } from './userSettings';
import { listeningPort } from '../../src/sandbox/codeServer';

export interface CodeServer {
  readonly port: number;
  /** Resolves with a description when code-server exits before {@link stop}. */
  readonly exited: Promise<string>;
  /** Ends code-server and everything it started (extension host, file watcher, …). */
  stop(): void;
}

export interface CodeServerOptions {
  readonly toolchain: Toolchain;
  /** The session's temp folder: user data, extensions, HOME and XDG folders go inside. */
  readonly dir: string;
  readonly trusted: boolean;
  /** Every line code-server prints. */
  readonly onOutput: (line: string) => void;
  /** The display language (`--locale`), e.g. 'de'; English when absent. */
  readonly locale?: string;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { dir, toolchain } = options;
  const home = join(dir, 'home');
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  for (const sub of [home, extensions, join(home, '.config'), join(home, '.local', 'share'), join(home, '.cache'), join(home, '.local', 'state')]) {
    mkdirSync(sub, { recursive: true });
  }
  writeUserSettings(userData);
  if (options.locale) registerDisplayLanguage(userData, options.locale);
  const config = join(dir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const args = [
    toolchain.codeServerEntry,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--config', config,
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // Essential: without it code-server ignores the `payload` parameter and never loads the
    // extension under test, silently.
    '--vscode-option', 'enable-smoke-test-driver',
    ...(options.trusted ? ['--disable-workspace-trust'] : []),
    ...(options.locale ? ['--locale', options.locale] : []),
  ];
  const child = spawn(toolchain.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${toolchain.nodeBinDir}:${process.env.PATH ?? ''}`,
      LANG: 'C.UTF-8',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      TMPDIR: dir,
      EXTENSIONS_GALLERY: '{}',
    },
  });

  let stopping = false;
  const stop = () => {
    if (stopping || child.pid === undefined) return;
    stopping = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) resolve(`code-server exited early (code ${code}, signal ${signal})`);
    });
  });

  const port = await listeningPort(child, options.onOutput, exited).catch((error: unknown) => {
    stop();
    throw error;
  });

  return { port, exited, stop };
}
