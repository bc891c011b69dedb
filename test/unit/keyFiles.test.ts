import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existingFiles, ignoreInGit, insideGitWorkTree, writeFiles, writeKeyFiles, type KeyFileContents } from '../../src/core/keyFiles';

// Placeholders stand in for the PEM text: writeKeyFiles copies it and does not parse it.
const files: KeyFileContents = {
  privateKeyPem: '-----BEGIN PRIVATE KEY-----\nplaceholder-private\n-----END PRIVATE KEY-----\n',
  publicKeyPem: '-----BEGIN PUBLIC KEY-----\nplaceholder-public\n-----END PUBLIC KEY-----\n',
  publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'placeholder', kid: 'kid' },
  certificatePem: '-----BEGIN CERTIFICATE-----\nplaceholder-cert\n-----END CERTIFICATE-----\n',
};
const posixModes = process.platform === 'win32' ? 'file modes are not POSIX on Windows' : false;

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('writeKeyFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-keyfiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the four files, private key first, into a folder it creates', async () => {
    const out = join(dir, 'nested', 'keys');
    const written = await writeKeyFiles(out, files);
    assert.deepEqual(written, ['private.key', 'public.pem', 'public.jwk.json', 'certificate_pub.crt'].map((name) => join(out, name)));
    assert.equal(readFileSync(join(out, 'private.key'), 'utf8'), files.privateKeyPem);
    assert.equal(readFileSync(join(out, 'public.pem'), 'utf8'), files.publicKeyPem);
    assert.equal(readFileSync(join(out, 'certificate_pub.crt'), 'utf8'), files.certificatePem);
    assert.equal(readFileSync(join(out, 'public.jwk.json'), 'utf8'), `${JSON.stringify(files.publicJwk, null, 2)}\n`);
    assert.deepEqual(readdirSync(out).sort(), ['certificate_pub.crt', 'private.key', 'public.jwk.json', 'public.pem']);
  });

  test('private.key has mode 0600', { skip: posixModes }, async () => {
    const previous = process.umask(0o000); // even with a permissive umask
    try {
      await writeKeyFiles(dir, files);
    } finally {
      process.umask(previous);
    }
    assert.equal(modeOf(join(dir, 'private.key')), 0o600);
  });

  test('without a private key or certificate only the public files are written', async () => {
    const written = await writeKeyFiles(dir, { publicKeyPem: files.publicKeyPem, publicJwk: files.publicJwk });
    assert.deepEqual(written, [join(dir, 'public.pem'), join(dir, 'public.jwk.json')]);
    assert.deepEqual(readdirSync(dir).sort(), ['public.jwk.json', 'public.pem']);
  });

  test('without force nothing is written when any target exists, and the existing file is unchanged', async () => {
    const existing = Buffer.from('-----BEGIN PUBLIC KEY-----\nthe user\'s own\r\n-----END PUBLIC KEY-----\n\u0000');
    writeFileSync(join(dir, 'public.pem'), existing);
    await assert.rejects(writeKeyFiles(dir, files), (error: { code?: string; message?: string; hint?: string }) => {
      assert.equal(error.code, 'FILE_EXISTS');
      assert.match(error.message ?? '', /public\.pem/);
      assert.doesNotMatch(error.message ?? '', /private\.key/);
      assert.equal(error.hint, 'Choose another folder, or allow overwriting (--force).');
      return true;
    });
    assert.deepEqual(readFileSync(join(dir, 'public.pem')), existing);
    assert.deepEqual(readdirSync(dir), ['public.pem'], 'private.key and the others were not written');
  });

  test('an existing private.key is never overwritten without force', async () => {
    writeFileSync(join(dir, 'private.key'), 'an older key');
    await assert.rejects(writeKeyFiles(dir, files), { code: 'FILE_EXISTS' });
    assert.equal(readFileSync(join(dir, 'private.key'), 'utf8'), 'an older key');
  });

  test('a dangling symlink in the way counts as existing', { skip: posixModes }, async () => {
    symlinkSync(join(dir, 'nowhere'), join(dir, 'private.key'));
    await assert.rejects(writeKeyFiles(dir, files), { code: 'FILE_EXISTS' });
    assert.equal(existsSync(join(dir, 'nowhere')), false);
  });

  test('with force the files are replaced and private.key ends with mode 0600', async () => {
    for (const name of ['private.key', 'public.pem', 'public.jwk.json', 'certificate_pub.crt']) writeFileSync(join(dir, name), 'old');
    chmodSync(join(dir, 'private.key'), 0o644);
    await writeKeyFiles(dir, files, { force: true });
    assert.equal(readFileSync(join(dir, 'private.key'), 'utf8'), files.privateKeyPem);
    assert.equal(readFileSync(join(dir, 'certificate_pub.crt'), 'utf8'), files.certificatePem);
    if (!posixModes) assert.equal(modeOf(join(dir, 'private.key')), 0o600);
    assert.deepEqual(readdirSync(dir).sort(), ['certificate_pub.crt', 'private.key', 'public.jwk.json', 'public.pem'], 'no temporary file left');
  });

  test('with force a symlinked private.key is replaced, not written through', { skip: posixModes }, async () => {
    const elsewhere = join(dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'keep me');
    symlinkSync(elsewhere, join(dir, 'private.key'));
    await writeKeyFiles(dir, files, { force: true });
    assert.equal(readFileSync(elsewhere, 'utf8'), 'keep me');
    assert.equal(readFileSync(join(dir, 'private.key'), 'utf8'), files.privateKeyPem);
  });

  test('the private key is saved even when a later file fails', async () => {
    mkdirSync(join(dir, 'public.pem')); // a folder where a file must go
    await assert.rejects(writeKeyFiles(dir, files, { force: true }), (error: { code?: string; message?: string; hint?: string }) => {
      assert.equal(error.code, 'FILE_IO');
      assert.ok(error.message?.includes(join(dir, 'public.pem')), 'names the path');
      assert.match(error.message ?? '', /private\.key was saved/);
      assert.ok(error.hint, 'says what to do');
      return true;
    });
    assert.equal(readFileSync(join(dir, 'private.key'), 'utf8'), files.privateKeyPem);
    if (!posixModes) assert.equal(modeOf(join(dir, 'private.key')), 0o600);
  });

  test('a file where the folder should be is a FILE_IO error naming the path', async () => {
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, '');
    await assert.rejects(writeKeyFiles(join(blocked, 'keys'), files), (error: { code?: string; message?: string }) => {
      assert.equal(error.code, 'FILE_IO');
      assert.ok(error.message?.includes(join(blocked, 'keys')));
      return true;
    });
  });
});

