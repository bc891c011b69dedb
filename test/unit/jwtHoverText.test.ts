import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expiryState, jwtHoverText } from '../../src/shared/jwtHoverText';

const NOW = Date.UTC(2026, 11, 2, 1, 0, 0);
const S = NOW / 1000;
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: unknown, claims: unknown) => `${part(header)}.${part(claims)}.U0lHTkFUVVJFLXNlY3JldC1sb29raW5n`;

test('the hover text with a frozen clock: alg, not verified, expiry, times, header and claims, never the signature', () => {
  const text = jwtHoverText(jwt({ alg: 'RS256', kid: 'k' }, { sub: 'a', iat: S - 600, exp: S + 245 }), NOW, '[links](command:x)')!;
  assert.equal(text, [
    '**JWT** · `RS256` · signature **not verified** · expires in 4 minutes',
    '',
    '[links](command:x)',
    '',
    '- `iat` 2026-12-02 00:50:00 UTC (10 minutes ago)',
    '- `exp` 2026-12-02 01:04:05 UTC (in 4 minutes)',
    '',
    'Claims',
    '',
    '```json',
    `{\n  "sub": "a",\n  "iat": ${S - 600},\n  "exp": ${S + 245}\n}`,
    '```',
    '',
    'Header',
    '',
    '```json',
    '{\n  "alg": "RS256",\n  "kid": "k"\n}',
    '```',
    '',
    '',
  ].join('\n'));
  assert.ok(!text.includes('U0lHTkFUVVJF'));
});

test('expiry states', () => {
  assert.equal(expiryState({ exp: S - 7200 }, NOW), 'expired 2 hours ago');
  assert.equal(expiryState({ exp: S + 86_400 * 3 }, NOW), 'expires in 3 days');
  assert.equal(expiryState({ nbf: S + 60, exp: S + 600 }, NOW), 'not valid yet (valid in 1 minute)');
  assert.equal(expiryState({}, NOW), 'no expiry (exp absent)');
  assert.equal(expiryState({ exp: 'soon' }, NOW), undefined);
});

test('not a JWT: no hover; a hostile alg or claim cannot break out of the text', () => {
  assert.equal(jwtHoverText('eyJub3Q.anNvbg.x', NOW), undefined);
  const text = jwtHoverText(jwt({ alg: '`](command:x)\n# h' }, { note: '```\n[x](command:evil)' }), NOW)!;
  assert.match(text, /^\*\*JWT\*\* · `\]\(command:x\)# h` ·/);
  // Inside the fence the claim stays one JSON string line: no line starts with a backtick except the fences.
  assert.deepEqual(text.split('\n').filter((l) => l.startsWith('`')), ['```json', '```', '```json', '```']);
});
