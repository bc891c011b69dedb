import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertionPreview, JTI_PLACEHOLDER } from '../../src/shared/assertionPreview';
import { base64url, encodeParts, fromBase64url } from '../../media/claimEditor/encoding';
import { formatJson, parseObject } from '../../media/claimEditor/jsonText';
import { changeKind, objectFromRows, rowsFromObject, rowValue, type Row } from '../../media/claimEditor/rows';
import { describeJwtTime, jwtDate, relativeTime } from '../../src/shared/jwtTime';
import { tokenBadges } from '../../media/claimEditor/tokenStatus';

describe('form ⇄ JSON', () => {
  const claims = { iss: 'client', n: 42, admin: false, aud: ['a', 'b'], nested: { x: null }, empty: '' };

  test('rows from an object and back give the same object, in the same order', () => {
    const rows = rowsFromObject(claims);
    assert.deepEqual(rows.map((r) => [r.name, r.kind, r.text]), [
      ['iss', 'string', 'client'], ['n', 'number', '42'], ['admin', 'boolean', 'false'],
      ['aud', 'json', '["a","b"]'], ['nested', 'json', '{"x":null}'], ['empty', 'string', ''],
    ]);
    const back = objectFromRows(rows);
    assert.ok(back.ok);
    assert.equal(JSON.stringify(back.value), JSON.stringify(claims));
    assert.deepEqual(parseObject(formatJson(claims)), { ok: true, value: claims });
  });

  test('typed values: a number row refuses text, a JSON row refuses bad JSON, a string row takes anything', () => {
    assert.deepEqual(rowValue({ name: 'n', kind: 'number', text: ' 1.5e3 ' }), { ok: true, value: 1500 });
    assert.equal(rowValue({ name: 'n', kind: 'number', text: '12abc' }).ok, false);
    assert.equal(rowValue({ name: 'n', kind: 'number', text: '0x10' }).ok, false);
    assert.equal(rowValue({ name: 'n', kind: 'number', text: '1e999' }).ok, false);
    assert.equal(rowValue({ name: 'j', kind: 'json', text: '[1,' }).ok, false);
    assert.deepEqual(rowValue({ name: 's', kind: 'string', text: '</script><img src=x onerror=alert(1)>' }), { ok: true, value: '</script><img src=x onerror=alert(1)>' });
  });

  test('problems point at the row and part: empty, repeated and "__proto__" names, bad values', () => {
    const rows: Row[] = [
      { name: 'a', kind: 'string', text: '1' },
      { name: '', kind: 'string', text: '2' },
      { name: 'a', kind: 'number', text: 'x' },
      { name: '__proto__', kind: 'json', text: '{"polluted":true}' },
    ];
    const result = objectFromRows(rows);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems.map((p) => [p.index, p.part]), [[1, 'name'], [2, 'name'], [2, 'value'], [3, 'name']]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('changing a row\'s type keeps the value where it fits', () => {
    assert.deepEqual(changeKind({ name: 'exp', kind: 'string', text: '1700000000' }, 'number'), { name: 'exp', kind: 'number', text: '1700000000' });
    assert.deepEqual(changeKind({ name: 'exp', kind: 'number', text: '5' }, 'string'), { name: 'exp', kind: 'string', text: '5' });
    assert.deepEqual(changeKind({ name: 'b', kind: 'string', text: 'true' }, 'boolean'), { name: 'b', kind: 'boolean', text: 'true' });
    assert.deepEqual(changeKind({ name: 'a', kind: 'string', text: 'x' }, 'json'), { name: 'a', kind: 'json', text: '"x"' });
    assert.deepEqual(changeKind({ name: 'a', kind: 'json', text: '["x"]' }, 'string'), { name: 'a', kind: 'string', text: '["x"]' });
    assert.deepEqual(changeKind({ name: 'a', kind: 'string', text: '["x", 1]' }, 'json'), { name: 'a', kind: 'json', text: '["x", 1]' });
  });

  test('invalid JSON is pointed at by line and column', () => {
    const text = '{\n  "iss": "a",\n  "sub" "b"\n}';
    const parsed = parseObject(text);
    assert.equal(parsed.ok, false);
    assert.deepEqual(!parsed.ok && [parsed.problem.line, parsed.problem.column, parsed.problem.message], [3, 9, '":" expected']);
    const trailing = parseObject('{"a": 1,}');
    assert.deepEqual(!trailing.ok && [trailing.problem.line, trailing.problem.column], [1, 9]);
    const notObject = parseObject('  [1]');
    assert.deepEqual(!notObject.ok && [notObject.problem.line, notObject.problem.column, notObject.problem.message], [1, 3, 'Write a JSON object: {"name": value, …}']);
    assert.equal(parseObject('{"__proto__": {}}').ok, false);
    assert.equal(parseObject('').ok, false);
  });
});

describe('times as people read them', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  test('relative text', () => {
    assert.equal(relativeTime(now, now), 'now');
    assert.equal(relativeTime(now + 300_000, now), 'in 5 minutes');
    assert.equal(relativeTime(now + 1000, now), 'in 1 second');
    assert.equal(relativeTime(now - 7_200_000, now), '2 hours ago');
    assert.equal(relativeTime(now - 86_400_000 * 3, now), '3 days ago');
  });
  test('JWT times as dates, with milliseconds called out', () => {
    assert.equal(jwtDate(now / 1000), '2025-01-01 12:00:00 UTC');
    assert.equal(describeJwtTime(now / 1000 + 300, now), '2025-01-01 12:05:00 UTC (in 5 minutes)');
    assert.match(describeJwtTime(now, now), /looks like milliseconds/);
    assert.equal(describeJwtTime('soon', now), 'not a number');
    assert.equal(describeJwtTime(1e300, now), 'not a readable time');
  });
});

describe('decoded token badges', () => {
  const now = 1_700_000_000_000;
  const ids = (header: Record<string, unknown>, payload: Record<string, unknown>, verified = false) => tokenBadges(header, payload, now, verified).map((b) => b.id);
  test('expired, not yet valid, unsigned, unverified and verified', () => {
    assert.deepEqual(ids({ alg: 'RS256' }, { exp: now / 1000 - 1 }), ['expired', 'unverified']);
    assert.deepEqual(ids({ alg: 'RS256' }, { nbf: now / 1000 + 60, exp: now / 1000 + 600 }), ['not-yet-valid', 'unverified']);
    assert.deepEqual(ids({ alg: 'none' }, {}), ['unsigned', 'unverified']);
    assert.deepEqual(ids({ alg: ' None' }, {}), ['unsigned', 'unverified']);
    assert.deepEqual(ids({ alg: 'RS256' }, { exp: now / 1000 + 60 }, true), ['valid-now', 'verified']);
  });
});

describe('preview encoding', () => {
  test('base64url matches Node\'s for every length and for non-ASCII text', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '{"iss":"é✓😀"}', '\u0000\u00ff', 'x'.repeat(5000)]) {
      assert.equal(base64url(text), Buffer.from(text, 'utf8').toString('base64url'), JSON.stringify(text.slice(0, 20)));
      assert.equal(fromBase64url(base64url(text)), text);
    }
  });

  test('the preview header and payload are what the signer writes: alg first, typ, iat/exp from now and lifetime, jti placeholder', () => {
    const now = 1_700_000_000_500;
    const { header, payload } = assertionPreview({ header: { kid: 'k', typ: 'JWT' }, claims: { iss: 'c', aud: 'a' }, lifetimeSeconds: 300, jti: true }, now, 'ES256');
    assert.equal(JSON.stringify(header), '{"alg":"ES256","typ":"JWT","kid":"k"}');
    assert.equal(JSON.stringify(payload), `{"iss":"c","aud":"a","iat":1700000000,"exp":1700000300,"jti":"${JTI_PLACEHOLDER}"}`);
    const fixed = assertionPreview({ header: { alg: 'PS256' }, claims: { exp: 5, iat: 1, jti: 'mine' }, lifetimeSeconds: 300, jti: true }, now);
    assert.deepEqual(fixed, { header: { alg: 'PS256', typ: 'JWT' }, payload: { exp: 5, iat: 1, jti: 'mine' } });
    const parts = encodeParts(header, payload);
    assert.deepEqual(JSON.parse(Buffer.from(parts.payload, 'base64url').toString()), payload);
  });
});
