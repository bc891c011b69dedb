/**
 * Benchmark (not a test): an RSA-2048 key pair and a self-signed certificate made by our core,
 * against the Workfront guide's own command,
 *   openssl req -x509 -sha256 -nodes -newkey rsa:2048 -keyout … -out … -subj /CN=bench -days 365
 * run alternately so that machine noise falls on both alike. Our figure spawns nothing; openssl's
 * includes starting its process — that is what a user of the guide pays, so it is the honest baseline.
 * It also records the event loop's longest block during our runs: the extension host must stay responsive.
 *
 *   node out/bench/keygen.js          (BENCH_RUNS=N to change the number of runs of each; default 20)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { generateKeyPair, privateKeyPem } from '../src/core/keys';
import { createSelfSignedCertificate } from '../src/core/x509';

export interface Summary {
  medianMs: number;
  p90Ms: number;
}

export interface KeygenBenchFigures {
  runs: number;
  ours: Summary;
  /** Undefined when the openssl command is not installed. */
  openssl?: Summary;
  /** ours.median / openssl.median. */
  ratio?: number;
  /** Longest event-loop block seen during our measured runs (1 ms resolution). */
  maxEventLoopDelayMs: number;
  /** Longest event-loop delay while our thread merely waited for openssl: the machine's noise floor. */
  idleMaxEventLoopDelayMs?: number;
  /** The first, unmeasured run of ours, which also loads node-forge. */
  coldRunMs: number;
  /** Longest event-loop block during that cold run (module loading is synchronous). */
  coldMaxEventLoopDelayMs: number;
}

async function ours(): Promise<void> {
  const key = await generateKeyPair({ type: 'rsa', bits: 2048 });
  privateKeyPem(key);
  await createSelfSignedCertificate(key, { commonName: 'bench', days: 365 });
}

function openssl(dir: string): Promise<void> {
  const args = ['req', '-x509', '-sha256', '-nodes', '-newkey', 'rsa:2048', '-keyout', join(dir, 'private.key'), '-out', join(dir, 'certificate_pub.crt'), '-subj', '/CN=bench', '-days', '365'];
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`openssl exited with ${String(code)}`))));
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Times `fn` and the event loop's longest block meanwhile. A fresh histogram each time: one that is
 * disabled and enabled again counts the whole pause as a single delay. After `fn`, one more timer
 * turn is awaited (not timed) so that a synchronous stretch at its very end is sampled too.
 */
async function watched(fn: () => Promise<void>): Promise<{ ms: number; maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const ms = await timed(fn);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { ms, maxDelayMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const medianMs = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  // Nearest-rank percentile.
  const p90Ms = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { medianMs, p90Ms };
}

/** Runs the benchmark and returns the figures (also printed when run directly). */
export async function run(runs: number = Number(process.env.BENCH_RUNS ?? 20)): Promise<KeygenBenchFigures> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_RUNS must be a positive whole number');
  const haveOpenssl = spawnSync('openssl', ['version']).error === undefined;
  const dir = await mkdtemp(join(tmpdir(), 'oauth-jwt-bench-'));
  try {
    const cold = await watched(ours);
    if (haveOpenssl) await openssl(dir); // warm the disk cache for the binary too

    const oursMs: number[] = [];
    const opensslMs: number[] = [];
    let maxEventLoopDelayMs = 0;
    let idleMaxEventLoopDelayMs = 0;
    for (let i = 0; i < runs; i++) {
      const measured = await watched(ours);
      oursMs.push(measured.ms);
      maxEventLoopDelayMs = Math.max(maxEventLoopDelayMs, measured.maxDelayMs);
      if (haveOpenssl) {
        // Our thread only waits for the child here, so its delays are the machine's scheduling noise.
        const baseline = await watched(() => openssl(dir));
        opensslMs.push(baseline.ms);
        idleMaxEventLoopDelayMs = Math.max(idleMaxEventLoopDelayMs, baseline.maxDelayMs);
      }
    }
    const oursSummary = summarize(oursMs);
    const opensslSummary = haveOpenssl ? summarize(opensslMs) : undefined;
    return {
      runs,
      ours: oursSummary,
      openssl: opensslSummary,
      ratio: opensslSummary ? oursSummary.medianMs / opensslSummary.medianMs : undefined,
      maxEventLoopDelayMs,
      idleMaxEventLoopDelayMs: haveOpenssl ? idleMaxEventLoopDelayMs : undefined,
      coldRunMs: cold.ms,
      coldMaxEventLoopDelayMs: cold.maxDelayMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function print(f: KeygenBenchFigures): void {
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  console.log(`RSA-2048 key pair + self-signed certificate, ${f.runs} runs each, alternating`);
  console.log(`  ours (core, in process)        median ${ms(f.ours.medianMs)}  p90 ${ms(f.ours.p90Ms)}`);
  if (f.openssl) {
    console.log(`  openssl req -x509 (spawned)    median ${ms(f.openssl.medianMs)}  p90 ${ms(f.openssl.p90Ms)}`);
    console.log(`  ratio ours/openssl (medians)   ${f.ratio!.toFixed(2)}`);
  } else {
    console.log('  openssl: not installed, no baseline');
  }
  console.log(`  event loop, longest block during our runs   ${ms(f.maxEventLoopDelayMs)}`);
  if (f.idleMaxEventLoopDelayMs !== undefined) {
    console.log(`  … while idle, waiting for openssl (noise)   ${ms(f.idleMaxEventLoopDelayMs)}`);
  }
  console.log(`  cold first run (loads node-forge)           ${ms(f.coldRunMs)}, longest block ${ms(f.coldMaxEventLoopDelayMs)}`);
}

if (require.main === module) {
  run().then(print, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
