/**
 * Benchmark (not a test): the figures that only the real extension host can give — activation, and
 * the event loop's longest block while the extension generates a key pair and certificate and
 * exchanges tokens. Runs the host suite "bench" (test/integration/bench/) through the code-server
 * driver, which records its figures to a JSON file; this prints them. Needs `node esbuild.mjs` and
 * `node esbuild.mjs --tests` first (npm run bench does both). BENCH_HOST_RUNS sets N (default 10).
 *
 *   node out/bench/host.js
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostBenchFigures } from '../test/integration/bench/hostBench.test';

export type { HostBenchFigures };

export async function run(log: (line: string) => void = console.log): Promise<HostBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-host-bench-'));
  const out = join(dir, 'figures.json');
  try {
    // The fresh activations load the production bundles, as shipped; the host itself runs dist/ as built.
    const production = join(dir, 'dist');
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${production}`], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the production build failed: ${built.stderr}`);
    const driver = join(__dirname, '..', 'test', 'host', 'run.js');
    const env = {
      ...process.env,
      OAUTH_JWT_TEST_BENCH_OUT: out,
      OAUTH_JWT_TEST_BENCH_DIST: production,
      OAUTH_JWT_TEST_BENCH_RUNS: process.env.BENCH_HOST_RUNS ?? '10',
    };
    let output = '';
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [driver, 'bench'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    let figures: HostBenchFigures;
    try {
      figures = JSON.parse(readFileSync(out, 'utf8')) as HostBenchFigures;
    } catch {
      throw new Error(`the host bench wrote no figures (driver exit ${String(code)}):\n${output}`);
    }
    if (code !== 0) figures.errors.push(`driver exited with ${String(code)}`);
    print(figures, log);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function print(f: HostBenchFigures, log: (line: string) => void = console.log): void {
  const ms = (n: number | undefined): string => (n === undefined ? 'n/a' : `${n.toFixed(1)} ms`);
  log(`inside the real extension host (code-server), load average ${f.loadAverage.map((l) => l.toFixed(2)).join(' → ')}`);
  log(`  idle noise floor: longest event-loop delay ${ms(f.idleMaxEventLoopDelayMs)}`);
  if (f.keygen) {
    log(`  RSA-2048 key pair + certificate (command): cold ${ms(f.keygen.coldMs)}, longest block ${ms(f.keygen.coldMaxEventLoopDelayMs)}`);
    log(`    warm median ${ms(f.keygen.warm.medianMs)}, longest block ${ms(f.keygen.warmMaxEventLoopDelayMs)} (median of each run's longest ${ms(f.keygen.typicalMaxEventLoopDelayMs)})`);
  }
  if (f.exchange) {
    log(`  token exchange (command, ${f.exchange.runs} runs): median ${ms(f.exchange.command.medianMs)}, longest block ${ms(f.exchange.maxEventLoopDelayMs)} (median of each run's longest ${ms(f.exchange.typicalMaxEventLoopDelayMs)})`);
    if (f.exchange.blocksMs) log(`    each run's longest block, ms: ${f.exchange.blocksMs.join(' ')}`);
    log(`    the 2 s after the first (warm-up) exchange: longest block ${ms(f.exchange.afterFirstExchangeMaxEventLoopDelayMs)} (idle noise floor ${ms(f.idleMaxEventLoopDelayMs)})`);
  }
  if (f.cachedCopy) {
    const c = f.cachedCopy;
    log(`  cached token copied (command): median ${ms(c.command.medianMs)}, of which VS Code's clipboard write (bare writeText, alternately) ${ms(c.clipboardWrite.medianMs)}: ours ${ms(c.command.medianMs - c.clipboardWrite.medianMs)}; lookup ${c.lookupMicroseconds.toFixed(3)} µs`);
  }
  if (f.latency) {
    const l = f.latency;
    log(`  status-bar click → token on the clipboard (${l.runs} runs, ${l.clickedInBrowser ? 'clicked in the browser' : 'command, no browser'}; medians):`);
    if (l.driverRoundTripMs !== undefined) log(`    (the test driver's bare round trip to the browser, no click: ${ms(l.driverRoundTripMs)}; a click also waits for Playwright's checks)`);
    for (const [what, x] of [['first click (no token in memory)', l.first], ['cached click', l.cached]] as const) {
      const parts = Object.entries(x.phases).filter(([phase]) => phase !== 'command').map(([phase, v]) => `${phase} ${ms(v)}`).join(', ');
      log(`    ${what}: ${ms(x.total)} = click → handler ${ms(x.dispatch)} + handler ${ms(x.command)} (of it covered by no timed part: ${ms(x.unattributed)})`);
      log(`      parts: ${parts}; secret reads end to end ${ms(x.secretsWall)}; signing ${ms(x.sign)}; the endpoint's own time ${ms(x.endpoint)}`);
    }
  }
  if (f.firstActivationMarks) {
    const m = f.firstActivationMarks;
    log(`  first activation by VS Code's marks: require of dist/extension.js ${ms(m.requireMs)} + activate() ${ms(m.activateMs)} = ${ms(m.requireMs + m.activateMs)}`);
  }
  log(`  first activation as VS Code recorded it: ${ms(f.vscodeActivationMs)}${f.vscodeActivationText ? ` ("${f.vscodeActivationText.slice(0, 120)}")` : ''}`);
  if (f.freshActivation) {
    const a = f.freshActivation;
    log(`  fresh activation (${a.runs} runs, ${f.freshActivationBundle ?? 'dist/'} bundles): require + activate() median ${ms(a.requireAndActivate.medianMs)} max ${ms(a.requireAndActivate.maxMs)}; activate() alone median ${ms(a.activateOnly.medianMs)}`);
    log(`    first of them: require ${ms(a.first.requireMs)}, activate() ${ms(a.first.activateMs)}`);
    log(`  idle preload of the engine after activation: longest block ${ms(f.preloadMaxEventLoopDelayMs)}`);
  }
  for (const error of f.errors) log(`  error: ${error}`);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
