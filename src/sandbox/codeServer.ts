/**
 * code-server for `npm start` when the `code` command is absent: VS Code's web build, from the
 * cache folder the host tests install (test/host/install-toolchain.sh), with this repository loaded
 * as the extension under development.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Must match test/host/install-toolchain.sh. */
const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = 24;

export interface CodeServerInstall {
  node: string;
  entry: string;
}

export function toolchainCache(): string {
  return process.env.OAUTH_JWT_HOST_CACHE ?? join(homedir(), '.cache', 'oauth-jwt-bearer-host');
}

/** code-server and its Node 24, when install-toolchain.sh has completed once. */
export function findCodeServer(cache = toolchainCache()): CodeServerInstall | undefined {
  const marker = join(cache, `installed-node${NODE_MAJOR}-code-server${CODE_SERVER_VERSION}`);
  const node = join(cache, `node${NODE_MAJOR}`, 'node_modules', 'node', 'bin', 'node');
  const entry = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return existsSync(marker) && existsSync(node) && existsSync(entry) ? { node, entry } : undefined;
}

/**
 * Runs install-toolchain.sh without Chromium (only the host tests need a browser). Its progress
 * goes to the terminal. Returns undefined, after the script has said why, when it fails.
 */
export function installCodeServer(repoRoot: string): CodeServerInstall | undefined {
  const result = spawnSync('bash', [join(repoRoot, 'test', 'host', 'install-toolchain.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, OAUTH_JWT_TOOLCHAIN_SKIP_CHROMIUM: '1' },
  });
  if (result.status !== 0) return undefined;
  return findCodeServer(result.stdout.trim().split('\n').pop());
}

export interface RunningCodeServer {
  /** The workbench URL that opens the workspace with the extension loaded. */
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  install: CodeServerInstall;
  repoRoot: string;
  workspace: string;
  /** Folder for code-server's user data, extensions, HOME and XDG folders (emptied by the caller). */
  dir: string;
  /** Extra environment for the extension host. */
  extensionEnvironment: Record<string, string>;
  port: number;
  onOutput(line: string): void;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const { dir } = options;
  const home = join(dir, 'home');
  const userData = join(dir, 'user-data');
  for (const sub of [join(home, '.config'), join(home, '.local', 'share'), join(home, '.local', 'state'), join(home, '.cache'), join(userData, 'User'), join(dir, 'extensions')]) {
    mkdirSync(sub, { recursive: true });
  }
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  }, null, 2));
  const config = join(dir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const child = spawn(options.install.node, [
    options.install.entry,
    '--bind-addr', `127.0.0.1:${options.port}`,
    '--auth', 'none',
    '--config', config,
    '--user-data-dir', userData,
    '--extensions-dir', join(dir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // The sample workspace is ours: no Restricted Mode prompt before the first token.
    '--disable-workspace-trust',
    // Without it code-server ignores the `payload` URL parameter, and with it the extension under
    // development. It also exposes the workbench's automation hooks to the page: acceptable for
    // a page served on 127.0.0.1 to this user only.
    '--vscode-option', 'enable-smoke-test-driver',
  ], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${join(options.install.node, '..')}:${process.env.PATH ?? ''}`,
      LANG: process.env.LANG ?? 'C.UTF-8',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      EXTENSIONS_GALLERY: '{}',
      ...options.extensionEnvironment,
    },
  });

  const stop = () => stopProcessGroup(child);
  const port = await listeningPort(child, options.onOutput, new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`code-server exited at start (code ${code}, signal ${signal}); its output is above`));
  })).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options.repoRoot)],
    ['extensionEnvironment', JSON.stringify(options.extensionEnvironment)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return { url, child, stop };
}

/** SIGTERM to the whole process group (code-server, its extension host, watchers), SIGKILL after 3 s. */
/**
 * Resolves with the port code-server reports once it listens on 127.0.0.1, passing every output
 * line on; rejects when it fails to start, `exited` resolves first (with the reason), or 60 s pass.
 */
export function listeningPort(child: ChildProcess, onOutput: (line: string) => void, exited: Promise<string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not start listening within 60 s')), 60_000);
    void exited.then((why) => reject(new Error(why)));
    child.once('error', reject);
    for (const stream of [child.stdout!, child.stderr!]) {
      let pending = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          onOutput(line);
          const listening = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
          if (listening) {
            clearTimeout(timer);
            resolve(Number(listening[1]));
          }
        }
      });
    }
  });
}

export function stopProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      kill('SIGKILL'); // stragglers of the group
      resolve();
    });
    kill('SIGTERM');
  });
}
