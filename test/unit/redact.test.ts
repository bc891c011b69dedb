import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_KNOWN_SECRET_LENGTH, redact } from '../../src/core/redact';
import { cpuMs } from '../support/cpuTime';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'client', exp: 1700000300 })}.c2lnbmF0dXJlLWJ5dGVz`;
const UNSIGNED = `${b64({ alg: 'none' })}.${b64({ iss: 'client' })}.`;
const JWE = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jcnlwdGVkLWtleQ.aXY.Y2lwaGVydGV4dA.dGFn`;

/** Asserts that none of `secrets` survives and that `kept` is still there, word for word. */
function check(input: string, secrets: string[], kept: string[], known?: string[]): string {
  const out = redact(input, known);
  for (const secret of secrets) assert.ok(!out.includes(secret), `"${secret}" survived in: ${out}`);
  for (const text of kept) assert.ok(out.includes(text), `"${text}" was lost from: ${out}`);
  return out;
}

test('text without secrets is left exactly as it is', () => {
  const plain = [
    'POST https://auth.example.com/token -> 200 OK in 123 ms',
    'grant_type=client_credentials&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&scope=openid',
    '{"token_type": "Bearer", "expires_in": 3600, "scope": "read"}',
    'Authorization failed for this client; Bearer tokens expire.',
    'version 1.2.3 of eyJ.x.y and host a.b.c',
    'The key begins with -----BEGIN but is not shown',
  ].join('\n');
  assert.equal(redact(plain), plain);
  assert.equal(redact(''), '');
});

test('PEM blocks of any kind', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
  const out = check(`before\n${key}\nafter`, ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BEGIN PRIVATE KEY'], ['before\n', '\nafter']);
  assert.equal(out, 'before\n[redacted PEM]\nafter');
  check('-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY----- and -----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----',
    ['MIIabc', 'MIIcert'], [' and ']);
});

test('PEM inside JSON with escaped line breaks (a service-account file)', () => {
  const json = '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIsecretbody\\n-----END PRIVATE KEY-----\\n", "client_email": "sa@example.iam"}';
  check(json, ['MIIsecretbody'], ['"client_email": "sa@example.iam"', '"type": "service_account"']);
});

test('a truncated PEM block (BEGIN without END) is redacted to the end of the text', () => {
  const out = redact('loaded: -----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG\nMIIF');
  assert.equal(out, 'loaded: [redacted PEM]');
});

test('JWTs: signed, unsigned, after "Bearer", inside URL-encoded text', () => {
  assert.equal(redact(`token ${JWT} end`), 'token [redacted JWT] end');
  assert.equal(redact(`token ${UNSIGNED} end`), 'token [redacted JWT] end');
  assert.equal(redact(`(${JWT}).`), '([redacted JWT]).');
  assert.equal(redact(`q=%22${JWT}%22`), 'q=%22[redacted JWT]%22');
  check(`x-jwt:${JWT}`, [JWT.split('.')[1] as string, JWT.split('.')[2] as string], ['x-jwt:']);
});

test('JWEs: all five parts', () => {
  assert.equal(redact(`got ${JWE} back`), 'got [redacted JWE] back');
});

test('dotted text that is not a JWT is left alone', () => {
  for (const text of ['a.b.c', 'www.example.com', 'eyJ.short.x', 'file.eyJhbGciOi.txt', 'v1.2.3-eyJ']) {
    // "file.eyJhbGciOi.txt" has an eyJ part but it is the second of three: no header-payload-signature run follows it.
    assert.equal(redact(text), text, text);
  }
});

test('form bodies and query strings: every sensitive name', () => {
  const names = ['client_secret', 'client_assertion', 'assertion', 'jwt_token', 'access_token', 'refresh_token', 'id_token', 'password', 'passphrase'];
  for (const name of names) {
    assert.equal(redact(`a=1&${name}=s3cr%2Bet-value&b=2`), `a=1&${name}=[redacted]&b=2`, name);
    assert.equal(redact(`https://h/cb?${name}=abc123 next`), `https://h/cb?${name}=[redacted] next`, name);
  }
  // The value ends at a quote too.
  assert.equal(redact(`curl -d 'client_secret=abc' https://h`), `curl -d 'client_secret=[redacted]' https://h`);
});

