/**
 * Benchmark (not a test): what activation loads and what the package weighs. Builds the production
 * bundles aside (esbuild.mjs --production --outdir=<temp> --metafile), then reports the size of
 * dist/extension.js (the activation bundle; budget 80 KB), its biggest inputs, the lazily loaded
 * bundles, and the .vsix: `npm run package`'s file when that script exists, else the files that
 * .vscodeignore keeps, each deflated as a .vsix (a zip) stores it.
 *
 *   node out/bench/bundle.js
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { deflateRawSync } from 'node:zlib';

export interface BundleBenchFigures {
  extensionBytes: number;
  /** The biggest inputs of dist/extension.js, bytes in the output. */
  extensionTopInputs: Array<{ input: string; bytes: number }>;
  /** Inputs that must never be in the activation bundle but are. */
  extensionForbidden: string[];
  lazy: Array<{ file: string; bytes: number }>;
  packageBytes: number;
  packageHow: string;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const root = join(__dirname, '..', '..');

/** Every file under `dir`, skipping the folders no package holds. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (['node_modules', '.git', 'out', '.test-tmp'].includes(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The files an allow-list .vscodeignore ("**", then "!pattern" exceptions with * and **) keeps; forward slashes. */
function keptFiles(candidates: string[]): string[] {
  const glob = (pattern: string) => new RegExp(`^${pattern.split('**').map((part) => part.split('*').map((t) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*')}$`);
  const keep = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('!')).map((l) => glob(l.slice(1)));
  return candidates.filter((path) => keep.some((re) => re.test(path)));
}

export async function run(log: (line: string) => void = console.log): Promise<BundleBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-bundle-bench-'));
  try {
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${dir}`, '--metafile'], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the production build failed: ${built.stderr}`);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile;
    const out = (file: string) => Object.entries(meta.outputs).find(([path]) => path.endsWith(`/${file}`))?.[1];
    const extension = out('extension.js');
    if (!extension) throw new Error('no extension.js was built');
    const inputs = Object.entries(extension.inputs).map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput })).sort((a, b) => b.bytes - a.bytes);
    const extensionForbidden = inputs.map((i) => i.input).filter((p) => /node_modules\/(node-forge|jose)\/|^media\//.test(p));
    const lazy = Object.entries(meta.outputs)
      .filter(([path]) => /\/(engine|webview\/claimEditor)\.js$/.test(path))
      .map(([path, o]) => ({ file: relative(dir, join(root, path)).split(sep).join('/'), bytes: o.bytes }));

    // The package: a real .vsix when packaging exists, else an estimate from .vscodeignore.
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    let packageBytes: number;
    let packageHow: string;
    const vsix = readdirSync(root).find((f) => f.endsWith('.vsix'));
    if (scripts.package && vsix) {
      packageBytes = statSync(join(root, vsix)).size;
      packageHow = `${vsix} as last built by npm run package`;
    } else {
      const built = files(dir).map((p) => `dist/${relative(dir, p).split(sep).join('/')}`);
      const repo = files(root).map((p) => relative(root, p).split(sep).join('/')).filter((p) => !p.startsWith('dist/'));
      const kept = keptFiles([...built, ...repo]);
      const bytesOf = (path: string) => readFileSync(path.startsWith('dist/') ? join(dir, path.slice(5)) : join(root, path));
      packageBytes = kept.reduce((sum, path) => sum + deflateRawSync(bytesOf(path)).length, 0);
      packageHow = `${scripts.package ? 'npm run package not yet run' : 'no npm run package yet'}: ${kept.length} files .vscodeignore keeps, deflated (${(kept.reduce((s, p) => s + bytesOf(p).length, 0) / 1024).toFixed(0)} KB uncompressed)`;
    }

    const figures: BundleBenchFigures = { extensionBytes: extension.bytes, extensionTopInputs: inputs.slice(0, 8), extensionForbidden, lazy, packageBytes, packageHow };
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    log(`activation bundle dist/extension.js (production, minified): ${kb(extension.bytes)} (budget 80 KB)`);
    for (const i of figures.extensionTopInputs) log(`  ${kb(i.bytes).padStart(8)}  ${i.input}`);
    log(`  node-forge, jose or webview code in it: ${extensionForbidden.length ? extensionForbidden.join(', ') : 'none'}`);
    for (const l of lazy) log(`lazily loaded: ${l.file} ${kb(l.bytes)}`);
    log(`package: ${kb(packageBytes)} (${packageHow})`);
    if (!existsSync(join(root, '.vscodeignore'))) log('  (no .vscodeignore)');
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
