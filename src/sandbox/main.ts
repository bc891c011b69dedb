/**
 * `npm start`: the local identity sandbox plus the extension, in a real editor.
 *
 *   npm start [-- --editor auto|code|code-server|none] [--port N]
 *
 * 1. starts the sandbox servers on 127.0.0.1 with a fresh key pair (identitySandbox.ts);
 * 2. writes the sample workspace under .sandbox/ (sampleWorkspace.ts);
 * 3. opens it with this repository as the extension under development: `code` when that command
 *    exists, else code-server in a browser (installed once into a cache folder);
 * 4. prints the URLs and stays up until Ctrl-C (or, with `code`, until its window closes), then
 *    stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import { SANDBOX_STOPPED, startIdentitySandbox, type IdentitySandbox } from './identitySandbox';
import { findCodeServer, installCodeServer, startCodeServer, stopProcessGroup, toolchainCache, type RunningCodeServer } from './codeServer';
import { SANDBOX_PROVISION_ENV } from '../shared/sandboxProvision';
import { writeSampleWorkspace } from './sampleWorkspace';

type Editor = 'auto' | 'code' | 'code-server' | 'none';

const repoRoot = resolve(__dirname, '..');
const sandboxDir = join(repoRoot, '.sandbox');
const started = performance.now();
const elapsed = () => `${Math.round(performance.now() - started)} ms`;
const say = (line = '') => process.stdout.write(`${line}\n`);

function parseArgs(argv: string[]): { editor: Editor; port: number } {
  let editor: Editor = 'auto';
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? '';
    if (arg === '--editor') editor = value() as Editor;
    else if (arg === '--port') port = Number(value());
    else if (arg === '--help' || arg === '-h') {
      say('npm start [-- --editor auto|code|code-server|none] [--port N]   (code-server port; default: a free one)');
      process.exit(0);
    } else {
      throw new Error(`unknown option ${arg} (see npm start -- --help)`);
    }
  }
  if (!['auto', 'code', 'code-server', 'none'].includes(editor)) throw new Error('--editor takes auto, code, code-server or none');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes a port number');
  return { editor, port };
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    say(SANDBOX_STOPPED);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const { editor, port } = parseArgs(process.argv.slice(2));
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm start` (it builds first), not this file directly');

  const sandbox: IdentitySandbox = await startIdentitySandbox();
  stops.push(() => sandbox.close());
  const cli = `node ${relative(join(sandboxDir, 'workspace'), join(repoRoot, 'dist', 'cli.js'))}`;
  const workspace = await writeSampleWorkspace(sandboxDir, sandbox, cli);
  say(`Identity sandbox up after ${elapsed()} (a fresh RSA 2048 key pair, registered with every server):`);
  for (const { label, url } of sandbox.endpoints) say(`  ${label.padEnd(56)} ${url}`);
  say(`Sample workspace: ${workspace.folder}`);
  say(`  profiles: ${sandbox.profiles.map((p) => p.name).join(', ')} (in .vscode/settings.json)`);
  say('  private.key and the Workfront client secret are throwaway test values; the extension imports them at start.');
  say();

  const env = { [SANDBOX_PROVISION_ENV]: workspace.provisionFile };
  const code = editor === 'auto' || editor === 'code' ? onPath('code') : undefined;
  if (editor === 'code' && !code) throw new Error('--editor code: the `code` command is not on PATH (VS Code: "Shell Command: Install \'code\' command in PATH")');

  if (code) {
    await runDesktop(code, workspace.folder, env);
  } else if (editor === 'auto' || editor === 'code-server') {
    const server = await runCodeServer(workspace.folder, env, port);
    say();
    say(`Open this URL in a browser (VS Code in the browser, with the extension loaded; ready after ${elapsed()}):`);
    say(`  ${server.url}`);
    say('Then click the "Sandbox Workfront" item at the right of the status bar: it gets a token and copies it.');
  } else {
    say('No editor started (--editor none). The CLI works against the sandbox, e.g. in the workspace folder:');
    say(`  ${cli} token --profile "${sandbox.profiles[1]!.name}" --key private.key`);
  }
  say();
  say('Press Ctrl-C to stop everything.');
}

async function runDesktop(code: string, folder: string, env: Record<string, string>): Promise<void> {
  const dir = join(sandboxDir, 'vscode');
  rmSync(dir, { recursive: true, force: true });
  // Its own user data folder: a separate VS Code instance (so the environment reaches its
  // extension host) whose SecretStorage is not the user's everyday one.
  const args = ['--new-window', '--wait', '--disable-workspace-trust', '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions'), `--extensionDevelopmentPath=${repoRoot}`, folder];
  say(`Starting VS Code: code ${args.join(' ')}`);
  const child: ChildProcess = spawn(code, args, { stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
  stops.push(() => stopProcessGroup(child));
  child.once('exit', () => {
    say('The VS Code window was closed: stopping the sandbox.');
    void stopAll(0);
  });
  child.once('error', (error) => {
    say(`VS Code could not be started: ${error.message}`);
    void stopAll(1);
  });
}

async function runCodeServer(folder: string, env: Record<string, string>, port: number): Promise<RunningCodeServer> {
  say('The `code` command is not on PATH: using code-server (VS Code in a browser).');
  let install = findCodeServer();
  if (!install) {
    say(`code-server is not installed yet: installing it into ${toolchainCache()} with test/host/install-toolchain.sh.`);
    say('  This takes about 3 minutes and 620 MB the first time (Node 24 and code-server from the npm registry,');
    say('  and the Debian package libkrb5-dev through apt-get, as root, if it is missing).');
    say('  No browser is installed: open the printed URL in any browser.');
    install = installCodeServer(repoRoot);
    if (!install) {
      throw new Error([
        'code-server could not be installed: the installer named the cause and its remedy above. After that remedy,',
        '  run `npm start` again; or install VS Code and its `code` command, then `npm start` again; or',
        '  `npm start -- --editor none` for the sandbox servers alone (use the CLI against them).',
      ].join('\n'));
    }
  }
  const dir = join(sandboxDir, 'code-server');
  rmSync(dir, { recursive: true, force: true });
  const output: string[] = [];
  const server = await startCodeServer({ install, repoRoot, workspace: folder, dir, extensionEnvironment: env, port, onOutput: (line) => output.push(line) }).catch((error: unknown) => {
    for (const line of output.slice(-20)) say(`  code-server: ${line}`);
    throw error;
  });
  stops.push(() => server.stop());
  server.child.once('exit', (code, signal) => {
    if (stopping) return;
    for (const line of output.slice(-20)) say(`  code-server: ${line}`);
    say(`code-server stopped unexpectedly (code ${code}, signal ${signal}): stopping the sandbox.`);
    void stopAll(1);
  });
  return server;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    say(`\n${signal}: stopping the sandbox${stops.length > 1 ? ' and the editor' : ''}…`);
    void stopAll(0);
  });
}

main().catch((error: unknown) => {
  say(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
