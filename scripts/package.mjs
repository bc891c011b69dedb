// npm run package [-- --out FILE]: builds the .vsix with @vscode/vsce, aside from the working tree.
//   - a staging folder gets the production bundle (esbuild.mjs --production --outdir=…: minified,
//     no source maps) and the manifest, README, CHANGELOG, LICENSE and media; dist/ is left alone,
//     so npm start and tests running meanwhile keep their development bundle;
//   - --no-dependencies: the bundle is self-contained, node_modules stays out;
//   - .vscodeignore is an allow-list (test/unit/package.test.ts checks the exact file list);
//   - there is no public repository yet (no `repository` in package.json), so relative README
//     links are left as they are instead of being rewritten to a repository URL.
// Default output: oauth-jwt-bearer-<version>.vsix in the repository root.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);

const stage = mkdtempSync(join(tmpdir(), 'oauth-jwt-vsix-'));
try {
  const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production', `--outdir=${join(stage, 'dist')}`], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  for (const name of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media']) cpSync(join(root, name), join(stage, name), { recursive: true });
  // The manifest's strings (package.nls*.json) and the runtime strings (l10n/), every language.
  for (const name of readdirSync(root).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f))) cpSync(join(root, name), join(stage, name));
  if (existsSync(join(root, 'l10n'))) cpSync(join(root, 'l10n'), join(stage, 'l10n'), { recursive: true });
  // The build already ran; the package's own scripts are of no use inside the .vsix.
  const { scripts: _scripts, devDependencies: _dev, ...packaged } = manifest;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(packaged, null, 2)}\n`);
  const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], { cwd: stage, stdio: 'inherit' });
  process.exitCode = packed.status ?? 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
