import * as assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { browser, browserAvailable } from './browser';
import { activateExtension } from './extensionUnderTest';

suite('activation', () => {
  test('the extension under development is present and activates', async () => {
    const extension = await activateExtension();
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  });

  test('the workspace is trusted in this suite', () => {
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });

  test('the clipboard round-trips', async () => {
    const text = `oauth-jwt-bearer clipboard check ${Date.now()}`;
    await vscode.env.clipboard.writeText(text);
    assert.equal(await vscode.env.clipboard.readText(), text);
  });
});

suite('command palette (browser control)', () => {
  suiteTeardown(async () => {
    if (browserAvailable) await browser.press('Escape');
  });

  test('F1 opens the command palette, which lists commands', async function () {
    if (!browserAvailable) this.skip();
    await browser.press('F1');
    await browser.waitFor('.quick-input-widget .quick-input-box input');
    await browser.type('Toggle Full Screen');
    const rows = await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Toggle Full Screen' });
    assert.ok(rows.some((row) => row.includes('View: Toggle Full Screen')), `rows: ${JSON.stringify(rows)}`);
  });
});
