/**
 * The extension in a German session (code-server --locale de; suites.ts): a command title from
 * package.nls.de.json in the Command Palette, and runtime strings from l10n/bundle.l10n.de.json in
 * a quick pick, read from the workbench's own DOM. Without the German files both show English.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { browser, browserAvailable } from '../browser';
import { clearNotifications, expectNotification } from '../support';

suite('German (vscode.env.language de)', function () {
  this.timeout(60_000);

  test('the session is German', () => {
    assert.equal(vscode.env.language, 'de');
  });

  test('the Command Palette shows the German command title', async function () {
    if (!browserAvailable) assert.fail('no browser: the host driver must provide one');
    const extension = vscode.extensions.getExtension('oauth-jwt-bearer.oauth-jwt-bearer')!;
    // VS Code hands a translated title on as { value, original }.
    const generate = (extension.packageJSON.contributes.commands as Array<{ command: string; title: string | { value: string; original: string } }>).find((c) => c.command === 'oauthJwt.generateKeyPair');
    assert.deepEqual(generate?.title, { value: 'Schlüsselpaar und Zertifikat generieren', original: 'Generate Key Pair and Certificate' });
    await vscode.commands.executeCommand('workbench.action.showCommands');
    await browser.type('Schlüsselpaar und Zertifikat');
    const rows = await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'OAuth JWT: Schlüsselpaar und Zertifikat generieren' });
    assert.ok(rows.length >= 1);
    await browser.press('Escape');
  });

  test('a quick pick shows the German runtime strings (item label and detail)', async function () {
    if (!browserAvailable) assert.fail('no browser: the host driver must provide one');
    // Forget Stored Secrets asks first: its quick pick is shown and answered with Escape, so nothing is forgotten.
    const running = vscode.commands.executeCommand<string[]>('oauthJwt.forgetSecrets');
    const rows = await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Jeder Schlüssel, jedes Clientgeheimnis und jedes Token' });
    assert.match(rows[0]!, /Alles/);
    await browser.press('Escape');
    assert.deepEqual(await running, []);
  });

  test('the claim editor webview gets the German strings with init', async function () {
    if (!browserAvailable) assert.fail('no browser: the host driver must provide one');
    // No profile in this workspace: the editor opens without one (decode, templates).
    assert.equal(await vscode.commands.executeCommand('oauthJwt.openClaimEditor'), '');
    try {
      await browser.waitFor('#tab-build', { frame: 'webview', hasText: 'Erstellen und signieren' });
      assert.deepEqual(await browser.text('#tab-decode', 'webview'), ['Decodieren und prüfen']);
      assert.deepEqual(await browser.text('#sign', 'webview'), ['Signieren']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('core texts in German: New Profile\'s provider details, and a core error in its notification', async function () {
    if (!browserAvailable) assert.fail('no browser: the host driver must provide one');
    // The provider's detail is marked in src/core (localizable) and translated by the wizard.
    const picking = vscode.commands.executeCommand<string | undefined>('oauthJwt.newProfile');
    const rows = await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'private_key_jwt Client Credentials (Org- oder eigener Autorisierungsserver)' });
    assert.match(rows[0]!, /Okta/);
    await browser.press('Escape');
    assert.equal(await picking, undefined);
    // A JWKS given as the key file: the core's OAuthJwtError (msg) shown by showError in German, hint included.
    const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-german-'));
    try {
      const file = join(dir, 'jwks.json');
      writeFileSync(file, JSON.stringify({ keys: [] }));
      await clearNotifications();
      assert.equal(await vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'google', file }), undefined);
      const [shown] = await expectNotification('Dies ist ein JSON Web Key Set (JWKS): Es enthält öffentliche Schlüssel, keinen privaten Schlüssel.');
      assert.match(shown!, /Geben Sie den privaten JWK \(einen Schlüssel mit einem Member „d“\) oder die private Schlüsseldatei \(PEM\) an\./);
      assert.doesNotMatch(shown!, /holds public keys/);
    } finally {
      await clearNotifications();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
