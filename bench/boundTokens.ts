/**
 * Benchmark (not a test): token exchanges that bind the token, through our core against the local
 * oidc-provider (in a process of its own), each alternated with curl doing the same request:
 *
 * - DPoP (RFC 9449): ours signs a fresh client assertion and a fresh DPoP proof every time; curl
 *   posts a pre-signed assertion with a pre-made proof (`-H "DPoP: …"`). The provider asks for no
 *   nonce here: curl cannot answer a nonce challenge with a proof made in advance.
 * - mTLS (RFC 8705, self_signed_tls_client_auth): ours opens a TLS connection with the key's
 *   certificate as the client certificate; curl does the same with `--cert --key --cacert`.
 *
 * Also the event loop's longest block during our exchanges. BENCH_RUNS sets N (default 20).
 *
 *   node out/bench/boundTokens.js
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { buildTokenRequest, exchangeToken } from '../src/core/exchange';
import type { ExchangeConfig, ExchangeSecrets } from '../src/core/exchangeConfig';
import { nodeHttpClient } from '../src/core/http';
import { generateKeyPair, privateKeyPem, publicJwk } from '../src/core/keys';
import { createSelfSignedCertificate } from '../src/core/x509';
import { selfSignedFor127 } from '../test/servers';
import { benchRuns, idleMaxDelayMs, summarize, watched, type Summary } from './support/measure';
import { startOidcServerProcess } from './support/oidcServerProcess';

const runCommand = promisify(execFile);

export interface BoundExchangeFigures {
  ours: Summary;
  curl: Summary;
  /** ours.median / curl.median. */
  ratio: number;
  /** Longest event-loop block during our measured exchanges. */
  maxEventLoopDelayMs: number;
  /** Median over runs of each exchange's longest block. */
  typicalMaxEventLoopDelayMs: number;
}

export interface BoundTokensBenchResult {
  runs: number;
  dpop: BoundExchangeFigures;
  mtls: BoundExchangeFigures;
  /** Longest delay over an idle stretch of the same process: the machine's noise floor. */
  idleMaxEventLoopDelayMs: number;
}

/** Runs curl with `args` plus the URL and checks that a token of `tokenType` came back. */
async function curl(args: string[], tokenType: string): Promise<void> {
  const { stdout } = await runCommand('curl', ['-sS', '--max-time', '10', '-H', 'Accept: application/json', ...args]);
  const answer = JSON.parse(stdout) as { access_token?: unknown; token_type?: unknown };
  if (typeof answer.access_token !== 'string' || answer.token_type !== tokenType) throw new Error(`curl got no ${tokenType} token: ${stdout.slice(0, 200)}`);
}

/** Alternates ours and curl `runs` times (after one untimed warm-up of each) and summarizes. */
async function alternate(runs: number, ours: () => Promise<unknown>, theirs: (i: number) => Promise<void>): Promise<BoundExchangeFigures> {
  await ours();
  await theirs(runs);
  const oursMs: number[] = [];
  const curlMs: number[] = [];
  const delays: number[] = [];
  for (let i = 0; i < runs; i++) {
    const measured = await watched(ours);
    oursMs.push(measured.ms);
    delays.push(measured.maxDelayMs);
    const start = performance.now();
    await theirs(i);
    curlMs.push(performance.now() - start);
  }
  const oursSummary = summarize(oursMs);
  const curlSummary = summarize(curlMs);
  return {
    ours: oursSummary,
    curl: curlSummary,
    ratio: oursSummary.medianMs / curlSummary.medianMs,
    maxEventLoopDelayMs: Math.max(...delays),
    typicalMaxEventLoopDelayMs: summarize(delays).medianMs,
  };
}

