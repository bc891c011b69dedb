/**
 * The integrated terminal's handle to the extension (src/vscode/terminal/ipcServer.ts) on a real
 * socket, the CLI's client side (src/cli/terminalClient.ts) through the built dist/cli.js, and the
 * `oauth-jwt` shim that runs it on the host's runtime.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TERMINAL_REPLY_BYTES, MAX_TERMINAL_REQUEST_BYTES, TERMINAL_HANDLE_ENV, TERMINAL_SECRET_ENV, type TerminalAsk, type TerminalReply } from '../../src/shared/terminalProtocol';
import { cliShimScripts, writeCliShim } from '../../src/vscode/terminal/cliShim';
import { newTerminalSecret, startTerminalIpcServer, type TerminalIpcServer } from '../../src/vscode/terminal/ipcServer';
import { CLI, runCli } from '../support/cli';

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXJtaW5hbCJ9.terminal-token';
const posix = process.platform !== 'win32';

let server: TerminalIpcServer;
let secret: string;
const asked: string[] = [];
const calls: Array<Extract<TerminalAsk, { type: 'request' }>> = [];
/** An API answer with escape sequences: a window title change, a screen clear, a C1 CSI, a lone CR. */
const HOSTILE_BODY = '{"data":"ok"}\n\x1b]0;owned\x07\x1b[2J\u009b31mred\rover';
const refused: string[] = [];

