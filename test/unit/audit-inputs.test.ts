/**
 * Issue 6: the catalogue of bad inputs, core and CLI (the extension's are in
 * test/integration/audit.test.ts). One row per input: what it is, how it is given, and what must
 * come back — an error code whose text says what to do and repeats no secret, or, for hostile
 * values that are legitimate data, proof that they stayed data. Each row is its own test, so a
 * regression names its row. Rows marked "(fixed)" failed before the audit's fixes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuthJwtError, type ErrorCode } from '../../src/core/errors';
import { buildTokenRequest, exchangeToken } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { validateEndpointUrl, type HttpClient, type HttpRequest } from '../../src/core/http';
import { parseJsonc } from '../../src/core/jsonc';
import { parseJsonObject } from '../../src/core/jsonObject';
import { buildJwt, signJwt } from '../../src/core/jwt';
import { decodeJwt } from '../../src/core/jwtDecode';
import { generateKeyPair, importPrivateKey, jwkThumbprint, privateKeyPem, type PrivateKey } from '../../src/core/keys';
import { parseProfile, profilesFromSettings } from '../../src/core/profile';
import { toCurl, toHttpFile } from '../../src/core/requestExport';
import { readTokenResponse } from '../../src/core/tokenResponse';
import { allRuns, assertNoSecretPrinted, CANARY_SECRET, runCli } from '../support/cli';

let key: PrivateKey;
let dir: string;
before(async () => {
  key = await generateKeyPair({ type: 'ec', curve: 'P-256' });
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-audit-'));
  writeFileSync(join(dir, 'private.key'), privateKeyPem(key), { mode: 0o600 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Counts requests: a refused input must send nothing. */
function recordingClient(): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return { sent, request: async (r) => (sent.push(r), { status: 200, headers: {}, body: '{"access_token":"at"}' }) };
}

const base: ExchangeConfig = { flow: 'client-assertion', tokenUrl: 'https://idp.example/token', clientId: 'audit' };

