import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, importPrivateKey, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import type { KeyRing } from '../../src/vscode/keyRing';
import type { SecretStore } from '../../src/vscode/secrets';
import type { Services } from '../../src/vscode/services';
import { StatusBar } from '../../src/vscode/statusBar';
import { startRegisteredKeysServer, type RegisteredKeysServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { FailingSecretStorage, MemoryMemento, type StorageOperation } from './failingSecretStorage';
import { clearNotifications, confirmOrigins, engine, eventually, expectNotification, services, setProfiles, workspaceFolder } from './support';

const DAY_MS = 86_400_000;
const CLIENT = 'life-client';

suite('Key lifecycle: rotation against an endpoint that accepts only registered keys, expiry seen in advance', function () {
  this.timeout(60_000);
  let s: Services;
  let server: RegisteredKeysServer;
  let folder: string;

  suiteSetup(async () => {
    s = await services();
    server = await startRegisteredKeysServer(CLIENT);
    folder = join(workspaceFolder(), 'lifecycle');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
  });
  suiteTeardown(async () => {
    await server?.close();
  });

  async function tokenKid(profile: string): Promise<string | undefined> {
    s.tokens.forgetCached(profile);
    const ok = await vscode.commands.executeCommand('oauthJwt.getAccessToken', profile);
    if (ok !== true) return undefined;
    return /token-signed-by-(.+)$/.exec(s.tokens.peek(profile)?.accessToken ?? '')?.[1];
  }

  test('token with key A → Rotate → register both → Activate → token with key B (A refused once the provider drops it) → Retire A', async () => {
    const written = await vscode.commands.executeCommand<string[]>('oauthJwt.generateKeyPair', { keyType: 'ec-p256', commonName: 'life', days: 90, folder, slot: 'Life', writePrivateKeyFile: false, overwrite: true });
    assert.ok(written, 'key A generated');
    const keyA = (await s.keys.get('Life'))!.key;
    const kidA = publicJwk(keyA).kid;
    server.register({ keys: [JSON.parse(readFileSync(join(folder, 'public.jwk.json'), 'utf8'))] });
    await setProfiles([{ name: 'Life', flow: 'client-assertion', tokenUrl: server.tokenUrl, clientId: CLIENT }], 'Life');
    await confirmOrigins('Life');
    await eventually(() => s.config.profile('Life'), 'the profile');
    assert.equal(await tokenKid('Life'), kidA, 'A signs');

    const files = await vscode.commands.executeCommand<string[]>('oauthJwt.rotateKey', { slot: 'Life', folder, overwrite: true });
    assert.deepEqual(files?.map((p) => p.slice(folder.length + 1)), ['next.crt', 'next.pem', 'jwks.json']);
    const keyB = (await s.keys.role('Life', 'next'))!.key;
    const kidB = publicJwk(keyB).kid;
    const jwks = JSON.parse(readFileSync(join(folder, 'jwks.json'), 'utf8'));
    assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid), [kidA, kidB], 'the JWKS holds both, distinct kids');
    assert.ok(s.keys.rotation('Life').next, 'next key ready, not active');
    assert.equal(await tokenKid('Life'), kidA, 'after Rotate the current key keeps signing');

    server.register(jwks);
    assert.equal(await vscode.commands.executeCommand('oauthJwt.activateNextKey', { slot: 'Life', confirmed: true }), kidB);
    assert.equal(await tokenKid('Life'), kidB, 'B signs after Activate');
    assert.equal((await s.keys.get('Life'))?.certificate?.sha256Hex !== undefined, true, 'the certificate moved with the key');
    assert.equal(publicJwk((await s.keys.role('Life', 'previous'))!.key).kid, kidA, 'A kept as previous');

    server.register({ keys: [jwks.keys[1]] });
    const withA = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(CLIENT).setSubject(CLIENT).setAudience(server.tokenUrl).setIssuedAt().setExpirationTime('2m').sign(keyA.key);
    const refused = await fetch(server.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: withA }) });
    assert.equal(refused.status, 401, 'the endpoint refuses A once only B is registered');
    assert.equal(await tokenKid('Life'), kidB);

    assert.equal(await vscode.commands.executeCommand('oauthJwt.retirePreviousKey', { slot: 'Life', confirmed: true }), kidA);
    assert.equal(await s.keys.role('Life', 'previous'), undefined);
    assert.deepEqual(s.keys.rotation('Life'), {});
    assert.equal(await tokenKid('Life'), kidB, 'B still signs after A is retired');
  });

  // ── A failure at each step loses nothing ───────────────────────────────────────────────────────

  /** A KeyRing over a secret store whose n-th write (store or delete) fails once. */
  async function ringFailingAt(n: number): Promise<{ keys: KeyRing; storage: FailingSecretStorage; secrets: SecretStore }> {
    let writes = 0;
    const storage = new FailingSecretStorage((op: StorageOperation) => op !== 'get' && ++writes === n);
    const [Secrets, Keys] = [s.secrets.constructor, s.keys.constructor] as [typeof SecretStore, typeof KeyRing];
    const secrets = new Secrets(storage);
    const keys = new Keys(secrets, new MemoryMemento(), await engine());
    return { keys, storage, secrets };
  }

  async function keysHeld(secrets: SecretStore, slot: string): Promise<Set<string>> {
    const held = new Set<string>();
    for (const role of ['current', 'next', 'previous'] as const) {
      const pem = await secrets.getKey(role, slot);
      if (pem) held.add(publicJwk(importPrivateKey(pem)).kid);
    }
    return held;
  }

  test('Activate Next Key failing at each storage write: both keys are always kept, and running it again finishes', async () => {
    const [a, b]: PrivateKey[] = await Promise.all([generateKeyPair({ type: 'ec' }), generateKeyPair({ type: 'ec' })]);
    const [certA, certB] = await Promise.all([createSelfSignedCertificate(a, { commonName: 'a' }), createSelfSignedCertificate(b, { commonName: 'b' })]);
    const [kidA, kidB] = [publicJwk(a).kid, publicJwk(b).kid];
    let failures = 0;
    for (let n = 1; n <= 8; n++) {
      const ring = await ringFailingAt(Number.POSITIVE_INFINITY);
      await ring.keys.save('slot', a, certA);
      await ring.keys.saveNext('slot', b, certB);
      // Fail the n-th write of the activation itself.
      let writes = 0;
      ring.storage.failsOn = (op) => op !== 'get' && ++writes === n;
      const result = await ring.keys.activateNext('slot').then(() => 'done', (error: { code?: string }) => error.code);
      if (result !== 'done') {
        failures++;
        assert.equal(result, 'SECRET_STORAGE', `write ${n}`);
        assert.deepEqual(await keysHeld(ring.secrets, 'slot'), new Set([kidA, kidB]), `after a failure at write ${n} both keys are still stored`);
        const signing = await ring.keys.get('slot');
        assert.ok(signing?.certificate === undefined || publicJwk(signing.certificate.publicKey).kid === publicJwk(signing.key).kid, `write ${n}: a key is never paired with the other key's certificate`);
        ring.storage.failsOn = () => false;
        await ring.keys.activateNext('slot');
      }
      assert.equal(publicJwk((await ring.keys.get('slot'))!.key).kid, kidB, `write ${n}: B is current`);
      assert.equal((await ring.keys.get('slot'))!.certificate?.subject, 'CN=b', `write ${n}: with its own certificate`);
      assert.equal(publicJwk((await ring.keys.role('slot', 'previous'))!.key).kid, kidA, `write ${n}: A is previous`);
      assert.equal(await ring.keys.role('slot', 'next'), undefined, `write ${n}: no next key left`);
      ring.keys.dispose();
      ring.secrets.dispose();
    }
    assert.ok(failures >= 3, `the activation's writes were each failed (${failures})`);
  });

  test('Rotate Key with the keychain failing: no file is written and the current key still signs; Retire failing keeps the previous key', async () => {
    const rotateFolder = join(folder, 'failing');
    rmSync(rotateFolder, { recursive: true, force: true });
    const storage = new FailingSecretStorage((op, key) => op === 'store' && key.startsWith('oauthJwt.nextPrivateKey.'));
    const [Secrets, Keys] = [s.secrets.constructor, s.keys.constructor] as [typeof SecretStore, typeof KeyRing];
    const secrets = new Secrets(storage);
    const keys = new Keys(secrets, new MemoryMemento(), await engine());
    const saved = { secrets: s.secrets, keys: s.keys };
    Object.assign(s, { secrets, keys });
    try {
      const a = await generateKeyPair({ type: 'ed25519' });
      await keys.save('Fail', a, await createSelfSignedCertificate(a, { commonName: 'fail' }));
      assert.equal(await vscode.commands.executeCommand('oauthJwt.rotateKey', { slot: 'Fail', folder: rotateFolder }), undefined);
      assert.equal(existsSync(join(rotateFolder, 'jwks.json')), false, 'nothing written before the next key is stored');
      assert.equal(await keys.role('Fail', 'next'), undefined);
      assert.equal(await secrets.getPrivateKey('Fail'), privateKeyPem(a), 'the current key is untouched');

      storage.failsOn = () => false;
      await vscode.commands.executeCommand('oauthJwt.rotateKey', { slot: 'Fail', folder: rotateFolder });
      await vscode.commands.executeCommand('oauthJwt.activateNextKey', { slot: 'Fail', confirmed: true });
      storage.failsOn = (op) => op === 'delete';
      assert.equal(await vscode.commands.executeCommand('oauthJwt.retirePreviousKey', { slot: 'Fail', confirmed: true }), undefined);
      assert.equal(publicJwk((await keys.role('Fail', 'previous'))!.key).kid, publicJwk(a).kid, 'a failed retirement keeps the previous key');
      storage.failsOn = () => false;
      assert.equal(await vscode.commands.executeCommand('oauthJwt.rollBackKey', { slot: 'Fail', confirmed: true }), publicJwk(a).kid, 'and a rollback is one command');
      assert.equal(publicJwk((await keys.get('Fail'))!.key).kid, publicJwk(a).kid);
      assert.ok(await keys.role('Fail', 'next'), 'the key rolled back from waits as next');
    } finally {
      Object.assign(s, saved);
      keys.dispose();
      secrets.dispose();
      storage.dispose();
    }
  });

  test('oauthJwt.retirePreviousKeyAfterDays: a previous key is retired that many days after activation, never with 0', async () => {
    const ring = await ringFailingAt(Number.POSITIVE_INFINITY);
    const [a, b] = await Promise.all([generateKeyPair({ type: 'ed25519' }), generateKeyPair({ type: 'ed25519' })]);
    await ring.keys.save('old', a);
    await ring.keys.saveNext('old', b);
    await ring.keys.activateNext('old');
    const since = ring.keys.rotation('old').previous!;
    assert.deepEqual(await ring.keys.retirePreviousOlderThan(0, since + 400 * DAY_MS), [], '0 keeps it');
    assert.deepEqual(await ring.keys.retirePreviousOlderThan(30, since + 29 * DAY_MS), [], 'not yet');
    assert.ok(await ring.keys.role('old', 'previous'));
    assert.deepEqual(await ring.keys.retirePreviousOlderThan(30, since + 30 * DAY_MS), ['old']);
    assert.equal(await ring.keys.role('old', 'previous'), undefined);
    assert.equal(publicJwk((await ring.keys.get('old'))!.key).kid, publicJwk(b).kid, 'the current key stays');
    ring.keys.dispose();
    ring.secrets.dispose();
  });

  // ── Expiry seen in advance ─────────────────────────────────────────────────────────────────────

  test('a certificate expiring in 10 days: warning look, tooltip, one notification a day with Rotate Key', async () => {
    const key = await generateKeyPair({ type: 'ec' });
    // A certificate made 355 days ago for 365 days (plus an hour, so "10 days" holds while the test runs).
    const certificate = await createSelfSignedCertificate(key, { commonName: 'soon', days: 365, now: Date.now() - 355 * DAY_MS + 3_600_000 });
    await clearNotifications();
    await s.context.globalState.update('oauthJwt.expiryNotified.Soon', undefined);
    await s.keys.save('Soon', key, certificate);
    await setProfiles([{ name: 'Soon', flow: 'client-assertion', tokenUrl: server.tokenUrl, clientId: CLIENT }], 'Soon');
    await confirmOrigins('Soon');
    await eventually(() => s.config.activeProfile()?.name === 'Soon', 'the profile');
    await eventually(() => s.context.globalState.get('oauthJwt.expiryNotified.Soon') === new Date().toISOString().slice(0, 10), 'the notification to be recorded for today');
    if (browserAvailable) {
      await browser.waitFor('.statusbar-item.warning-kind', { hasText: 'Soon' });
      await expectNotification('expires on');
      await expectNotification('in 10 days');
    }
  });

  test('with an injected clock the same status bar shows a 365-day certificate expiring in 10 days, then expired', async () => {
    const key = await generateKeyPair({ type: 'ed25519' });
    await s.keys.save('Soon', key, await createSelfSignedCertificate(key, { commonName: 'clock', days: 365 }));
    let notices = 0;
    const state = new (class extends MemoryMemento {
      override async update(key: string, value: unknown): Promise<void> {
        if (key === 'oauthJwt.expiryNotified.Soon') notices++;
        return super.update(key, value);
      }
    })();
    let now = Date.now() + 355 * DAY_MS - 3_600_000;
    const bar = new StatusBar(s.config, s.tokens, s.keys, state, () => now);
    try {
      const item = (bar as unknown as { item: vscode.StatusBarItem }).item;
      bar.update();
      assert.match((item.tooltip as vscode.MarkdownString).value, /The certificate expires on \d{4}-\d\d-\d\d \(in 10 days\)/);
      assert.equal((item.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
      assert.equal(state.get('oauthJwt.expiryNotified.Soon'), new Date(now).toISOString().slice(0, 10));
      assert.equal(notices, 1, 'one notification');
      now += 60_000;
      bar.update();
      bar.update();
      assert.equal(notices, 1, 'not again the same day');
      now += DAY_MS;
      bar.update();
      assert.equal(notices, 2, 'again the next day');
      now += 20 * DAY_MS;
      bar.update();
      assert.match((item.tooltip as vscode.MarkdownString).value, /expired on/);
      assert.equal((item.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.errorBackground');
    } finally {
      bar.dispose();
    }
  });
});
