import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { buildJwt, signJwt } from '../../src/core/jwt';
import { generateKeyPair, privateKeyPem, publicJwk, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import type { Services } from '../../src/vscode/services';
import { closedPortUrl, startLogicNetsServer, startOidcProvider, startWorkfrontServer, type LogicNetsServer, type OidcProviderServer, type WorkfrontServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { answerConfirm, clearNotifications, confirmOrigins, eventually, expectNotification, logText, services, setProfiles, workspaceFolder } from './support';

/** Canary secrets: none may appear in the log, settings or notifications. */
const CLIENT_SECRET = 'canary-wf-secret&a=b+c é';
const LOGICNETS_CLIENT = '4664FD8C-9CEC-A8A2-D666-02A352A492A1';

suite('Token exchange, status bar, clipboard and the authentication provider', function () {
  this.timeout(60_000);
  let s: Services;
  let key: PrivateKey;
  let es: PrivateKey;
  let logicnets: LogicNetsServer;
  let logicnets2: LogicNetsServer;
  let workfront: WorkfrontServer;
  let oidc: OidcProviderServer;
  let deadUrl: string;
  const tokensSeen: string[] = [];

  const logicnetsProfile = (server: LogicNetsServer) => ({
    name: 'LogicNets', flow: 'client-assertion', method: 'GET', tokenUrl: server.tokenUrl, audience: server.audience,
    clientId: LOGICNETS_CLIENT, subject: LOGICNETS_CLIENT, issuer: 'https://client.org', header: { nonce: '' }, apiUrl: server.apiUrl,
  });
  const profiles = () => [
    logicnetsProfile(logicnets),
    { name: 'Workfront', flow: 'workfront', tokenUrl: workfront.tokenUrl, clientId: 'wf-client', issuer: 'customer-42', subject: 'user-7' },
    { name: 'OIDC', flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'host-es256', algorithm: 'ES256', scope: 'api:read' },
    { name: 'Down', flow: 'client-assertion', tokenUrl: deadUrl, clientId: 'nobody' },
  ];

  suiteSetup(async () => {
    s = await services();
    [key, es] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' })]);
    const certificate = await createSelfSignedCertificate(key, { commonName: 'host tests', days: 20 });
    [logicnets, logicnets2, workfront, oidc, deadUrl] = await Promise.all([
      startLogicNetsServer({ company: 'logicnets', clientId: LOGICNETS_CLIENT, issuer: 'https://client.org', publicKey: publicKeyPem(key) }),
      startLogicNetsServer({ company: 'logicnets', clientId: LOGICNETS_CLIENT, issuer: 'https://client.org', publicKey: publicKeyPem(key) }),
      startWorkfrontServer({ clientId: 'wf-client', clientSecret: CLIENT_SECRET, customerId: 'customer-42', userId: 'user-7', certificate }),
      startOidcProvider({ clients: [{ clientId: 'host-es256', algorithm: 'ES256', jwks: { keys: [publicJwk(es, 'ES256')] } }] }),
      closedPortUrl(),
    ]);
    for (const name of ['LogicNets', 'Workfront', 'Down']) await s.keys.save(name, key, certificate);
    await s.keys.save('OIDC', es);
    await setProfiles(profiles(), 'LogicNets');
    await eventually(() => s.config.activeProfile()?.name === 'LogicNets', 'the profiles to load');
    // The origin prompts (a workspace's profiles ask on first use) are test/integration/origins.test.ts's subject.
    await confirmOrigins('LogicNets', 'Workfront', 'OIDC', 'Down');
  });

  suiteTeardown(async () => {
    await Promise.all([logicnets?.close(), logicnets2?.close(), workfront?.close(), oidc?.close()]);
  });

  test('the status bar shows the active profile before any token', async function () {
    if (!browserAvailable) this.skip();
    const [bar] = await browser.waitFor('.statusbar', { hasText: 'LogicNets' });
    assert.doesNotMatch(bar!, /LogicNets \d+:\d\d/);
  });

  test('Copy Access Token (LogicNets, GET): the token from the server lands on the clipboard; the status bar counts down', async () => {
    const before = logicnets.requests.length;
    assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken'), true);
    const token = await vscode.env.clipboard.readText();
    tokensSeen.push(token);
    assert.equal(token, logicnets.issued.at(-1));
    assert.equal(logicnets.requests.length, before + 1);
    const request = logicnets.requests.at(-1)!;
    assert.equal(request.method, 'GET');
    assert.deepEqual(request.query.map(([k]) => k).sort(), ['client_assertion', 'client_assertion_type', 'grant_type']);
    if (browserAvailable) await browser.waitFor('.statusbar', { hasText: 'LogicNets 59:' });
    const remaining = s.tokens.remainingSeconds('LogicNets');
    assert.ok(remaining !== undefined && remaining > 3000, `remaining ${remaining}`);
  });

  test('a cached token is copied without any request', async () => {
    const before = logicnets.requests.length;
    await vscode.commands.executeCommand('oauthJwt.copyAuthorizationHeader');
    assert.equal(await vscode.env.clipboard.readText(), `Authorization: Bearer ${logicnets.issued.at(-1)}`);
    assert.equal(logicnets.requests.length, before);
  });

  test('two status-bar clicks during one exchange share it: exactly one request', async () => {
    await s.tokens.invalidate('LogicNets');
    const before = logicnets.requests.length;
    const [a, b] = await Promise.all([
      vscode.commands.executeCommand('oauthJwt.statusBarClick'),
      vscode.commands.executeCommand('oauthJwt.statusBarClick'),
    ]);
    assert.deepEqual([a, b], [true, true]);
    assert.equal(logicnets.requests.length, before + 1);
    tokensSeen.push(await vscode.env.clipboard.readText());
    assert.equal(tokensSeen.at(-1), logicnets.issued.at(-1));
  });

  test('Send Test Request: 200 with the bearer token; the API answers 403 without it', async () => {
    const result = await vscode.commands.executeCommand<{ status: number; bodyStart: string }>('oauthJwt.sendTestRequest', 'LogicNets', logicnets.apiUrl);
    assert.equal(result?.status, 200);
    assert.match(result!.bodyStart, /function_1/);
    assert.equal((await fetch(logicnets.apiUrl)).status, 403);
  });

  test('Workfront: Set Client Secret, then Get Access Token posts client_id, client_secret and jwt_token', async () => {
    assert.equal(await vscode.commands.executeCommand('oauthJwt.setClientSecret', 'Workfront', CLIENT_SECRET), true);
    assert.equal(await s.secrets.getClientSecret('Workfront'), CLIENT_SECRET, 'the secret reads back from SecretStorage');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Workfront'), true);
    const form = workfront.requests.at(-1)!.form;
    assert.deepEqual(form.map(([k]) => k), ['client_id', 'client_secret', 'jwt_token']);
    assert.equal(form.find(([k]) => k === 'client_secret')?.[1], CLIENT_SECRET);
    assert.equal(s.tokens.peek('Workfront')?.accessToken, workfront.issued.at(-1));
    tokensSeen.push(workfront.issued.at(-1)!);
  });

  test('Copy as curl and as .http keep the client secret and the assertion out', async () => {
    await vscode.commands.executeCommand('oauthJwt.copyAsCurl', 'Workfront');
    const curl = await vscode.env.clipboard.readText();
    assert.match(curl, /^curl /);
    assert.ok(curl.includes(workfront.tokenUrl));
    assert.ok(curl.includes('$CLIENT_SECRET'));
    assert.ok(!curl.includes(CLIENT_SECRET) && !curl.includes(encodeURIComponent(CLIENT_SECRET)));
    assert.doesNotMatch(curl, /eyJ[\w-]+\.eyJ/);
    await vscode.commands.executeCommand('oauthJwt.copyAsHttp', 'LogicNets');
    const http = await vscode.env.clipboard.readText();
    assert.match(http, /^GET .*oauth2token\?/m);
    assert.match(http, /\{\{assertion\}\}/);
  });

  test('the authentication provider hands another extension the bearer token', async function () {
    if (!browserAvailable) this.skip();
    // Access is granted through the Accounts menu: VS Code refuses its consent dialog in tests.
    assert.equal(await vscode.authentication.getSession('oauth-jwt', ['OIDC'], { silent: true }), undefined);
    const requested = vscode.authentication.getSession('oauth-jwt', ['OIDC'], { createIfNone: false });
    await requested;
    await browser.click('.activitybar .action-item .badge[aria-label*="Sign in requested"]');
    const menu = await browser.waitFor('.monaco-menu .action-item');
    assert.ok(menu.includes('LogicNets (OAuth JWT Bearer)'), `sessions with a token are listed as accounts: ${JSON.stringify(menu)}`);
    await browser.click('.monaco-menu .action-item', { hasText: 'Sign in with OAuth JWT Bearer' });
    const session = await eventually(() => vscode.authentication.getSession('oauth-jwt', ['OIDC'], { silent: true }), 'the granted session');
    assert.equal(session.account.label, 'OIDC');
    assert.equal(session.accessToken, s.tokens.peek('OIDC')?.accessToken);
    assert.ok(session.accessToken.length >= 20);
    tokensSeen.push(session.accessToken);
    const silent = await vscode.authentication.getSession('oauth-jwt', ['OIDC'], { silent: true });
    assert.equal(silent?.accessToken, session.accessToken);
  });

  test('a changed token URL origin gets nothing until confirmed', async function () {
    if (!browserAvailable) this.skip();
    await setProfiles([logicnetsProfile(logicnets2), ...profiles().slice(1)], 'LogicNets');
    await eventually(() => s.config.profile('LogicNets')?.tokenUrl === logicnets2.tokenUrl, 'the new token URL');
    await s.tokens.invalidate('LogicNets');
    await clearNotifications();

    const refused = vscode.commands.executeCommand('oauthJwt.copyAccessToken');
    await answerConfirm('now points at', 'Cancel');
    assert.equal(await refused, undefined);
    assert.equal(logicnets2.requests.length, 0, 'the new origin received nothing');
    await expectNotification('was not confirmed');

    const accepted = vscode.commands.executeCommand('oauthJwt.copyAccessToken');
    await answerConfirm('now points at', 'Send to');
    assert.equal(await accepted, true);
    assert.equal(logicnets2.requests.length, 1);
    assert.equal(await vscode.env.clipboard.readText(), logicnets2.issued.at(-1));
    tokensSeen.push(logicnets2.issued.at(-1)!);
    // Bound now: the next exchange there asks nothing.
    await s.tokens.invalidate('LogicNets');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken'), true);
    assert.equal(logicnets2.requests.length, 2);
  });

  test('a failed exchange: a notification that says what to do, and the status bar turns to a warning', async () => {
    await vscode.commands.executeCommand('oauthJwt.selectProfile', 'Down');
    await clearNotifications();
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken'), undefined);
    assert.equal(s.tokens.lastFailure('Down')?.code, 'NETWORK');
    if (browserAvailable) {
      await expectNotification('127.0.0.1');
      await browser.waitFor('.statusbar-item.warning-kind', { hasText: 'Down' });
    }
    await vscode.commands.executeCommand('oauthJwt.selectProfile', 'LogicNets');
  });

  test('Decode JWT opens the token in the claim editor\'s decode view, marked as not verified, with readable times', async () => {
    const { header, payload } = buildJwt({ claims: { sub: 'decode-me' }, lifetimeSeconds: 60 });
    const token = await signJwt(header, payload, key);
    assert.equal(await vscode.commands.executeCommand('oauthJwt.decodeJwt', token), true);
    if (browserAvailable) {
      await browser.waitFor('#decoded-payload', { frame: 'webview', hasText: '"sub": "decode-me"' });
      await browser.waitFor('#badges', { frame: 'webview', hasText: 'Signature not verified' });
      await browser.waitFor('#decoded-times', { frame: 'webview', hasText: 'UTC (in ' });
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Export Public JWK: the public key only, with its RFC 7638 kid', async () => {
    const text = await vscode.commands.executeCommand<string>('oauthJwt.exportPublicJwk', { slot: 'OIDC', format: 'jwks', target: 'clipboard' });
    const jwks = JSON.parse(await vscode.env.clipboard.readText());
    assert.equal(text, await vscode.env.clipboard.readText());
    assert.equal(jwks.keys[0].kid, publicJwk(es).kid);
    assert.equal(jwks.keys[0].d, undefined);
    assert.equal(jwks.keys[0].alg, 'ES256');
  });

  test('Forget Stored Secrets removes the client secret, the key and the token', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('oauthJwt.forgetSecrets', 'Workfront', true), ['Workfront']);
    assert.equal(await s.secrets.getClientSecret('Workfront'), undefined);
    assert.equal(await s.secrets.getPrivateKey('Workfront'), undefined);
    assert.equal(await s.secrets.getToken('Workfront'), undefined);
    assert.equal(s.tokens.peek('Workfront'), undefined);
  });

  test('no secret reached the log, the settings files or the notifications', async () => {
    const log = logText(s);
    assert.match(log, /\[exchange\] LogicNets/, 'the log was found and holds the exchanges');
    const settings = readFileSync(join(workspaceFolder(), '.vscode', 'settings.json'), 'utf8');
    const keyLines = [key, es].flatMap((k) => privateKeyPem(k).split('\n').filter((l) => l.length > 40 && !l.startsWith('-----')));
    const canaries = [CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), ...tokensSeen, ...keyLines];
    assert.ok(tokensSeen.length >= 4);
    for (const canary of canaries) {
      assert.ok(!log.includes(canary), `the log holds a secret (${canary.slice(0, 6)}…)`);
      assert.ok(!settings.includes(canary), 'the settings hold a secret');
    }
    if (browserAvailable) {
      await vscode.commands.executeCommand('notifications.showList');
      const notifications = (await browser.text('.notifications-center')).join('\n');
      await vscode.commands.executeCommand('notifications.hideList');
      for (const canary of canaries) assert.ok(!notifications.includes(canary), 'a notification holds a secret');
    }
  });
});
