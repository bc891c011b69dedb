// Issue 12: the CLI facing a hostile repository, file or pipe (W3, W4, W7, W11, verify without exp).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nullValue, octetString, oid, sequence, smallInteger } from '../../src/core/der';
import { buildJwt, signJwt } from '../../src/core/jwt';
import { generateKeyPair, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { pemEncode } from '../../src/core/pem';
import { listenLocal, sendJson, type RecordedRequest } from '../../src/sandbox/servers/localServer';
import { allRuns, assertNoSecretPrinted, CANARY_SECRET, CLI, runCli } from '../support/cli';

const posix = process.platform !== 'win32';
let dir: string;
let key: PrivateKey;
let server: Awaited<ReturnType<typeof listenLocal>>;
const requests: RecordedRequest[] = [];
const file = (name: string) => join(dir, name);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-cli-trust-'));
  key = await generateKeyPair({ type: 'rsa' });
  writeFileSync(file('rsa.key'), privateKeyPem(key), { mode: 0o600 });
  writeFileSync(file('public.pem'), publicKeyPem(key));
  server = await listenLocal((_request, res) => sendJson(res, 200, { access_token: 'at-0123456789', token_type: 'Bearer', expires_in: 60 }), requests);
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('W3: the ambient OAUTH_JWT_CLIENT_SECRET is for the Workfront flow only', () => {
  const jwtBearer = () => ['token', '--flow', 'jwt-bearer', '--token-url', `${server.url}/token`, '--iss', 'svc@example', '--client-id', 'c', '--key', file('rsa.key')];

  test('jwt-bearer with only the ambient variable set: refused before sending, naming --client-secret-env', async () => {
    const sent = requests.length;
    const run = await runCli(jwtBearer(), { env: { OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /OAUTH_JWT_CLIENT_SECRET/);
    assert.match(run.stderr, /--client-secret-env/);
    assert.equal(requests.length, sent, 'nothing was sent');
  });

  test('jwt-bearer sends a client secret when its variable is named explicitly', async () => {
    const run = await runCli([...jwtBearer(), '--client-secret-env', 'OAUTH_JWT_CLIENT_SECRET'], { env: { OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(new URLSearchParams(requests.at(-1)!.body).get('client_secret'), CANARY_SECRET);
  });

  test('jwt-bearer without any secret sends none; client-assertion never does', async () => {
    const run = await runCli(jwtBearer(), { env: { OAUTH_JWT_CLIENT_SECRET: '' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(new URLSearchParams(requests.at(-1)!.body).get('client_secret'), null);
    const assertion = await runCli(['token', '--flow', 'client-assertion', '--token-url', `${server.url}/token`, '--client-id', 'c', '--key', file('rsa.key')], { env: { OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET } });
    assert.equal(assertion.code, 0, assertion.stderr);
    assert.equal(new URLSearchParams(requests.at(-1)!.body).get('client_secret'), null);
  });

  test('workfront still takes the ambient variable', async () => {
    const run = await runCli(['token', '--flow', 'workfront', '--token-url', `${server.url}/token`, '--client-id', 'wf', '--iss', 'customer', '--sub', 'user', '--key', file('rsa.key')], { env: { OAUTH_JWT_CLIENT_SECRET: CANARY_SECRET } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(new URLSearchParams(requests.at(-1)!.body).get('client_secret'), CANARY_SECRET);
  });
});

describe('W4: CLI inputs are regular files read only up to the cap; standard input is capped while streaming', { skip: !posix && 'needs FIFOs and /dev/zero' }, () => {
  test('a FIFO as --key is refused at once (it used to wait forever for a writer)', async () => {
    execFileSync('mkfifo', [file('key.fifo')]);
    const run = await runCli(['sign', '--key', file('key.fifo')], { timeoutMs: 5000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /not a regular file/);
  });

  test('/dev/zero as --key is refused without reading it', async () => {
    const run = await runCli(['sign', '--key', '/dev/zero'], { timeoutMs: 3000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /not a regular file/);
  });

  test('a committed .vscode/settings.json that is a symlink to /dev/zero is refused', async () => {
    const workspace = file('zero-workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    symlinkSync('/dev/zero', join(workspace, '.vscode', 'settings.json'));
    const run = await runCli(['token', '--profile', 'p', '--workspace', workspace, '--key', file('rsa.key')], { timeoutMs: 3000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /settings file .* not a regular file/);
  });

  test('a huge --ca file is refused as too large', async () => {
    writeFileSync(file('huge.pem'), '');
    execFileSync('truncate', ['-s', '2G', file('huge.pem')]);
    const run = await runCli(['token', '--flow', 'client-assertion', '--token-url', `${server.url}/token`, '--client-id', 'c', '--key', file('rsa.key'), '--ca', file('huge.pem')], { timeoutMs: 5000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /too large/);
  });

  test('decode stops reading standard input past the cap instead of buffering it all', async () => {
    const child = spawn(process.execPath, [CLI, 'decode'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const limit = 400 * 1024 * 1024;
    let written = 0;
    let closed = false;
    child.stdin.on('error', () => (closed = true));
    child.on('exit', () => (closed = true));
    while (!closed && written < limit) {
      written += chunk.length;
      if (!child.stdin.write(chunk)) await new Promise<void>((resolve) => { child.stdin.once('drain', resolve); child.once('exit', () => resolve()); });
    }
    child.stdin.destroy();
    const code = await exited;
    assert.equal(code, 1, stderr);
    assert.match(stderr, /standard input is too large/);
    assert.ok(written < 16 * 1024 * 1024, `the CLI read ${written} bytes of standard input before stopping`);
  });
});

/** An encrypted PKCS#8 whose PBES2 parameters are chosen by an attacker; the ciphertext is random (never decrypted). */
function craftedEncryptedKey(kdf: Buffer): string {
  const aes256cbc = sequence(oid('2.16.840.1.101.3.4.1.42'), octetString(randomBytes(16)));
  const pbes2 = sequence(oid('1.2.840.113549.1.5.13'), sequence(kdf, aes256cbc));
  return pemEncode('ENCRYPTED PRIVATE KEY', sequence(pbes2, octetString(randomBytes(1232))));
}
const pbkdf2 = (iterations: number) =>
  sequence(oid('1.2.840.113549.1.5.12'), sequence(octetString(randomBytes(16)), smallInteger(iterations), sequence(oid('1.2.840.113549.2.9'), nullValue())));
const scrypt = (n: number, r: number, p: number) =>
  sequence(oid('1.3.6.1.4.1.11591.4.11'), sequence(octetString(randomBytes(16)), smallInteger(n), smallInteger(r), smallInteger(p)));

describe('W7: an encrypted key\'s key-derivation cost is read before decrypting', () => {
  for (const [name, kdf, pattern] of [
    ['PBKDF2 with 2^31-1 iterations', pbkdf2(2 ** 31 - 1), /2147483647 PBKDF2 iterations/],
    ["scrypt with p = 64 (16 MiB, 64 times the default work)", scrypt(2 ** 14, 8, 64), /scrypt with N = 16384, r = 8, p = 64/],
  ] as const) {
    test(`${name}: refused at once with a clear error`, async () => {
      writeFileSync(file('crafted.key'), craftedEncryptedKey(kdf));
      const started = Date.now();
      const run = await runCli(['sign', '--key', file('crafted.key'), '--passphrase-env', 'P'], { env: { P: 'any passphrase' }, timeoutMs: 5000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, pattern);
      assert.doesNotMatch(run.stderr, /passphrase is wrong/);
      assert.ok(Date.now() - started < 5000);
    });
  }
});

describe('verify: the token from standard input (W11), and exp required', () => {
  const token = (claims: Record<string, unknown>, lifetimeSeconds?: number) => {
    const built = buildJwt({ header: {}, claims, lifetimeSeconds });
    if (lifetimeSeconds === undefined) delete built.payload.exp;
    return signJwt(built.header, built.payload, key);
  };

  test('"-" reads the token from standard input', async () => {
    const run = await runCli(['verify', '-', '--key', file('public.pem')], { stdin: `${await token({ iss: 'me' }, 300)}\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).iss, 'me');
  });

  test('a signed token without exp is refused unless --allow-no-exp', async () => {
    const noExp = await token({ iss: 'forever' });
    const refused = await runCli(['verify', noExp, '--key', file('public.pem')]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /no "exp"/);
    assert.match(refused.stderr, /--allow-no-exp/);
    assert.equal(refused.stdout, '');
    const allowed = await runCli(['verify', '-', '--key', file('public.pem'), '--allow-no-exp'], { stdin: noExp });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(JSON.parse(allowed.stdout).iss, 'forever');
  });
});

test('canary: no run in this file printed the client secret or the private key', () => {
  assertNoSecretPrinted([CANARY_SECRET], [privateKeyPem(key)]);
  assert.ok(allRuns.length >= 8);
});
