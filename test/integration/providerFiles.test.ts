import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import type { Services } from '../../src/vscode/services';
import { param, startBoxServer, startJwtBearerServer, type BoxServer, type JwtBearerServer } from '../servers';
import { confirmOrigins, eventually, logText, services } from './support';

const BOX_SECRET = 'canary-box-secret-3f9a';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const OPENSSL = spawnSync('openssl', ['version']).status === 0;

/**
 * Issue 13 in the real host: a profile from a Google service-account file (refused as "a public key"
 * before), and a Box profile made by New Profile whose key is imported from a PKCS#12 file; each
 * gets its token through the status bar from a local endpoint that enforces the provider's rules.
 */
suite('New providers and credential files, from New Profile to the status bar', function () {
  this.timeout(60_000);
  let s: Services;
  let key: PrivateKey;
  let dir: string;
  let google: JwtBearerServer;
  let box: BoxServer;

  suiteSetup(async () => {
    s = await services();
    key = await generateKeyPair({ type: 'rsa' });
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-host-files-'));
    [google, box] = await Promise.all([
      startJwtBearerServer({ issuer: 'robot@host-project.iam.gserviceaccount.com', publicKey: publicKeyPem(key), requiredScopes: [SCOPE] }),
      startBoxServer({ clientId: 'box-host-client', clientSecret: BOX_SECRET, publicKeyId: 'pk-host', publicKey: publicKeyPem(key), enterpriseId: '7654321' }),
    ]);
    writeFileSync(join(dir, 'service-account.json'), JSON.stringify({
      type: 'service_account', project_id: 'host-project', private_key_id: 'kid-host-1', private_key: privateKeyPem(key),
      client_email: 'robot@host-project.iam.gserviceaccount.com', client_id: '1', token_uri: google.tokenUrl,
    }), { mode: 0o600 });
  });

  suiteTeardown(async () => {
    await Promise.all([google?.close(), box?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('Google: New Profile from a service-account file, then the status bar gets a token (iss, aud, kid and key from the file)', async () => {
    const name = await vscode.commands.executeCommand('oauthJwt.newProfile', {
      preset: 'google', file: join(dir, 'service-account.json'), name: 'Google from file', answers: { scope: SCOPE, subject: '' }, binding: 'none',
    });
    assert.equal(name, 'Google from file');
    const profile = await eventually(() => s.config.profile('Google from file'), 'the profile in settings');
    assert.deepEqual([profile.tokenUrl, profile.audience, profile.issuer, profile.keyId], [google.tokenUrl, google.tokenUrl, 'robot@host-project.iam.gserviceaccount.com', 'kid-host-1']);
    assert.ok(await s.keys.get('Google from file'), 'the key is in SecretStorage');
    await eventually(() => s.config.activeProfile()?.name === 'Google from file', 'the new profile to become active');
    await confirmOrigins('Google from file');

    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), true);
    assert.equal(await vscode.env.clipboard.readText(), google.issued.at(-1));
    const [header] = param(google.requests.at(-1)!.form, 'assertion')!.split('.');
    assert.equal(JSON.parse(Buffer.from(header!, 'base64url').toString()).kid, 'kid-host-1');
  });

  test('Box: New Profile, Import Private Key from a PKCS#12 file (key and certificate), Set Client Secret, then the status bar gets a token', async function () {
    if (!OPENSSL) this.skip();
    await vscode.commands.executeCommand('oauthJwt.newProfile', {
      preset: 'box', name: 'Box host', answers: { clientId: 'box-host-client', publicKeyId: 'pk-host', subjectType: 'enterprise', boxSubject: '7654321' }, binding: 'none',
    });
    const built = await eventually(() => s.config.profile('Box host'), 'the Box profile');
    assert.deepEqual([built.tokenUrl, built.audience, built.keyId, built.claims], ['https://api.box.com/oauth2/token', 'https://api.box.com/oauth2/token', 'pk-host', { box_sub_type: 'enterprise' }]);
    // The same profile against the local endpoint (aud stays Box's token URL, as Box wants).
    await s.config.saveProfile({ ...built, tokenUrl: box.tokenUrl });

    writeFileSync(join(dir, 'key.pem'), privateKeyPem(key), { mode: 0o600 });
    writeFileSync(join(dir, 'cert.pem'), await createSelfSignedCertificate(key, { commonName: 'box host', days: 30 }));
    // Without a password, as Azure Key Vault exports it.
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem'), '-out', join(dir, 'box.pfx'), '-passout', 'pass:']);
    assert.equal(await vscode.commands.executeCommand('oauthJwt.importPrivateKey', { source: 'file', file: join(dir, 'box.pfx'), slot: 'Box host' }), 'Box host');
    const stored = await s.keys.get('Box host');
    assert.equal(stored && publicKeyPem(stored.key), publicKeyPem(key));
    assert.match(stored?.certificatePem ?? '', /BEGIN CERTIFICATE/, 'the certificate from the PKCS#12 file is stored with the key');

    assert.equal(await vscode.commands.executeCommand('oauthJwt.setClientSecret', 'Box host', BOX_SECRET), true);
    await vscode.workspace.getConfiguration('oauthJwt').update('activeProfile', 'Box host', vscode.ConfigurationTarget.Workspace);
    await eventually(() => s.config.activeProfile()?.name === 'Box host', 'Box to become active');
    await confirmOrigins('Box host');
    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), true);
    const form = box.requests.at(-1)!.form;
    assert.deepEqual([param(form, 'client_id'), param(form, 'client_secret')], ['box-host-client', BOX_SECRET]);
    assert.ok((await vscode.env.clipboard.readText()).length > 20);
    assert.ok(!logText(s).includes(BOX_SECRET), 'the client secret never reaches the log');
  });

  test('Import Private Key: a Box config.json into an existing profile; its values applied, its client secret to SecretStorage only', async () => {
    await s.config.saveProfile({ name: 'Box import', flow: 'jwt-bearer', tokenUrl: 'https://api.box.com/oauth2/token', issuer: 'placeholder' });
    await eventually(() => s.config.profile('Box import'), 'the profile to import into');
    const config = {
      boxAppSettings: {
        clientID: 'box-import-client',
        clientSecret: BOX_SECRET,
        appAuth: { publicKeyID: 'pk-import', privateKey: key.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'inside-the-file' }), passphrase: 'inside-the-file' },
      },
      enterpriseID: '1111111',
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
    assert.equal(await vscode.commands.executeCommand('oauthJwt.importPrivateKey', { source: 'file', file: join(dir, 'config.json'), slot: 'Box import', applyProfile: true }), 'Box import');
    const profile = await eventually(() => (s.config.profile('Box import')?.keyId === 'pk-import' ? s.config.profile('Box import') : undefined), 'the values from config.json');
    assert.deepEqual([profile.clientId, profile.issuer, profile.subject, profile.claims, profile.lifetimeSeconds], ['box-import-client', 'box-import-client', '1111111', { box_sub_type: 'enterprise' }, 45]);
    assert.equal(await s.secrets.getClientSecret('Box import'), BOX_SECRET);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('oauthJwt').inspect('profiles'));
    assert.ok(!settings.includes(BOX_SECRET) && !settings.includes('inside-the-file'), 'neither the secret nor the passphrase is in settings');
    assert.ok(!logText(s).includes(BOX_SECRET) && !logText(s).includes('inside-the-file'));
  });
});
