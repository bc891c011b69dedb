import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { buildJwt, signJwt } from '../../src/core/jwt';
import { verifyJwt } from '../../src/core/jwtVerify';
import { generateKeyPair, privateKeyPem, publicJwk, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import type { Services } from '../../src/vscode/services';
import { startOidcProvider, type OidcProviderServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { confirmOrigins, eventually, services, setProfiles, workspaceFolder } from './support';

const PROFILE = 'Claim editor';
const CLIENT_ID = 'claim-editor-client';
const IMG_NAME = '<img src=x onerror=alert(1)>';
const SCRIPT_VALUE = '</script><img src=x onerror=alert(2)><script>alert(3)</script>';

const webview = { frame: 'webview' as const };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The token the preview shows: header, payload and signature spans joined. */
async function previewToken(): Promise<string> {
  const [header] = await browser.text('#preview-header', 'webview');
  const [payload] = await browser.text('#preview-payload', 'webview');
  const [signature] = await browser.text('#preview-signature', 'webview');
  return `${header}.${payload}.${signature}`;
}

async function previewPayload(): Promise<Record<string, unknown>> {
  return decodePart((await previewToken()).split('.')[1]!);
}

/** Replaces the text of an input or text area. */
async function retype(selector: string, text: string): Promise<void> {
  await browser.click(selector, webview);
  // The workbench carries out Select All in a webview itself, a moment later: wait for it.
  await browser.press('Control+A');
  await new Promise((r) => setTimeout(r, 400));
  await browser.type(text);
}

function claimEditorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('oauthJwt.claimEditor'));
}

