import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jwtSpanAt, jwtSpans } from '../../src/core/jwtShape';
import { MAX_TOKEN_CHARS } from '../../src/core/limits';
import { cpuMs } from '../support/cpuTime';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';

test('finds JWTs wherever developers paste them: quotes, Bearer headers, query strings, logs, a sentence\'s end', () => {
  for (const [line, start] of [
    [`"token": "${JWT}",`, 10],
    [`Authorization: Bearer ${JWT}`, 22],
    [`GET /cb?id_token=${JWT}&state=1`, 17],
    [`12:00:01 got ${JWT}.`, 13],
    [`log.${JWT} end`, 4],
    [JWT, 0],
  ] as const) {
    assert.deepEqual(jwtSpans(line), [{ start, end: start + JWT.length, token: JWT }], line);
  }
  // An unsigned JWT (alg none) has an empty signature part.
  assert.equal(jwtSpans('eyJhbGciOiJub25lIn0.eyJhIjoxfQ.')[0]?.token, 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.');
});

test('not a JWT: a five-part JWE, two parts, a header not starting with eyJ, inside a longer base64url run', () => {
  for (const line of [`${JWT}.cGFydA.dGFn`, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0', 'abc.def.ghi', `x${JWT}`, 'version 1.2.3']) {
    assert.deepEqual(jwtSpans(line), [], line);
  }
});

test('the span under a position, ends included; none between two tokens', () => {
  const line = `a=${JWT} b=${JWT}`;
  assert.equal(jwtSpanAt(line, 2)?.start, 2);
  assert.equal(jwtSpanAt(line, 2 + JWT.length)?.start, 2);
  assert.equal(jwtSpanAt(line, JWT.length + 5)?.start, JWT.length + 5);
  assert.equal(jwtSpanAt(line, 1), undefined);
  assert.equal(jwtSpanAt(line, JWT.length + 3), undefined);
});

test('huge or hostile lines stay cheap: only MAX_TOKEN_CHARS around the position are looked at, linearly', () => {
  const far = `${'x'.repeat(3 * MAX_TOKEN_CHARS)} ${JWT}`;
  assert.equal(jwtSpans(far).length, 0, 'beyond the scanned prefix');
  assert.equal(jwtSpanAt(far, far.length - 3)?.token, JWT);
  const hostile = [`${'eyJ'.repeat(400_000)}`, `eyJa.${'b'.repeat(1_000_000)}`, 'eyJa.b'.repeat(200_000), `${'eyJa.'.repeat(200_000)}`];
  for (const line of hostile) {
    const started = cpuMs();
    jwtSpans(line);
    jwtSpanAt(line, line.length >> 1);
    const spent = cpuMs() - started;
    assert.ok(spent < 300, `${spent} ms for a ${line.length}-character line starting ${line.slice(0, 12)}`);
  }
});
