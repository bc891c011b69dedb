/**
 * Benchmark (not a test): how long the claim editor's live preview takes to re-encode an 8 KB
 * token — assertionPreview + JSON + base64url of header and payload, the work done on every
 * keystroke. The budget is one frame, 16 ms. Runs the webview's own code under Node.
 *
 *   node out/bench/preview.js          (BENCH_PREVIEW_RUNS=N to change the number of runs; default 2000)
 */
import { performance } from 'node:perf_hooks';
import { encodeParts } from '../media/claimEditor/encoding';
import { assertionPreview } from '../src/shared/assertionPreview';
import type { EditorTemplate } from '../src/shared/protocol';

const runs = Number(process.env.BENCH_PREVIEW_RUNS ?? 2000);

/** Claims of mixed types, non-ASCII included, until the encoded token is about 8 KB. */
function template(): EditorTemplate {
  const claims: Record<string, unknown> = { iss: 'https://client.example.org', sub: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', aud: 'https://idp.example.com/oauth2/token' };
  for (let i = 0; encodedLength(claims) < 8 * 1024; i++) {
    claims[`claim_${i}`] = i % 3 === 0 ? `value ${i} — ünïcødé ✓` : i % 3 === 1 ? i * 1000 : { list: [i, 'x', true], nested: { k: null } };
  }
  return { header: { alg: 'RS256', kid: 'key-1', nonce: '' }, claims, lifetimeSeconds: 300, jti: true };
}

function encodedLength(claims: Record<string, unknown>): number {
  const parts = encodeParts({ alg: 'RS256' }, claims);
  return parts.header.length + 1 + parts.payload.length + 1 + 342; // an RS256 signature is 342 characters
}

function encode(t: EditorTemplate, now: number): number {
  const { header, payload } = assertionPreview(t, now, 'RS256');
  const parts = encodeParts(header, payload);
  return parts.header.length + parts.payload.length;
}

const t = template();
const size = encode(t, Date.now()) + 2 + 342;
for (let i = 0; i < 200; i++) encode(t, Date.now()); // warm-up
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  encode(t, Date.now());
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`preview re-encode of a ${(size / 1024).toFixed(1)} KB token (${runs} runs): median ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${at(1).toFixed(3)} ms (budget 16 ms)`);
