/**
 * Benchmark (not a test): one token exchange through our core against the local oidc-provider versus
 * curl posting a pre-signed assertion to the same server, alternately; the event loop's longest block
 * during our exchanges (signing included); then the cost of a cached-token lookup and what 100
 * concurrent get() calls cost in exchanges. The provider runs in a process of its own, so that its
 * work is counted neither against our timings nor against our event loop. BENCH_RUNS sets N (default 20).
 *
 *   node out/bench/exchange.js
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { buildTokenRequest, exchangeToken, type TokenResult } from '../src/core/exchange';
import type { ExchangeConfig } from '../src/core/exchangeConfig';
import { nodeHttpClient } from '../src/core/http';
import { signJwt } from '../src/core/jwt';
import { generateKeyPair, publicJwk } from '../src/core/keys';
import { TokenCache } from '../src/core/tokenCache';
import { benchRuns, idleMaxDelayMs, summarize, watched, type Summary } from './support/measure';
import { startOidcServerProcess } from './support/oidcServerProcess';

const runCommand = promisify(execFile);

export interface ExchangeBenchResult {
  runs: number;
  ours: Summary;
  curl: Summary;
  /** ours.median / curl.median. */
  ratio: number;
  /** Longest event-loop block during our measured exchanges (build, sign, POST, parse). */
  maxEventLoopDelayMs: number;
  /** Median over runs of each exchange's longest block: ours recur in every run, the machine's noise does not. */
  typicalMaxEventLoopDelayMs: number;
  /** Longest event-loop block while signing an RS256 assertion alone, over all runs. */
  signMaxEventLoopDelayMs: number;
  /** Longest delay over an idle stretch of the same process: the machine's noise floor. */
  idleMaxEventLoopDelayMs: number;
  /** One TokenCache.peek of a cached token, in microseconds. */
  peekMicroseconds: number;
  concurrentCalls: number;
  concurrentExchanges: number;
}

/** Posts the form with curl, as a user would from a shell, and checks a token came back. */
async function curlExchange(url: string, form: [string, string][]): Promise<void> {
  const args = ['-sS', '--max-time', '10', url, '-H', 'Accept: application/json'];
  for (const [name, value] of form) args.push('--data-urlencode', `${name}=${value}`);
  const { stdout } = await runCommand('curl', args);
  if (typeof JSON.parse(stdout).access_token !== 'string') throw new Error('curl got no access token');
}

export async function run(log: (line: string) => void = console.log): Promise<ExchangeBenchResult> {
  const runs = benchRuns();
  const key = await generateKeyPair({ type: 'rsa' });
  const provider = await startOidcServerProcess([{ clientId: 'bench-client', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] } }]);
  try {
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: provider.tokenUrl, clientId: 'bench-client', scope: 'api:read' };
    const deps = { http: nodeHttpClient, timeoutMs: 10_000 };

    // The provider refuses a reused jti, so curl gets one pre-signed request per run, signed before any timing.
    const presigned = await Promise.all(Array.from({ length: runs + 1 }, () => buildTokenRequest(config, { key }, deps)));
    const forms = presigned.map((request) => [...new URLSearchParams(request.body)]);

    // One untimed warm-up each: module loading, JIT and the provider's first-request work.
    await exchangeToken(config, { key }, deps);
    await curlExchange(provider.tokenUrl, forms[runs]!);

    const ours: number[] = [];
    const curl: number[] = [];
    let maxEventLoopDelayMs = 0;
    let signMaxEventLoopDelayMs = 0;
    const runMaxDelays: number[] = [];
    for (let i = 0; i < runs; i++) {
      const measured = await watched(() => exchangeToken(config, { key }, deps));
      ours.push(measured.ms);
      maxEventLoopDelayMs = Math.max(maxEventLoopDelayMs, measured.maxDelayMs);
      runMaxDelays.push(measured.maxDelayMs);
      const start = performance.now();
      await curlExchange(provider.tokenUrl, forms[i]!);
      curl.push(performance.now() - start);
      const signing = await watched(() => signJwt({ alg: 'RS256', typ: 'JWT' }, { iss: 'bench', i }, key));
      signMaxEventLoopDelayMs = Math.max(signMaxEventLoopDelayMs, signing.maxDelayMs);
    }
    const idleMaxEventLoopDelayMs = await idleMaxDelayMs(1000);

    const cache = new TokenCache();
    const token: TokenResult = { accessToken: 'x', obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000, response: {} };
    cache.set('profile', token);
    const iterations = 1_000_000;
    let found = 0;
    const peekStart = performance.now();
    for (let i = 0; i < iterations; i++) if (cache.peek('profile')) found++;
    const peekMicroseconds = ((performance.now() - peekStart) * 1000) / iterations;
    if (found !== iterations) throw new Error('peek missed the cached token');

    const concurrentCalls = 100;
    let concurrentExchanges = 0;
    const shared = new TokenCache();
    await Promise.all(Array.from({ length: concurrentCalls }, () => shared.get('profile', () => {
      concurrentExchanges++;
      return exchangeToken(config, { key }, deps);
    })));

    const oursSummary = summarize(ours);
    const curlSummary = summarize(curl);
    const ratio = oursSummary.medianMs / curlSummary.medianMs;
    log(`token exchange against the local oidc-provider (own process), ${runs} runs each, alternating:`);
    log(`  ours  median ${oursSummary.medianMs.toFixed(2)} ms  p90 ${oursSummary.p90Ms.toFixed(2)} ms  (signs a fresh RS256 assertion every time: that is the product)`);
    log(`  curl  median ${curlSummary.medianMs.toFixed(2)} ms  p90 ${curlSummary.p90Ms.toFixed(2)} ms  (posts a pre-signed assertion; includes spawning the curl process)`);
    log(`  ratio ours/curl ${ratio.toFixed(2)}`);
    const typicalMaxEventLoopDelayMs = summarize(runMaxDelays).medianMs;
    log(`  event loop, longest block during our exchanges ${maxEventLoopDelayMs.toFixed(1)} ms (median of each run's longest ${typicalMaxEventLoopDelayMs.toFixed(1)} ms), while signing ${signMaxEventLoopDelayMs.toFixed(1)} ms, idle ${idleMaxEventLoopDelayMs.toFixed(1)} ms`);
    log(`cached-token lookup (TokenCache.peek): ${peekMicroseconds.toFixed(3)} µs per call over ${iterations} calls`);
    log(`${concurrentCalls} concurrent get() calls for one profile: ${concurrentExchanges} exchange(s)`);
    return {
      runs, ours: oursSummary, curl: curlSummary, ratio, maxEventLoopDelayMs, typicalMaxEventLoopDelayMs, signMaxEventLoopDelayMs, idleMaxEventLoopDelayMs,
      peekMicroseconds, concurrentCalls, concurrentExchanges,
    };
  } finally {
    await provider.close();
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
