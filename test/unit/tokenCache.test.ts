import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenCache } from '../../src/core/tokenCache';
import type { TokenResult } from '../../src/core/exchange';

/** A token obtained at `now` that lives `lifetimeSeconds` (undefined: unknown expiry). */
function token(name: string, now: number, lifetimeSeconds?: number): TokenResult {
  return {
    accessToken: name,
    obtainedAt: now,
    expiresAt: lifetimeSeconds === undefined ? undefined : now + lifetimeSeconds * 1000,
    response: { access_token: name },
  };
}

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => { now += ms; }, get now() { return now; } };
}

test('100 concurrent get() calls for one key start exactly one exchange and share its result', async () => {
  const cache = new TokenCache();
  let fetches = 0;
  const fetch = async () => {
    fetches++;
    await new Promise((r) => setTimeout(r, 20));
    return token(`t${fetches}`, Date.now(), 3600);
  };
  const results = await Promise.all(Array.from({ length: 100 }, () => cache.get('profile', fetch)));
  assert.equal(fetches, 1);
  assert.ok(results.every((r) => r.accessToken === 't1'));
  assert.equal(cache.isFetching('profile'), false);
  // And the next call is served from the cache.
  assert.equal((await cache.get('profile', fetch)).accessToken, 't1');
  assert.equal(fetches, 1);
});

test('different keys do not share exchanges', async () => {
  const cache = new TokenCache();
  let fetches = 0;
  const fetch = async () => token(`t${++fetches}`, Date.now(), 3600);
  const [a, b] = await Promise.all([cache.get('a', fetch), cache.get('b', fetch)]);
  assert.notEqual(a.accessToken, b.accessToken);
  assert.equal(fetches, 2);
});

test('a failure is shared by the callers waiting on it but never cached', async () => {
  const cache = new TokenCache();
  let fetches = 0;
  const failing = async () => { fetches++; await new Promise((r) => setTimeout(r, 10)); throw new Error('boom'); };
  const outcomes = await Promise.allSettled([cache.get('k', failing), cache.get('k', failing)]);
  assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
  assert.equal(fetches, 1);
  assert.equal(cache.isFetching('k'), false);
  assert.equal(cache.peek('k'), undefined);
  const ok = await cache.get('k', async () => token('fresh', Date.now(), 3600));
  assert.equal(ok.accessToken, 'fresh');
});

test('a fetch that throws synchronously is reported as a rejection, not cached', async () => {
  const cache = new TokenCache();
  await assert.rejects(cache.get('k', () => { throw new Error('sync'); }), /sync/);
  assert.equal(cache.isFetching('k'), false);
});

test('isFetching is true exactly while the exchange runs', async () => {
  const cache = new TokenCache();
  let release!: () => void;
  const pending = cache.get('k', () => new Promise<TokenResult>((resolve) => { release = () => resolve(token('t', Date.now(), 60)); }));
  assert.equal(cache.isFetching('k'), true);
  release();
  await pending;
  assert.equal(cache.isFetching('k'), false);
});

test('the margin is 60 s for long-lived tokens', () => {
  const time = manualClock();
  const cache = new TokenCache({ clock: time.clock });
  cache.set('k', token('t', time.now, 3600));
  time.advance((3600 - 61) * 1000);
  assert.equal(cache.peek('k')?.accessToken, 't');
  time.advance(2000);
  assert.equal(cache.peek('k'), undefined, 'within 60 s of expiry the token is treated as expired');
  assert.equal(cache.remainingSeconds('k'), 59);
});

test('the margin is capped at a tenth of a short lifetime', () => {
  const time = manualClock();
  const cache = new TokenCache({ clock: time.clock });
  cache.set('k', token('t', time.now, 100));
  time.advance(89_000);
  assert.equal(cache.peek('k')?.accessToken, 't', 'a 100 s token is still good after 89 s (margin 10 s, not 60 s)');
  time.advance(2000);
  assert.equal(cache.peek('k'), undefined);
});

test('a custom margin is honoured', () => {
  const time = manualClock();
  const cache = new TokenCache({ clock: time.clock, marginSeconds: 300 });
  cache.set('k', token('t', time.now, 3600));
  time.advance(3600_000 - 301_000);
  assert.ok(cache.peek('k'));
  time.advance(2000);
  assert.equal(cache.peek('k'), undefined);
});

test('an expired token is exchanged again; remainingSeconds goes negative', async () => {
  const time = manualClock();
  const cache = new TokenCache({ clock: time.clock });
  cache.set('k', token('old', time.now, 120));
  time.advance(130_000);
  assert.equal(cache.remainingSeconds('k'), -10);
  const next = await cache.get('k', async () => token('new', time.now, 120));
  assert.equal(next.accessToken, 'new');
  assert.equal(cache.remainingSeconds('k'), 120);
});

test('a token with unknown expiry is kept until invalidated', () => {
  const time = manualClock();
  const cache = new TokenCache({ clock: time.clock });
  cache.set('k', token('t', time.now));
  time.advance(365 * 86_400_000);
  assert.equal(cache.peek('k')?.accessToken, 't');
  assert.equal(cache.remainingSeconds('k'), undefined);
  cache.invalidate('k');
  assert.equal(cache.peek('k'), undefined);
});

test('invalidate() without a key clears every profile; with a key only that one', () => {
  const cache = new TokenCache();
  cache.set('a', token('a', Date.now(), 3600));
  cache.set('b', token('b', Date.now(), 3600));
  cache.invalidate('a');
  assert.equal(cache.peek('a'), undefined);
  assert.ok(cache.peek('b'));
  cache.invalidate();
  assert.equal(cache.peek('b'), undefined);
  assert.equal(cache.remainingSeconds('b'), undefined);
});

test('an exchange started before invalidate() does not store its token, and later callers start anew', async () => {
  const cache = new TokenCache();
  let release!: () => void;
  const stale = cache.get('k', () => new Promise<TokenResult>((resolve) => { release = () => resolve(token('stale', Date.now(), 3600)); }));
  cache.invalidate('k');
  const fresh = cache.get('k', async () => token('fresh', Date.now(), 3600));
  release();
  assert.equal((await stale).accessToken, 'stale');
  assert.equal((await fresh).accessToken, 'fresh');
  assert.equal(cache.peek('k')?.accessToken, 'fresh');
});
