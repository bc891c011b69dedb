import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, publicJwk, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import type { Services } from '../../src/vscode/services';
import {
  fetchJwks, selfSignedFor127, startDpopResourceServer, startMtlsResourceServer, startOidcProvider,
  type DpopResourceServer, type MtlsResourceServer, type OidcProviderServer,
} from '../servers';
import { browser, browserAvailable } from './browser';
import { answerInput as answer, clearNotifications, confirmOrigins, eventually, expectNotification, services } from './support';

const DPOP = 'UI DPoP';
const MTLS = 'UI mTLS';
const NO_CERTIFICATE = 'UI mTLS without certificate';

/** Waits for a fresh (unfiltered) quick pick whose rows start with `first`. */
async function pickShows(first: string, rows: number): Promise<string[]> {
  return eventually(async () => {
    const texts = await browser.text('.quick-input-list .monaco-list-row');
    return texts.length === rows && texts[0]!.startsWith(first) ? texts : undefined;
  }, `a quick pick of ${rows} rows starting with "${first}"`);
}

/** Picks the row holding `label` in the open quick pick by the keyboard: filter (long lists show only what fits), then Enter. */
async function pick(label: string): Promise<void> {
  await browser.waitFor('.quick-input-widget .quick-input-box input');
  await browser.type(label);
  await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: label });
  await browser.press('Enter');
}

async function runFromPalette(command: string): Promise<void> {
  await browser.press('F1');
  await browser.waitFor('.quick-input-widget .quick-input-box input');
  await browser.type(command);
  await browser.waitFor('.quick-input-list .monaco-list-row', { hasText: command });
  await browser.press('Enter');
}

/** New Profile → Generic RFC 7523 client assertion, from the keyboard, up to the binding question. */
async function newGenericAssertion(tokenUrl: string, clientId: string): Promise<void> {
  await runFromPalette('OAuth JWT: New Profile');
  await pick('Generic RFC 7523 client assertion');
  await answer('Token URL', tokenUrl);
  await answer('Client ID', clientId);
  await answer('Scope (optional)', '');
}

/** Clicks the profile's status bar item (copies its token) and waits for the token. */
async function clickStatusBar(s: Services, name: string): Promise<void> {
  await browser.click('.statusbar .statusbar-item', { hasText: name });
  await eventually(() => s.tokens.peek(name), `a token for "${name}"`, 15_000);
}

/** Send Test Request from the palette with `url`; waits for its notification with `expected`. */
async function sendTestRequest(url: string, expected: string): Promise<void> {
  await runFromPalette('OAuth JWT: Send Test Request');
  await answer('API URL to call', url);
  await expectNotification(expected);
}