/** Runs `fn` and checks it fails with `code`, says what to do, and quotes none of `secrets`. */
async function refused(fn: () => unknown, code: ErrorCode, message: RegExp, secrets: string[] = []): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof OAuthJwtError, `expected an OAuthJwtError ${code}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, message);
  assert.ok((caught.hint ?? '').length > 10, `says what to do: ${caught.describe()}`);
  for (const secret of secrets) assert.ok(!caught.describe().includes(secret), `repeats a secret: ${caught.describe()}`);
}

/** A token URL is refused before anything is signed or sent, through the whole exchange. */
async function urlRefused(url: string, code: ErrorCode, message: RegExp, secrets: string[] = []): Promise<void> {
  const client = recordingClient();
  await refused(() => validateEndpointUrl(url), code, message, secrets);
  await refused(() => exchangeToken({ ...base, tokenUrl: url }, { key, clientSecret: CANARY_SECRET }, { http: client }), code, message, [...secrets, CANARY_SECRET]);
  assert.equal(client.sent.length, 0, 'nothing was sent');
}

interface Row {
  /** What the input is. */
  input: string;
  check: () => Promise<void>;
}

const rows: Row[] = [
  // ── Token URLs of every forbidden kind (SPEC §6) ──────────────────────────────────────────
  { input: 'URL: plain http: to another host', check: () => urlRefused('http://idp.example.com/token', 'INSECURE_URL', /plain http:/) },
  { input: 'URL: http: to a host that starts like loopback (127.0.0.1.nip.io)', check: () => urlRefused('http://127.0.0.1.nip.io/token', 'INSECURE_URL', /plain http:/) },
  { input: 'URL: http: to localhost.evil.example', check: () => urlRefused('http://localhost.evil.example/token', 'INSECURE_URL', /plain http:/) },
  { input: 'URL: http: to 0.0.0.0 (not loopback)', check: () => urlRefused('http://0.0.0.0:8080/token', 'INSECURE_URL', /plain http:/) },
  { input: 'URL: http: to an IPv4-mapped IPv6 loopback', check: () => urlRefused('http://[::ffff:127.0.0.1]/token', 'INSECURE_URL', /plain http:/) },
  { input: 'URL: user info with a password', check: () => urlRefused('https://admin:hunter2-canary@idp.example/token', 'INVALID_URL', /user info/, ['hunter2-canary']) },
  { input: 'URL: a fragment', check: () => urlRefused('https://idp.example/token#access_token=x', 'INVALID_URL', /fragment/) },
  { input: 'URL: ftp:', check: () => urlRefused('ftp://idp.example/token', 'INVALID_URL', /ftp:/) },
  { input: 'URL: file:', check: () => urlRefused('file:///etc/passwd', 'INVALID_URL', /file:/) },
  { input: 'URL: javascript:', check: () => urlRefused('javascript:alert(document.cookie)', 'INVALID_URL', /javascript:/) },
  { input: 'URL: data:', check: () => urlRefused('data:text/html,<script>alert(1)</script>', 'INVALID_URL', /data:/) },
  { input: 'URL: blank', check: () => urlRefused('   ', 'INVALID_URL', /empty/) },
  { input: 'URL: 9000 characters', check: () => urlRefused(`https://idp.example/${'a'.repeat(9000)}`, 'INVALID_URL', /longer than/) },
  { input: 'URL: no host (https://)', check: () => urlRefused('https://', 'INVALID_URL', /not a valid URL/) },
  { input: 'URL: a sentence, not a URL', check: () => urlRefused('the token endpoint', 'INVALID_URL', /not a valid URL/) },

  // ── Hostile claim and header names and values ──────────────────────────────────────────────
  {
    input: 'profile claims with an own "__proto__" member, through the exchange (fixed: it was dropped silently)',
    check: async () => {
      const client = recordingClient();
      await refused(() => exchangeToken({ ...base, claims: JSON.parse('{"__proto__": {"admin": true}}') }, { key }, { http: client }), 'INVALID_CLAIMS', /"__proto__"/);
      assert.equal(client.sent.length, 0);
    },
  },
  {
    input: 'profile header with an own "__proto__" member, through the exchange (fixed: it was dropped silently)',
    check: () => refused(() => buildTokenRequest({ ...base, header: JSON.parse('{"__proto__": {"kid": "evil"}}') }, { key }, {}), 'INVALID_CLAIMS', /header.*"__proto__"/),
  },
  { input: 'buildJwt: "__proto__" nested inside a claim', check: () => refused(() => buildJwt({ claims: JSON.parse('{"ctx": {"__proto__": {"admin": true}}}') }), 'INVALID_CLAIMS', /"__proto__"/) },
  {
    input: 'buildJwt and sign: a "constructor" claim is ordinary data, signed as given, polluting nothing',
    check: async () => {
      const { header, payload } = buildJwt({ claims: JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "toString": "x"}') });
      const token = await signJwt(header, payload, key);
      assert.deepEqual(decodeJwt(token).payload.constructor, { prototype: { polluted: true } });
      assert.equal(({} as { polluted?: boolean }).polluted, undefined);
      assert.equal(typeof ({}).toString, 'function');
    },
  },
  { input: 'profile claims: a fixed "jti" would replay one JWT', check: () => refused(() => buildTokenRequest({ ...base, claims: { jti: 'same-every-time' } }, { key }, {}), 'INVALID_OPTION', /"claims\.jti"/) },
  { input: 'claims: "nbf" in milliseconds', check: () => refused(() => buildJwt({ claims: { nbf: Date.now() } }), 'INVALID_CLAIMS', /milliseconds/) },
  { input: 'claims: a circular object cannot be JSON', check: async () => {
    const claims: Record<string, unknown> = { a: 1 };
    claims.self = claims;
    await refused(async () => signJwt({}, claims, key), 'INVALID_CLAIMS', /cannot be written as JSON/);
  } },
  { input: 'claims: 100 000 levels deep', check: async () => {
    const claims = parseJsonObject(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, '--claims');
    await refused(async () => signJwt({}, claims, key), 'INVALID_CLAIMS', /cannot be written as JSON/);
  } },
  { input: 'header: "crit" (an extension the signer would claim to understand)', check: () => refused(() => signJwt({ crit: ['exp'] }, {}, key), 'INVALID_CLAIMS', /"crit"/) },
  { input: 'header: "b64": false (fixed: it read as a problem with the key)', check: () => refused(() => signJwt({ b64: false, crit: ['b64'] }, {}, key), 'INVALID_CLAIMS', /"b64" member/) },

  // ── Profiles: missing, wrong-typed and hostile fields ──────────────────────────────────────
  { input: 'profile: a name of spaces', check: () => refused(() => parseProfile({ ...base, name: '   ' }), 'PROFILE_INVALID', /"name"/) },
  { input: 'profile: a tokenUrl of spaces', check: () => refused(() => parseProfile({ ...base, name: 'p', tokenUrl: '  ' }), 'PROFILE_INVALID', /"tokenUrl"/) },
  { input: 'profile: a negative lifetime', check: () => refused(() => parseProfile({ ...base, name: 'p', lifetimeSeconds: -5 }), 'PROFILE_INVALID', /"lifetimeSeconds"/) },
  { input: 'profile: a lifetime of 1e400 (Infinity after parsing)', check: () => refused(() => parseProfile(parseJsonc(`{"name":"p","flow":"jwt-bearer","tokenUrl":"https://x.example/t","lifetimeSeconds":1e400}`, 'x')), 'PROFILE_INVALID', /"lifetimeSeconds"/) },
  { input: 'profile: an audience list with a number in it', check: () => refused(() => parseProfile({ ...base, name: 'p', audience: ['https://a.example', 3] }), 'PROFILE_INVALID', /"audience"/) },
  { input: 'profile: claims nested 40 levels', check: () => refused(() => parseProfile({ ...base, name: 'p', claims: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) }), 'PROFILE_INVALID', /nested too deeply/) },
  { input: 'profile: an object whose prototype is not Object\'s', check: () => refused(() => parseProfile(Object.create({ name: 'inherited', flow: 'workfront', tokenUrl: 'https://evil.example/t' })), 'PROFILE_INVALID', /not an object/) },
  {
    input: 'settings file nested 5000 levels deep (fixed: the parser overflowed the stack)',
    check: () => refused(() => profilesFromSettings(`{"oauthJwt.profiles":[${'['.repeat(5000)}${']'.repeat(5000)}]}`), 'INVALID_JSON', /nested more than 64 levels/),
  },
  { input: 'settings file: a "__proto__" profile list', check: async () => {
    const { profiles, errors } = profilesFromSettings('{"oauthJwt.profiles": [{"__proto__": {"name": "x", "flow": "workfront", "tokenUrl": "https://evil.example/t"}}]}');
    assert.equal(profiles.length, 0);
    assert.match(errors[0]!.message, /no "name"/);
  } },

  // ── Keys, JWKs and token responses ────────────────────────────────────────────────────────
  { input: 'private JWK with "kty": "toString" (fixed: a TypeError escaped)', check: () => refused(() => importPrivateKey('{"kty": "toString", "d": "AAAA"}'), 'UNSUPPORTED_KEY', /not an RSA, EC or Ed25519 key/) },
  { input: 'JWK thumbprint of "kty": "constructor" (fixed: it returned a thumbprint of nothing)', check: () => refused(() => jwkThumbprint({ kty: 'constructor' }), 'INVALID_JWK', /no supported "kty"/) },
  { input: 'PEM: a private key block with its body cut to one line', check: () => refused(() => importPrivateKey('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'), 'INVALID_PEM', /./) },
  {
    input: 'token response: expires_in 1e20 (fixed: the expiry broke Date and failed the exchange after the token arrived)',
    check: async () => {
      const token = readTokenResponse({ status: 200, headers: {}, body: '{"access_token":"at","expires_in":1e20}' }, { url: new URL(base.tokenUrl), flow: 'client-assertion', clock: Date.now });
      assert.equal(token.expiresAt, undefined, 'an absurd lifetime counts as unknown');
      const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from('{"exp":1e20}').toString('base64url')}.x`;
      const fromJwt = readTokenResponse({ status: 200, headers: {}, body: JSON.stringify({ access_token: jwt }) }, { url: new URL(base.tokenUrl), flow: 'client-assertion', clock: Date.now });
      assert.equal(fromJwt.expiresAt, undefined);
    },
  },
  { input: 'token response: a "__proto__" member holding the access_token', check: () => refused(() => readTokenResponse({ status: 200, headers: {}, body: '{"__proto__": {"access_token": "inherited"}}' }, { url: new URL(base.tokenUrl), flow: 'client-assertion', clock: Date.now }), 'NO_ACCESS_TOKEN', /members: __proto__/) },
  { input: 'token response: an "error" that is an object', check: () => refused(() => readTokenResponse({ status: 400, headers: {}, body: '{"error": {"code": 1}}' }, { url: new URL(base.tokenUrl), flow: 'client-assertion', clock: Date.now }), 'HTTP_STATUS', /answered 400/) },
  {
    input: 'request export: parameters named "toString" and "valueOf" (fixed: they became $undefined)',
    check: async () => {
      const request: HttpRequest = { method: 'POST', url: base.tokenUrl, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'toString=a&valueOf=b&client_secret=s3cr3t', timeoutMs: 1000 };
      const curl = toCurl(request);
      assert.match(curl, /--data-urlencode 'toString=a'/);
      assert.match(curl, /--data-urlencode 'valueOf=b'/);
      assert.doesNotMatch(curl, /undefined|s3cr3t/);
      const http = toHttpFile(request);
      assert.match(http, /toString=a&valueOf=b&client_secret=\{\{clientSecret\}\}/);
      assert.doesNotMatch(http, /undefined/);
    },
  },
];

/** CLI rows: arguments, the exit code, and what stderr (or stdout, on success) must say. */
const cliRows: Array<{ input: string; args: (d: string) => string[]; code: number; output: RegExp; files?: Record<string, string> }> = [
  { input: 'CLI: the command "constructor" (fixed: a TypeError, exit 1)', args: () => ['constructor'], code: 2, output: /unknown command "constructor"/ },
  { input: 'CLI: the command "__proto__" (fixed)', args: () => ['__proto__'], code: 2, output: /unknown command "__proto__"/ },
  { input: 'CLI: the command "toString" (fixed)', args: () => ['toString', '--help'], code: 2, output: /unknown command "toString"/ },
  { input: 'CLI: sign --claims with "__proto__"', args: (d) => ['sign', '--key', join(d, 'private.key'), '--claims', '{"__proto__": {"admin": true}}'], code: 1, output: /"__proto__" member, which is refused/ },
  { input: 'CLI: sign --header with "__proto__"', args: (d) => ['sign', '--key', join(d, 'private.key'), '--header', '{"__proto__": {"alg": "none"}}'], code: 1, output: /"__proto__" member, which is refused/ },
  { input: 'CLI: sign --claims with "constructor" is signed as data', args: (d) => ['sign', '--key', join(d, 'private.key'), '--claims', '{"constructor": {"prototype": {"x": 1}}}'], code: 0, output: /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/ },
  { input: 'CLI: sign --header with "crit"', args: (d) => ['sign', '--key', join(d, 'private.key'), '--header', '{"crit": ["exp"]}'], code: 1, output: /"crit"/ },
  { input: 'CLI: token --param __proto__=x', args: (d) => ['token', '--flow', 'client-assertion', '--token-url', 'https://idp.example/t', '--key', join(d, 'private.key'), '--client-id', 'c', '--param', '__proto__=x'], code: 2, output: /"__proto__" is not allowed/ },
  { input: 'CLI: token --claims with a fixed iat', args: (d) => ['token', '--flow', 'client-assertion', '--token-url', 'https://idp.example/t', '--key', join(d, 'private.key'), '--client-id', 'c', '--claims', '{"iat": 1}'], code: 1, output: /"claims\.iat" is set to a fixed value/ },
  { input: 'CLI: token --token-url with a fragment', args: (d) => ['token', '--flow', 'client-assertion', '--token-url', 'https://127.0.0.1:1/t#frag', '--key', join(d, 'private.key'), '--client-id', 'c'], code: 1, output: /fragment/ },
  { input: 'CLI: token --timeout 0', args: (d) => ['token', '--flow', 'client-assertion', '--token-url', 'https://idp.example/t', '--key', join(d, 'private.key'), '--client-id', 'c', '--timeout', '0'], code: 2, output: /--timeout/ },
  {
    input: 'CLI: token --profile whose claims hold "__proto__" in a checked-in settings.json',
    files: { '.vscode/settings.json': '{ "oauthJwt.profiles": [ { "name": "p", "flow": "client-assertion", "tokenUrl": "https://idp.example/t", "clientId": "c", "claims": { "__proto__": { "admin": true } } } ] }' },
    args: (d) => ['token', '--profile', 'p', '--workspace', d, '--key', join(d, 'private.key')], code: 1, output: /"__proto__", which is not allowed/,
  },
  {
    input: 'CLI: token --profile from a settings.json nested 5000 levels (fixed: "unexpected RangeError")',
    files: { '.vscode/settings.json': `{ "oauthJwt.profiles": ${'['.repeat(5000)}${']'.repeat(5000)} }` },
    args: (d) => ['token', '--profile', 'p', '--workspace', d, '--key', join(d, 'private.key')], code: 1, output: /nested more than 64 levels/,
  },
  { input: 'CLI: verify against a JWKS whose key has "kty": "toString"', files: { 'jwks.json': '{"keys": [{"kty": "toString"}]}' }, args: (d) => ['verify', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln', '--jwks', join(d, 'jwks.json')], code: 1, output: /JWKS/ },
];

describe('bad inputs: core', () => {
  for (const row of rows) test(row.input, row.check);
});

describe('bad inputs: CLI', () => {
  let n = 0;
  for (const row of cliRows) {
    test(row.input, async () => {
      const work = join(dir, `cli-${n++}`);
      for (const [path, text] of Object.entries({ ...row.files, 'private.key': privateKeyPem(key) })) {
        const full = join(work, path);
        mkdirSync(join(full, '..'), { recursive: true });
        writeFileSync(full, text);
      }
      const run = await runCli(row.args(work), { cwd: work });
      assert.equal(run.code, row.code, `${run.stderr}`);
      assert.match(row.code === 0 ? run.stdout : run.stderr, row.output, run.stderr);
      assert.doesNotMatch(run.stderr, /unexpected|TypeError|RangeError|at .*\.js:\d+/, 'no crash, no stack trace');
    });
  }

  test('no CLI row printed the client secret or a private key', () => {
    assertNoSecretPrinted([CANARY_SECRET], [privateKeyPem(key)]);
    assert.ok(allRuns.length >= cliRows.length);
  });
});

test('the catalogue holds at least 40 distinct inputs', () => {
  const names = [...rows.map((r) => r.input), ...cliRows.map((r) => r.input)];
  assert.equal(new Set(names).size, names.length, 'every row is a distinct input');
  assert.ok(names.length >= 40, `${names.length} rows`);
});