async function dpopFigures(runs: number): Promise<BoundExchangeFigures> {
  const [key, dpopKey] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' })]);
  const provider = await startOidcServerProcess([{ clientId: 'bench-dpop', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] }, dpopBoundAccessTokens: true }]);
  try {
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: provider.tokenUrl, clientId: 'bench-dpop', scope: 'api:read', dpop: true };
    const secrets: ExchangeSecrets = { key, dpopKey };
    const deps = { http: nodeHttpClient, timeoutMs: 10_000 };
    // One pre-made request (assertion + proof, each with its own jti) per curl run, all made before any timing.
    const premade = await Promise.all(Array.from({ length: runs + 1 }, () => buildTokenRequest(config, secrets, deps)));
    return await alternate(runs, () => exchangeToken(config, secrets, deps), (i) => {
      const request = premade[i]!;
      const args = [provider.tokenUrl, '-H', `DPoP: ${request.headers!.DPoP!}`];
      for (const [name, value] of new URLSearchParams(request.body)) args.push('--data-urlencode', `${name}=${value}`);
      return curl(args, 'DPoP');
    });
  } finally {
    await provider.close();
  }
}

async function mtlsFigures(runs: number): Promise<BoundExchangeFigures> {
  const key = await generateKeyPair({ type: 'rsa' });
  const certificatePem = await createSelfSignedCertificate(key, { commonName: 'bench mtls client', days: 1 });
  const serverTls = selfSignedFor127();
  const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-bench-mtls-'));
  const provider = await startOidcServerProcess(
    [{ clientId: 'bench-mtls', algorithm: 'RS256', jwks: { keys: [{ ...publicJwk(key), x5c: [new X509Certificate(certificatePem).raw.toString('base64')] }] }, selfSignedTlsClientAuth: true, certificateBoundAccessTokens: true }],
    { tls: { key: serverTls.keyPem, cert: serverTls.certPem } },
  );
  try {
    writeFileSync(join(dir, 'key.pem'), privateKeyPem(key), { mode: 0o600 });
    writeFileSync(join(dir, 'cert.pem'), certificatePem);
    writeFileSync(join(dir, 'ca.pem'), serverTls.certPem);
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: provider.tokenUrl, clientId: 'bench-mtls', scope: 'api:read', mtls: true, tokenEndpointAuth: 'self_signed_tls_client_auth' };
    const deps = { http: nodeHttpClient, timeoutMs: 10_000, ca: serverTls.certPem };
    const form = new URLSearchParams((await buildTokenRequest(config, { key, certificatePem }, deps)).body);
    const curlArgs = [provider.tokenUrl, '--cacert', join(dir, 'ca.pem'), '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem')];
    for (const [name, value] of form) curlArgs.push('--data-urlencode', `${name}=${value}`);
    return await alternate(runs, () => exchangeToken(config, { key, certificatePem }, deps), () => curl(curlArgs, 'Bearer'));
  } finally {
    await provider.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(log: (line: string) => void = console.log): Promise<BoundTokensBenchResult> {
  const runs = benchRuns();
  const dpop = await dpopFigures(runs);
  const mtls = await mtlsFigures(runs);
  const idleMaxEventLoopDelayMs = await idleMaxDelayMs(1000);
  const show = (what: string, f: BoundExchangeFigures, curlDoes: string) => {
    log(`${what} against the local oidc-provider (own process), ${runs} runs each, alternating:`);
    log(`  ours  median ${f.ours.medianMs.toFixed(2)} ms  p90 ${f.ours.p90Ms.toFixed(2)} ms`);
    log(`  curl  median ${f.curl.medianMs.toFixed(2)} ms  p90 ${f.curl.p90Ms.toFixed(2)} ms  (${curlDoes}; includes spawning the curl process)`);
    log(`  ratio ours/curl ${f.ratio.toFixed(2)}`);
    log(`  event loop, longest block during our exchanges ${f.maxEventLoopDelayMs.toFixed(1)} ms (median of each run's longest ${f.typicalMaxEventLoopDelayMs.toFixed(1)} ms)`);
  };
  show('DPoP token exchange (fresh RS256 assertion + ES256 proof each time)', dpop, 'posts a pre-signed assertion with a pre-made proof');
  show('mTLS token exchange (self_signed_tls_client_auth, RSA-2048 client certificate)', mtls, 'curl --cert --key --cacert, the same form');
  log(`event loop, idle noise floor ${idleMaxEventLoopDelayMs.toFixed(1)} ms`);
  return { runs, dpop, mtls, idleMaxEventLoopDelayMs };
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
