import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no module under src/core imports vscode', () => {
  const offenders = sources(join(root, 'src', 'core')).filter((file) =>
    /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(readFileSync(file, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});

test('only src/vscode and src/extension.ts import vscode', () => {
  const offenders = sources(join(root, 'src'))
    .filter((file) => !file.includes(join('src', 'vscode')) && !file.endsWith(join('src', 'extension.ts')))
    .filter((file) => /from\s+['"]vscode['"]/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('no product code imports node-forge: certificates are written as DER by src/core/der.ts', () => {
  const importers = sources(join(root, 'src'))
    .filter((file) => /['"]node-forge['"]/.test(readFileSync(file, 'utf8')))
    .map((file) => file.slice(root.length + 1));
  assert.deepEqual(importers, []);
});

test('only activation, the command dispatch and the claim editor\'s serializer hold the engine loader; nothing else loads the engine', () => {
  const allowed = ['src/extension.ts', 'src/vscode/commands/index.ts', 'src/vscode/claimEditorRestore.ts'];
  const relative = (file: string) => file.slice(root.length + 1).split('\\').join('/');
  const loaderUsers = sources(join(root, 'src'))
    .filter((file) => /from\s+['"][./]*(vscode\/)?engineLoader['"]|require\(\s*['"][./]*(vscode\/)?engineLoader['"]\s*\)/.test(readFileSync(file, 'utf8')))
    .map(relative)
    .filter((file) => !allowed.includes(file));
  assert.deepEqual(loaderUsers, [], 'an adapter imports the engine loader: take the engine as a LoadEngine in its constructor instead');
  // The engine itself is only ever required by the loader; everyone else imports its types.
  const engineImporters = sources(join(root, 'src'))
    .filter((file) => /^import\s+(?!type\b)[^;]*from\s+['"][./]*(vscode\/)?engine['"]|require\(\s*['"][./]*(vscode\/)?engine['"]\s*\)/m.test(readFileSync(file, 'utf8')))
    .map(relative);
  assert.deepEqual(engineImporters, ['src/vscode/engineLoader.ts']);
});