describe('one way to write files: existingFiles, writeFiles, .gitignore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('existingFiles finds files and dangling symlinks alike (lstat), in the order asked', async () => {
    writeFileSync(join(dir, 'b.json'), '');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'a.json'));
    assert.deepEqual(await existingFiles(dir, ['a.json', 'b.json', 'c.json']), ['a.json', 'b.json']);
  });

  test('writeFiles: no silent overwrite; with force, replaced', async () => {
    writeFileSync(join(dir, 'jwks.json'), 'old');
    await assert.rejects(writeFiles(dir, [{ name: 'jwks.json', content: 'new' }]), { code: 'FILE_EXISTS' });
    assert.equal(readFileSync(join(dir, 'jwks.json'), 'utf8'), 'old');
    assert.deepEqual(await writeFiles(dir, [{ name: 'jwks.json', content: 'new' }], { force: true }), [join(dir, 'jwks.json')]);
    assert.equal(readFileSync(join(dir, 'jwks.json'), 'utf8'), 'new');
  });

  test('ignoreInGit creates .gitignore, appends once, and keeps what was there', async () => {
    await ignoreInGit(dir, 'private.key');
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), 'private.key\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules');
    await ignoreInGit(dir, 'private.key');
    await ignoreInGit(dir, 'private.key');
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules\nprivate.key\n');
    writeFileSync(join(dir, '.gitignore'), '/private.key\n');
    await ignoreInGit(dir, 'private.key');
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), '/private.key\n');
  });

  test('ignoreInGit: a later negation (!private.key) does not defeat it — the ignore rule is appended after it, and git agrees', async () => {
    writeFileSync(join(dir, '.gitignore'), 'private.key\n!private.key\n');
    await ignoreInGit(dir, 'private.key');
    const lines = readFileSync(join(dir, '.gitignore'), 'utf8').trim().split('\n');
    assert.equal(lines.at(-1), 'private.key', 'the ignore rule comes last, after the negation');
    // git's own rules, where git is installed: the file is ignored.
    const git = spawnSync('git', ['--version']);
    if (git.status === 0) {
      assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
      assert.equal(spawnSync('git', ['check-ignore', '-q', 'private.key'], { cwd: dir }).status, 0, 'git check-ignore says private.key is ignored');
    }
    // Without a later negation nothing more is appended.
    await ignoreInGit(dir, 'private.key');
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8').trim().split('\n').length, lines.length);
  });

  test('ignoreInGit refuses a .gitignore that is a symbolic link: the file it points to (outside the folder) is untouched', async (t) => {
    if (process.platform === 'win32') return t.skip('symlinks need privileges on Windows');
    const outside = mkdtempSync(join(tmpdir(), 'oauth-jwt-outside-'));
    try {
      writeFileSync(join(outside, 'target'), 'outside\n');
      symlinkSync(join(outside, 'target'), join(dir, '.gitignore'));
      await assert.rejects(ignoreInGit(dir, 'private.key'), (error: { code?: string; message?: string; hint?: string }) => {
        assert.equal(error.code, 'FILE_IO');
        assert.match(error.message ?? '', /symbolic link/);
        assert.match(error.hint ?? '', /private\.key/);
        return true;
      });
      assert.equal(readFileSync(join(outside, 'target'), 'utf8'), 'outside\n');
      // A dangling link is refused too (it would be created outside the folder).
      rmSync(join(outside, 'target'));
      await assert.rejects(ignoreInGit(dir, 'private.key'), { code: 'FILE_IO' });
      assert.equal(existsSync(join(outside, 'target')), false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('writeFiles with force replaces a symlink at the target name instead of following it: the file outside the folder is untouched', async (t) => {
    if (process.platform === 'win32') return t.skip('symlinks need privileges on Windows');
    const outside = mkdtempSync(join(tmpdir(), 'oauth-jwt-outside-'));
    try {
      for (const name of ['public.pem', 'public.jwk.json', 'jwks.json', 'certificate_pub.crt']) {
        writeFileSync(join(outside, name), 'outside');
        symlinkSync(join(outside, name), join(dir, name));
      }
      await writeKeyFiles(dir, { publicKeyPem: files.publicKeyPem, publicJwk: files.publicJwk, certificatePem: files.certificatePem }, { force: true });
      await writeFiles(dir, [{ name: 'jwks.json', content: '{"keys":[]}\n' }], { force: true });
      for (const name of ['public.pem', 'public.jwk.json', 'jwks.json', 'certificate_pub.crt']) {
        assert.equal(readFileSync(join(outside, name), 'utf8'), 'outside', `${name}: the link's target is untouched`);
        assert.ok(lstatSync(join(dir, name)).isFile(), `${name}: now a regular file in the folder`);
      }
      assert.equal(readFileSync(join(dir, 'public.pem'), 'utf8'), files.publicKeyPem);
      assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left behind');
      // Without force a symlink counts as existing and nothing is written through it.
      await assert.rejects(writeFiles(dir, [{ name: 'public.pem', content: 'x' }]), { code: 'FILE_EXISTS' });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('writeFiles with force: public files keep a readable mode (0644 less the umask), the private key 0600', { skip: posixModes }, async () => {
    writeFileSync(join(dir, 'public.pem'), 'old');
    chmodSync(join(dir, 'public.pem'), 0o600);
    await writeFiles(dir, [{ name: 'public.pem', content: 'new' }, { name: 'private.key', content: 'k', secret: true }], { force: true });
    assert.equal(modeOf(join(dir, 'public.pem')) & 0o044, 0o044 & ~process.umask());
    assert.equal(modeOf(join(dir, 'private.key')), 0o600);
  });

  test('writeKeyFiles with ignorePrivateKey lists private.key in .gitignore, and only when it writes one', async () => {
    await writeKeyFiles(join(dir, 'public-only'), { publicKeyPem: files.publicKeyPem, publicJwk: files.publicJwk }, { ignorePrivateKey: true });
    assert.equal(existsSync(join(dir, 'public-only', '.gitignore')), false);
    await writeKeyFiles(join(dir, 'with-key'), files, { ignorePrivateKey: true });
    assert.equal(readFileSync(join(dir, 'with-key', '.gitignore'), 'utf8'), 'private.key\n');
  });

  test('insideGitWorkTree looks for .git in the folder and above it', async () => {
    const nested = join(dir, 'repo', 'keys', 'deeper');
    mkdirSync(nested, { recursive: true });
    assert.equal(await insideGitWorkTree(nested), false);
    mkdirSync(join(dir, 'repo', '.git'));
    assert.equal(await insideGitWorkTree(nested), true);
  });
});
