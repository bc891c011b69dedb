import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from '../../src/vscode/commandIds';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const contributed: Array<{ command: string; title: string; category?: string }> = manifest.contributes.commands;

test('every contributed command is in the Command list, and every Command is contributed', () => {
  const ids = Object.values(Command).filter((v) => typeof v === 'string').sort();
  assert.deepEqual(contributed.map((c) => c.command).sort(), ids);
});

test('every command has the "OAuth JWT" category and a title', () => {
  for (const c of contributed) {
    assert.equal(c.category, 'OAuth JWT', c.command);
    assert.ok(c.title.length > 3, c.command);
  }
});

test('commands that need a profile are hidden until one exists; internal ones always', () => {
  const palette: Array<{ command: string; when: string }> = manifest.contributes.menus.commandPalette;
  const when = new Map(palette.map((p) => [p.command, p.when]));
  for (const id of [Command.GetAccessToken, Command.CopyAccessToken, Command.CopyAsCurl, Command.SendTestRequest, Command.SetClientSecret]) {
    assert.equal(when.get(id), 'oauthJwt.hasProfiles', id);
  }
  assert.equal(when.get(Command.StatusBarClick), 'false');
  const editorMenu: Array<{ command: string; when: string }> = manifest.contributes.menus['editor/context'];
  assert.ok(editorMenu.some((m) => m.command === Command.DecodeJwt && m.when === 'editorHasSelection'));
});

test('activation is lazy and Restricted Mode is declared with the endpoint settings restricted', () => {
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), ['oauthJwt.activeProfile', 'oauthJwt.profiles']);
});

test('every setting and every profile field has a description', () => {
  const properties: Record<string, { description?: string; markdownDescription?: string; items?: { properties: Record<string, { description?: string }> } }> =
    manifest.contributes.configuration.properties;
  for (const [name, schema] of Object.entries(properties)) assert.ok(schema.description || schema.markdownDescription, name);
  const fields = properties['oauthJwt.profiles']!.items!.properties;
  for (const field of ['name', 'flow', 'tokenUrl', 'method', 'clientId', 'issuer', 'subject', 'audience', 'algorithm', 'keyId', 'header', 'claims', 'params', 'scope', 'lifetimeSeconds', 'apiUrl']) {
    assert.ok(fields[field]?.description, `profile field ${field}`);
  }
});

test('the authentication provider is contributed with the id other extensions ask for', () => {
  assert.deepEqual(manifest.contributes.authentication, [{ id: 'oauth-jwt', label: 'OAuth JWT Bearer' }]);
  assert.ok(manifest.activationEvents.includes('onAuthenticationRequest:oauth-jwt'));
});

test('extra CA certificates can only be set per machine, never by a workspace', () => {
  const setting = manifest.contributes.configuration.properties['oauthJwt.extraCaCertificatesFile'];
  assert.equal(setting.scope, 'machine');
});
