import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { browser, browserAvailable } from '../browser';
import { activateExtension } from '../extensionUnderTest';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

suite('Claim editor in Restricted Mode', () => {
  test('Decode JWT opens the decode view; exchanging is off', async function () {
    if (!browserAvailable) this.skip();
    await activateExtension();
    const token = `${b64({ alg: 'RS256' })}.${b64({ sub: 'restricted-decode', exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;
    assert.equal(await vscode.commands.executeCommand('oauthJwt.decodeJwt', token), true);
    await browser.waitFor('#decoded-payload', { frame: 'webview', hasText: 'restricted-decode' });
    await browser.waitFor('#badges', { frame: 'webview', hasText: 'Signature not verified' });
    await browser.waitFor('#context-line', { frame: 'webview', hasText: 'Restricted Mode' });
  });
});
