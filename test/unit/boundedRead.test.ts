// Issue 12 W4 and W7: files and pipes chosen by someone else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readBoundedFile, readBoundedStream } from '../../src/core/boundedRead';
import { nullValue, octetString, oid, sequence, smallInteger } from '../../src/core/der';
import { isOAuthJwtError } from '../../src/core/errors';
import { assertAffordableKeyDerivation, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_WORK } from '../../src/core/keyDerivationCost';
import { importPrivateKey } from '../../src/core/keys';

const posix = process.platform !== 'win32';
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-bounded-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const code = (expected: string, message?: RegExp) => (error: unknown) => {
  assert.ok(isOAuthJwtError(error), String(error));
  assert.equal(error.code, expected);
  if (message) assert.match(error.message, message);
  return true;
};

describe('readBoundedFile', () => {
  test('reads a regular file up to and including the cap; one byte more is INPUT_TOO_LARGE', async () => {
    writeFileSync(join(dir, 'exact'), 'x'.repeat(100));
    assert.equal((await readBoundedFile(join(dir, 'exact'), 100, 'test file')).length, 100);
    writeFileSync(join(dir, 'over'), 'x'.repeat(101));
    await assert.rejects(readBoundedFile(join(dir, 'over'), 100, 'test file'), code('INPUT_TOO_LARGE', /test file is too large/));
  });

  test('a sparse 8 GiB file is refused from its size, without reading it', { skip: !posix }, async () => {
    const path = join(dir, 'sparse');
    writeFileSync(path, '');
    execFileSync('truncate', ['-s', '8G', path]);
    const started = performance.now();
    await assert.rejects(readBoundedFile(path, 1024 * 1024, 'test file'), code('INPUT_TOO_LARGE'));
    assert.ok(performance.now() - started < 1000);
  });

  test('devices, FIFOs and symlinks to them are refused before reading; folders and missing files are named', { skip: !posix }, async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('/dev/zero', join(dir, 'zero-link'));
    symlinkSync(join(dir, 'fifo'), join(dir, 'fifo-link'));
    for (const path of ['/dev/zero', '/dev/null', join(dir, 'fifo'), join(dir, 'zero-link'), join(dir, 'fifo-link')]) {
      await assert.rejects(readBoundedFile(path, 1024, 'key file'), code('FILE_IO', /key file is not a regular file/), path);
    }
    await assert.rejects(readBoundedFile(dir, 1024, 'key file'), code('FILE_IO', /is a folder/));
    await assert.rejects(readBoundedFile(join(dir, 'missing'), 1024, 'key file'), code('FILE_IO', /does not exist/));
  });

  test('a symlink to a regular file is read', { skip: !posix }, async () => {
    writeFileSync(join(dir, 'target'), 'hello');
    symlinkSync(join(dir, 'target'), join(dir, 'target-link'));
    assert.equal((await readBoundedFile(join(dir, 'target-link'), 100, 'file')).toString(), 'hello');
  });
});

describe('readBoundedStream', () => {
  test('collects a stream within the cap', async () => {
    assert.equal((await readBoundedStream(Readable.from([Buffer.from('ab'), 'cd']), 4, 'input')).toString(), 'abcd');
  });

  test('stops pulling from an endless stream once past the cap', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1024);
      }
    }
    await assert.rejects(readBoundedStream(endless(), 10 * 1024, 'token on standard input'), code('INPUT_TOO_LARGE', /token on standard input is too large/));
    assert.equal(pulled, 11);
  });
});

const pbkdf2 = (iterations: number) =>
  sequence(oid('1.2.840.113549.1.5.12'), sequence(octetString(randomBytes(16)), smallInteger(iterations), sequence(oid('1.2.840.113549.2.9'), nullValue())));
const scrypt = (n: number, r: number, p: number) =>
  sequence(oid('1.3.6.1.4.1.11591.4.11'), sequence(octetString(randomBytes(16)), smallInteger(n), smallInteger(r), smallInteger(p)));
