import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeHttpClient, validateEndpointUrl } from '../../src/core/http';
import { OAuthJwtError } from '../../src/core/errors';
import { failsWith } from './assertFailure';
import { closedPortUrl, startFaultServer, startTlsServer, type FaultServer, type TlsServer } from '../servers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, privateKeyPem } from '../../src/core/keys';
import { runCli } from '../support/cli';

function refusal(url: string): OAuthJwtError {
  try {
    validateEndpointUrl(url);
  } catch (error) {
    assert.ok(error instanceof OAuthJwtError);
    assert.ok(error.hint, 'a refusal says what to do');
    return error;
  }
  assert.fail(`${url} was accepted`);
}

describe('validateEndpointUrl', () => {
  test('accepts https anywhere and http on loopback only', () => {
    for (const url of ['https://example.com/oauth2/token', 'http://127.0.0.1:8080/token', 'http://127.9.8.7/t', 'http://[::1]:3000/t', 'http://localhost/t', 'http://LOCALHOST:1/t']) {
      assert.equal(validateEndpointUrl(url).href.toLowerCase(), new URL(url).href.toLowerCase());
    }
  });

  test('refuses plain http to other hosts, including look-alikes of loopback', () => {
    for (const url of ['http://example.com/token', 'http://127.0.0.1.example.com/token', 'http://localhost.example.com/', 'http://10.0.0.1/', 'http://[::2]/']) {
      const error = refusal(url);
      assert.equal(error.code, 'INSECURE_URL', url);
      assert.match(error.hint!, /https:/);
    }
  });

  test('refuses other schemes, user info, fragments and garbage', () => {
    const cases: [string, RegExp][] = [
      ['file:///etc/passwd', /file:/],
      ['javascript:alert(1)', /javascript:/],
      ['data:text/plain,hello', /data:/],
      ['ftp://example.com/token', /ftp:/],
      ['https://user:hunter2@example.com/token', /user info/],
      ['https://example.com/token#part', /fragment/],
      ['not a url', /not a valid URL/],
      ['', /empty/],
      ['https://', /not a valid URL|no host/],
    ];
    for (const [url, message] of cases) {
      const error = refusal(url);
      assert.equal(error.code, 'INVALID_URL', url);
      assert.match(error.message, message, url);
    }
  });

  test('never repeats a password from the URL in the message', () => {
    const error = refusal('https://user:s3cr3t-pw@example.com/token');
    assert.doesNotMatch(error.describe(), /s3cr3t-pw/);
  });
});

