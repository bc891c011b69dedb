// Issue 12: a hostile token server (W9), a hostile name resolution (W14), hostile profiles (W13, W15).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { isOAuthJwtError } from '../../src/core/errors';
import { nodeHttpClient } from '../../src/core/http';
import { parseProfiles } from '../../src/core/profile';
import { readTokenResponse } from '../../src/core/tokenResponse';
import { escapeCodicons } from '../../src/vscode/codicons';
import { listenLocal, sendJson } from '../../src/sandbox/servers/localServer';
import { cpuMs } from '../support/cpuTime';

describe('W9: the access token must be an RFC 6750 b64token', () => {
  const read = (accessToken: unknown) =>
    readTokenResponse({ status: 200, headers: {}, body: JSON.stringify({ access_token: accessToken, token_type: 'Bearer' }) }, { url: new URL('https://idp.example/token'), flow: 'client-assertion', clock: () => 1_700_000_000_000 });

  test('tokens made of b64token characters are accepted', () => {
    // Salesforce's "<org id>!<token>" too: its tokens hold a "!" (providersOnTheWire.test.ts gets one from its endpoint).
    for (const token of ['opaque-123', 'a.b.c', 'AbC~+/._-', 'dGVzdA==', 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln', '00D5g000000AbCd!AQ4AQJ.x_y']) {
      assert.equal(read(token).accessToken, token);
    }
  });

  test('control characters, terminal escapes, spaces and other characters are refused without repeating the token', () => {
    const hostile = [
      'good\u001b]52;c;ZWNobyBwd25lZA==\u0007', // OSC 52: writes the terminal's clipboard
      'line1\r\nInjected: header',
      'tok\u001b[2J',
      'has space',
      'quote"d',
      'tab\there',
      '\u202eevil', // right-to-left override
      '==leading-padding',
      'zero\u0000byte',
    ];
    for (const token of hostile) {
      assert.throws(() => read(token), (error: unknown) => {
        assert.ok(isOAuthJwtError(error));
        assert.equal(error.code, 'BAD_RESPONSE');
        assert.match(error.message, /access_token/);
        assert.match(error.message, /RFC 6750/);
        assert.ok(!error.message.includes(token) && !error.message.includes('pwd25lZA') && !error.message.includes('Injected'), error.message);
        return true;
      }, JSON.stringify(token));
    }
  });
});

describe('W14: plain http: only when the connection really goes to a loopback address', () => {
  /** Resolves "localhost" to `address` for the duration of `run` (0.0.0.0 is this host on Linux: nothing leaves the machine). */
  async function withLocalhostAt<T>(address: string, run: () => Promise<T>): Promise<T> {
    const original = dns.lookup;
    const family = address.includes(':') ? 6 : 4;
    (dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback: unknown) => {
      const done = (typeof options === 'function' ? options : callback) as (error: Error | null, address: unknown, family?: number) => void;
      if (hostname !== 'localhost') return original(hostname, options as dns.LookupOptions, done as never);
      const all = typeof options === 'object' && options !== null && (options as dns.LookupOptions).all;
      process.nextTick(() => (all ? done(null, [{ address, family }]) : done(null, address, family)));
    };
    try {
      return await run();
    } finally {
      (dns as { lookup: unknown }).lookup = original;
    }
  }

  test('"localhost" resolving to a non-loopback address is refused before connecting', async () => {
    let connections = 0;
    const server = await listenLocal((_request, res) => sendJson(res, 200, { access_token: 'x' }));
    server.server.on('connection', () => connections++);
    try {
      const error = await withLocalhostAt('0.0.0.0', () => nodeHttpClient.request({ method: 'POST', url: `http://localhost:${server.port}/token`, body: 'a=b', timeoutMs: 5000 }).then(
        () => assert.fail('the request was sent'),
        (e: unknown) => e,
      ));
      assert.ok(isOAuthJwtError(error), String(error));
      assert.equal(error.code, 'INSECURE_URL');
      assert.match(error.message, /localhost/);
      assert.match(error.message, /not a loopback address/);
      assert.equal(connections, 0, 'no connection was made');
    } finally {
      await server.close();
    }
  });

  test('"localhost" resolving to 127.0.0.1 still works, and https: is not affected', async () => {
    const server = await listenLocal((_request, res) => sendJson(res, 200, { access_token: 'x' }));
    try {
      const response = await withLocalhostAt('127.0.0.1', () => nodeHttpClient.request({ method: 'GET', url: `http://localhost:${server.port}/token`, timeoutMs: 5000 }));
      assert.equal(response.status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('W13: profile parsing is linear in the number of profiles', () => {
  const profiles = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `profile ${i}`, flow: 'client-assertion', tokenUrl: 'https://idp.example/token', clientId: `c${i}` }));
  // CPU time: on a loaded machine the wall clock once made the linear parser look 80× slower.
  const fastest = (list: unknown[]) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = cpuMs();
      const { profiles: parsed, errors } = parseProfiles(list);
      best = Math.min(best, cpuMs() - started);
      assert.equal(parsed.length + errors.length, list.length);
    }
    return best;
  };

  test('20 000 profiles take about 10 times the CPU time of 2 000 (the quadratic parser: 110 times; the bound is 50)', () => {
    const small = profiles(2_000);
    const large = profiles(20_000);
    fastest(small); // warm up
    const largeMs = fastest(large);
    const ratio = largeMs / Math.max(fastest(small), 0.5);
    assert.ok(ratio < 50, `20 000 profiles took ${ratio.toFixed(1)} times the CPU time of 2 000`);
    assert.ok(largeMs < 2000, `20 000 profiles took ${largeMs.toFixed(0)} ms of CPU time (the quadratic parser took 4.4 s)`);
  });

  test('a repeated name is still reported once per repeat, the first profile winning', () => {
    const { profiles: parsed, errors } = parseProfiles([...profiles(3), { name: 'profile 1', flow: 'workfront', tokenUrl: 'https://x/t' }]);
    assert.equal(parsed.length, 3);
    assert.equal(parsed[1]!.flow, 'client-assertion');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /Two profiles are named "profile 1"/);
  });
});

describe('W15: codicon syntax in a profile name is shown as text', () => {
  test('every $( is escaped, so no icon is rendered', () => {
    assert.equal(escapeCodicons('$(check) 59:58'), '\\$(check) 59:58');
    assert.equal(escapeCodicons('a $(sync~spin) b $(pass)'), 'a \\$(sync~spin) b \\$(pass)');
    // an escape already in the name does not turn into an icon either
    assert.equal(escapeCodicons('\\$(check)'), '\\\\$(check)');
    assert.equal(escapeCodicons('Workfront (prod) $5'), 'Workfront (prod) $5');
  });
});
