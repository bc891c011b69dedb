// One build script, several entries:
//   default        dist/extension.js (cjs, vscode external), dist/cli.js,
//                  dist/webview/claimEditor.js + .css (browser IIFE for the claim editor webview),
//                  dist/sandbox.js (`npm start`; not part of the .vsix)
//   --production   minified, no source maps
//   --watch        rebuild on change
//   --tests        transpile src/, test/ and bench/ file by file into out/ for `node --test`
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  // jsonc-parser's UMD build requires its parts at run time; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

const bundles = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { OAUTH_JWT_VERSION: JSON.stringify(version) } },
  // `npm start`'s sandbox: a developer tool run from the clone, so its packages stay in node_modules.
  { ...common, entryPoints: ['src/sandbox/main.ts'], outfile: 'dist/sandbox.js', packages: 'external' },
  // The webview: a browser script; its CSS import becomes dist/webview/claimEditor.css.
  { ...common, entryPoints: ['media/claimEditor/main.ts'], outfile: 'dist/webview/claimEditor.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

function listTs(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...listTs(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

if (args.has('--tests')) {
  rmSync('out', { recursive: true, force: true });
  const entryPoints = ['src', 'test', 'bench', 'media'].flatMap((d) => { try { return listTs(d); } catch { return []; } });
  await esbuild.build({
    entryPoints,
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else if (watch) {
  for (const options of bundles) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
}
