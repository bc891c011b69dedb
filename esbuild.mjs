// One build script, several entries:
//   default        dist/extension.js (cjs, vscode external: what activation loads),
//                  dist/engine.js (the rest of the extension, loaded on first use), dist/terminal.js
//                  (the terminals' token access, loaded when wanted) and dist/errors.js
//                  (the error classes both of them require), dist/cli.js and dist/cli/*.js (the
//                  command line: dispatch, and one bundle per command; always minified),
//                  dist/webview/claimEditor.js + .css (browser IIFE for the claim editor webview),
//                  dist/sandbox.js (`npm start`; not part of the .vsix)
//   --production   minified, no source maps
//   --outdir=DIR   write the bundles to DIR instead of dist/ (the bundle benchmark builds aside)
//   --metafile     also write DIR/meta.json: every bundle's inputs and sizes (esbuild's metafile)
//   --watch        rebuild on change
//   --tests        transpile src/, test/ and bench/ file by file into out/ for `node --test`
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const outdir = [...args].find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const metafile = args.has('--metafile');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * The extension's lazily loaded bundles, each required by one loader module only: the engine
 * (src/vscode/engine.ts: command handlers, claim editor, and the core they run on) as dist/engine.js,
 * which src/vscode/engineLoader.ts requires on first use, and the integrated terminals' access to
 * tokens as dist/terminal.js, which src/vscode/terminal/terminalSwitch.ts requires when it is
 * wanted: activation loads dist/extension.js only.
 */
const LAZY = [
  { loader: join('src', 'vscode', 'engineLoader.ts'), request: './engine', file: './engine.js', entry: 'src/vscode/engine.ts', outfile: 'dist/engine.js' },
  { loader: join('src', 'vscode', 'terminal', 'terminalSwitch.ts'), request: './terminalAccess', file: './terminal.js', entry: 'src/vscode/terminal/terminalAccess.ts', outfile: 'dist/terminal.js' },
];
const lazyBundles = {
  name: 'lazy-bundles-as-separate-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/(engine|terminalAccess)$/ }, ({ importer, path, kind }) => {
      const lazy = LAZY.find((l) => importer.endsWith(l.loader) && l.request === path);
      return lazy && kind === 'require-call' ? { path: lazy.file, external: true } : undefined;
    });
  },
};

/**
 * Modules that must exist once at run time, not once per bundle: the error classes, which both
 * sides throw and catch with `instanceof`. Each is a bundle of its own that dist/extension.js and
 * dist/engine.js require (Node loads it once for both).
 */
const ONCE = { 'src/core/errors.ts': './errors.js' };
const onceOnly = {
  name: 'once-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*errors$/ }, ({ path, resolveDir }) => {
      const source = relative(process.cwd(), resolve(resolveDir, `${path}.ts`)).split(sep).join('/');
      return ONCE[source] ? { path: ONCE[source], external: true } : undefined;
    });
  },
};

/**
 * Every `import * as vscode from 'vscode'` becomes esbuild's __toESM(require('vscode')), which copies
 * each of the API's few hundred members into a new object — once per importing module (a dozen at
 * activation, 3–4 ms in the extension host). Routing them all through one module that re-exports
 * the API makes that copy once per bundle.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, ({ namespace }) =>
      namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * The CLI: dist/cli.js is the dispatch (src/cli.ts, src/cli/main.ts); every module main.ts loads
 * with `require('./name')` is a bundle of its own, dist/cli/<name>.js, required when that command
 * runs, so a process compiles only what its command uses. Modules whose identity matters across
 * those bundles are bundles of their own too: the CLI's UsageError (dist/cli/args.js) and the error
 * classes (dist/errors.js, the extension's). Node cannot load esbuild's split chunks from CommonJS,
 * and ES modules cost each run more start-up than they save (README, Design).
 */
const cliCommands = [...readFileSync('src/cli/main.ts', 'utf8').matchAll(/require\('\.\/(\w+)'\)/g)].map((m) => m[1]);
const CLI_OWN_FILES = {
  'src/core/errors.ts': 'dist/errors.js',
  'src/cli/args.ts': 'dist/cli/args.js',
  ...Object.fromEntries(cliCommands.map((name) => [`src/cli/${name}.ts`, `dist/cli/${name}.js`])),
};
const cliSeparateFiles = (outfile) => ({
  name: 'cli-separate-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind }) => {
      if (kind === 'entry-point') return undefined;
      const source = relative(process.cwd(), resolve(resolveDir, `${path}.ts`)).split(sep).join('/');
      const target = CLI_OWN_FILES[source];
      if (!target || target === outfile) return undefined;
      const from = relative(dirname(outfile), target).split(sep).join('/');
      return { path: from.startsWith('.') ? from : `./${from}`, external: true };
    });
  },
});

/**
 * jsonc-parser declares no "sideEffects" in its package.json, so esbuild keeps its modules' top-level
 * code in a bundle that imports it without using it (dist/extension.js: profile.ts imports the JSONC
 * reader that only the CLI's settings files need). It has none: unused, it is dropped.
 */
const jsoncWithoutSideEffects = {
  name: 'jsonc-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.jsonc || !(args.path === 'jsonc-parser' || args.importer.includes(`${sep}node_modules${sep}jsonc-parser${sep}`))) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { jsonc: true } });
      return resolved.errors.length ? undefined : { ...resolved, sideEffects: false };
    });
  },
};

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
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [vscodeOnce, lazyBundles, onceOnly, jsoncWithoutSideEffects] },
  ...LAZY.map(({ entry, outfile }) => ({ ...common, entryPoints: [entry], outfile, external: ['vscode'], plugins: [vscodeOnce, lazyBundles, onceOnly, jsoncWithoutSideEffects] })),
  { ...common, entryPoints: ['src/core/errors.ts'], outfile: 'dist/errors.js' },
  // The CLI is minified in every build (start-up is most of a CLI run); its source maps stay.
  ...Object.entries(CLI_OWN_FILES).filter(([, out]) => out.startsWith('dist/cli')).map(([source, outfile]) =>
    ({ ...common, minify: true, sourcemap: production ? false : 'linked', entryPoints: [source], outfile, plugins: [cliSeparateFiles(outfile), jsoncWithoutSideEffects] })),
  { ...common, minify: true, sourcemap: production ? false : 'linked', entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { OAUTH_JWT_VERSION: JSON.stringify(version) }, plugins: [cliSeparateFiles('dist/cli.js')] },
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
  const built = await Promise.all(bundles.map((options) =>
    esbuild.build({ ...options, outfile: options.outfile.replace(/^dist\//, `${outdir}/`), metafile })));
  if (metafile) {
    const merged = { inputs: {}, outputs: {} };
    for (const { metafile: m } of built) {
      Object.assign(merged.inputs, m.inputs);
      Object.assign(merged.outputs, m.outputs);
    }
    writeFileSync(join(outdir, 'meta.json'), JSON.stringify(merged));
  }
}
