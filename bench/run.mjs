// Runs every benchmark in out/bench/*.js, each in a fresh Node process (so that first loads are
// cold in each), passes its own output through, and ends with one table: each figure, its target,
// and whether this run met it. Benchmarks, not tests: the exit code says only whether they ran.
//
//   npm run bench                        (builds out/ first)
//   node bench/run.mjs [name …]          (e.g. keygen exchange; default: all)
//
// BENCH_RUNS (default 20) and BENCH_HOST_RUNS (default 10) set the number of runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';

const outDir = resolve('out', 'bench');
const wanted = process.argv.slice(2);
const names = readdirSync(outDir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

// The child: loads the bench; one that exports run() is called and its figures written as JSON;
// one without (it runs when loaded) is left to print.
const CHILD = `
const { writeFileSync } = require('node:fs');
const bench = require(process.argv[1]);
if (typeof bench.run === 'function') {
  Promise.resolve(bench.run()).then(
    (figures) => writeFileSync(process.argv[2], JSON.stringify(figures ?? null)),
    (error) => { console.error(error && error.stack || error); process.exitCode = 1; },
  );
}`;

function runBench(name, figuresFile) {
  return new Promise((done) => {
    let stdout = '';
    const child = spawn(process.execPath, ['-e', CHILD, join(outDir, `${name}.js`), figuresFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      let figures;
      try {
        figures = JSON.parse(readFileSync(figuresFile, 'utf8'));
      } catch {
        figures = undefined;
      }
      done({ code, stdout, figures });
    });
  });
}

const ms = (n) => (typeof n === 'number' ? `${n < 1 ? n.toFixed(3) : n.toFixed(1)} ms` : 'n/a');
const ratio = (n) => (typeof n === 'number' ? n.toFixed(2) : 'n/a');
const atMost = (limit) => (n) => (typeof n === 'number' ? n <= limit : undefined);

/** Per benchmark: the rows of the summary, from its figures (or, for one that prints only, its output). */
const ROWS = {
  keygen: (f) => [
    ['RSA-2048 key + certificate, ours / openssl req -x509 (medians)', ratio(f.ratio), '≤ 1.0', atMost(1)(f.ratio), `${ms(f.ours.medianMs)} vs ${ms(f.openssl?.medianMs)}`],
    ['  without the prime search: certificate for an existing key, ours / openssl', ratio(f.fixedCost?.ratio), 'report', undefined, `${ms(f.fixedCost?.ours.medianMs)} vs ${ms(f.fixedCost?.openssl.medianMs)}`],
    ['  event loop, longest block (warm runs)', ms(f.maxEventLoopDelayMs), '≤ 20 ms', atMost(20)(f.maxEventLoopDelayMs), `median of each run's longest ${ms(f.typicalMaxEventLoopDelayMs)}, idle noise ${ms(f.idleMaxEventLoopDelayMs)}; certificate + checks ${ms(f.certificate?.medianMs)}`],
    ['  event loop, longest block (cold first run)', ms(f.coldMaxEventLoopDelayMs), '≤ 20 ms', atMost(20)(f.coldMaxEventLoopDelayMs), `cold run ${ms(f.coldRunMs)}`],
  ],
  exchange: (f) => [
    ['token exchange, ours / curl with a pre-signed assertion (medians)', ratio(f.ratio), '≤ 1.1', atMost(1.1)(f.ratio), `${ms(f.ours.medianMs)} vs ${ms(f.curl.medianMs)}`],
    ['  event loop, longest block during exchanges', ms(f.maxEventLoopDelayMs), '≤ 20 ms', atMost(20)(f.maxEventLoopDelayMs), `median of each run's longest ${ms(f.typicalMaxEventLoopDelayMs)}, signing alone ${ms(f.signMaxEventLoopDelayMs)}, idle ${ms(f.idleMaxEventLoopDelayMs)}`],
    ['cached token lookup (TokenCache.peek)', ms(f.peekMicroseconds / 1000), '≤ 1 ms', atMost(1000)(f.peekMicroseconds), ''],
    [`${f.concurrentCalls} concurrent get() → exchanges`, String(f.concurrentExchanges), '= 1', f.concurrentExchanges === 1, ''],
  ],
  boundTokens: (f) => [
    ['DPoP token exchange, ours / curl with a pre-made assertion and proof (medians)', ratio(f.dpop.ratio), '≤ 1.1', atMost(1.1)(f.dpop.ratio), `${ms(f.dpop.ours.medianMs)} vs ${ms(f.dpop.curl.medianMs)}`],
    ['  event loop, longest block during DPoP exchanges', ms(f.dpop.maxEventLoopDelayMs), '≤ 20 ms', atMost(20)(f.dpop.maxEventLoopDelayMs), `median of each run's longest ${ms(f.dpop.typicalMaxEventLoopDelayMs)}, idle ${ms(f.idleMaxEventLoopDelayMs)}`],
    ['mTLS token exchange, ours / curl --cert --key (medians)', ratio(f.mtls.ratio), '≤ 1.1', atMost(1.1)(f.mtls.ratio), `${ms(f.mtls.ours.medianMs)} vs ${ms(f.mtls.curl.medianMs)}`],
    ['  event loop, longest block during mTLS exchanges', ms(f.mtls.maxEventLoopDelayMs), '≤ 20 ms', atMost(20)(f.mtls.maxEventLoopDelayMs), `median of each run's longest ${ms(f.mtls.typicalMaxEventLoopDelayMs)}, idle ${ms(f.idleMaxEventLoopDelayMs)}`],
  ],
  preview: (_f, stdout) => {
    const m = /median ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms/.exec(stdout);
    const p99 = m ? Number(m[2]) : undefined;
    return [['claim editor preview re-encode, 8 KB token (p99)', ms(p99), '≤ 16 ms', atMost(16)(p99), m ? `median ${ms(Number(m[1]))}, max ${ms(Number(m[3]))}` : 'no figure printed']];
  },
  hover: (_f, stdout) => {
    const m = /median ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms/.exec(stdout);
    const p99 = m ? Number(m[2]) : undefined;
    const cpu = /CPU time median ([\d.]+) ms, p99 ([\d.]+) ms/.exec(stdout);
    return [
      ['JWT hover: find + decode + Markdown, 200-char line around an 8 KB token (p99)', ms(p99), '≤ 1 ms', atMost(1)(p99), m ? `median ${ms(Number(m[1]))}, max ${ms(Number(m[3]))}` : 'no figure printed'],
      ['  the same in CPU time (p99; other processes\' turns left out)', ms(cpu ? Number(cpu[2]) : undefined), 'report', undefined, cpu ? `median ${ms(Number(cpu[1]))}` : ''],
    ];
  },
  bundle: (f) => [
    ['activation bundle dist/extension.js (minified)', `${(f.extensionBytes / 1024).toFixed(1)} KB`, '≤ 80 KB', f.extensionBytes <= 80 * 1024, f.extensionForbidden.length ? `contains ${f.extensionForbidden.join(', ')}` : 'no node-forge, no webview code'],
    ['  lazily loaded bundles', f.lazy.map((l) => `${l.file} ${(l.bytes / 1024).toFixed(0)} KB`).join(', ') || 'none', '', undefined, ''],
    ['.vsix (or files .vscodeignore keeps)', `${(f.packageBytes / 1024).toFixed(0)} KB`, 'report', undefined, f.packageHow],
  ],
  cliStartup: (f) => Object.entries(f.commands).map(([name, c]) => {
    const target = /(decode|sign|token)$/.test(name) && !name.startsWith('before:') ? 1.1 : undefined;
    return [`CLI whole process: oauth-jwt ${name} / ${c.baseline} (medians)`, ratio(c.ratio), target ? '≤ 1.1' : 'report', target ? atMost(target)(c.ratio) : undefined, `${ms(c.wall.medianMs)}; CPU ${ratio(c.cpuRatio)}× (${ms(c.cpuMeanMs)} vs node -e 0 ${ms(f.node.cpuMeanMs)}); node -e 0 ${ms(f.node.wall.medianMs)}, curl ${ms(f.curl.wall.medianMs)}`];
  }),
  host: (f) => [
    ['first activation in the real host, require + activate() (VS Code\'s marks)', ms(f.firstActivationMarks ? f.firstActivationMarks.requireMs + f.firstActivationMarks.activateMs : undefined), '≤ 10 ms', atMost(10)(f.firstActivationMarks ? f.firstActivationMarks.requireMs + f.firstActivationMarks.activateMs : undefined), `require ${ms(f.firstActivationMarks?.requireMs)}, activate() ${ms(f.firstActivationMarks?.activateMs)}; Running Extensions says ${ms(f.vscodeActivationMs)} (with VS Code's own wait)`],
    ['activation in the real host, require + activate() (median)', ms(f.freshActivation?.requireAndActivate.medianMs), '≤ 10 ms', atMost(10)(f.freshActivation?.requireAndActivate.medianMs), `activate() alone ${ms(f.freshActivation?.activateOnly.medianMs)}; VS Code's record of the first: ${ms(f.vscodeActivationMs)}`],
    ['  host event loop, key + certificate (cold / warm)', `${ms(f.keygen?.coldMaxEventLoopDelayMs)} / ${ms(f.keygen?.warmMaxEventLoopDelayMs)}`, '≤ 20 ms', atMost(20)(Math.max(f.keygen?.coldMaxEventLoopDelayMs ?? Infinity, f.keygen?.warmMaxEventLoopDelayMs ?? Infinity)), `median of each warm run's longest ${ms(f.keygen?.typicalMaxEventLoopDelayMs)}, idle noise ${ms(f.idleMaxEventLoopDelayMs)}`],
    ['  host event loop, idle preload of dist/engine.js after activation', ms(f.preloadMaxEventLoopDelayMs), '(idle)', undefined, 'moved out of the first command on purpose'],
    ['  host event loop, token exchanges', ms(f.exchange?.maxEventLoopDelayMs), '≤ 20 ms', atMost(20)(f.exchange?.maxEventLoopDelayMs), `median of each run's longest ${ms(f.exchange?.typicalMaxEventLoopDelayMs)}; median exchange ${ms(f.exchange?.command.medianMs)}`],
    ['  host event loop, the 2 s after the first exchange (one-off)', ms(f.exchange?.afterFirstExchangeMaxEventLoopDelayMs), 'report', undefined, `idle noise floor ${ms(f.idleMaxEventLoopDelayMs)}`],
    ['status-bar click → clipboard, first click (median)', ms(f.latency?.first.total), 'endpoint + 50 ms', f.latency ? f.latency.first.total <= f.latency.first.endpoint + 50 : undefined, f.latency ? `endpoint ${ms(f.latency.first.endpoint)}, click → handler ${ms(f.latency.first.dispatch)}, secrets ${ms(f.latency.first.secretsWall)}, checks ${ms(f.latency.first.phases.checks)}, signing ${ms(f.latency.first.sign)}, http ${ms(f.latency.first.phases.http)}, store ${ms(f.latency.first.phases.store)}, clipboard ${ms(f.latency.first.phases.clipboard)}` : ''],
    ['status-bar click → clipboard, cached click (median)', ms(f.latency?.cached.total), '≤ 15 ms', atMost(15)(f.latency?.cached.total), f.latency ? `click → handler ${ms(f.latency.cached.dispatch)}, clipboard ${ms(f.latency.cached.phases.clipboard)}` : ''],
    ['  cached token copied, ours (command − bare clipboard write)', ms(f.cachedCopy ? f.cachedCopy.command.medianMs - f.cachedCopy.clipboardWrite.medianMs : undefined), '≤ 1 ms', atMost(1)(f.cachedCopy ? f.cachedCopy.command.medianMs - f.cachedCopy.clipboardWrite.medianMs : undefined), `command ${ms(f.cachedCopy?.command.medianMs)}, VS Code's clipboard write ${ms(f.cachedCopy?.clipboardWrite.medianMs)}, lookup ${ms((f.cachedCopy?.lookupMicroseconds ?? NaN) / 1000)}`],
  ],
};

const started = loadavg()[0];
console.log(`benchmarks: ${names.join(', ')} — ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-bench-run-'));
const rows = [];
let failed = 0;
try {
  for (const name of names) {
    console.log(`=== ${name} ===`);
    const { code, stdout, figures } = await runBench(name, join(dir, `${name}.json`));
    console.log('');
    if (code !== 0) {
      failed++;
      rows.push([`${name}: did not complete (exit ${code})`, '', '', false, '']);
      continue;
    }
    const toRows = ROWS[name];
    if (toRows) rows.push(...toRows(figures, stdout));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const table = [['figure', 'this run', 'target', 'met', 'detail'], ...rows.map(([what, value, target, met, detail]) => [what, value, target, met === undefined ? '' : met ? 'yes' : 'NO', detail])];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log('=== summary ===');
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(`\nload average (1 min): ${started.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end, on ${cpus().length} CPUs`);
process.exitCode = failed ? 1 : 0;