suite('Claim editor (webview)', function () {
  this.timeout(60_000);
  let s: Services;
  let key: PrivateKey;
  let oidc: OidcProviderServer;
  let dir: string;
  let publicKeyFile: string;
  let savedProfiles: unknown;
  let savedActive: unknown;
  let savedTheme: unknown;

  suiteSetup(async function () {
    if (!browserAvailable) this.skip();
    s = await services();
    key = await generateKeyPair({ type: 'rsa' });
    dir = mkdtempSync(join(tmpdir(), 'claim-editor-'));
    const keyFile = join(dir, 'private.key');
    writeFileSync(keyFile, privateKeyPem(key), { mode: 0o600 });
    // In the workspace folder, where the file dialog opens.
    publicKeyFile = join(workspaceFolder(), 'claim-editor-public.pem');
    writeFileSync(publicKeyFile, publicKeyPem(key));
    oidc = await startOidcProvider({ clients: [{ clientId: CLIENT_ID, algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] } }] });

    const config = vscode.workspace.getConfiguration('oauthJwt');
    savedProfiles = config.inspect('profiles')?.workspaceValue;
    savedActive = config.inspect('activeProfile')?.workspaceValue;
    savedTheme = vscode.workspace.getConfiguration('workbench').inspect('colorTheme')?.globalValue;
    await setProfiles([{ name: PROFILE, flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: CLIENT_ID, algorithm: 'RS256', scope: 'api:read' }], PROFILE);
    await eventually(() => s.config.profile(PROFILE), 'the profile to load');
    // The key goes in the way a user puts it there: Import Private Key from a file.
    assert.equal(await vscode.commands.executeCommand('oauthJwt.importPrivateKey', { source: 'file', file: keyFile, slot: PROFILE }), PROFILE);
    await confirmOrigins(PROFILE); // the origin prompts are origins.test.ts's subject
  });

  teardown(async function () {
    if (browserAvailable && this.currentTest?.state === 'failed') {
      await browser.screenshot(`claim-editor-failed-${this.currentTest.title.slice(0, 40).replace(/[^\w]+/g, '-')}`);
      await browser.press('Escape'); // a dialog left open would block the next test
    }
  });

  suiteTeardown(async () => {
    if (!browserAvailable) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', savedTheme, vscode.ConfigurationTarget.Global);
    await setProfiles((savedProfiles as object[] | undefined) ?? [], (savedActive as string | undefined) ?? '');
    await oidc?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(publicKeyFile, { force: true });
  });

  test('Open Claim Editor from the palette shows the profile\'s template; opening it again reveals the same editor', async () => {
    await browser.press('F1');
    await browser.type('OAuth JWT: Open Claim Editor');
    await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: 'Open Claim Editor' });
    await browser.press('Enter');
    await browser.waitFor('#title', { ...webview, hasText: PROFILE });
    const [context] = await browser.waitFor('#context-line', { ...webview, hasText: 'RSA' });
    assert.match(context!, /RS256/);
    assert.match(context!, new RegExp(`POST ${oidc.tokenUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await browser.waitFor('#claims-json', { ...webview, hasText: `"iss": "${CLIENT_ID}"` });
    await browser.waitFor('#header-json', { ...webview, hasText: '"alg": "RS256"' });

    assert.equal(await vscode.commands.executeCommand('oauthJwt.openClaimEditor', PROFILE), PROFILE);
    assert.equal(claimEditorTabs().length, 1, 'one editor per profile');

    // The preview holds what would be signed now, with the signature still to come.
    const payload = await previewPayload();
    assert.equal(payload.sub, CLIENT_ID);
    assert.equal(payload.aud, oidc.tokenUrl);
    assert.equal((payload.exp as number) - (payload.iat as number), 300);
    assert.ok(Math.abs((payload.iat as number) - Date.now() / 1000) < 10);
    assert.match((await browser.text('#preview-signature', 'webview'))[0]!, /press Sign/);
    await browser.waitFor('#times', { ...webview, hasText: 'in 5 minutes' });
    await browser.waitFor('#findings', { ...webview, hasText: 'No problems found' });
  });

  test('Sign: the preview shows the signed JWT, which verifies with the public key and carries a fresh jti', async () => {
    await browser.click('#sign', webview);
    await browser.waitFor('#status', { ...webview, hasText: 'Signed' });
    const token = await previewToken();
    const { header, payload } = await verifyJwt(token, { publicKey: publicKeyPem(key) }, { audience: oidc.tokenUrl, issuer: CLIENT_ID });
    assert.equal(header.alg, 'RS256');
    assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
    await browser.click('#copy-signed', webview);
    await eventually(async () => (await vscode.env.clipboard.readText()) === token, 'the signed JWT on the clipboard');
  });

  test('Exchange against the local oidc-provider: the response shows with the access token masked until revealed or copied', async () => {
    await browser.click('#exchange', webview);
    const [shown] = await browser.waitFor('#exchange-result', { ...webview, hasText: 'token_type', timeoutMs: 20_000 });
    const accessToken = s.tokens.peek(PROFILE)?.accessToken;
    assert.ok(accessToken && accessToken.length > 20, 'the exchange stored a token for the profile');
    assert.ok(!shown!.includes(accessToken), 'the access token is masked');
    assert.match(shown!, /"access_token": "•+ \(hidden, \d+ characters\)"/);
    assert.match(shown!, /"scope": "api:read"/);
    const [page] = await browser.text('body', 'webview');
    assert.ok(!page!.includes(accessToken), 'nowhere on the page before it is revealed');

    await vscode.env.clipboard.writeText('');
    await browser.click('#copy-access-token', webview);
    await eventually(async () => (await vscode.env.clipboard.readText()) === accessToken, 'the access token on the clipboard');
    await browser.click('#reveal-token', webview);
    await browser.waitFor('#revealed-token', { ...webview, hasText: accessToken });
  });

  test('Editing a claim in the form rewrites the raw JSON and the preview; a new row is added from the keyboard', async () => {
    await retype('input[aria-label="Value of sub"]', 'edited-subject');
    await browser.waitFor('#claims-json', { ...webview, hasText: '"sub": "edited-subject"' });
    assert.equal((await previewPayload()).sub, 'edited-subject');
    assert.match((await browser.text('#preview-signature', 'webview'))[0]!, /press Sign/, 'an edit drops the signed JWT');

    await browser.click('#claims-add', webview);
    await browser.type('tenant');
    await browser.press('Tab');
    await browser.press('Tab');
    await browser.type('acme');
    await browser.waitFor('#claims-json', { ...webview, hasText: '"tenant": "acme"' });
    assert.equal((await previewPayload()).tenant, 'acme');
  });

  test('The §7 checks show as you type: milliseconds instead of seconds, and an aud array', async () => {
    await browser.click('#claims-add', webview);
    await browser.type('exp');
    await browser.press('Tab');
    await browser.press('n'); // the type select: "number"
    await browser.press('Tab');
    await browser.type(String(Date.now()));
    await browser.waitFor('#findings .finding.error', { ...webview, hasText: 'milliseconds' });
    await browser.click('button[aria-label="Remove exp"]', webview);
    await browser.waitFor('#findings', { ...webview, hasText: 'No problems found' });

    await retype('input[aria-label="Value of aud"]', '["a","b"]');
    await browser.press('Shift+Tab'); // to the row's type select
    await browser.press('j'); // "JSON"
    await browser.waitFor('#claims-json', { ...webview, hasText: '"aud": [' });
    await browser.waitFor('#findings .finding.error', { ...webview, hasText: 'array' });
  });

  test('Invalid raw JSON is pointed at by line and column and kept; the form waits until it is fixed', async () => {
    await browser.click('#claims-json', webview);
    await browser.press('Control+End');
    await browser.type(' oops');
    const [error] = await browser.waitFor('#claims-json-error', { ...webview, hasText: 'Line' });
    assert.match(error!, /Line \d+, column 3: Unexpected character/);
    await browser.waitFor('#preview-note', { ...webview, hasText: 'Fix the errors' });
    for (let i = 0; i < 5; i++) await browser.press('Backspace');
    await eventually(async () => (await browser.text('#claims-json-error', 'webview'))[0] === '', 'the error to clear');
    await browser.waitFor('#preview-note', { ...webview, hasText: 'Preview' });
  });

  test('A pasted JWT is decoded with readable times and badges: unsigned, expired, not verified', async () => {
    await browser.click('#tab-decode', webview);
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'pasted', iat: now - 7200, exp: now - 3600 })}.`;
    await browser.click('#decode-input', webview);
    await browser.type(unsigned);
    await browser.waitFor('#decoded-payload', { ...webview, hasText: '"sub": "pasted"' });
    const [badges] = await browser.waitFor('#badges', { ...webview, hasText: 'Unsigned' });
    assert.match(badges!, /Expired/);
    assert.match(badges!, /Signature not verified/);
    await browser.waitFor('#decoded-times', { ...webview, hasText: '1 hour ago' });

    await retype('#decode-input', 'not.a-jwt');
    await browser.waitFor('#decode-error', { ...webview, hasText: '2 parts' });
  });

  test('Decode JWT opens the decode view; Verify checks the signature with the profile\'s key and with a public key file', async () => {
    const { header, payload } = buildJwt({ claims: { sub: 'verify-me' }, lifetimeSeconds: 120 });
    const token = await signJwt(header, payload, key);
    assert.equal(await vscode.commands.executeCommand('oauthJwt.decodeJwt', token), true);
    await browser.waitFor('#decoded-payload', { ...webview, hasText: 'verify-me' });
    await browser.waitFor('#badges', { ...webview, hasText: 'Signature not verified' });
    assert.equal(claimEditorTabs().length, 1, 'the open editor of the active profile is reused');

    await browser.click('#verify-profile', webview);
    await browser.waitFor('#verify-result', { ...webview, hasText: 'Signature valid' });
    await browser.waitFor('#badges', { ...webview, hasText: 'Signature verified' });

    // The file dialog (code-server's own, a quick input opened on the workspace folder): pick the public key.
    await browser.click('#verify-file', webview);
    await browser.click('.quick-input-list .monaco-list-row', { hasText: 'claim-editor-public.pem' });
    await browser.waitFor('#verify-result', { ...webview, hasText: 'the public key claim-editor-public.pem' });

    // A token signed by another key fails, saying why.
    const stranger = await generateKeyPair({ type: 'rsa' });
    const forged = await signJwt(header, payload, stranger);
    await vscode.commands.executeCommand('oauthJwt.decodeJwt', forged);
    await browser.waitFor('#badges', { ...webview, hasText: 'Signature not verified' });
    await browser.click('#verify-profile', webview);
    await browser.waitFor('#verify-result', { ...webview, hasText: 'signature does not match' });
  });

  test('Claims holding markup show as literal text and create no element', async () => {
    const scripts = (await browser.text('script', 'webview')).length;
    const { header, payload } = buildJwt({ claims: { [IMG_NAME]: SCRIPT_VALUE, note: '<b>bold</b>' }, lifetimeSeconds: 60 });
    await vscode.commands.executeCommand('oauthJwt.decodeJwt', await signJwt(header, payload, key));
    await browser.waitFor('#decoded-payload', { ...webview, hasText: IMG_NAME });
    const [decoded] = await browser.text('#decoded-payload', 'webview');
    assert.ok(decoded!.includes(JSON.stringify(SCRIPT_VALUE)), decoded);

    // The same text in the editor: raw JSON → form rows, preview and checks.
    await browser.click('#tab-build', webview);
    await retype('#claims-json', JSON.stringify({ iss: CLIENT_ID, sub: CLIENT_ID, aud: oidc.tokenUrl, [IMG_NAME]: SCRIPT_VALUE }, null, 2));
    await browser.waitFor(`input[aria-label="Value of ${IMG_NAME}"]`, webview);
    await browser.click('#claims-add', webview);
    await browser.type(IMG_NAME.replace('1', '4'));
    assert.equal((await previewPayload())[IMG_NAME], SCRIPT_VALUE);

    assert.deepEqual(await browser.text('img', 'webview'), [], 'no img element');
    assert.deepEqual(await browser.text('b', 'webview'), [], 'no b element');
    assert.equal((await browser.text('script', 'webview')).length, scripts, 'no script element');
  });

  test('Screenshots in the light and the dark theme', async () => {
    await retype('#claims-json', JSON.stringify({ iss: CLIENT_ID, sub: CLIENT_ID, aud: oidc.tokenUrl, scope: 'api:read' }, null, 2));
    await browser.waitFor('input[aria-label="Value of scope"]', webview);
    await browser.click('#exchange', webview); // a fresh response, its token masked
    await browser.waitFor('#status', { ...webview, hasText: 'Access token received' });
    await browser.click('#sign', webview);
    await browser.waitFor('#status', { ...webview, hasText: 'Signed' });
    const workbench = vscode.workspace.getConfiguration('workbench');
    // The editor alone on screen, as a user would look at it.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    try {
      for (const [theme, name] of [['Default Light Modern', 'claim-editor-light'], ['Default Dark Modern', 'claim-editor-dark']] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await browser.waitFor(theme.includes('Light') ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark');
        await new Promise((r) => setTimeout(r, 1500)); // the webview picks up the theme's colours
        await browser.click('#tab-build', webview);
        await browser.press('Control+Home');
        await new Promise((r) => setTimeout(r, 300));
        assert.match(await browser.screenshot(name), new RegExp(`${name}\\.png$`));
        await browser.press('Control+End');
        await new Promise((r) => setTimeout(r, 300));
        assert.match(await browser.screenshot(`${name}-signed`), new RegExp(`${name}-signed\\.png$`));
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
      await vscode.commands.executeCommand('workbench.action.toggleAuxiliaryBar');
    }
  });
});
