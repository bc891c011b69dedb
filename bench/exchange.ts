/**
 * Benchmark (not a test): one token exchange through our core against the local oidc-provider versus
 * curl posting a pre-signed assertion to the same server, alternately; then the cost of a cached-token
 * lookup and what 100 concurrent get() calls cost in exchanges. BENCH_RUNS sets N (default 20).
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { buildTokenRequest, exchangeToken, type ExchangeConfig, type TokenResult } from '../src/core/flows';
import { nodeHttpClient } from '../src/core/http';
import { generateKeyPair, publicJwk } from '../src/core/keys';
import { TokenCache } from '../src/core/tokenCache';
import { startOidcProvider } from '../test/servers';

const runCommand = promisify(execFile);

export interface ExchangeBenchResult {
  runs: number;
  oursMedianMs: number;
  curlMedianMs: number;
  ratio: number;
  peekMicroseconds: number;
  concurrentCalls: number;
  concurrentExchanges: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Posts the form with curl, as a user would from a shell, and checks a token came back. */
async function curlExchange(url: string, form: [string, string][]): Promise<void> {
  const args = ['-sS', '--max-time', '10', url, '-H', 'Accept: application/json'];
  for (const [name, value] of form) args.push('--data-urlencode', `${name}=${value}`);
  const { stdout } = await runCommand('curl', args);
  if (typeof JSON.parse(stdout).access_token !== 'string') throw new Error('curl got no access token');
}

export async function run(log: (line: string) => void = console.log): Promise<ExchangeBenchResult> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 20);
  const key = await generateKeyPair({ type: 'rsa' });
  const provider = await startOidcProvider({ clients: [{ clientId: 'bench-client', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] } }] });
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
    for (let i = 0; i < runs; i++) {
      let start = performance.now();
      await exchangeToken(config, { key }, deps);
      ours.push(performance.now() - start);
      start = performance.now();
      await curlExchange(provider.tokenUrl, forms[i]!);
      curl.push(performance.now() - start);
    }
    const oursMedianMs = median(ours);
    const curlMedianMs = median(curl);

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

    const ratio = oursMedianMs / curlMedianMs;
    log(`token exchange against the local oidc-provider, ${runs} runs each, alternating:`);
    log(`  ours  median ${oursMedianMs.toFixed(2)} ms  (signs a fresh RS256 assertion every time: that is the product)`);
    log(`  curl  median ${curlMedianMs.toFixed(2)} ms  (posts a pre-signed assertion; includes spawning the curl process)`);
    log(`  ratio ours/curl ${ratio.toFixed(2)}`);
    log(`cached-token lookup (TokenCache.peek): ${peekMicroseconds.toFixed(3)} µs per call over ${iterations} calls`);
    log(`${concurrentCalls} concurrent get() calls for one profile: ${concurrentExchanges} exchange(s)`);
    return { runs, oursMedianMs, curlMedianMs, ratio, peekMicroseconds, concurrentCalls, concurrentExchanges };
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
