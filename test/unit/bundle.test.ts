import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The shape of the shipped bundles (not their size or speed: bench/bundle.ts reports those).
 * Activation loads dist/extension.js (and the error classes, dist/errors.js); everything heavy is in
 * dist/engine.js, required on first use; node-forge is nowhere; the webview's code is never in the
 * extension's bundles.
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

test('the credential-file readers (PKCS#12, RC2, service-account and Box files) are in the engine only, not in the activation bundle', () => {
  const readers = ['src/core/credentialFile.ts', 'src/core/pkcs12.ts', 'src/core/pkcs12Crypto.ts', 'src/core/rc2.ts', 'src/core/derReader.ts'];
  const extension = Object.keys(output('extension.js').inputs);
  const engine = Object.keys(output('engine.js').inputs);
  assert.deepEqual(readers.filter((path) => extension.includes(path)), []);
  assert.deepEqual(readers.filter((path) => !engine.includes(path)), []);
  // No PKCS#12 library at all: the reader is our own (README, Design).
  assert.deepEqual([...extension, ...engine].filter((path) => /node_modules\/(node-forge|pkijs|asn1js|pvtsutils)\//.test(path)), []);
});

test('dist/extension.js requires ./engine.js, and only through a require() call (engineLoader.ts), never at load', () => {
  const extension = output('extension.js');
  const engine = extension.imports.filter((i) => i.path.includes('engine'));
  assert.deepEqual(engine, [{ path: './engine.js', kind: 'require-call', external: true }]);
  assert.equal(extension.text.split('require("./engine.js")').length - 1, 1);
  assert.ok(Object.keys(output('engine.js').inputs).includes('src/vscode/engine.ts'));
});

test('dist/extension.js requires ./terminal.js (the terminals\' token access) only through terminalSwitch.ts\'s require() call, and compiles none of it', () => {
  const extension = output('extension.js');
  assert.deepEqual(extension.imports.filter((i) => i.path.includes('terminal')), [{ path: './terminal.js', kind: 'require-call', external: true }]);
  assert.equal(extension.text.split('require("./terminal.js")').length - 1, 1);
  const terminalOnly = ['src/vscode/terminal/terminalAccess.ts', 'src/vscode/terminal/ipcServer.ts', 'src/vscode/terminal/cliShim.ts', 'src/shared/terminalProtocol.ts'];
  assert.deepEqual(terminalOnly.filter((path) => Object.keys(extension.inputs).includes(path)), []);
  const terminal = Object.keys(output('terminal.js').inputs);
  assert.deepEqual(terminalOnly.filter((path) => !terminal.includes(path)), []);
  // Stateless helpers only in common with activation (a class with state lives on one side).
  assert.deepEqual(terminal.filter((path) => Object.keys(extension.inputs).includes(path)).sort(), ['src/core/plainObject.ts', 'src/vscode/terminal/terminalSetting.ts', 'src/vscode/tokenProgress.ts', 'vscode-once:vscode']);
  assert.ok(output('terminal.js').imports.some((i) => i.path === './errors.js' && i.kind === 'require-call' && i.external), 'terminal.js requires ./errors.js');
});

/**
 * What both bundles compile in: constants, pure functions and stateless helpers, each named here.
 * A module with state or identity (a class, a cache, an event emitter) must live on one side of the
 * lazy seam only and be handed across, or, like the error classes, be a bundle of its own.
 */
const SHARED_BY_BOTH_BUNDLES = [
  'vscode-once:vscode', // the `vscode` API, copied once per bundle (esbuild.mjs)
  'src/core/certificateExpiry.ts', // the status bar's warning and the details view's validity line
  'src/core/clock.ts',
  'src/core/duration.ts',
  'src/core/flowIds.ts',
  'src/core/jsonObject.ts',
  'src/core/jsonc.ts',
  'src/core/plainObject.ts',
  'src/core/profile.ts', // with jsonc-parser: the settings both sides read
  'src/core/redact.ts',
  'src/core/thumbprints.ts', // the profile's thumbprint values (a constant list)
  'src/shared/l10n.ts', // English formatting for shared text (certificateExpiry.ts) when no vscode.l10n is passed
  'src/shared/sandboxProvision.ts',
  'src/vscode/commandIds.ts',
  'src/vscode/keySlots.ts',
  'src/vscode/notificationText.ts',
  'src/vscode/tokenProgress.ts',
];

/** Module variables of shared modules that only memoise a pure function's last result. */
const PURE_MEMOS: Record<string, string[]> = {
  'src/core/redact.ts': ['lastMatcher'], // the compiled patterns for the last set of known secrets
};

test('dist/extension.js and dist/engine.js share only the named stateless modules', () => {
  const engine = new Set(Object.keys(output('engine.js').inputs));
  const shared = Object.keys(output('extension.js').inputs).filter((path) => engine.has(path) && !path.startsWith('node_modules/jsonc-parser/'));
  assert.deepEqual(shared.sort(), [...SHARED_BY_BOTH_BUNDLES].sort());
  for (const path of SHARED_BY_BOTH_BUNDLES.filter((p) => p.startsWith('src/'))) {
    let text = readFileSync(join(root, path), 'utf8');
    // A memo of a pure function may exist once per bundle: each copy only saves work.
    for (const name of PURE_MEMOS[path] ?? []) text = text.replace(new RegExp(`^let ${name}\\b`, 'm'), '');
    assert.doesNotMatch(text, /^\s*(export\s+)?(abstract\s+)?class\s|^(export\s+)?(let|var)\s/m, `${path} holds a class or mutable state`);
  }
});

test('the error classes exist once at run time: dist/errors.js, required by both bundles, compiled into neither', () => {
  for (const file of ['extension.js', 'engine.js', 'terminal.js']) {
    const bundle = output(file);
    assert.ok(!Object.keys(bundle.inputs).includes('src/core/errors.ts'), `${file} compiles errors.ts in`);
    assert.ok(bundle.imports.some((i) => i.path === './errors.js' && i.kind === 'require-call' && i.external), `${file} requires ./errors.js`);
  }
  // With the stateless formatting of marked messages (English, or translated by the l10n passed in).
  assert.deepEqual(Object.keys(output('errors.js').inputs).sort(), ['src/core/errors.ts', 'src/shared/l10n.ts']);
});

test('no bundle loads node-forge or a dist/forge.js any more', () => {
  for (const [path, out] of Object.entries(meta.outputs)) {
    assert.ok(!Object.keys(out.inputs).some((input) => input.includes('node_modules/node-forge/')), `${path} bundles node-forge`);
    assert.ok(!out.imports.some((i) => /forge/.test(i.path)), `${path} imports forge`);
  }
});

/**
 * The CLI loads only what its command uses: dist/cli.js is the dispatch, each command a bundle of
 * its own required when it runs (esbuild.mjs); decode has no jose and no HTTP stack, keygen no jose.
 */
test('dist/cli.js requires a command bundle only when that command runs; decode, keygen, sign and token hold no jose', () => {
  const cli = output('cli.js');
  const required = cli.imports.filter((i) => i.path.startsWith('./cli/')).map((i) => i.path);
  for (const name of ['decode', 'keygen', 'sign', 'token', 'verify']) assert.ok(required.includes(`./cli/${name}.js`), `${name} is a bundle of its own`);
  const jose = (file: string) => Object.keys(output(file).inputs).filter((path) => path.includes('node_modules/jose/'));
  const http = (file: string) => output(file).imports.filter((i) => /^node:(https?|net|tls)$/.test(i.path)).map((i) => i.path);
  // sign signs with node:crypto (core/jwt.ts): jose only verifies.
  for (const file of ['cli.js', 'cli/decode.js', 'cli/keygen.js', 'cli/sign.js', 'cli/token.js']) assert.deepEqual(jose(file), [], `${file} holds jose`);
  for (const file of ['cli.js', 'cli/decode.js', 'cli/sign.js', 'cli/keygen.js']) assert.deepEqual(http(file), [], `${file} loads the HTTP stack`);
  // UsageError and the error classes exist once per process, in files of their own.
  for (const file of ['cli.js', 'cli/decode.js', 'cli/sign.js', 'cli/keygen.js', 'cli/token.js', 'cli/verify.js']) {
    assert.ok(!Object.keys(output(file).inputs).some((p) => p === 'src/core/errors.ts' || p === 'src/cli/args.ts'), `${file} compiles errors.ts or args.ts in`);
  }
  // What a decode process actually loads, recorded by a preloaded hook.
  const hook = join(dir, 'loaded.js');
  writeFileSync(hook, "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));");
  const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
  const run = spawnSync(process.execPath, ['--require', hook, join(dir, 'cli.js'), 'decode', token], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const loaded = (JSON.parse(/LOADED (.*)/.exec(run.stderr)![1]!) as string[]).filter((f) => f !== hook).map((f) => f.slice(dir.length + 1)).sort();
  assert.deepEqual(loaded, ['cli.js', 'cli/args.js', 'cli/decode.js', 'errors.js']);
});
