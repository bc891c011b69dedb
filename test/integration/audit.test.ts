/**
 * Issue 6, the extension side of the reliability and security audit: hostile settings, forbidden
 * URLs, faults of the token endpoint, TLS, secret storage that fails, another window changing a
 * secret, markup from settings and servers, concurrency, and a scan for leaked canaries.
 * The core and CLI side is the catalogue in test/unit/audit-inputs.test.ts.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import type { KeyRing } from '../../src/vscode/keyRing';
import type { OriginTrust } from '../../src/vscode/originTrust';
import { SecretStore } from '../../src/vscode/secrets';
import type { Services } from '../../src/vscode/services';
import type { TokenService } from '../../src/vscode/tokenService';
import {
  startFaultServer, startLogicNetsServer, startTlsServer, startWorkfrontServer,
  type FaultMode, type FaultServer, type LogicNetsServer, type TlsServer, type WorkfrontServer,
} from '../servers';
import { browser, browserAvailable } from './browser';
import { FailingSecretStorage, MemoryMemento } from './failingSecretStorage';
import type { Span } from '../../src/vscode/timing';
import { answerConfirm, clearNotifications, confirmOrigins, engine, eventually, expectNotification, logText, services, setProfiles, workspaceFolder } from './support';

/** Canaries: none may show up in a log, a notification, a settings file or the clipboard after Forget. */
const CLIENT_SECRET = 'audit-canary-S3cret&=+ é';
const SECOND_SECRET = 'audit-canary-second-window-secret';
const XSS_NAME = '<img src=x onerror=alert(1)>';
const LOGICNETS_CLIENT = 'audit-logicnets-client';

