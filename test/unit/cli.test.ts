import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { allRuns, assertNoSecretPrinted, CANARY_SECRET, runCli } from '../support/cli';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

test('usage errors exit 2 with the usage on stderr and nothing on stdout', async () => {
  const cases: string[][] = [
    [],
    ['frobnicate'],
    ['keygen', '--bits', '1024'],
    ['keygen', '--type', 'dsa'],
    ['keygen', '--type', 'ec', '--cn', 'x'],
    ['csr', '--subject', '/CN=x'],
    ['check', '--cert', 'x.crt', '--days', '-1'],
    ['keygen', '--type', 'ec', '--bits', '2048'],
    ['keygen', '--days', 'ten', '--cert'],
    ['keygen', '--unknown-flag'],
    ['sign'],
    ['verify', 'a.b.c'],
    ['verify', 'a.b.c', '--cert', 'x', '--jwks', 'y'],
    ['token', '--key', 'k.pem', '--flow', 'implicit', '--token-url', 'https://idp.example/token'],
    ['token', '--key', 'k.pem', '--token-url', 'https://idp.example/token'],
    ['token', '--flow', 'workfront', '--token-url', 'https://idp.example/token'],
    ['token', '--key', 'k.pem', '--flow', 'client-assertion', '--token-url', 'https://idp.example/token', '--param', 'novalue'],
    ['token', '--key', 'k.pem', '--flow', 'client-assertion', '--token-url', 'https://idp.example/token', '--timeout', '-1'],
    ['decode', 'a', 'b'],
  ];
  for (const args of cases) {
    const run = await runCli(args, { cwd: dir });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '', args.join(' '));
    assert.match(run.stderr, /oauth-jwt|usage/, args.join(' '));
  }
});

test('--help prints the contract and exits 0', async () => {
  const run = await runCli(['--help']);
  assert.equal(run.code, 0);
  for (const command of ['keygen', 'sign', 'decode', 'verify', 'token', 'csr', 'check', 'rotate']) assert.match(run.stdout, new RegExp(`oauth-jwt ${command}`));
  const sub = await runCli(['token', '--help']);
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /--client-secret-env/);
});

