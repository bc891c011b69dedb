import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureToolchain } from '../host/toolchain';
import { readZip, type ZipEntry } from '../support/zip';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** Exactly what the .vsix may hold (vsce adds the two manifest files and renames a few). */
const ALLOWED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  // package.json's user-facing strings are %key% placeholders: English, German.
  'extension/package.nls.json',
  'extension/package.nls.de.json',
  // The runtime strings (vscode.l10n.t) and their translations.
  ...readdirSync(join(root, 'l10n')).map((f) => `extension/l10n/${f}`),
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/engine.js',
  // The integrated terminals' access to tokens, required when it is wanted (terminalSwitch.ts).
  'extension/dist/terminal.js',
  'extension/dist/errors.js',
  // The CLI, run on VS Code's own runtime by the `oauth-jwt` that integrated terminals get on PATH
  // (src/vscode/terminal/cliShim.ts writes that shim at run time, so no shim file is packaged).
  'extension/dist/cli.js',
  // Its commands and its UsageError, each a bundle of its own that dist/cli.js requires when it runs.
  ...readdirSync(join(root, 'dist', 'cli')).filter((f) => f.endsWith('.js')).map((f) => `extension/dist/cli/${f}`),
  'extension/dist/webview/claimEditor.js',
  'extension/dist/webview/claimEditor.css',
  'extension/media/icon.png',
  ...manifest.contributes.walkthroughs.flatMap((w: { steps: Array<{ media: { markdown: string } }> }) => w.steps.map((s) => `extension/${s.media.markdown}`)),
].sort();
/** Generous: the bundle is about 85 KB compressed today; a jump means something got in by mistake. */
const MAX_VSIX_BYTES = 400 * 1024;

let dir: string;
let vsix: string;
let entries: ZipEntry[];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-package-'));
  vsix = join(dir, 'oauth-jwt-bearer.vsix');
  // The real `npm run package`: production build through vscode:prepublish, vsce, then the development build again.
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
  entries = readZip(readFileSync(vsix));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the .vsix holds exactly the bundle, media, README, CHANGELOG, LICENSE and icon', () => {
  assert.deepEqual(entries.map((e) => e.name).sort(), ALLOWED);
});

test('nothing from src/, test/, node_modules/ or out/, no source maps, no TypeScript', () => {
  for (const { name } of entries) {
    assert.doesNotMatch(name, /^extension\/(src|test|node_modules|out|bench|scripts|docs|\.sandbox)\//, name);
    assert.doesNotMatch(name, /\.(map|ts)$/, name);
  }
  for (const name of ['extension/dist/extension.js', 'extension/dist/engine.js', 'extension/dist/terminal.js', 'extension/dist/errors.js', 'extension/dist/cli.js', 'extension/dist/cli/token.js', 'extension/dist/webview/claimEditor.js']) {
    assert.doesNotMatch(entries.find((e) => e.name === name)!.read().toString('utf8'), /sourceMappingURL/, `${name} is a production bundle`);
  }
});

test('no key, certificate or secret inside', () => {
  for (const entry of entries) {
    const text = entry.read().toString('latin1');
    assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{64,}/, `${entry.name} holds a private key`);
    assert.doesNotMatch(text, /-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]{64,}/, `${entry.name} holds a certificate`);
    assert.doesNotMatch(text, /"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/, `${entry.name} holds a private JWK`);
  }
});

test(`the .vsix is small (under ${MAX_VSIX_BYTES / 1024} KB)`, () => {
  const size = statSync(vsix).size;
  assert.ok(size < MAX_VSIX_BYTES, `${size} bytes`);
});

test('the manifest is complete for the Marketplace and its walkthrough points at real commands and files', () => {
  const packaged = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8'));
  for (const field of ['publisher', 'displayName', 'description', 'license', 'icon', 'galleryBanner', 'categories', 'keywords']) assert.ok(packaged[field], field);
  assert.equal(packaged.license, 'MIT');
  const icon = entries.find((e) => e.name === `extension/${packaged.icon}`)!.read();
  assert.equal(icon.readUInt32BE(16), 128, 'icon width');
  assert.equal(icon.readUInt32BE(20), 128, 'icon height');
  const commands = new Set(packaged.contributes.commands.map((c: { command: string }) => c.command));
  // The manifest's strings are placeholders that VS Code fills from package.nls.json (English).
  const strings: Record<string, string> = JSON.parse(entries.find((e) => e.name === 'extension/package.nls.json')!.read().toString('utf8'));
  const nls = (text: string): string => text.replace(/^%(.+)%$/, (_, key: string) => strings[key] ?? assert.fail(`no string for %${key}%`));
  assert.ok(nls(packaged.description).length > 20, 'description');
  let links = 0;
  for (const walkthrough of packaged.contributes.walkthroughs) {
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) assert.ok(commands.has(event.replace(/^onCommand:/, '')), `${step.id}: ${event}`);
      const description = nls(step.description as string);
      for (const [, command] of description.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(commands.has(command), `${step.id}: ${command}`);
        links++;
      }
    }
  }
  assert.ok(links > 0, 'the walkthrough links to its commands');
});

test('code-server installs it and lists it', () => {
  // The host suites' toolchain (installed here first when the cache is empty: never a skip).
  const toolchain = ensureToolchain(root);
  const install = { node: toolchain.node, entry: toolchain.codeServerEntry };
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), EXTENSIONS_GALLERY: '{}' };
  const common = ['--extensions-dir', join(dir, 'extensions'), '--user-data-dir', join(dir, 'user-data')];
  const installed = spawnSync(install.node, [install.entry, ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(installed.status, 0, installed.stderr);
  const listed = spawnSync(install.node, [install.entry, ...common, '--list-extensions', '--show-versions'], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(listed.stdout.split('\n').includes(`${EXTENSION_ID}@${manifest.version}`), listed.stdout);
  assert.ok(existsSync(join(dir, 'extensions', `${EXTENSION_ID}-${manifest.version}`, 'dist', 'extension.js')));
});
