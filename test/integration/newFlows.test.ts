import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, publicJwk, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import type { Services } from '../../src/vscode/services';
import {
  startDpopResourceServer, startGitHubAppServer, startOidcProvider, startSelfSignedApiServer,
  type DpopResourceServer, type GitHubAppServer, type OidcProviderServer, type SelfSignedApiServer,
} from '../servers';
import { browser, browserAvailable } from './browser';
import { confirmOrigins, eventually, expectNotification, services } from './support';

suite('GitHub App and self-signed profiles from New Profile: status bar → token, Send Test Request', function () {
  this.timeout(60_000);
  let s: Services;
  let key: PrivateKey;
  let stranger: PrivateKey;
  let github: GitHubAppServer;
  let snowflake: SelfSignedApiServer;
  let oidc: OidcProviderServer;
  let api: DpopResourceServer;

  let activeBefore: string | undefined;

  suiteSetup(async () => {
    s = await services();
    activeBefore = vscode.workspace.getConfiguration('oauthJwt').inspect<string>('activeProfile')?.workspaceValue;
    [key, stranger] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
    [github, snowflake, oidc] = await Promise.all([
      startGitHubAppServer({ clientId: 'Iv23liHOST', publicKey: publicKeyPem(key), installationIds: ['42'] }),
      startSelfSignedApiServer({ preset: 'snowflake', account: 'host-acct', user: 'host_user', publicKey: publicKeyPem(key) }),
      // The real oidc-provider: a client whose tokens must be DPoP-bound, JWT access tokens (cnf.jkt), a required nonce.
      startOidcProvider({ clients: [{ clientId: 'host-dpop', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] }, dpopBoundAccessTokens: true }], accessTokenFormat: 'jwt', dpopNonceRequired: true }),
    ]);
    api = await startDpopResourceServer({ issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, audience: oidc.resource, requireNonce: true });
  });

  suiteTeardown(async () => {
    await Promise.all([github?.close(), snowflake?.close(), oidc?.close(), api?.close()]);
    // Leave the settings as found: later suites pick profiles from a list they expect to be short.
    const config = vscode.workspace.getConfiguration('oauthJwt');
    const mine = new Set(['Host GitHub App', 'Host Snowflake', 'Host DPoP']);
    for (const target of [vscode.ConfigurationTarget.Workspace, vscode.ConfigurationTarget.Global]) {
      const inspected = config.inspect<unknown[]>('profiles');
      const list = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
      if (Array.isArray(list)) await config.update('profiles', list.filter((p) => !mine.has((p as { name?: string }).name ?? '')), target);
    }
    await config.update('activeProfile', activeBefore, vscode.ConfigurationTarget.Workspace);
  });

  test('github-app: New Profile preset → status bar click → the installation token on the clipboard; Send Test Request → 200', async () => {
    const name = await vscode.commands.executeCommand<string>('oauthJwt.newProfile', {
      preset: 'github-app', name: 'Host GitHub App', answers: { clientId: 'Iv23liHOST', installationId: '42', tokenUrl: github.apiUrl },
    });
    assert.equal(name, 'Host GitHub App');
    const profile = await eventually(() => s.config.profile('Host GitHub App'), 'the profile in settings');
    assert.deepEqual({ flow: profile.flow, installationId: profile.installationId, tokenUrl: profile.tokenUrl }, { flow: 'github-app', installationId: '42', tokenUrl: github.apiUrl });
    await eventually(() => s.config.activeProfile()?.name === 'Host GitHub App', 'the new profile to be active');
    await s.keys.save('Host GitHub App', key);
    // The origin prompts are another suite's subject (origins.test.ts): confirmed here as the user would.
    await confirmOrigins('Host GitHub App');

    const before = github.requests.length;
    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), true);
    const token = await vscode.env.clipboard.readText();
    assert.equal(token, github.issued.at(-1));
    assert.match(token, /^ghs_/);
    assert.equal(github.requests.length, before + 1);
    assert.equal(github.requests.at(-1)!.path, '/app/installations/42/access_tokens');
    // The expiry is GitHub's expires_at (an hour), which the status bar counts down.
    const remaining = s.tokens.remainingSeconds('Host GitHub App');
    assert.ok(remaining !== undefined && remaining > 3000, `remaining ${remaining}`);
    if (browserAvailable) await browser.waitFor('.statusbar', { hasText: 'Host GitHub App 59:' });

    const result = await vscode.commands.executeCommand<{ status: number; bodyStart: string }>('oauthJwt.sendTestRequest', 'Host GitHub App', github.resourceUrl);
    assert.equal(result?.status, 200);
    assert.match(result!.bodyStart, /hello-world/);
  });

  test('github-app with a key that is not the app\'s: GitHub\'s 401 message and what to do, nothing cached', async () => {
    await s.tokens.invalidate('Host GitHub App');
    await s.keys.save('Host GitHub App', stranger);
    await confirmOrigins('Host GitHub App');
    // A failed command shows its error and answers undefined.
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Host GitHub App'), undefined);
    const failure = s.tokens.lastFailure('Host GitHub App');
    assert.match(failure?.message ?? '', /answered 401: A JSON web token could not be decoded/);
    assert.match(failure?.hint ?? '', /private key is one of the app's/);
    assert.equal(s.tokens.peek('Host GitHub App'), undefined);
    await s.keys.save('Host GitHub App', key);
  });

  test('self-signed (snowflake): status bar → the signed JWT itself, no exchange; Send Test Request carries KEYPAIR_JWT → 200', async () => {
    await vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'snowflake', name: 'Host Snowflake', answers: { account: 'host-acct', user: 'host_user' } });
    const built = await eventually(() => s.config.profile('Host Snowflake'), 'the profile in settings');
    // The preset points at *.snowflakecomputing.com; the test points it at the local Snowflake-like API.
    await s.config.saveProfile({ ...built, tokenUrl: snowflake.url, apiUrl: snowflake.apiUrl });
    await eventually(() => s.config.profile('Host Snowflake')?.tokenUrl === snowflake.url, 'the edited profile');
    await s.keys.save('Host Snowflake', key);
    await confirmOrigins('Host Snowflake');
    await vscode.workspace.getConfiguration('oauthJwt').update('activeProfile', 'Host Snowflake', vscode.ConfigurationTarget.Workspace);
    await eventually(() => s.config.activeProfile()?.name === 'Host Snowflake', 'the profile to be active');

    const before = snowflake.requests.length;
    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), true);
    const jwt = await vscode.env.clipboard.readText();
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { iss: string; sub: string; exp: number; iat: number };
    assert.equal(claims.sub, 'HOST-ACCT.HOST_USER');
    assert.match(claims.iss, /^HOST-ACCT\.HOST_USER\.SHA256:/);
    assert.equal(claims.exp - claims.iat, 3600);
    assert.equal(snowflake.requests.length, before, 'no request to get the token');

    const result = await vscode.commands.executeCommand<{ status: number; bodyStart: string }>('oauthJwt.sendTestRequest', 'Host Snowflake', snowflake.apiUrl);
    assert.equal(result?.status, 200, result?.bodyStart);
    assert.equal(snowflake.requests.at(-1)!.headers['x-snowflake-authorization-token-type'], 'KEYPAIR_JWT');
    // The same JWT is reused until shortly before its exp.
    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), true);
    assert.equal(await vscode.env.clipboard.readText(), jwt);
  });

  test('DPoP: a client-assertion profile with "dpop": true → status bar → a DPoP-bound token (and the warning) → Send Test Request with a proof → 200', async () => {
    await vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'generic-assertion', name: 'Host DPoP', answers: { tokenUrl: oidc.tokenUrl, clientId: 'host-dpop', scope: '' }, binding: 'dpop' });
    const built = await eventually(() => s.config.profile('Host DPoP'), 'the profile in settings');
    assert.equal(built.dpop, true);
    await s.config.saveProfile({ ...built, apiUrl: api.apiUrl });
    await eventually(() => s.config.profile('Host DPoP')?.apiUrl === api.apiUrl, 'the edited profile');
    await s.keys.save('Host DPoP', key);
    await confirmOrigins('Host DPoP');
    await vscode.workspace.getConfiguration('oauthJwt').update('activeProfile', 'Host DPoP', vscode.ConfigurationTarget.Workspace);
    await eventually(() => s.config.activeProfile()?.name === 'Host DPoP', 'the profile to be active');

    assert.equal(await vscode.commands.executeCommand('oauthJwt.statusBarClick'), true);
    const token = s.tokens.peek('Host DPoP')!;
    assert.equal(token.tokenType, 'DPoP');
    assert.equal(await vscode.env.clipboard.readText(), token.accessToken);
    const cnf = JSON.parse(Buffer.from(token.accessToken.split('.')[1]!, 'base64url').toString('utf8')).cnf as { jkt: string };
    assert.equal(typeof cnf.jkt, 'string');
    if (browserAvailable) await expectNotification('DPoP-bound');

    const result = await vscode.commands.executeCommand<{ status: number; bodyStart: string }>('oauthJwt.sendTestRequest', 'Host DPoP', api.apiUrl);
    assert.equal(result?.status, 200, result?.bodyStart);
    const sent = api.requests.at(-1)!;
    assert.match(String(sent.headers.authorization), /^DPoP /);
    // The DPoP key lives in SecretStorage and is reused: the same thumbprint after a new token.
    assert.ok(await s.secrets.getDpopKey('Host DPoP'));
    assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', 'Host DPoP'), true);
    const again = JSON.parse(Buffer.from(s.tokens.peek('Host DPoP')!.accessToken.split('.')[1]!, 'base64url').toString('utf8')).cnf as { jkt: string };
    assert.equal(again.jkt, cnf.jkt);

    // Copy as curl: the token request with a fresh DPoP proof.
    await vscode.commands.executeCommand('oauthJwt.copyAsCurl', 'Host DPoP');
    assert.match(await vscode.env.clipboard.readText(), /DPoP: eyJ/);
  });
});