test('keygen --cert writes the four files, private.key 0600, and refuses to overwrite without --force', async () => {
  const out = join(dir, 'rsa');
  const first = await runCli(['keygen', '--cert', '--cn', 'Workfront integration', '--days', '30', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['certificate_pub.crt', 'private.key', 'public.jwk.json', 'public.pem']);
  assert.equal(statSync(join(out, 'private.key')).mode & 0o777, 0o600);
  assert.match(first.stdout, /^kid [A-Za-z0-9_-]{43}$/m);
  assert.doesNotMatch(first.stdout + first.stderr, /PRIVATE KEY/);
  const jwk = JSON.parse(readFileSync(join(out, 'public.jwk.json'), 'utf8'));
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.d, undefined);

  const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  const again = await runCli(['keygen', '--cert', '--out', out]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exist/i);
  assert.match(again.stderr, /--force/);
  for (const [f, content] of Object.entries(before)) assert.equal(readFileSync(join(out, f), 'utf8'), content, `${f} changed`);

  const forced = await runCli(['keygen', '--cert', '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(readFileSync(join(out, 'private.key'), 'utf8'), before['private.key']);
  assert.equal(statSync(join(out, 'private.key')).mode & 0o777, 0o600);
});

test('keygen inside a Git work tree adds private.key to the folder\'s .gitignore, as Generate Key Pair does', async () => {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  const run = await runCli(['keygen', '--type', 'ed25519', '--out', join(repo, 'keys')]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(join(repo, 'keys', '.gitignore'), 'utf8'), 'private.key\n');
});

test('keygen makes EC and Ed25519 keys without a certificate', async () => {
  for (const [args, kty, crv] of [
    [['--type', 'ec', '--curve', 'P-384'], 'EC', 'P-384'],
    [['--type', 'ec'], 'EC', 'P-256'],
    [['--type', 'ed25519'], 'OKP', 'Ed25519'],
  ] as const) {
    const out = join(dir, `k-${kty}-${crv}`);
    const run = await runCli(['keygen', ...args, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['private.key', 'public.jwk.json', 'public.pem']);
    const jwk = JSON.parse(readFileSync(join(out, 'public.jwk.json'), 'utf8'));
    assert.equal(jwk.kty, kty);
    assert.equal(jwk.crv, crv);
  }
});

test('sign → decode → verify round trip, with alg from the key and exp = iat + ttl', async () => {
  const out = join(dir, 'rsa');
  const signed = await runCli(['sign', '--key', join(out, 'private.key'), '--iss', 'customer-1', '--sub', 'user-1', '--ttl', '120', '--claims', '{"scope":"read write"}']);
  assert.equal(signed.code, 0, signed.stderr);
  const token = signed.stdout.trim();
  assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);

  const decoded = await runCli(['decode', token]);
  assert.equal(decoded.code, 0);
  const { header, payload } = JSON.parse(decoded.stdout);
  assert.equal(header.alg, 'RS256');
  assert.equal(payload.iss, 'customer-1');
  assert.equal(payload.scope, 'read write');
  assert.equal(payload.exp - payload.iat, 120);
  assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 30);
  assert.match(decoded.stderr, /not verified/);

  const fromStdin = await runCli(['decode'], { stdin: `  ${token}\n` });
  assert.equal(fromStdin.code, 0);
  assert.deepEqual(JSON.parse(fromStdin.stdout).payload, payload);

  const verified = await runCli(['verify', token, '--cert', join(out, 'certificate_pub.crt'), '--iss', 'customer-1']);
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).sub, 'user-1');
  const viaPem = await runCli(['verify', token, '--key', join(out, 'public.pem')]);
  assert.equal(viaPem.code, 0, viaPem.stderr);
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [JSON.parse(readFileSync(join(out, 'public.jwk.json'), 'utf8'))] }));
  const viaJwks = await runCli(['verify', token, '--jwks', join(dir, 'jwks.json')]);
  assert.equal(viaJwks.code, 0, viaJwks.stderr);

  const wrongIss = await runCli(['verify', token, '--cert', join(out, 'certificate_pub.crt'), '--iss', 'someone-else']);
  assert.equal(wrongIss.code, 1);
  assert.match(wrongIss.stderr, /iss/);
  assert.equal(wrongIss.stdout, '');

  const otherKey = join(dir, 'k-EC-P-256', 'public.pem');
  const wrongKey = await runCli(['verify', token, '--key', otherKey]);
  assert.equal(wrongKey.code, 1);
});

test('sign honours --alg, --kid, --header and --aud; refuses an algorithm that does not suit the key', async () => {
  const key = join(dir, 'k-EC-P-384', 'private.key');
  const run = await runCli(['sign', '--key', key, '--kid', 'k1', '--header', '{"nonce":"abc"}', '--aud', 'https://lua5.logicnets.local/logicnets', '--jti']);
  assert.equal(run.code, 0, run.stderr);
  const { header, payload } = JSON.parse((await runCli(['decode', run.stdout.trim()])).stdout);
  assert.deepEqual([header.alg, header.kid, header.nonce], ['ES384', 'k1', 'abc']);
  assert.equal(payload.aud, 'https://lua5.logicnets.local/logicnets');
  assert.match(payload.jti, /^[0-9a-f-]{36}$/);
  const ps = await runCli(['sign', '--key', join(dir, 'rsa', 'private.key'), '--alg', 'PS512']);
  assert.equal(JSON.parse((await runCli(['decode', ps.stdout.trim()])).stdout).header.alg, 'PS512');
  const bad = await runCli(['sign', '--key', key, '--alg', 'RS256']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ES384/);
  const none = await runCli(['sign', '--key', key, '--alg', 'none']);
  assert.equal(none.code, 1);
});

