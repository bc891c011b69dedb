import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The shape of the shipped bundles (not their size or speed: bench/bundle.ts reports those).
 * Activation loads dist/extension.js only; everything heavy is in dist/features.js, required on
 * first use; node-forge is nowhere; the webview's code is never in the extension's bundles.
 */
const root = join(__dirname, '..', '..', '..');

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}

let dir: string;
let meta: Metafile;
const output = (file: string) => {
  const entry = Object.entries(meta.outputs).find(([path]) => path.endsWith(`/${file}`));
  assert.ok(entry, `${file} was built`);
  return { ...entry[1], text: readFileSync(join(dir, file), 'utf8') };
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-bundle-'));
  const built = spawnSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${dir}`, '--metafile'], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('dist/extension.js holds no node-forge, jose, webview or heavy core code', () => {
  const extension = output('extension.js');
  const inputs = Object.keys(extension.inputs);
  const heavy = inputs.filter((path) =>
    /node_modules\/(node-forge|jose)\//.test(path) ||
    path.startsWith('media/') ||
    /^src\/core\/(flows|jwt|jwtVerify|jwtDecode|http|x509|der|checks|presets|tokenResponse)\.ts$/.test(path) ||
    /^src\/vscode\/(claimEditorPanel|claimEditor\/|commands\/(?!index\.ts))/.test(path));
  assert.deepEqual(heavy, []);
  assert.doesNotMatch(extension.text, /forge\.pki|node-forge/);
});

test('dist/extension.js requires ./features.js, and only through a require() call (lazy.ts), never at load', () => {
  const extension = output('extension.js');
  const features = extension.imports.filter((i) => i.path.includes('features'));
  assert.deepEqual(features, [{ path: './features.js', kind: 'require-call', external: true }]);
  assert.equal(extension.text.split('require("./features.js")').length - 1, 1);
  assert.ok(Object.keys(output('features.js').inputs).includes('src/vscode/features.ts'));
});

test('no bundle loads node-forge or a dist/forge.js any more', () => {
  for (const [path, out] of Object.entries(meta.outputs)) {
    assert.ok(!Object.keys(out.inputs).some((input) => input.includes('node_modules/node-forge/')), `${path} bundles node-forge`);
    assert.ok(!out.imports.some((i) => /forge/.test(i.path)), `${path} imports forge`);
  }
});

test('the claim editor view type the activation code restores is the panel\'s own', () => {
  const literal = (file: string) => /CLAIM_EDITOR_VIEW_TYPE = '([^']+)'/.exec(readFileSync(join(root, 'src', 'vscode', file), 'utf8'))?.[1];
  assert.ok(literal('claimEditorPanel.ts'));
  assert.equal(literal('claimEditorRestore.ts'), literal('claimEditorPanel.ts'));
});

test('an error made by one bundle\'s copy of errors.ts is an instance for the other\'s', () => {
  const path = require.resolve('../../src/core/errors');
  const first = require(path) as typeof import('../../src/core/errors');
  delete require.cache[path];
  const second = require(path) as typeof import('../../src/core/errors');
  delete require.cache[path];
  require(path); // leave a copy loaded for the other tests
  assert.notEqual(first.OAuthJwtError, second.OAuthJwtError, 'two copies, as in two bundles');
  const plain = new first.OAuthJwtError('NETWORK', 'x');
  const response = new first.OAuthErrorResponse(400, 'invalid_client', undefined, 'hint');
  assert.ok(plain instanceof second.OAuthJwtError);
  assert.ok(response instanceof second.OAuthJwtError);
  assert.ok(response instanceof second.OAuthErrorResponse);
  assert.ok(!(plain instanceof second.OAuthErrorResponse));
  assert.ok(second.isOAuthJwtError(response));
  assert.equal(second.asOAuthJwtError(plain, 'NETWORK', 'other'), plain);
  assert.ok(!(new Error('x') instanceof second.OAuthJwtError));
  assert.ok(!({ code: 'NETWORK' } instanceof second.OAuthJwtError));
  assert.equal(JSON.stringify(Object.keys(plain)), JSON.stringify(Object.keys(new second.OAuthJwtError('NETWORK', 'x'))), 'the mark is not enumerable');
});
