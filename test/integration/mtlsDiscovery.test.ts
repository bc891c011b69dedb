/**
 * RFC 8705 §5 in the real host: an mTLS profile with a discoveryUrl sends its token request to the
 * metadata's mtls_endpoint_aliases token endpoint — another origin than its tokenUrl — and that is
 * the origin the key is confirmed for (a confirmation of the tokenUrl's origin does not cover it).
 * And tls_client_auth (§2.1) with a certificate a CA issued, attached with Import Certificate.
 */
import * as assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { decodeJwt } from '../../src/core/jwtDecode';
import { generateKeyPair, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import { Command } from '../../src/vscode/commandIds';
import type { Services } from '../../src/vscode/services';
import { selfSignedFor127, startOidcProvider, testCertificateAuthority, type OidcProviderServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { confirmOrigins, eventually, services, setProfiles } from './support';

const NAME = 'Host mTLS alias';
const CA_NAME = 'Host tls_client_auth';
const SUBJECT_DN = 'CN=host-ca-client,O=OAuth JWT Bearer tests';

suite('mTLS in the host: a discoveryUrl\'s mtls_endpoint_aliases origin is the one confirmed and sent to; tls_client_auth with a CA-issued certificate', function () {
  this.timeout(60_000);
  let s: Services;
  let key: PrivateKey;
  let caClient: PrivateKey;
  let caIssuedPem: string;
  let certificatePem: string;
  let oidc: OidcProviderServer;
  let dir: string;
  const aliasOrigin = () => new URL(oidc.mtlsTokenUrl!).origin;

  suiteSetup(async () => {
    s = await services();
    [key, caClient] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
    certificatePem = await createSelfSignedCertificate(key, { commonName: 'host mtls client', days: 30 });
    const ca = testCertificateAuthority();
    caIssuedPem = ca.issue(createPublicKey(privateKeyPem(caClient)).export({ type: 'spki', format: 'pem' }).toString(), { commonName: 'host-ca-client', organization: 'OAuth JWT Bearer tests' });
    const serverTls = selfSignedFor127();
    oidc = await startOidcProvider({
      tls: { key: serverTls.keyPem, cert: serverTls.certPem, ca: ca.certPem },
      mtlsAlias: true,
      accessTokenFormat: 'jwt',
      clients: [
        { clientId: 'host-mtls-alias', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c: [new X509Certificate(certificatePem).raw.toString('base64')] }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true },
        { clientId: 'host-ca-client', algorithm: 'RS256', jwks: { keys: [publicJwk(caClient, 'RS256')] }, tlsClientAuthSubjectDn: SUBJECT_DN, certificateBoundAccessTokens: true },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-host-mtls-'));
    writeFileSync(join(dir, 'server-ca.pem'), serverTls.certPem);
    // As a CA hands it out: the client certificate, then the CA's.
    writeFileSync(join(dir, 'client-chain.crt'), `${caIssuedPem}${ca.certPem}`);
    await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', join(dir, 'server-ca.pem'), vscode.ConfigurationTarget.Global);
    await s.keys.save(NAME, key, certificatePem);
    await s.keys.save(CA_NAME, caClient);
    await setProfiles([
      { name: NAME, flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'host-mtls-alias', mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth', discoveryUrl: oidc.issuer },
      { name: CA_NAME, flow: 'client-assertion', tokenUrl: oidc.mtlsTokenUrl!, clientId: 'host-ca-client', mtls: true, tokenEndpointAuth: 'tls_client_auth' },
    ], NAME);
    await eventually(() => s.config.activeProfile()?.name === NAME, 'the mTLS profile to be active');
    // The profile's tokenUrl origin, confirmed as the user would: it must not be enough.
    await confirmOrigins(NAME);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('oauthJwt').update('extraCaCertificatesFile', undefined, vscode.ConfigurationTarget.Global);
    await s.keys.forget(NAME);
    await s.keys.forget(CA_NAME);
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

  test('tls_client_auth: Import Certificate attaches the CA-issued certificate (with its chain) to the key; a status-bar click gets a token bound to it', async () => {
    assert.equal(await vscode.commands.executeCommand('oauthJwt.importCertificate', { slot: CA_NAME, file: join(dir, 'client-chain.crt') }), CA_NAME);
    await vscode.workspace.getConfiguration('oauthJwt').update('activeProfile', CA_NAME, vscode.ConfigurationTarget.Workspace);
    await eventually(() => s.config.activeProfile()?.name === CA_NAME, 'the tls_client_auth profile to be active');
    await confirmOrigins(CA_NAME);
    assert.equal(await vscode.commands.executeCommand(Command.StatusBarClick), true);
    const cnf = decodeJwt(await vscode.env.clipboard.readText()).payload.cnf as Record<string, unknown>;
    assert.equal(cnf['x5t#S256'], readCertificate(caIssuedPem).x5tS256);
  });
});
