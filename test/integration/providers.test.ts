import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as vscode from 'vscode';
import { generateKeyPair, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import type { Services } from '../../src/vscode/services';
import { param, startEntraServer, startKeycloakServer, startOktaServer, type EntraServer, type KeycloakServer, type OktaServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { answerConfirm, confirmOrigins, eventually, expectNotification, services, workspaceFolder } from './support';

const ENTRA_CLIENT = '11111111-2222-3333-4444-555555555555';
const OKTA_CLIENT = '0oa1okta2client3';

/** Answers the input box whose prompt holds `prompt`; replaces what is prefilled. */
async function answer(prompt: string, text: string): Promise<void> {
  await browser.waitFor('.quick-input-widget', { hasText: prompt });
  await browser.press('Control+A');
  await browser.type(text);
  await browser.press('Enter');
}

/** The assertion the endpoint received last. */
function lastAssertion(server: { requests: { form: [string, string][] }[] }) {
  const jwt = param(server.requests.at(-1)!.form, 'client_assertion')!;
  return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt), form: server.requests.at(-1)!.form };
}

/**
 * Issue 13: Entra ID and Okta through the extension in the real host — the key (and for Entra its
 * certificate) imported, New Profile, the status bar, and a token from a local endpoint that
 * enforces the provider's documented rules (src/sandbox/servers).
 */
