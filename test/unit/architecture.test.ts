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
