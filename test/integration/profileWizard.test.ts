import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { Services } from '../../src/vscode/services';
import { browser, browserAvailable } from './browser';
import { answerInput as answer, eventually, services } from './support';

suite('New Profile wizard, driven from the keyboard', function () {
  this.timeout(60_000);
  let s: Services;
  suiteSetup(async () => {
    s = await services();
  });

  test('every contributed command is registered in the host', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const extension = vscode.extensions.getExtension('oauth-jwt-bearer.oauth-jwt-bearer')!;
    const contributed: Array<{ command: string }> = extension.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 15);
    for (const { command } of contributed) assert.ok(registered.has(command), `${command} is not registered`);
  });

  test('LogicNets through the palette: preset, questions with validation, name; saved to settings and made active', async function () {
    if (!browserAvailable) this.skip();
    await browser.press('F1');
    await browser.waitFor('.quick-input-widget .quick-input-box input');
    await browser.type('OAuth JWT: New Profile');
    await browser.click('.quick-input-list .monaco-list-row', { hasText: 'OAuth JWT: New Profile' });
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'LogicNets' });
    await browser.type('LogicNets');
    await browser.press('Enter');

    // A host typed as a URL is refused with a message, and the wizard waits for a correct one.
    await browser.waitFor('.quick-input-widget', { hasText: 'LogicNets host' });
    await browser.type('https://lua5.logicnets.local');
    await browser.waitFor('.quick-input-widget', { hasText: 'host name only' });
    // The validation message stands where the prompt was; the title stays.
    await answer('New LogicNets Profile (1/7)', 'lua5.logicnets.local');
    await answer('Company', 'logicnets');
    await answer('Client ID of the server user', '4664FD8C-9CEC-A8A2-D666-02A352A492A1');
    await answer('Issuer', 'https://client.org');
    await answer('Header nonce', '');
    // How tokens are bound: None comes first, so Enter keeps plain bearer tokens.
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Plain bearer tokens' });
    await browser.press('Enter');
    await answer('Profile name', 'Wizard LogicNets');

    const profile = await eventually(() => s.config.profile('Wizard LogicNets'), 'the profile in settings');
    assert.deepEqual(
      { flow: profile.flow, method: profile.method, tokenUrl: profile.tokenUrl, audience: profile.audience, subject: profile.subject, issuer: profile.issuer, header: profile.header },
      {
        flow: 'client-assertion', method: 'GET', tokenUrl: 'https://lua5.logicnets.local/logicnets/oauth2token', audience: 'https://lua5.logicnets.local/logicnets',
        subject: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', issuer: 'https://client.org', header: { nonce: '' },
      },
    );
    assert.deepEqual([profile.dpop, profile.mtls, profile.tokenEndpointAuth], [undefined, undefined, undefined], 'None binds nothing');
    await eventually(() => vscode.workspace.getConfiguration('oauthJwt').get('activeProfile') === 'Wizard LogicNets', 'the new profile to become active');
    await browser.waitFor('.statusbar', { hasText: 'Wizard LogicNets' });
  });

  test('Escape at any question saves nothing', async function () {
    if (!browserAvailable) this.skip();
    const before = JSON.stringify(vscode.workspace.getConfiguration('oauthJwt').get('profiles'));
    const running = vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'workfront' });
    await answer('Workfront domain', 'acme');
    await browser.waitFor('.quick-input-widget', { hasText: 'Client ID' });
    await browser.press('Escape');
    assert.equal(await running, undefined);
    assert.equal(JSON.stringify(vscode.workspace.getConfiguration('oauthJwt').get('profiles')), before);
  });

  test('Escape at the token binding question saves nothing', async function () {
    if (!browserAvailable) this.skip();
    const before = JSON.stringify(vscode.workspace.getConfiguration('oauthJwt').get('profiles'));
    const running = vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'generic-assertion', name: 'Never Saved', answers: { tokenUrl: 'https://idp.example.com/oauth2/token', clientId: 'c3', scope: '' } });
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Plain bearer tokens' });
    await browser.press('Escape');
    assert.equal(await running, undefined);
    assert.equal(JSON.stringify(vscode.workspace.getConfiguration('oauthJwt').get('profiles')), before);
  });

  test('Select Active Profile through its quick pick', async function () {
    if (!browserAvailable) this.skip();
    await vscode.commands.executeCommand('oauthJwt.newProfile', {
      preset: 'generic-assertion', name: 'Second', answers: { tokenUrl: 'https://idp.example.com/oauth2/token', clientId: 'c2', scope: '' }, binding: 'none',
    });
    await eventually(() => s.config.profile('Second'), 'the second profile');
    const running = vscode.commands.executeCommand('oauthJwt.selectProfile');
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Wizard LogicNets' });
    await browser.click('.quick-input-list .monaco-list-row', { hasText: 'Wizard LogicNets' });
    assert.equal(await running, 'Wizard LogicNets');
    assert.equal(s.config.activeProfile()?.name, 'Wizard LogicNets');
  });
});
