import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_MODE_TEST, honoursPromptSkipping, promptSkipping } from '../../src/vscode/promptSkipping';

const root = join(__dirname, '..', '..', '..');

test('prompt-skipping command arguments are ignored outside test mode (Production 1, Development 2) and honoured in it (Test 3)', () => {
  assert.equal(EXTENSION_MODE_TEST, 3);
  for (const mode of [1, 2]) {
    assert.equal(honoursPromptSkipping(mode), false, `mode ${mode}`);
    assert.equal(promptSkipping({ extensionMode: mode }, true), undefined, `mode ${mode}: overwrite / confirmed ignored`);
    assert.equal(promptSkipping({ extensionMode: mode }, 'https://attacker.example/'), undefined, `mode ${mode}: URL ignored`);
  }
  assert.equal(promptSkipping({ extensionMode: 3 }, true), true);
  assert.equal(promptSkipping({ extensionMode: 3 }, 'https://api.example/'), 'https://api.example/');
});

test('every command argument that skips a prompt goes through the gate', () => {
  const read = (file: string) => readFileSync(join(root, 'src', 'vscode', 'commands', file), 'utf8');
  const gated: Array<[string, RegExp]> = [
    ['generateKeyPair.ts', /promptSkipping\(services\.context, args\.overwrite\)/],
    ['exportPublicJwk.ts', /promptSkipping\(services\.context, args\.overwrite\)/],
    ['forgetSecrets.ts', /promptSkipping\(services\.context, confirmed\)/],
    ['sendTestRequest.ts', /promptSkipping\(services\.context, urlArg\)/],
    ['setClientSecret.ts', /promptSkipping\(services\.context, secretArg\)/],
    ['importPrivateKey.ts', /promptSkipping\(services\.context, args\.applyProfile\)/],
  ];
  for (const [file, use] of gated) assert.match(read(file), use, file);
  for (const [file, raw] of [['generateKeyPair.ts', /args\.overwrite \?\?/], ['exportPublicJwk.ts', /args\.overwrite \?\?/], ['forgetSecrets.ts', /confirmed !== true/], ['sendTestRequest.ts', /typeof urlArg === 'string' \?/], ['setClientSecret.ts', /typeof secretArg === 'string' \?/]] as const) {
    assert.doesNotMatch(read(file), raw, `${file} reads the argument without the gate`);
  }
});