const encryptedKeyInfo = (kdf: Buffer) =>
  sequence(sequence(oid('1.2.840.113549.1.5.13'), sequence(kdf, sequence(oid('2.16.840.1.101.3.4.1.42'), octetString(randomBytes(16))))), octetString(randomBytes(64)));

describe('W7: assertAffordableKeyDerivation', () => {
  test('accepts what key tools write and the caps themselves', () => {
    for (const kdf of [pbkdf2(2048), pbkdf2(10_000), pbkdf2(MAX_PBKDF2_ITERATIONS), scrypt(16_384, 8, 1), scrypt(MAX_SCRYPT_WORK / 8, 8, 1)]) {
      assert.doesNotThrow(() => assertAffordableKeyDerivation(encryptedKeyInfo(kdf)));
    }
  });

  test('refuses more iterations or scrypt work than the caps, naming the parameter', () => {
    assert.throws(() => assertAffordableKeyDerivation(encryptedKeyInfo(pbkdf2(MAX_PBKDF2_ITERATIONS + 1))), code('UNSUPPORTED_KEY', /600001 PBKDF2 iterations/));
    assert.throws(() => assertAffordableKeyDerivation(encryptedKeyInfo(pbkdf2(2 ** 31 - 1))), code('UNSUPPORTED_KEY', /2147483647 PBKDF2 iterations/));
    assert.throws(() => assertAffordableKeyDerivation(encryptedKeyInfo(pbkdf2(Number.MAX_SAFE_INTEGER))), code('UNSUPPORTED_KEY'));
    assert.throws(() => assertAffordableKeyDerivation(encryptedKeyInfo(scrypt(2 ** 20, 8, 1))), code('UNSUPPORTED_KEY', /scrypt with N = 1048576, r = 8, p = 1/));
    assert.throws(() => assertAffordableKeyDerivation(encryptedKeyInfo(scrypt(16_384, 8, 64))), code('UNSUPPORTED_KEY', /p = 64/));
    // PKCS#12 PBE (pbeWithSHAAnd3-KeyTripleDES-CBC): { salt, iterations }
    const pkcs12 = sequence(sequence(oid('1.2.840.113549.1.12.1.3'), sequence(octetString(randomBytes(8)), smallInteger(2 ** 31 - 1))), octetString(randomBytes(64)));
    assert.throws(() => assertAffordableKeyDerivation(pkcs12), code('UNSUPPORTED_KEY', /PBKDF2 iterations/));
  });

  test('damaged parameters are INVALID_PEM, not handed to OpenSSL', () => {
    const good = encryptedKeyInfo(pbkdf2(2048));
    assert.throws(() => assertAffordableKeyDerivation(good.subarray(0, 40)), code('INVALID_PEM'));
  });

  test('importPrivateKey refuses a crafted 2^31-1 iteration key at once, before asking for the passphrase', () => {
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${encryptedKeyInfo(pbkdf2(2 ** 31 - 1)).toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    assert.throws(() => importPrivateKey(pem), code('UNSUPPORTED_KEY'));
  });

  test('a key encrypted by Node and by openssl (PBKDF2 and scrypt defaults) still imports', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass phrase' }) as string;
    assert.equal(importPrivateKey(pem, 'pass phrase').type, 'ec');
    const plain = join(dir, 'plain.pem');
    writeFileSync(plain, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    for (const args of [['-v2', 'aes-256-cbc'], ['-scrypt']]) {
      let encrypted: string;
      try {
        encrypted = execFileSync('openssl', ['pkcs8', '-topk8', '-in', plain, '-passout', 'pass:pass phrase', ...args], { encoding: 'utf8' });
      } catch {
        continue; // no openssl here: Node's own export above is the check
      }
      assert.equal(importPrivateKey(encrypted, 'pass phrase').type, 'ec', args.join(' '));
    }
  });
});
