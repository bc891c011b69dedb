import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, privateKeyPem, publicJwk, importPrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { runCli } from '../support/cli';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-life-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const opensslMissing = spawnSync('openssl', ['version']).error !== undefined;

test('keygen --cert makes a certificate for EC and Ed25519 keys too, and prints its expiry', async () => {
  for (const args of [['--type', 'ec', '--curve', 'P-384'], ['--type', 'ed25519']]) {
    const out = join(dir, `keygen-${args[1]}`);
    const run = await runCli(['keygen', ...args, '--cert', '--cn', 'life', '--days', '10', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['certificate_pub.crt', 'private.key', 'public.jwk.json', 'public.pem']);
    const x509 = new X509Certificate(readFileSync(join(out, 'certificate_pub.crt')));
    assert.ok(x509.checkPrivateKey(importPrivateKey(readFileSync(join(out, 'private.key'), 'utf8')).key));
    assert.match(run.stdout, /^certificate expires on \d{4}-\d\d-\d\d \(in (9|10) days\)$/m);
  }
});

test('csr: PEM on standard output that openssl verifies; a hostile subject exits 1 saying why; a missing one exits 2', async (t) => {
  const keyFile = join(dir, 'csr.key');
  writeFileSync(keyFile, privateKeyPem(await generateKeyPair({ type: 'ec' })), { mode: 0o600 });
  const run = await runCli(['csr', '--key', keyFile, '--subject', '/CN=api-client/O=Example', '--san', 'DNS:api.example.com', '--san', 'URI:https://example.com/app']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^-----BEGIN CERTIFICATE REQUEST-----/);
  assert.doesNotMatch(run.stdout, /PRIVATE KEY/);
  if (!opensslMissing) {
    const checked = spawnSync('openssl', ['req', '-verify', '-noout', '-text'], { input: run.stdout, encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout, /DNS:api\.example\.com, URI:https:\/\/example\.com\/app/);
  } else t.diagnostic('openssl missing: the request was not cross-checked');

  const out = join(dir, 'request.csr');
  assert.equal((await runCli(['csr', '--key', keyFile, '--subject', '/CN=x', '--out', out])).code, 0);
  const again = await runCli(['csr', '--key', keyFile, '--subject', '/CN=x', '--out', out]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Not overwriting/);

  const hostile = await runCli(['csr', '--key', keyFile, '--subject', '/CN=a/X-Evil=\u001b[31m']);
  assert.equal(hostile.code, 1);
  assert.match(hostile.stderr, /"X-Evil" is not a subject attribute/);
  assert.doesNotMatch(hostile.stderr, /\u001b/);
  const badSan = await runCli(['csr', '--key', keyFile, '--subject', '/CN=a', '--san', 'DNS:not a host']);
  assert.equal(badSan.code, 1);
  assert.match(badSan.stderr, /not a valid DNS name/);
  assert.equal((await runCli(['csr', '--key', keyFile])).code, 2);
});

test('check --cert --days: 1 within the window or expired, 0 otherwise, 2 for a bad --days', async () => {
  const key = await generateKeyPair({ type: 'ed25519' });
  const file = join(dir, 'ten-days.crt');
  writeFileSync(file, await createSelfSignedCertificate(key, { commonName: 'ten', days: 10 }));
  const within = await runCli(['check', '--cert', file, '--days', '30']);
  assert.equal(within.code, 1);
  assert.match(within.stderr, /expires on .* within 30 days/);
  const outside = await runCli(['check', '--cert', file, '--days', '5']);
  assert.equal(outside.code, 0, outside.stderr);
  assert.match(outside.stdout, /expires on/);
  assert.equal((await runCli(['check', '--cert', file, '--days', '0'])).code, 0);
  assert.equal((await runCli(['check', '--cert', file])).code, 1, 'default window 30 days');
  const expired = join(dir, 'expired.crt');
  writeFileSync(expired, await createSelfSignedCertificate(key, { commonName: 'old', days: 1, now: Date.now() - 3 * 86_400_000 }));
  const gone = await runCli(['check', '--cert', expired, '--days', '0']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /expired on/);
  for (const days of ['-1', 'ten', '99999']) assert.equal((await runCli(['check', '--cert', file, '--days', days])).code, 2, days);
  assert.equal((await runCli(['check', '--days', '3'])).code, 2);
});

test('rotate --dir writes next.key (0600), next.crt, next.pem and a JWKS of both keys beside the current files', async () => {
  const out = join(dir, 'rotate');
  assert.equal((await runCli(['keygen', '--type', 'ec', '--cert', '--cn', 'rotating', '--days', '90', '--out', out])).code, 0);
  const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  const run = await runCli(['rotate', '--dir', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['certificate_pub.crt', 'jwks.json', 'next.crt', 'next.key', 'next.pem', 'private.key', 'public.jwk.json', 'public.pem']);
  for (const [f, content] of Object.entries(before)) assert.equal(readFileSync(join(out, f), 'utf8'), content, `${f} is untouched`);
  assert.equal(statSync(join(out, 'next.key')).mode & 0o777, 0o600);
  const current = importPrivateKey(before['private.key']!);
  const next = importPrivateKey(readFileSync(join(out, 'next.key'), 'utf8'));
  assert.equal(next.curve, current.curve, 'same type by default');
  const jwks = JSON.parse(readFileSync(join(out, 'jwks.json'), 'utf8'));
  assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid), [publicJwk(current).kid, publicJwk(next).kid]);
  assert.notEqual(jwks.keys[0].kid, jwks.keys[1].kid);
  assert.ok(jwks.keys.every((k: { d?: string }) => k.d === undefined));
  const cert = new X509Certificate(readFileSync(join(out, 'next.crt')));
  assert.ok(cert.checkPrivateKey(next.key));
  assert.equal(cert.subject, 'CN=rotating');
  assert.equal((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000, 90);
  assert.match(run.stdout, /^next kid [A-Za-z0-9_-]{43}$/m);

  const nextKeyBefore = readFileSync(join(out, 'next.key'), 'utf8');
  const again = await runCli(['rotate', '--dir', out]);
  assert.equal(again.code, 1);
  assert.equal(readFileSync(join(out, 'next.key'), 'utf8'), nextKeyBefore, 'a second rotation does not replace the next key unasked');
  assert.match(again.stderr, /Not overwriting/);

  writeFileSync(join(out, 'certificate_pub.crt'), await createSelfSignedCertificate(await generateKeyPair({ type: 'ec' }), { commonName: 'other' }));
  const mismatch = await runCli(['rotate', '--dir', out, '--force']);
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /not the certificate of private\.key/);
});

test('keygen --jwks FILE exports the registered keys plus the new one, public members only; a bad JWKS writes nothing', async () => {
  const old = await generateKeyPair({ type: 'ec' });
  const privateSet = join(dir, 'registered.json');
  // A private JWK given by mistake: only its public members may come out.
  writeFileSync(privateSet, JSON.stringify({ keys: [{ ...(old.key.export({ format: 'jwk' }) as object), kid: 'old-key', use: 'sig' }] }));
  const fresh = join(dir, 'fresh');
  const run = await runCli(['keygen', '--type', 'ed25519', '--jwks', privateSet, '--out', fresh]);
  assert.equal(run.code, 0, run.stderr);
  const jwks = JSON.parse(readFileSync(join(fresh, 'jwks.json'), 'utf8'));
  assert.equal(jwks.keys.length, 2);
  assert.equal(jwks.keys[0].kid, 'old-key');
  assert.equal(jwks.keys[0].d, undefined, 'no private member copied');
  assert.equal(jwks.keys[1].kid, publicJwk(importPrivateKey(readFileSync(join(fresh, 'private.key'), 'utf8'))).kid);

  writeFileSync(join(dir, 'broken.json'), '{"nokeys": 1}');
  const broken = await runCli(['keygen', '--jwks', join(dir, 'broken.json'), '--out', join(dir, 'never')]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /no "keys" array/);
  assert.throws(() => readdirSync(join(dir, 'never')), 'nothing written');
});