suite('Providers on the wire: New Profile → status bar → token (Entra ID, Okta)', function () {
  this.timeout(90_000);
  let s: Services;
  let key: PrivateKey;
  let certificate: string;
  let entra: EntraServer;
  let okta: OktaServer;
  let keycloak: KeycloakServer;

  suiteSetup(async () => {
    s = await services();
    key = await generateKeyPair({ type: 'rsa' });
    certificate = await createSelfSignedCertificate(key, { commonName: 'entra host test', days: 90 });
    [entra, okta, keycloak] = await Promise.all([
      startEntraServer({ tenant: 'contoso.onmicrosoft.com', clientId: ENTRA_CLIENT, certificate }),
      startOktaServer({ clientId: OKTA_CLIENT, keys: [publicJwk(key, 'RS256')] }),
      startKeycloakServer({ realm: 'demo', clientId: 'kc-client', publicKey: certificate }),
    ]);
  });

  suiteTeardown(async () => {
    await Promise.all([entra?.close(), okta?.close(), keycloak?.close()]);
  });

  test('Import Private Key keeps the certificate of a PEM bundle with the key (it used to drop it)', async () => {
    const file = join(workspaceFolder(), 'entra-bundle.pem');
    writeFileSync(file, `${privateKeyPem(key)}${certificate}`, { mode: 0o600 });
    assert.equal(await vscode.commands.executeCommand('oauthJwt.importPrivateKey', { source: 'file', file, slot: 'Entra Wizard' }), 'Entra Wizard');
    const stored = await s.keys.get('Entra Wizard');
    assert.equal(stored?.certificate?.x5tS256, readCertificate(certificate).x5tS256);
  });

  test('Entra ID: New Profile from the keyboard writes provider "entra"; the status bar click gets a token with x5t#S256, client_id and nbf', async function () {
    if (!browserAvailable) this.skip();
    const running = vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'entra' });
    await answer('Tenant ID or domain', 'contoso.onmicrosoft.com');
    await answer('Application (client) ID', ENTRA_CLIENT);
    await answer('Scope', 'api://resource/.default');
    await answer('Cloud: the login host', entra.url);
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Plain bearer tokens' });
    await browser.press('Enter'); // tokens bound: None (the first choice)
    await answer('Profile name', 'Entra Wizard');
    assert.equal(await running, 'Entra Wizard');
    const profile = await eventually(() => s.config.profile('Entra Wizard'), 'the profile in settings');
    assert.equal(profile.provider, 'entra');
    assert.equal(profile.tokenUrl, entra.tokenUrl);

    // The tooltip names the provider.
    await browser.hover('.statusbar-item', { hasText: 'Entra Wizard' });
    await browser.waitFor('.monaco-hover', { hasText: 'entra' });
    await browser.press('Escape');

    await confirmOrigins('Entra Wizard');
    await vscode.env.clipboard.writeText('');
    await browser.click('.statusbar-item', { hasText: 'Entra Wizard' });
    await eventually(async () => (await vscode.env.clipboard.readText()) === entra.issued.at(-1), 'the Entra token on the clipboard', 20_000);
    const { header, claims, form } = lastAssertion(entra);
    assert.equal(header.alg, 'PS256');
    assert.equal(header['x5t#S256'], readCertificate(certificate).x5tS256);
    assert.equal(claims.nbf, claims.iat);
    assert.equal(param(form, 'client_id'), ENTRA_CLIENT);
  });

  test('Import Certificate: refuses another key\'s certificate; attaches the key\'s own; asks (Cancel first) before replacing one', async function () {
    const other = await generateKeyPair({ type: 'rsa' });
    const folder = workspaceFolder();
    writeFileSync(join(folder, 'other.crt'), await createSelfSignedCertificate(other, { commonName: 'another key', days: 30 }));
    writeFileSync(join(folder, 'own.crt'), certificate);
    const renewed = await createSelfSignedCertificate(key, { commonName: 'renewed', days: 365 });
    writeFileSync(join(folder, 'renewed.crt'), renewed);
    await s.keys.save('Cert Slot', key);

    assert.equal(await vscode.commands.executeCommand('oauthJwt.importCertificate', { slot: 'Cert Slot', file: join(folder, 'other.crt') }), undefined);
    assert.equal((await s.keys.get('Cert Slot'))?.certificate, undefined);
    if (browserAvailable) await expectNotification('belongs to another key');

    assert.equal(await vscode.commands.executeCommand('oauthJwt.importCertificate', { slot: 'Cert Slot', file: join(folder, 'own.crt') }), 'Cert Slot');
    assert.equal((await s.keys.get('Cert Slot'))?.certificate?.x5tS256, readCertificate(certificate).x5tS256);

    if (!browserAvailable) return;
    const cancelled = vscode.commands.executeCommand('oauthJwt.importCertificate', { slot: 'Cert Slot', file: join(folder, 'renewed.crt') });
    await answerConfirm('already has a certificate', 'Cancel');
    assert.equal(await cancelled, undefined);
    assert.equal((await s.keys.get('Cert Slot'))?.certificate?.x5tS256, readCertificate(certificate).x5tS256);
    const replaced = vscode.commands.executeCommand('oauthJwt.importCertificate', { slot: 'Cert Slot', file: join(folder, 'renewed.crt') });
    await answerConfirm('already has a certificate', 'Replace');
    assert.equal(await replaced, 'Cert Slot');
    assert.equal((await s.keys.get('Cert Slot'))?.certificate?.x5tS256, readCertificate(renewed).x5tS256);
  });

  test('Okta: New Profile writes provider "okta"; the status bar click gets a token whose kid is the key\'s RFC 7638 thumbprint', async function () {
    if (!browserAvailable) this.skip();
    await s.keys.save('Okta Wizard', key);
    const running = vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'okta' });
    await answer('Token URL', okta.tokenUrl);
    await answer('Client ID', OKTA_CLIENT);
    await answer('Scope', 'okta.users.read');
    await browser.waitFor('.quick-input-widget', { hasText: 'Key ID (kid)' });
    await browser.press('Enter');
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Plain bearer tokens' });
    await browser.press('Enter'); // tokens bound: None (the first choice)
    await answer('Profile name', 'Okta Wizard');
    assert.equal(await running, 'Okta Wizard');
    const profile = await eventually(() => s.config.profile('Okta Wizard'), 'the profile in settings');
    assert.equal(profile.provider, 'okta');

    await confirmOrigins('Okta Wizard');
    await vscode.env.clipboard.writeText('');
    await browser.click('.statusbar-item', { hasText: 'Okta Wizard' });
    await eventually(async () => (await vscode.env.clipboard.readText()) === okta.issued.at(-1), 'the Okta token on the clipboard', 20_000);
    assert.equal(lastAssertion(okta).header.kid, publicJwk(key).kid);
  });

  test('Keycloak: a profile without lifetimeSeconds signs for Keycloak\'s 60 s, not the 300 s default the server refuses', async () => {
    await s.keys.save('Keycloak Host', key);
    await s.config.saveProfile({ name: 'Keycloak Host', provider: 'keycloak', flow: 'client-assertion', tokenUrl: keycloak.tokenUrl, clientId: 'kc-client' });
    await eventually(() => s.config.profile('Keycloak Host'), 'the profile in settings');
    await confirmOrigins('Keycloak Host');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Keycloak Host'), true);
    assert.equal(s.tokens.peek('Keycloak Host')?.accessToken, keycloak.issued.at(-1));
    const { claims, form } = lastAssertion(keycloak);
    assert.equal(claims.exp! - claims.iat!, 60);
    assert.equal(param(form, 'client_id'), 'kc-client');
  });
});
