/**
 * Issue 12 (W1, W2, W10, W12): a key signs, a client secret or an access token goes, only to an
 * origin the user confirmed for that credential; a workspace's profiles ask on their first use in
 * the workspace; the assertion lifetime is capped by a user-level setting; the sandbox never
 * replaces what the user stored; prompt-skipping arguments count only in test mode.
 * The attacker is a local server on 127.0.0.1 that records whatever reaches it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { decodeJwt } from '../../src/core/jwtDecode';
import { generateKeyPair, privateKeyPem, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { SANDBOX_PROVISION_ENV } from '../../src/shared/sandboxProvision';
import { Command } from '../../src/vscode/commandIds';
import { DEFAULT_KEY_SLOT } from '../../src/vscode/keySlots';
import type { Services } from '../../src/vscode/services';
import { startFaultServer, type FaultServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { answerConfirm, clearNotifications, confirmOrigins, engine, eventually, expectNotification, services, setProfiles, workspaceFolder } from './support';

/** The user's real identity provider, which the attacker's profile names as the audience. */
const REAL_IDP = 'https://login.real-idp.example/oauth2/v1/token';

suite('Origins confirmed per key, secret and token (issue 12)', function () {
  this.timeout(90_000);
  let s: Services;
  let key: PrivateKey;
  let attacker: FaultServer;
  let api: FaultServer;
  let createdDefault = false;
  const settingsPath = () => join(workspaceFolder(), '.vscode', 'settings.json');
  const slots = ['Own Slot', 'Long', 'Api', 'Prompted', 'Existing Own', 'Sandbox Fresh'];
  const attackerUrl = () => attacker.urlFor('slow-token');
  const attackerOrigin = () => new URL(attacker.url).origin;

  /** The extension's services as they would be outside test mode (or in a development host). */
  const inMode = (mode: vscode.ExtensionMode): Services => ({
    ...s,
    context: new Proxy(s.context, { get: (target, property) => (property === 'extensionMode' ? mode : Reflect.get(target, property, target)) }),
  });

  /** Resolves with the command's result, failing clearly if a prompt held it up. */
  const withoutPrompt = <T>(running: Thenable<T>, what: string): Promise<T> => Promise.race([
    Promise.resolve(running),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after 8 s (a prompt?)`)), 8000)),
  ]);

  suiteSetup(async () => {
    s = await services();
    key = await generateKeyPair({ type: 'rsa' });
    [attacker, api] = await Promise.all([startFaultServer({ slowMs: 10 }), startFaultServer({ slowMs: 10 })]);
    if (!(await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT))) {
      await s.keys.save(DEFAULT_KEY_SLOT, key);
      createdDefault = true;
    }
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('oauthJwt').update('maxAssertionLifetimeSeconds', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('oauthJwt').update('profiles', undefined, vscode.ConfigurationTarget.Global);
    for (const slot of slots) await s.keys.forget(slot);
    if (createdDefault) await s.keys.forget(DEFAULT_KEY_SLOT);
    else await s.secrets.setOrigins('keyOrigins', DEFAULT_KEY_SLOT, (await s.secrets.getOrigins('keyOrigins', DEFAULT_KEY_SLOT)).filter((origin) => origin !== attackerOrigin()));
    await setProfiles([], '');
    await Promise.all([attacker?.close(), api?.close()]);
  });

  // ── W1: a new profile name from a workspace borrows the default key ───────────────────────────

  test('a workspace adds a new profile (default key, attacker token URL, the real IdP as aud, 1 day): one status-bar click asks, naming key, origin, source and aud; Cancel sends nothing', async function () {
    if (!browserAvailable) this.skip();
    await setProfiles([{ name: 'Pr0duction', flow: 'client-assertion', tokenUrl: attackerUrl(), audience: REAL_IDP, clientId: 'victim-client', lifetimeSeconds: 86_400 }], 'Pr0duction');
    await eventually(() => s.config.activeProfile()?.name === 'Pr0duction', 'the workspace profile to be active');
    await clearNotifications();
    const before = attacker.requests.length;
    const click = vscode.commands.executeCommand(Command.StatusBarClick);
    const [prompt] = await browser.waitFor('.quick-input-widget', { hasText: attackerOrigin() });
    assert.match(prompt!, /the default key/, `names the key: ${prompt}`);
    assert.match(prompt!, /this workspace's settings/, `names where the profile came from: ${prompt}`);
    assert.ok(prompt!.includes(REAL_IDP), `shows the foreign aud: ${prompt}`);
    assert.match(prompt!, /3600 s/, `shows the capped lifetime: ${prompt}`);
    const rows = await browser.text('.quick-input-list .monaco-list-row');
    assert.match(rows[0] ?? '', /^\s*Cancel/, `Cancel is the first choice: ${JSON.stringify(rows)}`);
    await browser.click('.quick-input-list .monaco-list-row', { hasText: 'Cancel' });
    assert.equal(await click, undefined);
    assert.equal(attacker.requests.length, before, 'the attacker\'s server received nothing');
    assert.equal(s.tokens.lastFailure('Pr0duction')?.code, 'ORIGIN_NOT_CONFIRMED');
    assert.ok(!(await s.secrets.getOrigins('keyOrigins', DEFAULT_KEY_SLOT)).includes(attackerOrigin()), 'nothing was confirmed');
    await expectNotification('was not confirmed');
  });

  test('the same for a profile with its own key that never exchanged', async function () {
    if (!browserAvailable) this.skip();
    await s.keys.save('Own Slot', key);
    await setProfiles([{ name: 'Own Slot', flow: 'client-assertion', tokenUrl: attackerUrl(), audience: REAL_IDP, clientId: 'victim-client' }], 'Own Slot');
    await eventually(() => s.config.activeProfile()?.name === 'Own Slot', 'the profile');
    const before = attacker.requests.length;
    const click = vscode.commands.executeCommand(Command.StatusBarClick);
    const [prompt] = await browser.waitFor('.quick-input-widget', { hasText: attackerOrigin() });
    assert.match(prompt!, /the key of profile "Own Slot"/, prompt);
    await answerConfirm(attackerOrigin(), 'Cancel');
    assert.equal(await click, undefined);
    assert.equal(attacker.requests.length, before, 'nothing was sent');
  });

  test('a workspace profile asks on its first use in the workspace even when the key is confirmed for that origin elsewhere; then never again; a user-settings profile does not ask', async function () {
    if (!browserAvailable) this.skip();
    // Confirmed for the default key from the user's own settings (another workspace), not here.
    await s.trust.remember([{ kind: 'keyOrigins', slot: DEFAULT_KEY_SLOT }], attackerOrigin(), false);
    await setProfiles([{ name: 'Prompted', flow: 'client-assertion', tokenUrl: attackerUrl(), clientId: 'c' }], 'Prompted');
    await eventually(() => s.config.profile('Prompted'), 'the profile');
    const before = attacker.requests.length;
    const first = vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Prompted');
    await answerConfirm('Prompted', `Send to ${attackerOrigin()}`);
    assert.equal(await first, true);
    assert.equal(attacker.requests.length, before + 1);
    assert.equal(await withoutPrompt(vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Prompted'), 'the second exchange'), true);
    assert.equal(attacker.requests.length, before + 2);

    // The same key and origin from the user's settings: confirmed, so no prompt.
    await vscode.workspace.getConfiguration('oauthJwt').update('profiles', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('oauthJwt').update('profiles', [{ name: 'User Level', flow: 'client-assertion', tokenUrl: attackerUrl(), clientId: 'c' }], vscode.ConfigurationTarget.Global);
    await eventually(() => s.config.profile('User Level'), 'the user-level profile');
    assert.equal(await withoutPrompt(vscode.commands.executeCommand('oauthJwt.getAccessToken', 'User Level'), 'the user-level exchange'), true);
    assert.equal(attacker.requests.length, before + 3);
    await vscode.workspace.getConfiguration('oauthJwt').update('profiles', undefined, vscode.ConfigurationTarget.Global);
  });

  test('the assertion lifetime is capped at 1 h; a workspace cannot raise the cap, the user\'s own settings can', async () => {
    await s.keys.save('Long', key);
    await setProfiles([{ name: 'Long', flow: 'client-assertion', tokenUrl: attackerUrl(), clientId: 'c', lifetimeSeconds: 86_400 }], 'Long');
    await confirmOrigins('Long');
    const lifetime = async (): Promise<number> => {
      assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Long'), true, s.tokens.lastFailure('Long')?.describe());
      const assertion = attacker.requests.at(-1)!.form.find(([name]) => name === 'client_assertion')![1];
      const { payload } = decodeJwt(assertion);
      return (payload.exp as number) - (payload.iat as number);
    };
    assert.equal(await lifetime(), 3600, 'capped at 1 h by default');

    // A workspace (a cloned repository) setting the cap is ignored.
    const original = readFileSync(settingsPath(), 'utf8');
    try {
      writeFileSync(settingsPath(), original.replace(/^\{/, '{ "oauthJwt.maxAssertionLifetimeSeconds": 86400,'));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await lifetime(), 3600, 'the workspace value is ignored');
    } finally {
      writeFileSync(settingsPath(), original);
    }

    await vscode.workspace.getConfiguration('oauthJwt').update('maxAssertionLifetimeSeconds', 86_400, vscode.ConfigurationTarget.Global);
    assert.equal(await lifetime(), 86_400, 'the user raised it');
    await vscode.workspace.getConfiguration('oauthJwt').update('maxAssertionLifetimeSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  // ── W2: Send Test Request sends the cached token to whatever apiUrl the workspace names ──────

  test('Send Test Request: a workspace that changes only apiUrl gets the cached token only after the prompt (Cancel sends nothing)', async function () {
    if (!browserAvailable) this.skip();
    await s.keys.save('Api', key);
    await setProfiles([{ name: 'Api', flow: 'client-assertion', tokenUrl: attackerUrl(), clientId: 'c', apiUrl: `${attacker.url}/api` }], 'Api');
    await confirmOrigins('Api');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Api'), true);
    assert.ok(s.tokens.peek('Api'), 'a token is cached');

    const elsewhere = api.urlFor('server-error');
    await setProfiles([{ name: 'Api', flow: 'client-assertion', tokenUrl: attackerUrl(), clientId: 'c', apiUrl: elsewhere }], 'Api');
    await eventually(() => s.config.profile('Api')?.apiUrl === elsewhere, 'the new apiUrl');
    const refused = vscode.commands.executeCommand('oauthJwt.sendTestRequest', 'Api', elsewhere);
    const [prompt] = await browser.waitFor('.quick-input-widget', { hasText: new URL(elsewhere).origin });
    assert.match(prompt!, /access token of profile "Api"/, prompt);
    await browser.click('.quick-input-list .monaco-list-row', { hasText: 'Cancel' });
    assert.equal(await refused, undefined);
    assert.equal(api.requests.length, 0, 'the new API origin received nothing');

    const accepted = vscode.commands.executeCommand<{ status: number }>('oauthJwt.sendTestRequest', 'Api', elsewhere);
    await answerConfirm(new URL(elsewhere).origin, `Send to ${new URL(elsewhere).origin}`);
    assert.equal((await accepted)?.status, 500);
    assert.equal(api.requests.at(-1)?.headers.authorization, `Bearer ${s.tokens.peek('Api')!.accessToken}`);
    const again = await withoutPrompt(vscode.commands.executeCommand<{ status: number }>('oauthJwt.sendTestRequest', 'Api', elsewhere), 'the second test request');
    assert.equal(again?.status, 500);
  });

  // ── W12: prompt-skipping arguments outside test mode ─────────────────────────────────────────

  test('outside test mode, forget\'s confirmation flag, Send Test Request\'s URL and overwrite flags are ignored: the command asks', async function () {
    if (!browserAvailable) this.skip();
    const production = inMode(vscode.ExtensionMode.Production);
    const { commandHandlers } = (await engine())();
    await s.keys.save('Own Slot', key);
    await setProfiles([{ name: 'Own Slot', flow: 'client-assertion', tokenUrl: attackerUrl(), clientId: 'c' }], 'Own Slot');
    await eventually(() => s.config.profile('Own Slot'), 'the profile');

    const forgetting = commandHandlers[Command.ForgetSecrets](production, 'Own Slot', true);
    await answerConfirm('Forget the stored secrets', 'Cancel');
    assert.deepEqual(await forgetting, []);
    assert.ok(await s.secrets.getPrivateKey('Own Slot'), 'the key is still there');

    const before = attacker.requests.length;
    const sending = commandHandlers[Command.SendTestRequest](production, 'Own Slot', `${attacker.url}/steal`);
    await browser.waitFor('.quick-input-widget', { hasText: 'Send Test Request with' });
    await browser.press('Escape');
    assert.equal(await sending, undefined);
    assert.equal(attacker.requests.length, before, 'the URL argument was not used');

    const folder = mkdtempSync(join(tmpdir(), 'oauth-jwt-overwrite-'));
    const exported = join(workspaceFolder(), 'public.jwk.json');
    const existed = existsSync(exported) ? readFileSync(exported, 'utf8') : undefined;
    try {
      writeFileSync(exported, 'mine');
      const exporting = commandHandlers[Command.ExportPublicJwk](production, { slot: 'Own Slot', format: 'jwk', target: 'file', overwrite: true });
      await answerConfirm('already exists', 'Cancel');
      assert.equal(await exporting, undefined);
      assert.equal(readFileSync(exported, 'utf8'), 'mine', 'the export overwrote nothing');

      writeFileSync(join(folder, 'public.jwk.json'), 'mine');
      const generating = commandHandlers[Command.GenerateKeyPair](production, { keyType: 'ec-p256', folder, slot: 'Own Slot', writePrivateKeyFile: false, overwrite: true });
      await answerConfirm('already exist', 'Cancel');
      assert.equal(await generating, undefined);
      assert.equal(readFileSync(join(folder, 'public.jwk.json'), 'utf8'), 'mine', 'key generation overwrote nothing');
    } finally {
      if (existed === undefined) rmSync(exported, { force: true });
      else writeFileSync(exported, existed);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  // ── W10: sandbox provisioning never replaces what the user stored ───────────────────────────

  test('sandbox provisioning refuses the default slot and slots holding the user\'s key or secret; provisions empty and sandbox slots, confirmed here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-provision-'));
    const previous = process.env[SANDBOX_PROVISION_ENV];
    try {
      const sandboxKey = await generateKeyPair({ type: 'rsa' });
      writeFileSync(join(dir, 'private.key'), privateKeyPem(sandboxKey));
      writeFileSync(join(dir, 'certificate.crt'), await createSelfSignedCertificate(sandboxKey, { commonName: 'sandbox', days: 2 }));
      writeFileSync(join(dir, 'secret.txt'), 'sandbox-secret\n');
      const tokenUrl = `${attacker.url}/token`;
      writeFileSync(join(dir, 'provision.json'), JSON.stringify({
        version: 1,
        privateKeyFile: join(dir, 'private.key'),
        certificateFile: join(dir, 'certificate.crt'),
        profiles: [
          { name: DEFAULT_KEY_SLOT, tokenUrl, clientSecretFile: join(dir, 'secret.txt') },
          { name: 'Existing Own', tokenUrl, clientSecretFile: join(dir, 'secret.txt') },
          { name: 'Sandbox Fresh', tokenUrl, clientSecretFile: join(dir, 'secret.txt') },
        ],
      }));
      await s.keys.save('Existing Own', key);
      await s.secrets.setClientSecret('Existing Own', 'users-own-secret');
      const defaultBefore = await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT);
      process.env[SANDBOX_PROVISION_ENV] = join(dir, 'provision.json');
      const development = inMode(vscode.ExtensionMode.Development);
      await (await engine())().importSandboxSecrets(development);

      assert.equal(await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT), defaultBefore, 'the default key is untouched');
      assert.equal(await s.secrets.getClientSecret(DEFAULT_KEY_SLOT), undefined);
      assert.equal(await s.secrets.getPrivateKey('Existing Own'), privateKeyPem(key), 'the user\'s own key is untouched');
      assert.equal(await s.secrets.getClientSecret('Existing Own'), 'users-own-secret');
      assert.deepEqual(await s.secrets.getOrigins('keyOrigins', 'Existing Own'), [], 'nothing confirmed for the user\'s key');
      assert.equal(await s.secrets.getPrivateKey('Sandbox Fresh'), privateKeyPem(sandboxKey), 'an empty slot is provisioned');
      assert.equal(await s.secrets.getClientSecret('Sandbox Fresh'), 'sandbox-secret');
      assert.deepEqual(await s.secrets.getOrigins('keyOrigins', 'Sandbox Fresh'), [new URL(tokenUrl).origin]);

      // A later start replaces the slot it provisioned itself.
      const nextKey = await generateKeyPair({ type: 'rsa' });
      writeFileSync(join(dir, 'private.key'), privateKeyPem(nextKey));
      await (await engine())().importSandboxSecrets(development);
      assert.equal(await s.secrets.getPrivateKey('Sandbox Fresh'), privateKeyPem(nextKey));
      assert.equal(await s.secrets.getPrivateKey(DEFAULT_KEY_SLOT), defaultBefore);
    } finally {
      if (previous === undefined) delete process.env[SANDBOX_PROVISION_ENV];
      else process.env[SANDBOX_PROVISION_ENV] = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