test('form bodies: neighbouring non-secret parameters are untouched', () => {
  const body = 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&client_id=my-client&assertion_type=x&scope=a+b&assertion=zzz';
  assert.equal(redact(body), body.replace('assertion=zzz', 'assertion=[redacted]'));
});

test('JSON members and printed objects', () => {
  assert.equal(redact('{"access_token": "opaque-123", "token_type": "Bearer"}'), '{"access_token": "[redacted]", "token_type": "Bearer"}');
  assert.equal(redact('{"refresh_token":"with \\"quote\\" inside","n":1}'), '{"refresh_token":"[redacted]","n":1}');
  assert.equal(redact("{ id_token: 'abc', client_secret: \"def\" }"), "{ id_token: '[redacted]', client_secret: \"[redacted]\" }");
  assert.equal(redact('"{\\"access_token\\":\\"zzz\\",\\"x\\":1}"'), '"{\\"access_token\\":\\"[redacted]\\",\\"x\\":1}"');
  assert.equal(redact('{"Authorization": "Bearer abc"}'), '{"Authorization": "[redacted]"}');
});

test('JSON members with other names are left alone', () => {
  const json = '{"token_type": "Bearer", "expires_in": 3600, "token_url": "https://h/token", "access_token_expires": 5}';
  assert.equal(redact(json), json);
});

test('Authorization header lines and curl -H', () => {
  assert.equal(redact('Authorization: Bearer abc.def-ghi'), 'Authorization: Bearer [redacted]');
  assert.equal(redact('authorization: Basic dXNlcjpwYXNz\r\nHost: h'), 'authorization: Basic [redacted]\r\nHost: h');
  assert.equal(redact(`curl -H 'Authorization: Bearer ${'x'.repeat(30)}' https://api`), "curl -H 'Authorization: Bearer [redacted]' https://api");
  assert.equal(redact('curl -H "Authorization: DPoP abc" https://api'), 'curl -H "Authorization: DPoP [redacted]" https://api');
  assert.equal(redact('Proxy-Authorization: Negotiate abc'), 'Proxy-Authorization: Negotiate [redacted]');
  assert.equal(redact('Authorization: someRawApiKey'), 'Authorization: [redacted]');
  assert.equal(redact(`Authorization: Bearer ${JWT}`), 'Authorization: Bearer [redacted JWT]');
});

test('Authorization mentioned without a value is left alone', () => {
  for (const text of ['Authorization failed', 'Authorization:', 'missing Authorization header', 'Content-Type: application/json']) {
    assert.equal(redact(text), text);
  }
});

test('a lone bearer credential; short words after "Bearer" are left alone', () => {
  assert.equal(redact('use Bearer 0123456789abcdefghijABCDEFGHIJ now'), 'use Bearer [redacted] now');
  assert.equal(redact('token_type=bearer 0123456789abcdefghijABCDEFGHIJ'), 'token_type=bearer [redacted]');
  assert.equal(redact('the Bearer scheme'), 'the Bearer scheme');
});

test('known secrets: raw, percent-encoded, form-encoded and JSON-escaped', () => {
  const secret = 'p@ss word/"quoted"+!';
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
  assert.equal(new Set(forms).size, 4, 'the four forms differ, so each is really tested');
  for (const form of forms) {
    assert.equal(redact(`x=${form};`, [secret]), 'x=[redacted];', form);
  }
  check(`{"client_id":"c","note":"${JSON.stringify(secret).slice(1, -1)}"}`, [secret, 'quoted'], ['"client_id":"c"'], [secret]);
});

test('known secrets: the longer one wins when one contains another', () => {
  assert.equal(redact('value: abcdefgh!', ['abcd', 'abcdefgh']), 'value: [redacted]!');
});

test(`known secrets shorter than ${MIN_KNOWN_SECRET_LENGTH} characters are ignored`, () => {
  assert.equal(redact('a bad cab', ['a', 'ab', 'abc']), 'a bad cab');
  assert.equal(redact('the code is abcd', ['abcd']), 'the code is [redacted]');
});