before(async () => {
  secret = newTerminalSecret();
  server = await startTerminalIpcServer({
    secret,
    onRequest: async (request): Promise<TerminalReply> => {
      const { profile } = request;
      asked.push(profile);
      if (request.type === 'request') {
        calls.push(request);
        if (profile === 'Denied') return { ok: false, code: 'TERMINAL_DENIED', message: 'The call was denied in VS Code; nothing was sent.\x1b]0;pwned\x07', hint: 'Choose Allow.' };
        if (profile === 'Huge') return { ok: true, status: 200, headers: [], body: '\u0001'.repeat(MAX_TERMINAL_REPLY_BYTES / 6 + 1) };
        return { ok: true, status: profile === 'NotFound' ? 404 : 200, headers: [['content-type', 'text/plain'], ['x-evil', 'a\x1b[2Jb']], body: HOSTILE_BODY };
      }
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
  assert.equal(JSON.parse(await rawRequest(server.handle, Buffer.alloc(MAX_TERMINAL_REQUEST_BYTES + 1, 'a'))).code, 'TERMINAL_REFUSED');
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

// oauth-jwt request through the handle: the window makes the call; the terminal gets the response.

const API = 'http://127.0.0.1:9/api/items?page=2';

test('oauth-jwt request --profile NAME URL (no --key) asks the window to make the call and prints its answer', async () => {
  const run = await runCli(['request', '--profile', 'LogicNets', '-X', 'POST', '-H', 'X-Trace: 7', '-d', '{"a":1}', API], { env: env() });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(calls.at(-1), { type: 'request', profile: 'LogicNets', method: 'POST', url: API, headers: [['X-Trace', '7'], ['Content-Type', 'application/json']], body: '{"a":1}' });
  // Not a terminal (a pipe): byte for byte what the server sent, like curl.
  assert.equal(run.stdout, `${HOSTILE_BODY}\n`);
  assert.equal(run.stderr, 'POST http://127.0.0.1:9/api/items → 200\n');
  const include = await runCli(['request', '--profile', 'LogicNets', '--include', API], { env: env() });
  assert.equal(include.code, 0, include.stderr);
  assert.ok(include.stdout.startsWith('HTTP 200\ncontent-type: text/plain\nx-evil: a\x1b[2Jb\n\n{"data":"ok"}'), include.stdout);
  assert.equal(calls.at(-1)?.method, 'GET');
  const notFound = await runCli(['request', '--profile', 'NotFound', API], { env: env() });
  assert.equal(notFound.code, 1, 'a status that is not 2xx exits 1');
  assert.match(notFound.stderr, /→ 404/);
});

test('on a terminal, the answer\'s control characters are shown as \\xHH, never written raw (real pty via script)', { skip: !posix || spawnSync('script', ['--version']).status !== 0 }, async () => {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, 'request', '--profile', 'LogicNets', '--include', API].map(quote).join(' ');
  // Asynchronously: the server answering it runs in this process.
  const out = await new Promise<string>((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env() } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
  const printed = out.replace(/\r\n/g, '\n');
  assert.ok(!/[\x1b\x07\u009b]/.test(printed), `a control character reached the terminal: ${JSON.stringify(printed)}`);
  assert.match(printed, /\{"data":"ok"\}\n\\x1b\]0;owned\\x07\\x1b\[2J\\x9b31mred\\x0dover/);
  assert.match(printed, /x-evil: a\\x1b\[2Jb/);
});

test('a denial in VS Code: exit 1, the window\'s message with its control characters made visible, nothing on stdout', async () => {
  const run = await runCli(['request', '--profile', 'Denied', API], { env: env() });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /denied in VS Code; nothing was sent\.\\x1b\]0;pwned\\x07\n {2}Choose Allow\./);
});

test('request: a forged secret is refused before the window is asked', async () => {
  const before = asked.length;
  const forged = newTerminalSecret();
  const run = await runCli(['request', '--profile', 'LogicNets', API], { env: env({ [TERMINAL_SECRET_ENV]: forged }) });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /did not carry the window's secret/);
  const line = { type: 'request', secret: forged, profile: 'LogicNets', method: 'GET', url: API, headers: [] };
  assert.equal(JSON.parse(await rawRequest(server.handle, `${JSON.stringify(line)}\n`)).code, 'TERMINAL_REFUSED');
  assert.equal(asked.length, before);
});

test('request: malformed and oversized API requests are refused unread by the window', async () => {
  const before = asked.length;
  const good = { type: 'request', secret, profile: 'LogicNets', method: 'GET', url: API, headers: [] as unknown[] };
  const malformed: unknown[] = [
    { ...good, method: 'TRACE' },
    { ...good, method: 'get' },
    { ...good, url: '' },
    { ...good, url: 42 },
    { ...good, headers: [['Authorization', 'Bearer stolen']] },
    { ...good, headers: [['dpop', 'x']] },
    { ...good, headers: [['X-A', 'line\r\nInjected: yes']] },
    { ...good, headers: [['bad name', 'v']] },
    { ...good, headers: [['X-A']] },
    { ...good, headers: { 'X-A': 'v' } },
    { ...good, headers: Array.from({ length: 65 }, (_, i) => [`X-${i}`, 'v']) },
    { ...good, body: { a: 1 } },
    { ...good, type: 'download' },
  ];
  for (const request of malformed) {
    const reply = JSON.parse(await rawRequest(server.handle, `${JSON.stringify(request)}\n`));
    assert.equal(reply.code, 'TERMINAL_REFUSED', JSON.stringify(request));
  }
  const oversized = JSON.stringify({ ...good, body: 'x'.repeat(MAX_TERMINAL_REQUEST_BYTES) });
  assert.equal(JSON.parse(await rawRequest(server.handle, `${oversized}\n`)).code, 'TERMINAL_REFUSED');
  assert.equal(asked.length, before, 'the window was asked about a malformed request');
  // The same request, well formed, is answered.
  assert.equal(JSON.parse(await rawRequest(server.handle, `${JSON.stringify(good)}\n`)).status, 200);
});

test('request: what the CLI cannot send through the window is refused before it connects (exit 2)', async () => {
  const before = asked.length;
  const cases: Array<[string[], RegExp]> = [
    [['-H', 'DPoP: forged'], /-H DPoP is not allowed/],
    [['-H', 'Host: elsewhere'], /-H Host is not allowed/],
    [['--allow-origin', 'https://api.example.com'], /--allow-origin needs --key FILE.*confirmed there/],
    [['--scope', 'admin'], /--scope needs --key FILE/],
    [['-H', `X-Long: ${'v'.repeat(8193)}`], /-H X-Long: a header value that goes through VS Code is at most 8192 characters/],
    // One argument is at most 128 KiB on Linux: the body and 20 long headers make the request too large.
    [['-d', 'x'.repeat(120_000), ...Array.from({ length: 20 }, (_, i) => ['-H', `X-${i}: ${'v'.repeat(8000)}`]).flat()], /too large to go through VS Code/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(['request', '--profile', 'LogicNets', ...args, API], { env: env() });
    assert.equal(run.code, 2, String(message));
    assert.match(run.stderr.slice(0, 2000), message);
  }
  assert.equal(asked.length, before);
});

test('request: an answer too large for the terminal becomes a clear refusal, not a cut-off line', async () => {
  const run = await runCli(['request', '--profile', 'Huge', API], { env: env() });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /too large to hand to the terminal[^]*--key FILE/);
});

test('request: a malformed reply, or one of the wrong kind, is refused by the CLI', { skip: !posix }, async () => {
  const replies = [
    '{"ok":true,"status":99,"headers":[],"body":""}',
    '{"ok":true,"status":200,"headers":[["a"]],"body":""}',
    '{"ok":true,"status":200,"headers":[],"body":7}',
    '{"ok":true,"accessToken":"t","response":{}}',
    'not json',
  ];
  for (const answer of replies) {
    const fake = createServer((socket) => socket.once('data', () => socket.end(`${answer}\n`)));
    const handle = join(mkdtempSync(join(tmpdir(), 'oauth-jwt-fake-')), 'ipc.sock');
    await new Promise<void>((resolve) => fake.listen(handle, resolve));
    try {
      const run = await runCli(['request', '--profile', 'LogicNets', API], { env: env({ [TERMINAL_HANDLE_ENV]: handle }) });
      assert.equal(run.code, 1, answer);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /reply over the terminal handle is malformed/, answer);
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  }
});