test('verify never accepts alg "none"', async () => {
  const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 })}.`;
  const decoded = await runCli(['decode', unsigned]);
  assert.equal(decoded.code, 0);
  for (const flag of [['--cert', join(dir, 'rsa', 'certificate_pub.crt')], ['--key', join(dir, 'rsa', 'public.pem')]]) {
    const run = await runCli(['verify', unsigned, ...flag]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /none/);
  }
});

test('bad inputs fail with exit 1 and a message that says what to do', async () => {
  const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  writeFileSync(join(dir, 'small.key'), pkcs1);
  const encrypted = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }) as string;
  writeFileSync(join(dir, 'enc.key'), encrypted);
  const cases: Array<[string[], RegExp, Record<string, string>?]> = [
    [['sign', '--key', join(dir, 'missing.key')], /does not exist/],
    [['sign', '--key', dir], /folder/],
    [['sign', '--key', join(dir, 'small.key')], /2048/],
    [['sign', '--key', join(dir, 'rsa', 'certificate_pub.crt')], /certificate/i],
    [['sign', '--key', join(dir, 'rsa', 'public.pem')], /public key/i],
    [['sign', '--key', join(dir, 'enc.key')], /passphrase/i],
    [['sign', '--key', join(dir, 'enc.key'), '--passphrase-env', 'KEY_PASS'], /passphrase/i, { KEY_PASS: 'wrong horse' }],
    [['sign', '--key', join(dir, 'rsa', 'private.key'), '--claims', '[1,2]'], /object/i],
    [['sign', '--key', join(dir, 'rsa', 'private.key'), '--claims', '{"exp":"tomorrow"}'], /exp/],
    [['sign', '--key', join(dir, 'rsa', 'private.key'), '--header', '{bad json'], /JSON/],
    [['decode', 'abc.def'], /segment|part/i],
    [['decode', 'a.b.c.d.e'], /encrypted|JWE/i],
    [['decode', '!!!.@@@.###'], /base64/i],
    [['verify', 'x'.repeat(100_000), '--key', join(dir, 'rsa', 'public.pem')], /large|long/i],
    [['token', '--flow', 'client-assertion', '--token-url', 'http://idp.example/token', '--key', join(dir, 'rsa', 'private.key'), '--client-id', 'c'], /https/],
    [['token', '--flow', 'client-assertion', '--token-url', 'https://user:pw@idp.example/token', '--key', join(dir, 'rsa', 'private.key'), '--client-id', 'c'], /user/i],
    [['token', '--flow', 'client-assertion', '--token-url', 'file:///etc/passwd', '--key', join(dir, 'rsa', 'private.key'), '--client-id', 'c'], /https/],
    [['token', '--flow', 'client-assertion', '--token-url', 'javascript:alert(1)', '--key', join(dir, 'rsa', 'private.key'), '--client-id', 'c'], /https/],
    [['token', '--flow', 'workfront', '--token-url', 'https://idp.example/token', '--key', join(dir, 'rsa', 'private.key'), '--client-id', 'c', '--iss', 'i', '--sub', 's', '--client-secret-env', 'NOT_SET'], /NOT_SET/],
    [['token', '--profile', 'nope', '--workspace', dir, '--key', join(dir, 'rsa', 'private.key')], /settings/],
  ];
  for (const [args, pattern, env] of cases) {
    const run = await runCli(args, { cwd: dir, env });
    assert.equal(run.code, 1, `${args.slice(0, 3).join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '', args.join(' '));
    assert.match(run.stderr, pattern, `${args.slice(0, 3).join(' ')}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /wrong horse|correct horse|PRIVATE KEY|at .*\.js:\d+/);
  }
  const ok = await runCli(['sign', '--key', join(dir, 'enc.key'), '--passphrase-env', 'KEY_PASS'], { env: { KEY_PASS: 'correct horse' } });
  assert.equal(ok.code, 0, ok.stderr);
});

test('canary: no run printed the client secret, a passphrase or a private key', () => {
  const keys = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('private.key') || f.endsWith('.key'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((pem) => pem.includes('PRIVATE KEY'));
  assert.ok(keys.length >= 5, 'the key files are there to compare against');
  assert.ok(allRuns.filter((r) => r.code !== 0).length >= 30);
  assertNoSecretPrinted([CANARY_SECRET, 'correct horse', 'wrong horse'], keys);
});
