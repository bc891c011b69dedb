import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys';
import type { Services } from '../../src/vscode/services';
import { confirmOrigins, eventually, services, setProfiles } from './support';

const APPLE = 'Host Sign in with Apple';

/** exp − iat of the JWT the profile's status bar click would copy (self-signed: the JWT itself). */
async function signedLifetime(s: Services, name: string): Promise<number> {
  await s.tokens.invalidate(name);
  assert.equal(await vscode.commands.executeCommand('oauthJwt.getAccessToken', name), true, s.tokens.lastFailure(name)?.describe());
  const claims = JSON.parse(Buffer.from(s.tokens.peek(name)!.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
  return claims.exp - claims.iat;
}

suite('Sign in with Apple\'s long lifetime: the preset\'s allowance applies to that preset only', function () {
  this.timeout(60_000);
  let s: Services;
  let ecKey: PrivateKey;
  let profilesBefore: unknown;
  let activeBefore: string | undefined;

  suiteSetup(async () => {
    s = await services();
    const inspected = vscode.workspace.getConfiguration('oauthJwt').inspect<unknown>('profiles');
    profilesBefore = inspected?.workspaceValue;
    activeBefore = vscode.workspace.getConfiguration('oauthJwt').inspect<string>('activeProfile')?.workspaceValue;
    ecKey = await generateKeyPair({ type: 'ec', curve: 'P-256' });
  });

  suiteTeardown(async () => {
    if (!s) return;
    const config = vscode.workspace.getConfiguration('oauthJwt');
    await config.update('profiles', profilesBefore, vscode.ConfigurationTarget.Workspace);
    await config.update('activeProfile', activeBefore, vscode.ConfigurationTarget.Workspace);
    await config.update('maxAssertionLifetimeSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a Sign in with Apple profile from New Profile is signed for its 180 days although the user-level cap is 1 h; a generic profile asking for a day stays at 1 h; nothing above the preset\'s 15 777 000 s', async () => {
    await vscode.commands.executeCommand('oauthJwt.newProfile', { preset: 'sign-in-with-apple', name: APPLE, answers: { issuer: 'TEAM123456', clientId: 'com.example.signin', keyId: 'KEY1234567' } });
    const built = await eventually(() => s.config.profile(APPLE), 'the profile in settings');
    assert.equal(built.lifetimeSeconds, 86_400 * 180);
    await s.keys.save(APPLE, ecKey);
    // A generic profile in the same workspace settings, asking for a day with the same key.
    await setProfiles([...s.config.profiles().profiles, { name: 'Day Long', flow: 'self-signed', tokenUrl: 'https://api.example.com/', issuer: 'me', subject: 'me', audience: 'https://api.example.com/', lifetimeSeconds: 86_400 }]);
    await eventually(() => s.config.profile('Day Long'), 'the generic profile');
    await s.keys.save('Day Long', ecKey);
    await confirmOrigins(APPLE, 'Day Long');
    assert.equal(vscode.workspace.getConfiguration('oauthJwt').inspect<number>('maxAssertionLifetimeSeconds')?.globalValue, undefined, 'the default user-level cap (1 h)');

    assert.equal(await signedLifetime(s, APPLE), 86_400 * 180, 'the preset\'s documented allowance');
    assert.equal(await signedLifetime(s, 'Day Long'), 3600, 'every other profile: the user-level cap');

    // The preset's allowance is its ceiling: a profile asking for more is signed for 15 777 000 s.
    await setProfiles(s.config.profiles().profiles.map((p) => (p.name === APPLE ? { ...p, lifetimeSeconds: 20_000_000 } : p)));
    await eventually(() => s.config.profile(APPLE)?.lifetimeSeconds === 20_000_000, 'the edited profile');
    assert.equal(await signedLifetime(s, APPLE), 15_777_000);
  });
});
