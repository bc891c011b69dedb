/**
 * RFC 8705 §5 in the real host: an mTLS profile with a discoveryUrl sends its token request to the
 * metadata's mtls_endpoint_aliases token endpoint — another origin than its tokenUrl — and that is
 * the origin the key is confirmed for (a confirmation of the tokenUrl's origin does not cover it).
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { decodeJwt } from '../../src/core/jwtDecode';
import { generateKeyPair, publicJwk, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import { Command } from '../../src/vscode/commandIds';
import type { Services } from '../../src/vscode/services';
import { selfSignedFor127, startOidcProvider, type OidcProviderServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { confirmOrigins, eventually, services, setProfiles } from './support';

const NAME = 'Host mTLS alias';

suite('mTLS with a discoveryUrl: the mtls_endpoint_aliases token endpoint is the origin confirmed and sent to', function () {
  this.timeout(60_000);
  let s: Services;
  let key: PrivateKey;
  let certificatePem: string;
  let oidc: OidcProviderServer;
  let dir: string;
  const aliasOrigin = () => new URL(oidc.mtlsTokenUrl!).origin;

  suiteSetup(async () => {
    s = await services();
    key = await generateKeyPair({ type: 'rsa' });
    certificatePem = await createSelfSignedCertificate(key, { commonName: 'host mtls client', days: 30 });
    const serverTls = selfSignedFor127();
    oidc = await startOidcProvider({
      tls: { key: serverTls.keyPem, cert: serverTls.certPem },
      mtlsAlias: true,
      accessTokenFormat: 'jwt',
      clients: [{ clientId: 'host-mtls-alias', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c: [new X509Certificate(certificatePem).raw.toString('base64')] }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true }],
    });
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-host-mtls-'));
    writeFileSync(join(dir, 'server-ca.pem'), serverTls.certPem);
    await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', join(dir, 'server-ca.pem'), vscode.ConfigurationTarget.Global);
    await s.keys.save(NAME, key, certificatePem);
    await setProfiles([{ name: NAME, flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'host-mtls-alias', mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', discoveryUrl: oidc.issuer }], NAME);
    await eventually(() => s.config.activeProfile()?.name === NAME, 'the mTLS profile to be active');
    // The profile's tokenUrl origin, confirmed as the user would: it must not be enough.
    await confirmOrigins(NAME);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', undefined, vscode.ConfigurationTarget.Global);
    await s.keys.forget(NAME);
    await setProfiles([], '');
    await oidc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the prompt names the alias origin (the tokenUrl origin is already confirmed); Cancel sends nothing', async function () {
    if (!browserAvailable) this.skip();
    const click = vscode.commands.executeCommand(Command.StatusBarClick);
    const [prompt] = await browser.waitFor('.quick-input-widget', { hasText: aliasOrigin() });
    assert.match(prompt!, new RegExp(`now points at ${aliasOrigin().replace(/[.]/g, '\\.')}`), prompt);
    await browser.click('.quick-input-list .monaco-list-row', { hasText: 'Cancel' });
    assert.equal(await click, undefined);
    assert.equal(s.tokens.lastFailure(NAME)?.code, 'ORIGIN_NOT_CONFIRMED');
    assert.ok(!(await s.secrets.getOrigins('keyOrigins', NAME)).includes(aliasOrigin()), 'the alias origin was not confirmed');
  });

  test('with the alias origin confirmed: a status-bar click gets a token bound to the slot\'s certificate from the alias', async () => {
    await s.trust.remember([{ kind: 'keyOrigins', slot: NAME }], aliasOrigin(), true);
    assert.equal(await vscode.commands.executeCommand(Command.StatusBarClick), true);
    const token = await vscode.env.clipboard.readText();
    const cnf = decodeJwt(token).payload.cnf as Record<string, unknown>;
    assert.equal(cnf['x5t#S256'], readCertificate(certificatePem).x5tS256);
  });
});
