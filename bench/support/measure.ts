/** Timing helpers shared by the benchmarks (under Node and inside the extension host). */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface Summary {
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

export interface Watched<T> {
  value: T;
  ms: number;
  /** The event loop's longest block meanwhile (1 ms sampling resolution). */
  maxDelayMs: number;
}

/**
 * Times `fn` and the event loop's longest block meanwhile. A fresh histogram each time: one that is
 * disabled and enabled again counts the whole pause as a single delay. After `fn`, one more timer
 * turn is awaited (not timed) so that a synchronous stretch at its very end is sampled too.
 */
export async function watched<T>(fn: () => PromiseLike<T>): Promise<Watched<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const start = performance.now();
    const value = await fn();
    const ms = performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { value, ms, maxDelayMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

/** The event loop's longest delay while nothing of ours runs: the machine's noise floor. */
export async function idleMaxDelayMs(durationMs: number): Promise<number> {
  return (await watched(() => new Promise<void>((resolve) => setTimeout(resolve, durationMs)))).maxDelayMs;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const medianMs = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  // Nearest-rank percentile.
  const p90Ms = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { medianMs, p90Ms, maxMs: sorted[sorted.length - 1]! };
}

/** Runs (from `runs`, default 20) as set by BENCH_RUNS, checked. */
export function benchRuns(fallback = 20): number {
  const runs = Number(process.env.BENCH_RUNS ?? fallback);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_RUNS must be a positive whole number');
  return runs;
}
