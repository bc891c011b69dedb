/**
 * Benchmark (not a test): the oauth-jwt CLI as a whole process — start-up included, the way scripts
 * call it (`curl -H "Authorization: Bearer $(oauth-jwt token …)"`) — against a bare `node -e 0`
 * measured in the same run. Each command runs N times, all cases alternating, standard output piped:
 *
 *   decode, sign (RS256, RSA-2048 key file) and keygen (EC P-256)  vs  node -e 0
 *   token (client assertion against the local oidc-provider)       vs  node -e 0 + curl posting a
 *                                                                       pre-signed assertion there
 *
 * and each against its Node floor — the least a Node program doing that work costs: an empty script
 * file (decode), node:crypto loaded + one RS256 signature (sign, keygen), that + node:http posting a
 * pre-signed form to the same endpoint (token) — so what is left over is ours.
 *
 * Wall-clock medians, and each process's CPU time (user + system, from /proc on Linux), which a
 * loaded machine disturbs less. BENCH_RUNS sets N (default 20); BENCH_CLI_BEFORE=path/to/cli.js adds
 * another build of the CLI (e.g. an older commit's dist/cli.js) to the same alternation.
 *
 *   node out/bench/cliStartup.js
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTokenRequest } from '../src/core/exchange';
import type { ExchangeConfig } from '../src/core/exchangeConfig';
import { generateKeyPair, privateKeyPem, publicJwk } from '../src/core/keys';
import { benchRuns, summarize, type Summary } from './support/measure';
import { startOidcServerProcess } from './support/oidcServerProcess';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface ProcessFigures {
  wall: Summary;
  /** Mean CPU time (user + system) of the process; undefined where /proc is not there. */
  cpuMeanMs?: number;
}

export interface CliStartupResult {
  runs: number;
  loadAverage: number[];
  node: ProcessFigures;
  curl: ProcessFigures;
  /** Per command (and per build, "before:decode" …): its figures and wall/CPU ratios against its baseline. */
  commands: Record<string, ProcessFigures & { baseline: string; ratio: number; cpuRatio?: number }>;
}

/** CPU time of this process's reaped children so far (cutime + cstime), or undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // Fields 16 and 17 of stat(5), counted from the state field (3): clock ticks, 100 a second.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

interface Case {
  name: string;
  command: string;
  args: () => string[];
  /** Checks the run's output (a failed run would measure an error path). */
  check: (stdout: string) => boolean;
}