test('known secrets are removed before the patterns can split them', () => {
  // A secret holding "&" would otherwise be cut at the "&" by the form rule and leave its tail.
  const secret = 'first&second-part';
  assert.equal(redact(`client_secret=${secret}&x=1`, [secret]), 'client_secret=[redacted]&x=1');
  assert.equal(redact(`client_secret=${encodeURIComponent(secret)}&x=1`, [secret]), 'client_secret=[redacted]&x=1');
});

test('every rule at once, in a logged exchange', () => {
  const log = [
    `POST https://auth.example.com/token client_id=c&client_secret=topsecret1&jwt_token=${JWT}`,
    'Authorization: Basic Yzp0b3BzZWNyZXQx',
    '{"access_token":"at-1234567890","refresh_token":"rt-0987654321","expires_in":60}',
    '-----BEGIN PRIVATE KEY-----\nMIIkeybody\n-----END PRIVATE KEY-----',
  ].join('\n');
  const out = check(log, ['topsecret1', 'Yzp0b3BzZWNyZXQx', 'at-1234567890', 'rt-0987654321', 'MIIkeybody', JWT.split('.')[2] as string],
    ['POST https://auth.example.com/token client_id=c&', '"expires_in":60'], ['topsecret1']);
  assert.equal(out.split('\n').length, 4, 'line structure is kept');
});

test('hostile input is redacted in linear time', () => {
  const inputs = ['eyJ'.repeat(300_000), 'eyJabcd.'.repeat(120_000), 'a.'.repeat(500_000), '"access_token":"'.repeat(60_000), 'client_secret='.repeat(70_000)];
  for (const input of inputs) {
    const started = cpuMs();
    redact(input, ['abcd']);
    assert.ok(cpuMs() - started < 1000, `took too long on ${input.slice(0, 20)}…`);
  }
});

test('known secrets: a text without "%" or "\\" (the quick look) is redacted exactly as with the full alternation of every form', () => {
  const jwt = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sub":"quick-look"}').toString('base64url')}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1xdWljaw`;
  const secrets = new Set(['s3cret-value', 'value-and-more', 'abcd', 'with space+plus/slash', jwt, 'contains-s3cret-value-inside']);
  const texts = [
    'nothing known here',
    'a s3cret-value and value-and-more overlap: s3cret-value-and-more',
    'abcdabcd abc abcde',
    'with space+plus/slash and with+space%2Bplus',
    `token ${jwt} and its signature alone ${jwt.split('.')[2]}`,
    `only the signature: ${jwt.split('.')[2]}.`,
    'contains-s3cret-value-inside the longer one first',
    `base64 of it: ${Buffer.from('id:s3cret-value').toString('base64')}`,
  ];
  for (const text of texts) {
    // A trailing " %" sends the text down the full path (it cannot complete any %XX escape); the results must agree.
    assert.equal(redact(text, secrets), redact(`${text} %`, secrets).slice(0, -2), text);
  }
  assert.doesNotMatch(redact(texts[1]!, secrets), /s3cret|value-and-more/);
  assert.doesNotMatch(redact(texts[4]!, secrets), /quick|c2lnbmF0dXJl/);
});

test('known secrets: a window that has seen many tokens still writes a log line without compiling every secret\'s JSON form (no pathological work)', () => {
  // The log keeps every token this window received; each new one changes the set, and a line follows.
  const secrets = new Set<string>();
  const started = cpuMs();
  for (let i = 0; i < 30; i++) {
    secrets.add(`eyJhbGciOiJSUzI1NiJ9.${Buffer.alloc(600, i).toString('base64url')}.${Buffer.alloc(256, 255 - i).toString('base64url')}`);
    assert.equal(redact(`[exchange] profile ${i}: token received in 7 ms`, secrets), `[exchange] profile ${i}: token received in 7 ms`);
  }
  assert.ok(cpuMs() - started < 1000, `30 log lines took ${(cpuMs() - started).toFixed(0)} ms of CPU`);
});
