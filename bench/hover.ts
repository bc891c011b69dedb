/**
 * Benchmark (not a test): the JWT hover's cost (issue 17 §2: p99 ≤ 1 ms) — finding the token on the
 * hovered line (core/jwtShape.ts), decoding it and building the hover's Markdown
 * (shared/jwtHoverText.ts), for a line of 200 characters of log text around an 8 KB token. The
 * provider does only this plus VS Code's MarkdownString wrapper.
 *
 *   node out/bench/hover.js          (BENCH_HOVER_RUNS=N to change the number of runs; default 2000)
 */
import { performance } from 'node:perf_hooks';
import { jwtSpanAt } from '../src/core/jwtShape';
import { jwtHoverText } from '../src/shared/jwtHoverText';

const runs = Number(process.env.BENCH_HOVER_RUNS ?? 2000);
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

const now = Math.floor(Date.now() / 1000);
const claims: Record<string, unknown> = { iss: 'https://idp.example.com', sub: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', aud: 'api', iat: now - 60, exp: now + 240 };
for (let i = 0; part(claims).length < 8 * 1024 - 400; i++) claims[`claim_${i}`] = i % 2 ? `value ${i} — ünïcødé ✓` : { list: [i, 'x', true] };
const token = `${part({ alg: 'RS256', typ: 'JWT', kid: 'key-1' })}.${part(claims)}.${'s'.repeat(342)}`;
const line = `2026-12-02T01:00:00.000Z INFO [gateway] request 7f3a accepted, Authorization: Bearer ${token} client=10.0.0.7 route=/api/v2/items?page=3 status=200 duration=12ms user-agent=curl/8.5.0 trace=abc123`;
const at = line.indexOf(token) + 4000;

function hover(): number {
  const span = jwtSpanAt(line, at);
  return span ? jwtHoverText(span.token, Date.now())?.length ?? 0 : 0;
}

if (hover() === 0) throw new Error('the benchmark line holds no decodable JWT');
for (let i = 0; i < 200; i++) hover(); // warm-up
const times: number[] = [];
// CPU time too: on a shared, loaded machine the wall clock's p99 is mostly other processes' turns.
const cpuTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  hover();
  times.push(performance.now() - started);
  const spent = process.cpuUsage(cpu);
  cpuTimes.push((spent.user + spent.system) / 1000);
}
const quantile = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))]!;
const q = (p: number) => quantile(times, p);
console.log(`JWT hover on a ${line.length - token.length}-character line around a ${(token.length / 1024).toFixed(1)} KB token (${runs} runs): median ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(3)} ms, max ${q(1).toFixed(3)} ms (budget: p99 1 ms); CPU time median ${quantile(cpuTimes, 0.5).toFixed(3)} ms, p99 ${quantile(cpuTimes, 0.99).toFixed(3)} ms`);
