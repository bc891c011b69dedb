/**
 * The integrated terminal's handle to the extension (src/vscode/terminal/ipcServer.ts) on a real
 * socket, the CLI's client side (src/cli/terminalClient.ts) through the built dist/cli.js, and the
 * `oauth-jwt` shim that runs it on the host's runtime.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TERMINAL_HANDLE_ENV, TERMINAL_SECRET_ENV, type TerminalReply } from '../../src/shared/terminalProtocol';
import { cliShimScripts, writeCliShim } from '../../src/vscode/terminal/cliShim';
import { newTerminalSecret, startTerminalIpcServer, type TerminalIpcServer } from '../../src/vscode/terminal/ipcServer';
import { CLI, runCli } from '../support/cli';

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXJtaW5hbCJ9.terminal-token';
const posix = process.platform !== 'win32';

let server: TerminalIpcServer;
let secret: string;
const asked: string[] = [];
const refused: string[] = [];

before(async () => {
  secret = newTerminalSecret();
  server = await startTerminalIpcServer({
    secret,
    onRequest: async ({ profile }): Promise<TerminalReply> => {
      asked.push(profile);
      if (profile === 'Denied') return { ok: false, code: 'TERMINAL_DENIED', message: 'The request was denied in VS Code; nothing was sent.', hint: 'Choose Allow.' };
      return { ok: true, accessToken: TOKEN, response: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300 } };
    },
    onRefused: (reason) => refused.push(reason),
  });
});
after(() => server.close());

const env = (overrides: Record<string, string> = {}) => ({ [TERMINAL_HANDLE_ENV]: server.handle, [TERMINAL_SECRET_ENV]: secret, ...overrides });

/** Sends raw bytes and returns what the server answered before closing. */
function rawRequest(handle: string, payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(handle, () => socket.write(payload));
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

test('the handle is a socket in a private folder: folder 0700, socket 0600', { skip: !posix }, () => {
  assert.equal(statSync(server.folder).mode & 0o777, 0o700);
  assert.ok(statSync(server.handle).isSocket());
  assert.equal(statSync(server.handle).mode & 0o777, 0o600);
  assert.ok(server.handle.startsWith(server.folder));
});

test('oauth-jwt token --profile NAME without --key asks the window and prints its token', async () => {
  const run = await runCli(['token', '--profile', 'LogicNets'], { env: env() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${TOKEN}\n`);
  assert.equal(asked.at(-1), 'LogicNets');
  const json = await runCli(['token', '--profile', 'LogicNets', '--json'], { env: env() });
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), { access_token: TOKEN, token_type: 'Bearer', expires_in: 300 });
});

test('a denial in VS Code: exit 1 with the window\'s message, nothing on stdout', async () => {
  const run = await runCli(['token', '--profile', 'Denied'], { env: env() });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /denied in VS Code; nothing was sent\.\n {2}Choose Allow\./);
});

test('a forged secret (or another window\'s) is refused before the window is asked, and never printed', async () => {
  const before = asked.length;
  const forged = newTerminalSecret();
  const run = await runCli(['token', '--profile', 'LogicNets'], { env: env({ [TERMINAL_SECRET_ENV]: forged }) });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /refused the request: it did not carry the window's secret/);
  assert.ok(!run.stderr.includes(forged) && !run.stderr.includes(secret));
  // A secret of the right length but one character off, sent by hand.
  const offByOne = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
  const reply = JSON.parse(await rawRequest(server.handle, `${JSON.stringify({ type: 'token', secret: offByOne, profile: 'LogicNets' })}\n`));
  assert.equal(reply.ok, false);
  assert.equal(reply.code, 'TERMINAL_REFUSED');
  assert.equal(asked.length, before, 'the window was asked despite a wrong secret');
  assert.ok(refused.some((r) => r.startsWith('wrong secret')));
  assert.ok(!refused.join('\n').includes(offByOne));
});

test('malformed and oversized requests are refused; the server keeps answering', async () => {
  const before = asked.length;
  assert.equal(JSON.parse(await rawRequest(server.handle, 'not json\n')).code, 'TERMINAL_REFUSED');
  assert.equal(JSON.parse(await rawRequest(server.handle, `${JSON.stringify({ type: 'token', secret })}\n`)).code, 'TERMINAL_REFUSED');
  assert.equal(JSON.parse(await rawRequest(server.handle, Buffer.alloc(64 * 1024, 'a'))).code, 'TERMINAL_REFUSED');
  assert.equal(asked.length, before);
  assert.equal((await runCli(['token', '--profile', 'LogicNets'], { env: env() })).code, 0);
});

test('options that would change the request need --key; without the handle, --key is required as before', async () => {
  const run = await runCli(['token', '--profile', 'LogicNets', '--scope', 'admin'], { env: env() });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--scope needs --key FILE/);
  const plain = await runCli(['token', '--profile', 'LogicNets'], { env: {} });
  assert.equal(plain.code, 2);
  assert.match(plain.stderr, /--key/);
});

test('a closed handle (the window closed): exit 1 saying to open a new terminal, and its folder is gone', async () => {
  const other = await startTerminalIpcServer({ secret, onRequest: async () => ({ ok: false, code: 'X', message: 'unreachable' }) });
  await other.close();
  assert.equal(existsSync(other.folder), false);
  const run = await runCli(['token', '--profile', 'LogicNets'], { env: env({ [TERMINAL_HANDLE_ENV]: other.handle }) });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot be asked for a token \(its handle is gone\)\.\n {2}.*open a new integrated terminal, or pass --key FILE/);
});

test('the shim runs the CLI on the given runtime with ELECTRON_RUN_AS_NODE=1, quoting odd paths', { skip: !posix }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "oauth-jwt-shim-it's $HOME "));
  try {
    const probe = join(dir, 'probe.js');
    writeFileSync(probe, 'process.stdout.write(JSON.stringify({ e: process.env.ELECTRON_RUN_AS_NODE, a: process.argv.slice(2) }))');
    const bin = await writeCliShim(dir, process.execPath, probe);
    assert.equal(statSync(join(bin, 'oauth-jwt')).mode & 0o777, 0o700);
    const run = spawnSync(join(bin, 'oauth-jwt'), ['token', '--profile', 'a b$c'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { e: '1', a: ['token', '--profile', 'a b$c'] });
    // The real CLI through the shim, as a terminal would run it.
    const real = await writeCliShim(mkdtempSync(join(dir, 'real-')), process.execPath, CLI);
    // Asynchronously: the server answering it runs in this process.
    const token = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(join(real, 'oauth-jwt'), ['token', '--profile', 'LogicNets'], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', ...env() } },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr })));
    });
    assert.equal(token.stdout, `${TOKEN}\n`, token.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Windows batch shim quotes paths and escapes %', () => {
  const { cmd } = cliShimScripts('C:\\Program Files\\Code\\Code.exe', 'C:\\Users\\a%b\\ext\\dist\\cli.js');
  assert.match(cmd, /set ELECTRON_RUN_AS_NODE=1\r\n"C:\\Program Files\\Code\\Code\.exe" "C:\\Users\\a%%b\\ext\\dist\\cli\.js" %\*\r\n/);
});

test('a client that goes away while the window is still asking aborts the request\'s signal (the question is withdrawn)', async () => {
  let aborted: () => void = () => {};
  const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
  const waiting = await startTerminalIpcServer({
    secret,
    onRequest: (_request, signal) => new Promise((resolve) => signal.addEventListener('abort', () => {
      aborted();
      resolve({ ok: false, code: 'TERMINAL_DENIED', message: 'withdrawn' });
    })),
  });
  try {
    const socket = connect(waiting.handle, () => socket.write(`${JSON.stringify({ type: 'token', secret, profile: 'Slow' })}\n`));
    setTimeout(() => socket.destroy(), 200);
    await abortSeen;
  } finally {
    await waiting.close();
  }
});
