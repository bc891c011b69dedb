import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, importPrivateKey } from '../../src/core/keys';
import { DEFAULT_KEY_SLOT } from '../../src/vscode/keySlots';
import type { Services } from '../../src/vscode/services';
import { browser, browserAvailable } from './browser';
import { answerConfirm, expectNotification, services, workspaceFolder } from './support';

suite('Generate Key Pair and Certificate / Import Private Key', () => {
  let s: Services;
  let folder: string;

  suiteSetup(async () => {
    s = await services();
    folder = join(workspaceFolder(), 'keys-rsa');
    mkdirSync(folder, { recursive: true });
  });

  test('RSA 2048 with private.key: files, mode 0600, .gitignore, the key in SecretStorage matching the certificate', async () => {
    const written = await vscode.commands.executeCommand<string[]>('oauthJwt.generateKeyPair', {
      keyType: 'rsa-2048', commonName: 'Workfront integration', days: 30, folder, slot: DEFAULT_KEY_SLOT, writePrivateKeyFile: true,
    });
    assert.deepEqual(written?.map((p) => p.slice(folder.length + 1)).sort(), ['certificate_pub.crt', 'private.key', 'public.jwk.json', 'public.pem']);
    assert.equal(statSync(join(folder, 'private.key')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(folder, '.gitignore'), 'utf8'), /^private\.key$/m);

    const stored = await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT);
    assert.ok(stored?.includes('BEGIN PRIVATE KEY'), 'the private key is in SecretStorage');
    assert.equal(stored, readFileSync(join(folder, 'private.key'), 'utf8'));
    const key = importPrivateKey(stored!);
    assert.equal(key.bits, 2048);
    const certificate = new X509Certificate(readFileSync(join(folder, 'certificate_pub.crt')));
    assert.ok(certificate.checkPrivateKey(key.key));
    assert.ok(certificate.verify(certificate.publicKey));
    assert.match(certificate.subject, /CN=Workfront integration/);
    const days = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 86_400_000;
    assert.ok(Math.abs(days - 30) < 1, `validity ${days} days`);
    assert.equal(createPublicKey(readFileSync(join(folder, 'public.pem'))).export({ format: 'jwk' }).n, JSON.parse(readFileSync(join(folder, 'public.jwk.json'), 'utf8')).n);
    assert.equal(JSON.parse(readFileSync(join(folder, 'public.jwk.json'), 'utf8')).d, undefined);
  });

  test('a second .gitignore run does not duplicate the line; existing files are only replaced after confirmation', async function () {
    if (!browserAvailable) this.skip();
    const before = readFileSync(join(folder, 'certificate_pub.crt'), 'utf8');
    const running = vscode.commands.executeCommand<string[] | undefined>('oauthJwt.generateKeyPair', {
      keyType: 'rsa-2048', commonName: 'again', days: 10, folder, slot: DEFAULT_KEY_SLOT, writePrivateKeyFile: true,
    });
    await answerConfirm('already exist', 'Cancel');
    assert.equal(await running, undefined);
    assert.equal(readFileSync(join(folder, 'certificate_pub.crt'), 'utf8'), before);

    const confirmed = vscode.commands.executeCommand<string[] | undefined>('oauthJwt.generateKeyPair', {
      keyType: 'rsa-2048', commonName: 'again', days: 10, folder, slot: DEFAULT_KEY_SLOT, writePrivateKeyFile: true,
    });
    await answerConfirm('already exist', 'Overwrite');
    assert.equal((await confirmed)?.length, 4);
    assert.notEqual(readFileSync(join(folder, 'certificate_pub.crt'), 'utf8'), before);
    assert.equal(readFileSync(join(folder, '.gitignore'), 'utf8').match(/^private\.key$/gm)?.length, 1);
    assert.equal(statSync(join(folder, 'private.key')).mode & 0o777, 0o600);
  });

  test('a slot that already holds a key gets a new one only after confirmation; Cancel keeps the key', async function () {
    if (!browserAvailable) this.skip();
    const before = await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT);
    assert.ok(before, 'the tests above stored a default key');
    const elsewhere = join(workspaceFolder(), 'keys-replace');
    mkdirSync(elsewhere, { recursive: true });
    const running = vscode.commands.executeCommand<string[] | undefined>('oauthJwt.generateKeyPair', {
      keyType: 'ec-p256', commonName: 'replacement', days: 30, folder: elsewhere, slot: DEFAULT_KEY_SLOT, writePrivateKeyFile: false,
    });
    await answerConfirm('private key of Default key', 'Cancel');
    assert.equal(await running, undefined);
    assert.equal(await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT), before, 'the stored key is untouched');
  });

  test('EC P-256 in SecretStorage only: public files and its own certificate, no private.key', async () => {
    const ecFolder = join(workspaceFolder(), 'keys-ec');
    mkdirSync(ecFolder, { recursive: true });
    const written = await vscode.commands.executeCommand<string[]>('oauthJwt.generateKeyPair', { keyType: 'ec-p256', commonName: 'ec-app', days: 20, folder: ecFolder, slot: 'ec-profile', writePrivateKeyFile: false });
    assert.deepEqual(written?.map((p) => p.slice(ecFolder.length + 1)).sort(), ['certificate_pub.crt', 'public.jwk.json', 'public.pem']);
    assert.equal(existsSync(join(ecFolder, 'private.key')), false);
    const stored = await s.secrets.getPrivateKey('ec-profile');
    assert.equal(importPrivateKey(stored!).curve, 'P-256');
    const certificate = new X509Certificate(readFileSync(join(ecFolder, 'certificate_pub.crt')));
    assert.ok(certificate.checkPrivateKey(importPrivateKey(stored!).key) && certificate.verify(certificate.publicKey));
    assert.equal((await s.keys.get('ec-profile'))?.certificate?.subject, 'CN=ec-app', 'the slot holds the certificate');
    assert.ok(s.keys.slots().includes('ec-profile'));
  });

  test('a read-only folder: the key is still saved in SecretStorage and the error says so', async () => {
    const blocked = join(workspaceFolder(), 'blocked');
    rmSync(blocked, { recursive: true, force: true });
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'public.pem'), 'in the way');
    // A directory where public.jwk.json must go makes the write fail even for root.
    mkdirSync(join(blocked, 'public.jwk.json'));
    await s.secrets.forget('blocked-slot');
    const result = await vscode.commands.executeCommand('oauthJwt.generateKeyPair', { keyType: 'ed25519', commonName: 'blocked', days: 30, folder: blocked, slot: 'blocked-slot', writePrivateKeyFile: false, overwrite: true });
    assert.equal(result, undefined, 'the command reports the failure instead of returning paths');
    const stored = await s.secrets.getPrivateKey('blocked-slot');
    assert.ok(stored?.includes('PRIVATE KEY'), 'the private key was saved before the failing write');
    if (browserAvailable) await expectNotification('The private key is safe');
  });

  test('Import Private Key from a file: an encrypted PKCS#8 key asks for the passphrase (password input)', async function () {
    if (!browserAvailable) this.skip();
    const file = join(workspaceFolder(), 'encrypted.pem');
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'import-passphrase-canary' }) as string);
    const running = vscode.commands.executeCommand<string | undefined>('oauthJwt.importPrivateKey', { source: 'file', file, slot: 'imported' });
    await browser.waitFor('.quick-input-widget', { hasText: 'passphrase' });
    const [type] = await browser.text('.quick-input-widget input[type="password"]');
    assert.notEqual(type, undefined, 'the passphrase box is a password input');
    await browser.type('import-passphrase-canary');
    await browser.press('Enter');
    assert.equal(await running, 'imported');
    const stored = await s.secrets.getPrivateKey('imported');
    assert.ok(stored && !stored.includes('ENCRYPTED'), 'stored decrypted as PKCS#8');
    assert.equal(importPrivateKey(stored).key.export({ format: 'jwk' }).n, pair.publicKey.export({ format: 'jwk' }).n);
  });

  test('Import Private Key into a slot that holds another key asks first: Cancel keeps the old key, Overwrite stores the new one; the same key again does not ask', async function () {
    if (!browserAvailable) this.skip();
    const slot = 'import-occupied';
    await s.keys.save(slot, await generateKeyPair({ type: 'ec', curve: 'P-256' }));
    const before = await s.secrets.getPrivateKey(slot);
    assert.ok(before);
    const incoming = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = join(workspaceFolder(), 'keys-rsa', 'replacement.pem');
    writeFileSync(file, incoming.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    const modulus = (pem: string | undefined) => importPrivateKey(pem!).key.export({ format: 'jwk' }).n;

    const cancelled = vscode.commands.executeCommand<string | undefined>('oauthJwt.importPrivateKey', { source: 'file', file, slot });
    await answerConfirm(`private key of Profile "${slot}"`, 'Cancel');
    assert.equal(await cancelled, undefined);
    assert.equal(await s.secrets.getPrivateKey(slot), before, 'Cancel keeps the stored key');

    const replaced = vscode.commands.executeCommand<string | undefined>('oauthJwt.importPrivateKey', { source: 'file', file, slot });
    await answerConfirm(`private key of Profile "${slot}"`, 'Overwrite');
    assert.equal(await replaced, slot);
    assert.equal(modulus(await s.secrets.getPrivateKey(slot)), incoming.publicKey.export({ format: 'jwk' }).n, 'Overwrite stores the new key');

    // The same key again loses nothing: no question (one would leave this command waiting).
    assert.equal(await vscode.commands.executeCommand<string | undefined>('oauthJwt.importPrivateKey', { source: 'file', file, slot }), slot);
    assert.equal(modulus(await s.secrets.getPrivateKey(slot)), incoming.publicKey.export({ format: 'jwk' }).n);
  });

  test('Import Private Key refuses a certificate with exactly that message, and stores nothing', async function () {
    const file = join(workspaceFolder(), 'keys-rsa', 'certificate_pub.crt');
    await s.secrets.forget('cert-slot');
    const result = await vscode.commands.executeCommand('oauthJwt.importPrivateKey', { source: 'file', file, slot: 'cert-slot' });
    assert.equal(result, undefined);
    assert.equal(await s.secrets.getPrivateKey('cert-slot'), undefined);
    if (browserAvailable) await expectNotification('certificate, not a private key');
  });

  test('Import Private Key refuses a FIFO at once (W4: it used to wait for a writer forever), and stores nothing', async function () {
    if (process.platform === 'win32') this.skip();
    const file = join(workspaceFolder(), 'keys-rsa', 'key.fifo');
    rmSync(file, { force: true });
    execFileSync('mkfifo', [file]);
    await s.secrets.forget('fifo-slot');
    const result = await vscode.commands.executeCommand('oauthJwt.importPrivateKey', { source: 'file', file, slot: 'fifo-slot' });
    assert.equal(result, undefined);
    assert.equal(await s.secrets.getPrivateKey('fifo-slot'), undefined);
    if (browserAvailable) await expectNotification('not a regular file');
  });
});
