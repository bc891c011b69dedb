/**
 * Benchmark (not a test): what requiring the activation bundle costs, outside VS Code — compiling
 * dist/extension.js and running its top level, in a fresh Node process each time, with a stand-in
 * for the `vscode` module (an empty object: the top level only copies its members). The CPU time of
 * the require is the steady figure on a loaded machine. Builds the production bundle aside; with
 * BENCH_ACTIVATION_BEFORE=path/to/extension.js (e.g. an older commit's production build) both
 * alternate in the same run and the ratio is printed. BENCH_RUNS sets N (default 20). The real
 * host's activation figures are bench/host.ts's.
 *
 *   node out/bench/activationRequire.js
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs in the child: require(argv[1]) with `vscode` stood in for, then prints the CPU and wall time of the require. */
const CHILD = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? {} : load.call(this, request, ...rest); };
const cpu = process.cpuUsage();
const start = performance.now();
require(process.argv[1]);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start }));
`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function run(log: (line: string) => void = console.log): Record<string, { bytes: number; cpuMs: number; wallMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-activation-bench-'));
  try {
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${dir}`], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the production build failed: ${built.stderr}`);
    const bundles: Record<string, string> = { now: join(dir, 'extension.js') };
    if (process.env.BENCH_ACTIVATION_BEFORE) bundles.before = process.env.BENCH_ACTIVATION_BEFORE;
    const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 20);
    const samples = Object.fromEntries(Object.keys(bundles).map((name) => [name, { cpu: [] as number[], wall: [] as number[] }]));
    for (let i = 0; i < runs; i++) {
      for (const [name, file] of Object.entries(bundles)) {
        const child = spawnSync(process.execPath, ['-e', CHILD, file], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`requiring ${file} failed: ${child.stderr}`);
        const { cpuMs, wallMs } = JSON.parse(child.stdout) as { cpuMs: number; wallMs: number };
        samples[name]!.cpu.push(cpuMs);
        samples[name]!.wall.push(wallMs);
      }
    }
    const figures = Object.fromEntries(Object.entries(bundles).map(([name, file]) =>
      [name, { bytes: statSync(file).size, cpuMs: median(samples[name]!.cpu), wallMs: median(samples[name]!.wall) }]));
    log(`require of the activation bundle (stand-in vscode), ${runs} alternating fresh processes; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const [name, f] of Object.entries(figures)) log(`  ${name.padEnd(6)} ${(f.bytes / 1024).toFixed(1)} KB: CPU median ${f.cpuMs.toFixed(2)} ms, wall median ${f.wallMs.toFixed(2)} ms`);
    if (figures.before) log(`  now / before: CPU ${(figures.now!.cpuMs / figures.before.cpuMs).toFixed(2)}, wall ${(figures.now!.wallMs / figures.before.wallMs).toFixed(2)}`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    run();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