function timeOnce(c: Case): { ms: number; cpuMs?: number } {
  const args = c.args();
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(c.command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const ms = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  if (result.status !== 0 || !c.check(result.stdout)) throw new Error(`${c.name} failed (exit ${String(result.status)}): ${result.stderr.slice(0, 300)}`);
  return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function run(log: (line: string) => void = console.log): Promise<CliStartupResult> {
  const runs = benchRuns();
  const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-cli-bench-'));
  const key = await generateKeyPair({ type: 'rsa' });
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, privateKeyPem(key), { mode: 0o600 });
  const provider = await startOidcServerProcess([{ clientId: 'bench-client', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] } }]);
  try {
    const config: ExchangeConfig = { flow: 'client-assertion', tokenUrl: provider.tokenUrl, clientId: 'bench-client' };
    // The provider refuses a reused jti: curl gets one pre-signed request per run, signed before any timing.
    const forms = await Promise.all(Array.from({ length: runs + 1 }, () =>
      buildTokenRequest(config, { key }, { timeoutMs: 10_000 }).then((r) => [...new URLSearchParams(r.body)])));
    let curlRun = 0;
    const token = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"bench","aud":"x"}').toString('base64url')}.c2ln`;
    const isJws = (out: string) => /^[\w-]+\.[\w-]+\.[\w-]+\n?$/.test(out);
    const cli = (path: string, prefix: string): Case[] => [
      { name: `${prefix}decode`, command: process.execPath, args: () => [path, 'decode', token], check: (out) => out.includes('"bench"') },
      { name: `${prefix}sign`, command: process.execPath, args: () => [path, 'sign', '--key', keyFile, '--iss', 'bench', '--aud', 'x'], check: isJws },
      { name: `${prefix}keygen`, command: process.execPath, args: () => [path, 'keygen', '--type', 'ec', '--out', join(dir, `${prefix.replace(':', '')}keys`), '--force'], check: () => true },
      { name: `${prefix}token`, command: process.execPath, args: () => [path, 'token', '--flow', 'client-assertion', '--token-url', provider.tokenUrl, '--client-id', 'bench-client', '--key', keyFile], check: (out) => out.trim().length > 20 },
    ];
    // Floors: the least any Node program doing the same work costs, to tell what is ours from what
    // is Node's (a script file through the CommonJS loader; node:crypto loaded and one RS256
    // signature; that plus node:http posting a pre-signed form to the same endpoint).
    const floorFile = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const emptyScript = floorFile('empty.js', '');
    const signScript = floorFile('sign.js', `const c = require('node:crypto'); const k = c.createPrivateKey(require('node:fs').readFileSync(process.argv[2])); process.stdout.write(c.sign('sha256', Buffer.from('a.b'), k).toString('base64url') + '\\n');`);
    const postScript = floorFile('post.js', `const c = require('node:crypto'); const k = c.createPrivateKey(require('node:fs').readFileSync(process.argv[2])); c.sign('sha256', Buffer.from('a.b'), k);
const r = require('node:http').request(process.argv[3], { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' } }, (res) => { let b = ''; res.on('data', (d) => (b += d)); res.on('end', () => process.stdout.write(b)); });
r.end(process.argv[4]);`);
    const floorForms = await Promise.all(Array.from({ length: runs + 1 }, () =>
      buildTokenRequest(config, { key }, { timeoutMs: 10_000 }).then((r) => r.body)));
    let floorRun = 0;
    const cases: Case[] = [
      { name: 'node', command: process.execPath, args: () => ['-e', '0'], check: () => true },
      { name: 'floor:file', command: process.execPath, args: () => [emptyScript], check: () => true },
      { name: 'floor:sign', command: process.execPath, args: () => [signScript, keyFile], check: (out) => out.trim().length > 100 },
      {
        name: 'floor:post',
        command: process.execPath,
        args: () => [postScript, keyFile, provider.tokenUrl, floorForms[floorRun++ % floorForms.length]!],
        check: (out) => typeof (JSON.parse(out) as { access_token?: unknown }).access_token === 'string',
      },
      {
        name: 'curl',
        command: 'curl',
        args: () => ['-sS', '--max-time', '10', provider.tokenUrl, '-H', 'Accept: application/json', ...forms[curlRun++ % forms.length]!.flatMap(([n, v]) => ['--data-urlencode', `${n}=${v}`])],
        check: (out) => typeof (JSON.parse(out) as { access_token?: unknown }).access_token === 'string',
      },
      ...cli(CLI, ''),
      ...(process.env.BENCH_CLI_BEFORE ? cli(process.env.BENCH_CLI_BEFORE, 'before:') : []),
    ];
    // One untimed run each: the file cache, the provider's first request.
    for (const c of cases) timeOnce(c);
    const samples = new Map(cases.map((c) => [c.name, { ms: [] as number[], cpu: [] as number[] }]));
    for (let i = 0; i < runs; i++) {
      // A different order each round, so that no case always follows the same one.
      const order = i % 2 === 0 ? cases : [...cases].reverse();
      for (const c of order) {
        const { ms, cpuMs } = timeOnce(c);
        samples.get(c.name)!.ms.push(ms);
        if (cpuMs !== undefined) samples.get(c.name)!.cpu.push(cpuMs);
      }
    }
    const figures = (name: string): ProcessFigures => {
      const s = samples.get(name)!;
      return { wall: summarize(s.ms), cpuMeanMs: s.cpu.length === s.ms.length ? mean(s.cpu) : undefined };
    };
    const node = figures('node');
    const curl = figures('curl');
    const nodeAndCurl: ProcessFigures = {
      wall: { medianMs: node.wall.medianMs + curl.wall.medianMs, p90Ms: node.wall.p90Ms + curl.wall.p90Ms, maxMs: node.wall.maxMs + curl.wall.maxMs },
      cpuMeanMs: node.cpuMeanMs === undefined || curl.cpuMeanMs === undefined ? undefined : node.cpuMeanMs + curl.cpuMeanMs,
    };
    const commands: CliStartupResult['commands'] = {};
    log(`CLI start-up, ${runs} alternating runs each, standard output piped; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    log(`  node -e 0            median ${node.wall.medianMs.toFixed(1)} ms  (CPU ${node.cpuMeanMs?.toFixed(1) ?? 'n/a'} ms)`);
    log(`  curl (the exchange)  median ${curl.wall.medianMs.toFixed(1)} ms  (CPU ${curl.cpuMeanMs?.toFixed(1) ?? 'n/a'} ms)`);
    for (const name of ['floor:file', 'floor:sign', 'floor:post']) {
      const f = figures(name);
      log(`  node ${name.slice(6).padEnd(16)}median ${f.wall.medianMs.toFixed(1)} ms  = ${(f.wall.medianMs / node.wall.medianMs).toFixed(2)}× node -e 0  (CPU ${f.cpuMeanMs?.toFixed(1) ?? 'n/a'} ms = ${node.cpuMeanMs && f.cpuMeanMs !== undefined ? (f.cpuMeanMs / node.cpuMeanMs).toFixed(2) : 'n/a'}×)`);
    }
    const floorOf = (name: string) => figures(name.endsWith('decode') ? 'floor:file' : name.endsWith('token') ? 'floor:post' : 'floor:sign');
    for (const c of cases.filter((c) => c.name !== 'node' && c.name !== 'curl' && !c.name.startsWith('floor:'))) {
      const own = figures(c.name);
      const isToken = c.name.endsWith('token');
      const base = isToken ? nodeAndCurl : node;
      const ratio = own.wall.medianMs / base.wall.medianMs;
      const cpuRatio = own.cpuMeanMs !== undefined && base.cpuMeanMs ? own.cpuMeanMs / base.cpuMeanMs : undefined;
      commands[c.name] = { ...own, baseline: isToken ? 'node -e 0 + curl' : 'node -e 0', ratio, cpuRatio };
      const floor = floorOf(c.name);
      const overFloor = own.cpuMeanMs !== undefined && floor.cpuMeanMs !== undefined ? `; CPU over its Node floor ${(own.cpuMeanMs - floor.cpuMeanMs).toFixed(1)} ms` : '';
      log(`  oauth-jwt ${c.name.padEnd(14)} median ${own.wall.medianMs.toFixed(1)} ms  = ${ratio.toFixed(2)}× ${isToken ? '(node -e 0 + curl)' : 'node -e 0'}  (CPU ${own.cpuMeanMs?.toFixed(1) ?? 'n/a'} ms = ${cpuRatio?.toFixed(2) ?? 'n/a'}×${overFloor})`);
    }
    return { runs, loadAverage: loadavg(), node, curl, commands };
  } finally {
    await provider.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