suite('DPoP and mTLS profiles from New Profile (keyboard) → status bar → Send Test Request → 200, against the real oidc-provider', function () {
  this.timeout(90_000);
  let s: Services;
  let key: PrivateKey;
  let stranger: PrivateKey;
  let certificatePem: string;
  let strangerPem: string;
  let dpopIdp: OidcProviderServer;
  let dpopApi: DpopResourceServer;
  let mtlsIdp: OidcProviderServer;
  let mtlsApi: MtlsResourceServer;
  let activeBefore: string | undefined;
  const caFile = join(tmpdir(), `oauth-jwt-bound-ca-${process.pid}.pem`);

  suiteSetup(async function () {
    if (!browserAvailable) this.skip();
    s = await services();
    activeBefore = vscode.workspace.getConfiguration('oauthJwt').inspect<string>('activeProfile')?.workspaceValue;
    [key, stranger] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
    [certificatePem, strangerPem] = await Promise.all([
      createSelfSignedCertificate(key, { commonName: 'ui mtls client', days: 30 }),
      createSelfSignedCertificate(stranger, { commonName: 'someone else', days: 30 }),
    ]);
    const serverTls = selfSignedFor127();
    const x5c = [new X509Certificate(certificatePem).raw.toString('base64')];
    [dpopIdp, mtlsIdp] = await Promise.all([
      // RFC 9449: every token of this client DPoP-bound; JWT access tokens, so the API checks cnf.jkt.
      startOidcProvider({ clients: [{ clientId: 'ui-dpop', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] }, dpopBoundAccessTokens: true }], accessTokenFormat: 'jwt' }),
      // RFC 8705: HTTPS asking for client certificates; the client known by its self-signed certificate; bound tokens.
      startOidcProvider({
        tls: { key: serverTls.keyPem, cert: serverTls.certPem },
        accessTokenFormat: 'jwt',
        clients: [{ clientId: 'ui-mtls', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true }],
      }),
    ]);
    [dpopApi, mtlsApi] = await Promise.all([
      startDpopResourceServer({ issuer: dpopIdp.issuer, jwksUrl: dpopIdp.jwksUrl, audience: dpopIdp.resource }),
      fetchJwks(mtlsIdp.jwksUrl, serverTls.certPem).then((jwks) => startMtlsResourceServer({ issuer: mtlsIdp.issuer, jwks, tls: { key: serverTls.keyPem, cert: serverTls.certPem } })),
    ]);
    // The test servers' certificate is trusted the way a user trusts a private CA: the machine-scoped setting.
    writeFileSync(caFile, serverTls.certPem);
    await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', caFile, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await Promise.all([dpopIdp?.close(), dpopApi?.close(), mtlsIdp?.close(), mtlsApi?.close()]);
    if (!s) return;
    const config = vscode.workspace.getConfiguration('oauthJwt');
    await config.update('extraCaCertificatesFile', undefined, vscode.ConfigurationTarget.Global);
    rmSync(caFile, { force: true });
    // Leave the settings as found: later suites pick profiles from a list they expect to be short.
    for (const target of [vscode.ConfigurationTarget.Workspace, vscode.ConfigurationTarget.Global]) {
      const inspected = config.inspect<unknown[]>('profiles');
      const list = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
      if (Array.isArray(list)) await config.update('profiles', list.filter((p) => ![DPOP, MTLS, NO_CERTIFICATE].includes((p as { name?: string }).name ?? '')), target);
    }
    await config.update('activeProfile', activeBefore, vscode.ConfigurationTarget.Workspace);
    await s.keys.forget(NO_CERTIFICATE);
  });

  test('DPoP: New Profile asks how tokens are bound (mutual TLS refused for an http token URL) → "dpop": true → status bar → Send Test Request with a proof → 200', async () => {
    await newGenericAssertion(dpopIdp.tokenUrl, 'ui-dpop');
    // The binding question, None first. Mutual TLS over an http token URL cannot be: the list comes back.
    const rows = await pickShows('None', 3);
    assert.match(rows[2]!, /mutual TLS needs an https:\/\/ token URL/);
    await pick('Mutual TLS');
    await new Promise((r) => setTimeout(r, 300));
    await pickShows('None', 3);
    await pick('DPoP');
    await answer('Profile name', DPOP);

    const profile = await eventually(() => s.config.profile(DPOP), 'the profile in settings');
    assert.deepEqual({ flow: profile.flow, tokenUrl: profile.tokenUrl, clientId: profile.clientId, dpop: profile.dpop, mtls: profile.mtls }, { flow: 'client-assertion', tokenUrl: dpopIdp.tokenUrl, clientId: 'ui-dpop', dpop: true, mtls: undefined });
    await eventually(() => s.config.activeProfile()?.name === DPOP, 'the new profile to be active');
    await s.keys.save(DPOP, key);
    // The origin prompts are origins.test.ts's subject: confirmed here as the user would.
    await confirmOrigins(DPOP);
    await s.trust.remember([{ kind: 'tokenOrigins', slot: DPOP }], new URL(dpopApi.apiUrl).origin, true);

    await clickStatusBar(s, DPOP);
    const token = s.tokens.peek(DPOP)!;
    assert.equal(token.tokenType, 'DPoP');
    const cnf = JSON.parse(Buffer.from(token.accessToken.split('.')[1]!, 'base64url').toString('utf8')).cnf as { jkt?: string };
    assert.equal(typeof cnf.jkt, 'string');

    await clearNotifications();
    const before = dpopApi.requests.length;
    await sendTestRequest(dpopApi.apiUrl, 'GET /api → 200');
    assert.equal(dpopApi.requests.length, before + 1);
    assert.match(String(dpopApi.requests.at(-1)!.headers.authorization), /^DPoP /);
  });

  test('mTLS: New Profile → Mutual TLS → self_signed_tls_client_auth → status bar → a certificate-bound token → Send Test Request over the same certificate → 200', async () => {
    await newGenericAssertion(mtlsIdp.tokenUrl, 'ui-mtls');
    await pickShows('None', 3);
    await pick('Mutual TLS');
    await pickShows('private_key_jwt', 3);
    await pick('self_signed_tls_client_auth');
    await answer('Profile name', MTLS);

    const profile = await eventually(() => s.config.profile(MTLS), 'the profile in settings');
    assert.deepEqual({ tokenUrl: profile.tokenUrl, mtls: profile.mtls, tokenEndpointAuth: profile.tokenEndpointAuth, dpop: profile.dpop }, { tokenUrl: mtlsIdp.tokenUrl, mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', dpop: undefined });
    await eventually(() => s.config.activeProfile()?.name === MTLS, 'the new profile to be active');
    await s.keys.save(MTLS, key, certificatePem);
    await confirmOrigins(MTLS);
    await s.trust.remember([{ kind: 'tokenOrigins', slot: MTLS }], new URL(mtlsApi.apiUrl).origin, true);

    await clickStatusBar(s, MTLS);
    const token = s.tokens.peek(MTLS)!;
    const cnf = JSON.parse(Buffer.from(token.accessToken.split('.')[1]!, 'base64url').toString('utf8')).cnf as Record<string, unknown>;
    assert.equal(cnf['x5t#S256'], readCertificate(certificatePem).x5tS256);

    await clearNotifications();
    const before = mtlsApi.accepted();
    await sendTestRequest(mtlsApi.apiUrl, 'GET /api → 200');
    assert.equal(mtlsApi.accepted(), before + 1);
  });

  test('mTLS: the key gets another certificate after its token was issued → Send Test Request presents it, the API refuses the bound token (401), and the notification says the token is bound to another certificate and what to do', async () => {
    // What Import Certificate does: the same key, a new certificate; the cached token stays bound to the old one.
    const renewed = await createSelfSignedCertificate(key, { commonName: 'ui mtls client (renewed)', days: 30 });
    await s.keys.attachCertificate(MTLS, renewed);
    assert.ok(s.tokens.peek(MTLS), 'the token bound to the first certificate is still cached');
    await clearNotifications();
    const before = mtlsApi.accepted();
    await sendTestRequest(mtlsApi.apiUrl, 'GET /api → 401');
    const [shown] = await expectNotification('bound to another TLS client certificate');
    assert.match(shown!, new RegExp(`its cnf\\.x5t#S256 is ${readCertificate(certificatePem).x5tS256.replace(/[-]/g, '\\-')}, this request's certificate is ${readCertificate(renewed).x5tS256.replace(/[-]/g, '\\-')}`));
    assert.match(shown!, /get a new token with the certificate the request presents/);
    assert.equal(mtlsApi.accepted(), before, 'the API accepted nothing');
    await s.keys.attachCertificate(MTLS, certificatePem);
  });

  test('mTLS with a client certificate the server does not have on record: the status bar command shows the failure, naming the certificate and what to do; no token', async () => {
    await s.tokens.invalidate(MTLS);
    await s.keys.save(MTLS, stranger, strangerPem);
    await confirmOrigins(MTLS);
    await clearNotifications();
    // The status bar's command (the click itself is the tests above): it fails, and says so.
    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), undefined, 'no token');
    const failure = s.tokens.lastFailure(MTLS);
    assert.ok(failure, `a failure is recorded (token: ${s.tokens.peek(MTLS) ? 'present' : 'absent'})`);
    assert.match(failure.message, /invalid_client/);
    assert.match(failure.hint ?? '', /did not accept the TLS client certificate \(self_signed_tls_client_auth, RFC 8705 §2\.2\): this very certificate must be registered with the client/);
    await expectNotification('this very certificate must be registered');
    assert.equal(s.tokens.peek(MTLS), undefined);
  });

  test('mTLS chosen for a key without a certificate: New Profile saves the profile and says what is missing and what to do', async () => {
    // The profile's own slot holds a key and no certificate before the profile exists.
    await s.keys.save(NO_CERTIFICATE, stranger);
    await clearNotifications();
    const name = await vscode.commands.executeCommand('oauthJwt.newProfile', {
      preset: 'generic-assertion', name: NO_CERTIFICATE, answers: { tokenUrl: mtlsIdp.tokenUrl, clientId: 'ui-mtls', scope: '' }, binding: 'mtls', tokenEndpointAuth: 'tls_client_auth',
    });
    assert.equal(name, NO_CERTIFICATE);
    const profile = await eventually(() => s.config.profile(NO_CERTIFICATE), 'the profile in settings');
    assert.deepEqual([profile.mtls, profile.tokenEndpointAuth], [true, 'tls_client_auth']);
    const [shown] = await expectNotification('this profile\'s key has none');
    assert.match(shown!, /Mutual TLS presents the key's certificate as the TLS client certificate/);
    assert.match(shown!, /Import Certificate \(the one the server has on record for this client\), or Generate Key Pair/);
  });
});
