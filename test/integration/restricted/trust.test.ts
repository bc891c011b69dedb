import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { buildJwt, signJwt } from '../../../src/core/jwt';
import { generateKeyPair } from '../../../src/core/keys';
import type { Services } from '../../../src/vscode/services';
import { browser, browserAvailable } from '../browser';
import { activateExtension } from '../extensionUnderTest';
import { clearNotifications, eventually, expectNotification, services, workspaceFolder } from '../support';
import { startFaultServer, startLogicNetsServer } from '../../servers';

suite('Restricted Mode', () => {
  let s: Services;
  suiteSetup(async () => {
    s = await services();
  });

  test('the workspace opens untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });

  test('the extension still loads and activates (decoding must work here)', async () => {
    await activateExtension();
  });

  test('Decode JWT works', async () => {
    const key = await generateKeyPair({ type: 'ed25519' });
    const { header, payload } = buildJwt({ claims: { sub: 'untrusted-ok' } });
    assert.equal(await vscode.commands.executeCommand('oauthJwt.decodeJwt', await signJwt(header, payload, key)), true);
    if (browserAvailable) await eventually(async () => /untrusted-ok/.test(await activeWebviewText()), 'the decoded claims in the decode view');
  });

  test('Generate Key Pair is refused with a clear message, and writes nothing', async () => {
    const folder = join(workspaceFolder(), 'keys');
    mkdirSync(folder, { recursive: true });
    const result = await vscode.commands.executeCommand('oauthJwt.generateKeyPair', { keyType: 'ed25519', folder, slot: '*default*', writePrivateKeyFile: true });
    assert.equal(result, undefined);
    assert.equal(existsSync(join(folder, 'public.pem')), false);
    assert.equal(existsSync(join(folder, 'private.key')), false);
    assert.equal(await s.secrets.getPrivateKey('*default*'), undefined);
    if (browserAvailable) await expectNotification('Restricted Mode');
  });

  test('profiles from the workspace settings are ignored, and no exchange happens', async () => {
    const key = await generateKeyPair({ type: 'rsa' });
    const server = await startLogicNetsServer({ company: 'c', clientId: 'id', issuer: 'https://client.org', publicKey: key.key });
    try {
      mkdirSync(join(workspaceFolder(), '.vscode'), { recursive: true });
      writeFileSync(join(workspaceFolder(), '.vscode', 'settings.json'), JSON.stringify({
        'oauthJwt.profiles': [{ name: 'FromRepo', flow: 'client-assertion', method: 'GET', tokenUrl: server.tokenUrl, clientId: 'id', issuer: 'https://client.org', audience: server.audience }],
        'oauthJwt.activeProfile': 'FromRepo',
      }));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(s.config.profile('FromRepo'), undefined, 'a restricted setting from the workspace is not read');
      await s.keys.save('FromRepo', key);
      const result = await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'FromRepo');
      assert.equal(result, undefined);
      assert.equal(server.requests.length, 0, 'the server received nothing');
    } finally {
      await server.close();
    }
  });

  test('an exchange for a user-level profile is refused too', async () => {
    await vscode.workspace.getConfiguration('oauthJwt').update('profiles', [{ name: 'User', flow: 'client-assertion', tokenUrl: 'https://idp.example.com/token', clientId: 'u' }], vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(s.config.profile('User'));
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'User'), undefined);
    assert.equal(s.tokens.lastFailure('User')?.code, 'UNTRUSTED_WORKSPACE');
  });

  test('Send Test Request is refused too, even with a cached token: nothing reaches the API (issue 12, W2)', async () => {
    const server = await startFaultServer();
    try {
      const apiUrl = server.urlFor('server-error');
      await vscode.workspace.getConfiguration('oauthJwt').update('profiles', [{ name: 'Cached', flow: 'client-assertion', tokenUrl: 'https://idp.example.com/token', clientId: 'u', apiUrl }], vscode.ConfigurationTarget.Global);
      await eventually(() => s.config.profile('Cached'), 'the user-level profile');
      await s.secrets.setToken('Cached', { accessToken: 'restricted-mode-cached-token', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, obtainedAt: Date.now(), response: {} });
      await s.tokens.restore('Cached');
      assert.ok(s.tokens.peek('Cached'), 'a token is cached');
      await clearNotifications();
      assert.equal(await vscode.commands.executeCommand('oauthJwt.sendTestRequest', 'Cached', apiUrl), undefined);
      assert.equal(server.requests.length, 0, 'the API received nothing');
      if (browserAvailable) await expectNotification('Send Test Request is disabled in Restricted Mode');
    } finally {
      await s.tokens.invalidate('Cached');
      await vscode.workspace.getConfiguration('oauthJwt').update('profiles', undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    }
  });
});

/** The text of the active webview (the claim editor's decode view). */
async function activeWebviewText(): Promise<string> {
  if (!browserAvailable) return '';
  try {
    return (await browser.text('body', 'webview')).join('\n');
  } catch {
    return '';
  }
}
