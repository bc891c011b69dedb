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
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateKeyPair, privateKeyPem } from '../src/core/keys';
import { createSelfSignedCertificate } from '../src/core/x509';
import { benchRuns, summarize, watched, type Summary } from './support/measure';

export interface KeygenBenchFigures {
  runs: number;
  ours: Summary;
  /** Undefined when the openssl command is not installed. */
  openssl?: Summary;
  /** ours.median / openssl.median. */
  ratio?: number;
  /** Longest event-loop block seen during our measured runs (1 ms resolution). */
  maxEventLoopDelayMs: number;
  /**
   * The median over runs of each run's longest block: a block of ours recurs in every run, the
   * machine's scheduling noise (a shared machine) does not.
   */
  typicalMaxEventLoopDelayMs: number;
  /** What our path adds to the key generation: certificate building and its checks, PEM export (median). */
  certificate: Summary;
  /** Longest event-loop delay while our thread merely waited for openssl: the machine's noise floor. */
  idleMaxEventLoopDelayMs?: number;
  /** The first, unmeasured run of ours, which also loads every module the certificate needs. */
  coldRunMs: number;
  /** Longest event-loop block during that cold run (module loading is synchronous). */
  coldMaxEventLoopDelayMs: number;
  /**
   * The part that is not luck: a certificate for an existing key, ours (certificate + checks + PEM
   * export, in process) against `openssl req -x509 -new -key …` (spawned), alternately. Prime search
   * — the bulk of both, and the same OpenSSL in both — varies from key to key.
   */
  fixedCost?: { ours: Summary; openssl: Summary; ratio: number };
  /** 1-minute load average before and after (the machine is shared). */
  loadAverage: [number, number];
}

/** One key pair and certificate; returns the milliseconds spent after the key generation. */
async function ours(): Promise<number> {
  const key = await generateKeyPair({ type: 'rsa', bits: 2048 });
  const start = performance.now();
  privateKeyPem(key);
  await createSelfSignedCertificate(key, { commonName: 'bench', days: 365 });
  return performance.now() - start;
}

function openssl(dir: string, existingKey?: string): Promise<void> {
  const key = existingKey ? ['-new', '-key', existingKey] : ['-nodes', '-newkey', 'rsa:2048', '-keyout', join(dir, 'private.key')];
  const args = ['req', '-x509', '-sha256', ...key, '-out', join(dir, 'certificate_pub.crt'), '-subj', '/CN=bench', '-days', '365'];
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`openssl exited with ${String(code)}`))));
  });
}

/** Runs the benchmark, prints the figures and returns them. */
export async function run(log: (line: string) => void = console.log, runs: number = benchRuns()): Promise<KeygenBenchFigures> {
  const loadBefore = loadavg()[0]!;
  const haveOpenssl = spawnSync('openssl', ['version']).error === undefined;
  const dir = await mkdtemp(join(tmpdir(), 'oauth-jwt-bench-'));
  try {
    const cold = await watched(ours);
    if (haveOpenssl) await openssl(dir); // warm the disk cache for the binary too

    const oursMs: number[] = [];
    const opensslMs: number[] = [];
    let maxEventLoopDelayMs = 0;
    const runMaxDelays: number[] = [];
    const certificateMs: number[] = [];
    let idleMaxEventLoopDelayMs = 0;
    for (let i = 0; i < runs; i++) {
      const measured = await watched(ours);
      oursMs.push(measured.ms);
      certificateMs.push(measured.value);
      runMaxDelays.push(measured.maxDelayMs);
      maxEventLoopDelayMs = Math.max(maxEventLoopDelayMs, measured.maxDelayMs);
      if (haveOpenssl) {
        // Our thread only waits for the child here, so its delays are the machine's scheduling noise.
        const baseline = await watched(() => openssl(dir));
        opensslMs.push(baseline.ms);
        idleMaxEventLoopDelayMs = Math.max(idleMaxEventLoopDelayMs, baseline.maxDelayMs);
      }
    }
    let fixedCost: KeygenBenchFigures['fixedCost'];
    if (haveOpenssl) {
      const key = await generateKeyPair({ type: 'rsa', bits: 2048 });
      const keyFile = join(dir, 'existing.key');
      await writeFile(keyFile, privateKeyPem(key), { mode: 0o600 });
      const oursFixed: number[] = [];
      const opensslFixed: number[] = [];
      for (let i = 0; i < runs; i++) {
        let start = performance.now();
        privateKeyPem(key);
        await createSelfSignedCertificate(key, { commonName: 'bench', days: 365 });
        oursFixed.push(performance.now() - start);
        start = performance.now();
        await openssl(dir, keyFile);
        opensslFixed.push(performance.now() - start);
      }
      const o = summarize(oursFixed);
      const t = summarize(opensslFixed);
      fixedCost = { ours: o, openssl: t, ratio: o.medianMs / t.medianMs };
    }
    const oursSummary = summarize(oursMs);
    const opensslSummary = haveOpenssl ? summarize(opensslMs) : undefined;
    const figures: KeygenBenchFigures = {
      runs,
      ours: oursSummary,
      openssl: opensslSummary,
      ratio: opensslSummary ? oursSummary.medianMs / opensslSummary.medianMs : undefined,
      maxEventLoopDelayMs,
      typicalMaxEventLoopDelayMs: summarize(runMaxDelays).medianMs,
      certificate: summarize(certificateMs),
      fixedCost,
      idleMaxEventLoopDelayMs: haveOpenssl ? idleMaxEventLoopDelayMs : undefined,
      coldRunMs: cold.ms,
      coldMaxEventLoopDelayMs: cold.maxDelayMs,
      loadAverage: [loadBefore, loadavg()[0]!],
    };
    print(figures, log);
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function print(f: KeygenBenchFigures, log: (line: string) => void = console.log): void {
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  log(`RSA-2048 key pair + self-signed certificate, ${f.runs} runs each, alternating`);
  log(`  ours (core, in process)        median ${ms(f.ours.medianMs)}  p90 ${ms(f.ours.p90Ms)}`);
  if (f.openssl) {
    log(`  openssl req -x509 (spawned)    median ${ms(f.openssl.medianMs)}  p90 ${ms(f.openssl.p90Ms)}`);
    log(`  ratio ours/openssl (medians)   ${f.ratio!.toFixed(2)}`);
  } else {
    log('  openssl: not installed, no baseline');
  }
  log(`  of ours: certificate + checks + PEM export   median ${ms(f.certificate.medianMs)}  (the rest is OpenSSL's prime search)`);
  if (f.fixedCost) {
    log(`  without the prime search (certificate for an existing key): ours ${ms(f.fixedCost.ours.medianMs)} vs openssl ${ms(f.fixedCost.openssl.medianMs)}, ratio ${f.fixedCost.ratio.toFixed(2)}`);
  }
  log(`  event loop, longest block during our runs   ${ms(f.maxEventLoopDelayMs)} (median of each run's longest ${ms(f.typicalMaxEventLoopDelayMs)})`);
  if (f.idleMaxEventLoopDelayMs !== undefined) {
    log(`  … while idle, waiting for openssl (noise)   ${ms(f.idleMaxEventLoopDelayMs)}`);
  }
  log(`  cold first run (first module loads)         ${ms(f.coldRunMs)}, longest block ${ms(f.coldMaxEventLoopDelayMs)}`);
  log(`  load average (1 min) before/after           ${f.loadAverage.map((l) => l.toFixed(2)).join(' / ')}`);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