suite('Audit: hostile settings, faults, failing secret storage, markup, concurrency and leaks', function () {
  this.timeout(90_000);
  let s: Services;
  let key: PrivateKey;
  let faults: FaultServer;
  let logicnets: LogicNetsServer;
  let workfront: WorkfrontServer;
  let workfront2: WorkfrontServer;
  let tls: TlsServer;
  let originalSettings: string | undefined;
  const settingsPath = () => join(workspaceFolder(), '.vscode', 'settings.json');
  const tokensSeen: string[] = [];
  const slots = new Set<string>();

  const profile = (name: string, tokenUrl: string, extra: object = {}) => ({ name, flow: 'client-assertion', tokenUrl, clientId: 'audit-client', ...extra });
  const logicnetsProfile = (name: string) => ({
    name, flow: 'client-assertion', method: 'GET', tokenUrl: logicnets.tokenUrl, audience: logicnets.audience,
    clientId: LOGICNETS_CLIENT, subject: LOGICNETS_CLIENT, issuer: 'https://client.org', header: { nonce: '' }, apiUrl: logicnets.apiUrl,
  });
  async function saveKeys(...names: string[]): Promise<void> {
    for (const name of names) {
      slots.add(name);
      if (!(await s.secrets.getPrivateKey(name))) await s.keys.save(name, key);
    }
  }
  async function withKey(...names: string[]): Promise<void> {
    await saveKeys(...names);
    // The origin prompts (a workspace's profiles ask on first use) are test/integration/origins.test.ts's subject.
    await confirmOrigins(...names);
  }
  const requestsTo = (mode: FaultMode) => faults.requests.filter((r) => r.path === `/${mode}`).length;

  suiteSetup(async () => {
    s = await services();
    key = await generateKeyPair({ type: 'rsa' });
    const certificate = await createSelfSignedCertificate(key, { commonName: 'audit', days: 30 });
    [faults, logicnets, workfront, workfront2, tls] = await Promise.all([
      startFaultServer({ dateOffsetSeconds: 3600, oversizedBytes: 3 * 1024 * 1024, slowMs: 1500 }),
      startLogicNetsServer({ company: 'audit', clientId: LOGICNETS_CLIENT, issuer: 'https://client.org', publicKey: publicKeyPem(key) }),
      startWorkfrontServer({ clientId: 'wf-client', clientSecret: CLIENT_SECRET, customerId: 'customer-1', userId: 'user-1', certificate }),
      startWorkfrontServer({ clientId: 'wf-client', clientSecret: CLIENT_SECRET, customerId: 'customer-1', userId: 'user-1', certificate }),
      startTlsServer(),
    ]);
    originalSettings = existsSync(settingsPath()) ? readFileSync(settingsPath(), 'utf8') : undefined;
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('oauthJwt').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    for (const slot of slots) {
      await s.secrets.forget(slot);
      await s.keys.forget(slot);
      await s.tokens.invalidate(slot);
    }
    if (originalSettings !== undefined) writeFileSync(settingsPath(), originalSettings);
    else await setProfiles([]);
    await Promise.all([faults?.close(), logicnets?.close(), workfront?.close(), workfront2?.close(), tls?.close()]);
  });

  // ── Bad inputs: profiles from a hand-edited (or checked-in) settings.json ─────────────────────

  test('a settings.json full of broken and hostile profiles: valid ones load, each bad one is named, nothing crashes', async () => {
    mkdirSync(join(workspaceFolder(), '.vscode'), { recursive: true });
    const good = `{ "name": "Audit Good", "flow": "client-assertion", "tokenUrl": "${faults.urlFor('server-error')}", "clientId": "c" }`;
    writeFileSync(settingsPath(), `{
  // written by hand, with mistakes and hostile members; JSONC with a trailing comma
  "oauthJwt.profiles": [
    ${good},
    { "flow": "client-assertion", "tokenUrl": "https://idp.example/token" },
    { "name": "No Flow", "tokenUrl": "https://idp.example/token" },
    { "name": "Bad Flow", "flow": "implicit", "tokenUrl": "https://idp.example/token" },
    { "name": "Number URL", "flow": "client-assertion", "tokenUrl": 42 },
    { "name": "String Lifetime", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "lifetimeSeconds": "300" },
    { "name": "Claims Array", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "claims": [1, 2] },
    { "name": "Proto Claims", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "claims": { "__proto__": { "admin": true } } },
    { "name": "Constructor Header", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "header": { "constructor": { "prototype": { "x": 1 } } } },
    { "name": "Proto Params", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "params": { "__proto__": "x" } },
    { "__proto__": { "name": "Inherited", "flow": "workfront", "tokenUrl": "https://evil.example/token" } },
    { "name": "Object Client", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "clientId": { "id": 1 } },
    { "name": "Bad Method", "flow": "client-assertion", "tokenUrl": "https://idp.example/token", "method": "DELETE" },
    "just a string",
    null,
    ${good},
  ],
  "oauthJwt.activeProfile": "Audit Good",
}`);
    const { profiles, errors } = await eventually(() => {
      const result = s.config.profiles();
      return result.profiles.some((p) => p.name === 'Audit Good') && result.errors.length > 0 ? result : undefined;
    }, 'the hand-written settings to load');
    // VS Code's own settings reader drops "__proto__" members before the extension sees them: those
    // two profiles load without the member, and nothing is inherited or polluted.
    assert.deepEqual(profiles.map((p) => p.name).sort(), ['Audit Good', 'Proto Claims', 'Proto Params']);
    for (const p of profiles) {
      assert.equal(Object.getPrototypeOf(p), Object.prototype);
      for (const part of [p.claims, p.header, p.params]) if (part) assert.deepEqual(Object.keys(part), [], `${p.name}: no member left`);
      assert.equal((p.claims as { admin?: boolean } | undefined)?.admin, undefined, `${p.name}: nothing inherited`);
    }
    assert.equal(({} as { admin?: boolean }).admin, undefined, 'no prototype was polluted');
    const messages = errors.map((e) => `${e.code} ${e.message}`);
    for (const expected of [/#2 .*no "name"/, /"No Flow": "flow"/, /"Bad Flow": "flow"/, /"Number URL": "tokenUrl"/, /"String Lifetime": "lifetimeSeconds"/,
      /"Claims Array": "claims"/, /"Constructor Header".*"constructor"/,
      /#11 /, /"Object Client": "clientId"/, /"Bad Method": "method"/, /#14 .*not an object/, /#15 .*not an object/, /Two profiles are named "Audit Good"/]) {
      assert.ok(messages.some((m) => expected.test(m)), `an error matching ${expected} among:\n${messages.join('\n')}`);
    }
    assert.ok(errors.every((e) => e.code === 'PROFILE_INVALID' && (e.hint ?? '').length > 10), 'each error says what to do');
    // The log warns, once per bad entry, and the extension keeps working.
    await eventually(() => /\[profiles\].*"Bad Flow": "flow"/.test(logText(s)), 'the warnings in the log');
    assert.equal(errors.length, 13);
    assert.equal(s.config.activeProfile()?.name, 'Audit Good');
    assert.ok(vscode.extensions.getExtension('oauth-jwt-bearer.oauth-jwt-bearer')?.isActive);
    if (browserAvailable) await browser.waitFor('.statusbar-item', { hasText: 'Audit Good' });
  });

  test('oauthJwt.profiles that is not an array is one clear error, and no profile', async () => {
    writeFileSync(settingsPath(), '{ "oauthJwt.profiles": { "name": "x", "flow": "workfront" } }');
    await eventually(() => s.config.profiles().errors.some((e) => /must be an array/.test(e.message)), 'the error');
    assert.equal(s.config.profiles().profiles.length, 0);
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken'), undefined, 'a token command fails cleanly');
  });

  test('every forbidden kind of token URL: refused before anything is signed or sent, saying why', async () => {
    const at = new URL(faults.urlFor('slow-token'));
    const cases: Array<[string, string, RegExp]> = [
      ['Plain HTTP', `http://idp.example.com${at.pathname}`, /INSECURE_URL.*plain http:/],
      ['Loopback Lookalike', `http://127.0.0.1.nip.io:${at.port}${at.pathname}`, /INSECURE_URL/],
      ['User Info', `http://user:pw@127.0.0.1:${at.port}${at.pathname}`, /INVALID_URL.*user info/],
      ['Fragment', `http://127.0.0.1:${at.port}${at.pathname}#x`, /INVALID_URL.*fragment/],
      ['FTP', `ftp://127.0.0.1:${at.port}/token`, /INVALID_URL.*ftp:/],
      ['File', 'file:///etc/passwd', /INVALID_URL.*file:/],
      ['Javascript', 'javascript:alert(1)', /INVALID_URL.*javascript:/],
      ['Data', 'data:text/plain,hello', /INVALID_URL.*data:/],
      ['Not A URL', 'token endpoint', /INVALID_URL.*not a valid URL/],
      ['Mapped IPv6', `http://[::ffff:7f00:1]:${at.port}${at.pathname}`, /INSECURE_URL/],
    ];
    await setProfiles(cases.map(([name, url]) => profile(`URL ${name}`, url)));
    await eventually(() => s.config.profiles().profiles.length === cases.length, 'the URL profiles');
    await saveKeys(...cases.map(([name]) => `URL ${name}`)); // refused before any origin prompt: nothing confirmed beforehand
    const before = faults.requests.length;
    for (const [name, , expected] of cases) {
      assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', `URL ${name}`), undefined, name);
      const failure = s.tokens.lastFailure(`URL ${name}`);
      assert.match(`${failure?.code} ${failure?.message}`, expected, name);
      assert.ok((failure?.hint ?? '').length > 10, `${name}: says what to do`);
      assert.ok(!failure!.describe().includes('pw@'), 'the password in the URL is not repeated');
      assert.deepEqual(await s.secrets.getOrigins('keyOrigins', `URL ${name}`), [], `${name}: no origin was confirmed for the key`);
    }
    assert.equal(faults.requests.length, before, 'nothing reached the server');
    if (browserAvailable) await expectNotification('only https: is allowed');
    // Set Client Secret refuses such a profile with the reason, not with an unexpected error.
    for (const name of ['URL Not A URL', 'URL Plain HTTP']) {
      assert.equal(await vscode.commands.executeCommand('oauthJwt.setClientSecret', name, CLIENT_SECRET), undefined, name);
      assert.equal(await s.secrets.getClientSecret(name), undefined, `${name}: no secret stored`);
    }
    assert.doesNotMatch(logText(s), /\[setClientSecret\] unexpected/);
    assert.match(logText(s), /\[setClientSecret\] INSECURE_URL/);
  });

  // ── Faults of the token endpoint, as the extension shows them ─────────────────────────────────

  test('endpoint faults: a notification saying what to do, the status bar warns, and nothing is cached', async () => {
    await vscode.workspace.getConfiguration('oauthJwt').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Workspace);
    const cases: Array<[FaultMode, string, string]> = [
      ['stall', 'TIMEOUT', 'did not answer within 1 s'],
      ['redirect', 'REDIRECT', 'redirects are never followed'],
      ['server-error', 'HTTP_STATUS', 'answered 500'],
      ['html', 'BAD_RESPONSE', 'an HTML page'],
      ['not-json', 'BAD_RESPONSE', 'not a JSON token response'],
      ['oversized', 'RESPONSE_TOO_LARGE', 'larger than'],
      ['no-access-token', 'NO_ACCESS_TOKEN', 'without an access_token'],
      ['invalid-grant', 'OAUTH_ERROR', 's ahead of this machine'],
    ];
    const names = cases.map(([mode]) => `Fault ${mode}`);
    await setProfiles(cases.map(([mode]) => profile(`Fault ${mode}`, faults.urlFor(mode))), names[0]);
    await eventually(() => s.config.profile(names.at(-1)!), 'the fault profiles');
    await withKey(...names);
    for (const [mode, code, text] of cases) {
      const name = `Fault ${mode}`;
      await vscode.commands.executeCommand('oauthJwt.selectProfile', name);
      await clearNotifications();
      const sent = requestsTo(mode);
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken'), undefined, mode);
      assert.equal(requestsTo(mode), sent + 1, `${mode}: one request, no retry storm`);
      const failure = s.tokens.lastFailure(name);
      assert.equal(failure?.code, code, `${mode}: ${failure?.message}`);
      assert.ok(failure!.describe().includes(text), `${mode}: ${failure!.describe()}`);
      assert.equal(s.tokens.peek(name), undefined, `${mode}: nothing cached`);
      assert.equal(await s.secrets.getToken(name), undefined, `${mode}: nothing stored`);
      if (browserAvailable) {
        await expectNotification(text);
        await browser.waitFor('.statusbar-item.warning-kind', { hasText: name });
      }
    }
    assert.equal(faults.redirectTarget.requests.length, 0, 'the redirect target received nothing');
    await vscode.workspace.getConfiguration('oauthJwt').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('TLS: a self-signed endpoint is refused until its CA is configured in the machine-scoped setting; a workspace cannot add it', async () => {
    const caFile = join(tmpdir(), `oauth-jwt-audit-ca-${process.pid}.pem`);
    writeFileSync(caFile, tls.caPem);
    try {
      await setProfiles([profile('TLS', `${tls.url}/token`)], 'TLS');
      await eventually(() => s.config.profile('TLS'), 'the TLS profile');
      await withKey('TLS');
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'TLS'), undefined);
      assert.equal(s.tokens.lastFailure('TLS')?.code, 'TLS');
      assert.match(s.tokens.lastFailure('TLS')!.describe(), /extra trusted CA/);

      // A workspace (say, a cloned repository) cannot add trust: the setting is machine-scoped.
      const text = readFileSync(settingsPath(), 'utf8');
      writeFileSync(settingsPath(), text.replace(/^\{/, `{ "oauthJwt.extraCaCertificatesFile": ${JSON.stringify(caFile)},`));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'TLS'), undefined);
      assert.equal(s.tokens.lastFailure('TLS')?.code, 'TLS', 'the workspace value is ignored');

      await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', caFile, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'TLS'), true);
      assert.equal(await vscode.env.clipboard.readText(), 'tls-ok');
      await s.tokens.invalidate('TLS');

      // A CA file that is not PEM is refused clearly, and nothing is sent.
      writeFileSync(caFile, 'not a certificate');
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'TLS'), undefined);
      assert.equal(s.tokens.lastFailure('TLS')?.code, 'INVALID_PEM');
    } finally {
      await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', undefined, vscode.ConfigurationTarget.Global);
      rmSync(caFile, { force: true });
    }
  });

  // ── Secret storage that fails (a test double: a broken OS keychain cannot be produced here) ───

  async function withFailingStorage<T>(failsOn: FailingSecretStorage['failsOn'], body: (storage: FailingSecretStorage) => Promise<T>): Promise<T> {
    const storage = new FailingSecretStorage(failsOn);
    const memento = new MemoryMemento();
    // The extension's own classes, not this test build's copies: what they throw must be the extension's OAuthJwtError.
    const [Secrets, Keys, Tokens, Trust] = [s.secrets.constructor, s.keys.constructor, s.tokens.constructor, s.trust.constructor] as [typeof SecretStore, typeof KeyRing, typeof TokenService, typeof OriginTrust];
    const secrets = new Secrets(storage);
    const keys = new Keys(secrets, memento, await engine());
    const trust = new Trust(secrets, new MemoryMemento(), s.log);
    const tokens = new Tokens(s.config, secrets, keys, () => trust, s.log, await engine());
    const saved = { secrets: s.secrets, keys: s.keys, tokens: s.tokens };
    Object.assign(s, { secrets, keys, tokens });
    try {
      return await body(storage);
    } finally {
      Object.assign(s, saved);
      tokens.dispose();
      secrets.dispose();
      storage.dispose();
    }
  }

  test('secret storage failing on save: Generate Key Pair writes no public file and says so', async () => {
    const folder = join(workspaceFolder(), 'audit-keychain-locked');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    await clearNotifications();
    await withFailingStorage((op) => op === 'store', async (storage) => {
      const result = await vscode.commands.executeCommand('oauthJwt.generateKeyPair', { keyType: 'ec-p256', commonName: 'audit', days: 30, folder, slot: 'audit-locked', writePrivateKeyFile: true });
      assert.equal(result, undefined);
      assert.deepEqual(readdirSync(folder), [], 'no public file, no private.key, no .gitignore');
      assert.equal(storage.values.size, 0);
      assert.deepEqual(s.keys.slots(), [], 'no key slot recorded');
      assert.equal(storage.failures.length, 1);
    });
    assert.equal(await s.secrets.getPrivateKey('audit-locked'), undefined);
    if (browserAvailable) await expectNotification('could not save the private key');
    assert.match(logText(s), /SECRET_STORAGE: VS Code's secret storage could not save the private key\. Check that the system keychain/);
  });

  test('secret storage failing: Set Client Secret saves neither the secret nor the origin binding', async () => {
    await setProfiles([{ name: 'WF Locked', flow: 'workfront', tokenUrl: workfront.tokenUrl, clientId: 'wf-client', issuer: 'customer-1', subject: 'user-1' }], 'WF Locked');
    await eventually(() => s.config.profile('WF Locked'), 'the profile');
    for (const failing of ['clientSecret', 'secretOrigins']) {
      await withFailingStorage((op, name) => op === 'store' && name.startsWith(`oauthJwt.${failing}.`), async (storage) => {
        assert.equal(await vscode.commands.executeCommand('oauthJwt.setClientSecret', 'WF Locked', CLIENT_SECRET), undefined, failing);
        assert.equal(await s.secrets.getClientSecret('WF Locked'), undefined, `${failing} failing: no client secret left behind`);
        assert.deepEqual(await s.secrets.getOrigins('secretOrigins', 'WF Locked'), [], `${failing} failing: no origin confirmed`);
        assert.deepEqual([...storage.values.keys()], [], `${failing} failing: nothing half-saved`);
      });
    }
    if (browserAvailable) await expectNotification('could not save the client secret');
  });

  test('secret storage failing on read: a token request says so and sends nothing', async () => {
    await withFailingStorage((op) => op === 'get', async () => {
      const before = workfront.requests.length;
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'WF Locked'), undefined);
      assert.equal(s.tokens.lastFailure('WF Locked')?.code, 'SECRET_STORAGE');
      assert.match(s.tokens.lastFailure('WF Locked')!.describe(), /could not read the private key\. Check that the system keychain is unlocked/);
      assert.equal(workfront.requests.length, before);
    });
  });

  test('secret storage failing on saving the token: the token is on the clipboard all the same, saved only after the copy, and the failure is logged and shown', async () => {
    await setProfiles([logicnetsProfile('LN Unsaved')], 'LN Unsaved');
    await eventually(() => s.config.profile('LN Unsaved'), 'the profile');
    await withKey('LN Unsaved');
    await s.tokens.invalidate('LN Unsaved');
    await clearNotifications();
    // The keychain failing on this one write, injected into the real SecretStore (a locked keychain cannot be produced here).
    const secrets = s.secrets as { setToken: SecretStore['setToken'] };
    const setToken = secrets.setToken;
    const saves: string[] = [];
    secrets.setToken = async (profile) => {
      saves.push(profile);
      throw new Error('Cannot get password: the keyring is locked (org.freedesktop.Secret.Error.IsLocked)');
    };
    try {
      // The timing hook says when the clipboard write ended and when the save started.
      const spans: Span[] = [];
      s.tokens.timing.record = (span) => spans.push(span);
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'LN Unsaved'), true);
      const copied = await vscode.env.clipboard.readText();
      tokensSeen.push(copied);
      assert.ok(logicnets.issued.includes(copied), 'the issued token is on the clipboard');
      await eventually(() => /\[secrets\] The token could not be saved/.test(logText(s)) || undefined, 'the failed save to be logged');
      assert.deepEqual(saves, ['LN Unsaved'], 'one save');
      const [clipboard, store] = [spans.find((span) => span.phase === 'clipboard'), spans.find((span) => span.phase === 'store')];
      assert.ok(clipboard && store, 'both timed');
      assert.ok(store.start >= clipboard.end, `the save started ${(clipboard.end - store.start).toFixed(1)} ms before the clipboard write ended`);
      assert.equal(s.tokens.peek('LN Unsaved')?.accessToken, copied, 'the token is still used from memory');
      if (browserAvailable) await expectNotification('could not be saved for later sessions');
    } finally {
      secrets.setToken = setToken;
      s.tokens.timing.record = undefined;
    }
  });

  // ── Trust: a changed origin never receives the Workfront client secret without confirmation ──

  test('Workfront: a changed token URL origin gets neither the JWT nor the client secret until confirmed', async function () {
    if (!browserAvailable) this.skip();
    const wf = (tokenUrl: string) => ({ name: 'WF Audit', flow: 'workfront', tokenUrl, clientId: 'wf-client', issuer: 'customer-1', subject: 'user-1' });
    await setProfiles([wf(workfront.tokenUrl)], 'WF Audit');
    await eventually(() => s.config.profile('WF Audit'), 'the profile');
    await withKey('WF Audit');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.setClientSecret', 'WF Audit', CLIENT_SECRET), true);
    assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'WF Audit'), true);
    tokensSeen.push(await vscode.env.clipboard.readText());

    await setProfiles([wf(workfront2.tokenUrl)], 'WF Audit');
    await eventually(() => s.config.profile('WF Audit')?.tokenUrl === workfront2.tokenUrl, 'the new token URL');
    await s.tokens.invalidate('WF Audit');
    await clearNotifications();
    const refused = vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'WF Audit');
    await answerConfirm('signed JWT and client secret', 'Cancel');
    assert.equal(await refused, undefined);
    assert.equal(workfront2.requests.length, 0, 'the new origin received nothing');
    // Copy as curl builds the request without sending it, and keeps the secret out.
    await vscode.commands.executeCommand('oauthJwt.copyAsCurl', 'WF Audit');
    assert.ok(!(await vscode.env.clipboard.readText()).includes(CLIENT_SECRET));
    assert.equal(workfront2.requests.length, 0);
    assert.deepEqual(await s.secrets.getOrigins('secretOrigins', 'WF Audit'), [new URL(workfront.tokenUrl).origin], 'the secret is still confirmed for the old origin only');
  });

  // ── Another window changing the same secret ───────────────────────────────────────────────────

  test('another window changing a secret: this window drops its cached token and picks up a token saved there', async () => {
    // A second SecretStore over the same context.secrets is how another window's writes arrive:
    // VS Code fires onDidChange in every window of the profile for a change made in any of them.
    const other = new SecretStore(s.context.secrets);
    try {
      await setProfiles([logicnetsProfile('LN Audit')], 'LN Audit');
      await eventually(() => s.config.profile('LN Audit'), 'the profile');
      await withKey('LN Audit');
      assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'LN Audit'), true);
      tokensSeen.push(await vscode.env.clipboard.readText());
      assert.ok(s.tokens.peek('LN Audit'));

      await other.setClientSecret('LN Audit', SECOND_SECRET);
      await eventually(() => s.tokens.peek('LN Audit') === undefined, 'the cached token to be dropped');

      const elsewhere = { accessToken: 'audit-canary-token-from-another-window', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, obtainedAt: Date.now(), response: {} };
      await other.setToken('LN Audit', elsewhere);
      await eventually(() => s.tokens.peek('LN Audit')?.accessToken === elsewhere.accessToken, 'the token saved by the other window');
      tokensSeen.push(elsewhere.accessToken);

      await other.forget('LN Audit');
      await eventually(() => s.tokens.peek('LN Audit') === undefined, 'forgotten in the other window, dropped here');
    } finally {
      other.dispose();
    }
  });

  // ── Concurrency ───────────────────────────────────────────────────────────────────────────────

  test('100 concurrent Copy Access Token commands for one profile: exactly one exchange', async () => {
    await setProfiles([profile('Slow', faults.urlFor('slow-token')), logicnetsProfile('LN Audit')], 'Slow');
    await eventually(() => s.config.profile('Slow'), 'the profile');
    await withKey('Slow', 'LN Audit');
    await s.tokens.invalidate('Slow');
    const before = requestsTo('slow-token');
    const results = await Promise.all(Array.from({ length: 100 }, () => vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'Slow')));
    assert.deepEqual(new Set(results), new Set([true]));
    assert.equal(requestsTo('slow-token'), before + 1, 'one request reached the server');
    assert.equal(await vscode.env.clipboard.readText(), faults.issued.at(-1));
    tokensSeen.push(...faults.issued);
  });

  test('a refresh while copying: the copied token is one the server accepts', async () => {
    await s.tokens.invalidate('LN Audit');
    const copying = vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'LN Audit');
    const refreshing = vscode.commands.executeCommand('oauthJwt.getAccessToken', 'LN Audit');
    assert.deepEqual(await Promise.all([copying, refreshing]), [true, true]);
    const copied = await vscode.env.clipboard.readText();
    tokensSeen.push(...logicnets.issued);
    assert.ok(logicnets.issued.includes(copied), 'the copied token was issued by the server');
    const api = await fetch(logicnets.apiUrl, { headers: { Authorization: `Bearer ${copied}` } });
    assert.equal(api.status, 200, 'and the API accepts it');
    assert.ok(s.tokens.peek('LN Audit'), 'a valid token is cached afterwards');
  });

  test('Forget Stored Secrets during an exchange: the token arriving afterwards is not stored', async () => {
    await s.tokens.invalidate('Slow');
    const copying = vscode.commands.executeCommand('oauthJwt.copyAccessToken', 'Slow');
    await eventually(() => s.tokens.isFetching('Slow'), 'the exchange to start');
    assert.deepEqual(await vscode.commands.executeCommand('oauthJwt.forgetSecrets', 'Slow', true), ['Slow']);
    await copying;
    tokensSeen.push(...faults.issued);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await s.secrets.getToken('Slow'), undefined, 'no token in SecretStorage after Forget');
    assert.equal(s.tokens.peek('Slow'), undefined, 'none in memory either');
  });

  test('Forget Stored Secrets clears a token of that profile from the clipboard, and leaves other text alone', async () => {
    await withKey('LN Audit');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAuthorizationHeader', 'LN Audit'), true);
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^Authorization: Bearer /);
    assert.deepEqual(await vscode.commands.executeCommand('oauthJwt.forgetSecrets', 'LN Audit', true), ['LN Audit']);
    assert.equal(await vscode.env.clipboard.readText(), '', 'the forgotten token is gone from the clipboard');

    await vscode.env.clipboard.writeText('unrelated text');
    await withKey('LN Audit');
    assert.deepEqual(await vscode.commands.executeCommand('oauthJwt.forgetSecrets', 'LN Audit', true), ['LN Audit']);
    assert.equal(await vscode.env.clipboard.readText(), 'unrelated text');
  });

  // ── Markup from settings and servers stays text ──────────────────────────────────────────────

  test('a profile name and an error_description with markup: no element, no link in the status bar hover or the notification', async function () {
    if (!browserAvailable) this.skip();
    await setProfiles([profile(XSS_NAME, faults.urlFor('markup-error'))], XSS_NAME);
    await eventually(() => s.config.activeProfile()?.name === XSS_NAME, 'the profile');
    await withKey(XSS_NAME);
    await clearNotifications();
    assert.equal(await vscode.commands.executeCommand('oauthJwt.copyAccessToken'), undefined);
    assert.match(s.tokens.lastFailure(XSS_NAME)!.message, /invalid_request: bad <img/);

    // The notification shows the description as text: no link to click, no element made.
    await vscode.commands.executeCommand('notifications.showList');
    try {
      const [item] = await browser.waitFor('.notifications-center .notification-list-item', { hasText: 'invalid_request' });
      assert.ok(item!.includes('<img src=x onerror='), `the markup is shown as text: ${item}`);
      assert.deepEqual(await browser.text('.notifications-center .notification-list-item-message a'), [], 'no link in the notification');
      assert.deepEqual(await browser.text('.notifications-center img'), []);
    } finally {
      await vscode.commands.executeCommand('notifications.hideList');
    }

    // The status bar shows the name as text; its hover shows name and failure as text.
    await browser.waitFor('.statusbar-item.warning-kind', { hasText: XSS_NAME });
    await browser.hover('.statusbar-item.warning-kind', { hasText: XSS_NAME });
    const [shown] = await browser.waitFor('.monaco-hover', { hasText: 'The last exchange failed' });
    const hover = shown!.replace(/\u00a0/g, ' '); // Markdown text keeps its spaces as no-break spaces
    assert.ok(hover.includes(`profile ${XSS_NAME}`), `the name appears exactly as written: ${hover}`);
    assert.ok(hover.includes('[Open settings](command:workbench.action.openSettings)'), `the description's markup is text: ${hover}`);
    assert.deepEqual(await browser.text('.monaco-hover img'), [], 'no image element in the hover');
    assert.deepEqual(await browser.text('.monaco-hover a'), [], 'no link in the hover');
    assert.deepEqual(await browser.text('img[src="x"]'), [], 'no such image anywhere in the workbench');
    await browser.press('Escape');
  });

  test('a profile name with markup in a success notification stays text too', async function () {
    if (!browserAvailable) this.skip();
    const name = 'evil [click me](command:workbench.action.openSettings)';
    await setProfiles([{ ...logicnetsProfile(name) }], name);
    await eventually(() => s.config.profile(name), 'the profile');
    await withKey(name);
    await clearNotifications();
    assert.equal(await vscode.commands.executeCommand('oauthJwt.setClientSecret', name, SECOND_SECRET), true);
    await vscode.commands.executeCommand('notifications.showList');
    try {
      await browser.waitFor('.notifications-center .notification-list-item', { hasText: 'client secret stored' });
      assert.deepEqual(await browser.text('.notifications-center .notification-list-item-message a'), [], 'no link made from the profile name');
    } finally {
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });

  // ── Leaks ─────────────────────────────────────────────────────────────────────────────────────

  test('no canary reached the log, the output channel, the settings files or the notifications', async () => {
    const log = logText(s);
    assert.match(log, /\[exchange\] LN Audit/, 'the log was found and holds this suite\'s exchanges');
    const userSettings = join(s.context.globalStorageUri.fsPath, '..', '..', 'settings.json');
    const settings = [settingsPath(), userSettings].filter(existsSync).map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.ok(settings.includes('oauthJwt.profiles'), 'the settings files were found');
    const keyLines = privateKeyPem(key).split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'));
    const canaries = [...new Set([CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), new URLSearchParams({ s: CLIENT_SECRET }).toString().slice(2), SECOND_SECRET, ...tokensSeen.filter(Boolean), ...keyLines])];
    assert.ok(tokensSeen.length >= 5, `tokens were collected: ${tokensSeen.length}`);
    let notifications = '';
    if (browserAvailable) {
      await vscode.commands.executeCommand('notifications.showList');
      notifications = (await browser.text('.notifications-center')).join('\n');
      await vscode.commands.executeCommand('notifications.hideList');
    }
    const hits: string[] = [];
    for (const canary of canaries) {
      if (log.includes(canary)) hits.push(`log: ${canary.slice(0, 8)}…`);
      if (settings.includes(canary)) hits.push(`settings: ${canary.slice(0, 8)}…`);
      if (notifications.includes(canary)) hits.push(`notification: ${canary.slice(0, 8)}…`);
    }
    assert.deepEqual(hits, [], `${canaries.length} canaries checked`);
  });
});