describe('nodeHttpClient against a misbehaving server', () => {
  let faults: FaultServer;
  before(async () => { faults = await startFaultServer({ oversizedBytes: 5 * 1024 * 1024 }); });
  after(async () => { await faults.close(); });

  test('sends the exact method, headers and body, and returns status and body', async () => {
    const response = await nodeHttpClient.request({
      method: 'POST', url: faults.urlFor('invalid-client'), timeoutMs: 2000,
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=%C3%A9',
    });
    assert.equal(response.status, 401);
    assert.deepEqual(JSON.parse(response.body), { error: 'invalid_client', error_description: 'client authentication failed' });
    const seen = faults.requests.at(-1)!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.body, 'a=1&b=%C3%A9');
    assert.equal(seen.headers['content-length'], '12');
    assert.equal(seen.headers.accept, 'application/json');
  });

  test('returns a 302 as is and never follows it', async () => {
    const response = await nodeHttpClient.request({ method: 'POST', url: faults.urlFor('redirect'), timeoutMs: 2000, body: 'x=1' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.location, `${faults.redirectTarget.url}/token?session=do-not-show`);
    assert.equal(faults.redirectTarget.requests.length, 0);
  });

  test('a server that never answers ends in TIMEOUT shortly after the timeout', async () => {
    const started = Date.now();
    const error = await failsWith(nodeHttpClient.request({ method: 'GET', url: faults.urlFor('stall'), timeoutMs: 700 }), 'TIMEOUT');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 650 && elapsed < 1500, `took ${elapsed} ms`);
    assert.match(error.message, /127\.0\.0\.1:\d+/);
  });

  test('aborting the signal ends in CANCELLED at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await failsWith(nodeHttpClient.request({ method: 'GET', url: faults.urlFor('stall'), timeoutMs: 10_000, signal: controller.signal }), 'CANCELLED');
    assert.ok(Date.now() - started < 1000);
  });

  test('an already aborted signal sends nothing', async () => {
    const before = faults.requests.length;
    const controller = new AbortController();
    controller.abort();
    const error = await nodeHttpClient.request({ method: 'GET', url: faults.urlFor('html'), timeoutMs: 2000, signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof OAuthJwtError && error.code === 'CANCELLED');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(faults.requests.length, before);
  });

  test('an oversized streamed body ends in RESPONSE_TOO_LARGE and the socket is closed early', async () => {
    await failsWith(nodeHttpClient.request({ method: 'GET', url: faults.urlFor('oversized'), timeoutMs: 5000, maxBytes: 64 * 1024 }), 'RESPONSE_TOO_LARGE');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(faults.oversized.completed, false);
    assert.equal(faults.oversized.clientClosedEarly, true);
    assert.ok(faults.oversized.bytesWritten < 5 * 1024 * 1024, `server wrote ${faults.oversized.bytesWritten} bytes`);
  });

  test('the default cap (1 MB) applies when none is given', async () => {
    await failsWith(nodeHttpClient.request({ method: 'GET', url: faults.urlFor('oversized'), timeoutMs: 5000 }), 'RESPONSE_TOO_LARGE');
  });

  test('a refused connection ends in NETWORK naming the host', async () => {
    const url = await closedPortUrl();
    const error = await failsWith(nodeHttpClient.request({ method: 'POST', url, timeoutMs: 2000, body: 'client_secret=do-not-echo' }), 'NETWORK');
    assert.match(error.message, /ECONNREFUSED/);
    assert.match(error.message, new RegExp(new URL(url).host.replace(/\./g, '\\.')));
    assert.doesNotMatch(error.describe(), /do-not-echo/);
  });

  test('plain http to a non-loopback host is refused before any traffic', async () => {
    await failsWith(nodeHttpClient.request({ method: 'GET', url: 'http://example.com/token', timeoutMs: 1000 }), 'INSECURE_URL');
  });
});

describe('nodeHttpClient over TLS', () => {
  let tls: TlsServer;
  before(async () => { tls = await startTlsServer(); });
  after(async () => { await tls.close(); });

  test('an untrusted certificate ends in TLS with a hint about configuring the CA', async () => {
    const error = await failsWith(nodeHttpClient.request({ method: 'GET', url: `${tls.url}/token`, timeoutMs: 2000 }), 'TLS');
    assert.match(error.hint!, /CA/);
  });

  test('`ca` adds the server\'s CA to the trusted ones; verification stays on', async () => {
    const response = await nodeHttpClient.request({ method: 'GET', url: `${tls.url}/token`, timeoutMs: 2000, ca: tls.caPem });
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(response.body).access_token, 'tls-ok');
  });

  test('a CA that did not sign the server\'s certificate does not help', async () => {
    const other = await startTlsServer();
    try {
      const error = await failsWith(nodeHttpClient.request({ method: 'GET', url: `${tls.url}/token`, timeoutMs: 2000, ca: other.caPem }), 'TLS');
      assert.match(error.message, /could not be verified \([A-Z_]+\), by the default CAs or by the extra trusted CA/);
    } finally {
      await other.close();
    }
  });

  // The extra CA is tried alone first (building a context of the ~140 bundled roots plus it blocked
  // the event loop for 50–150 ms per request); the default CAs still count. They include
  // NODE_EXTRA_CA_CERTS, read at start-up: hence a process of its own (the CLI).
  test('with an extra CA that did not sign it, a certificate the default CAs trust is still accepted (NODE_EXTRA_CA_CERTS, in the CLI)', async () => {
    const other = await startTlsServer();
    const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-ca-'));
    try {
      writeFileSync(join(dir, 'server-ca.pem'), tls.caPem);
      writeFileSync(join(dir, 'other-ca.pem'), other.caPem);
      writeFileSync(join(dir, 'key.pem'), privateKeyPem(await generateKeyPair({ type: 'ec', curve: 'P-256' })), { mode: 0o600 });
      const args = ['token', '--flow', 'client-assertion', '--token-url', `${tls.url}/token`, '--client-id', 'c', '--key', join(dir, 'key.pem'), '--ca', join(dir, 'other-ca.pem')];
      const refused = await runCli(args);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /by the default CAs or by the extra trusted CA/);
      const run = await runCli(args, { env: { NODE_EXTRA_CA_CERTS: join(dir, 'server-ca.pem') } });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), 'tls-ok');
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
