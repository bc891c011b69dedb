import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeName, parseSubject } from '../../src/core/distinguishedName';

test('parses openssl -subj form in order, with escaped slashes', () => {
  assert.deepEqual(parseSubject('/CN=my-app/O=Example\\/Sub Ltd/C=GB'), [
    { type: 'CN', value: 'my-app' },
    { type: 'O', value: 'Example/Sub Ltd' },
    { type: 'C', value: 'GB' },
  ]);
});

test('known answer: /CN=a/C=GB as a DER Name (UTF8String CN, PrintableString C)', () => {
  assert.equal(encodeName(parseSubject('/CN=a/C=GB')).toString('hex'), '3019' + '310a300806035504030c0161' + '310b3009060355040613024742');
});

test('hostile subjects are refused with a message that says what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['CN=x', /must begin with "\/"/],
    ['/CN=', /value of CN is empty/],
    ['/XX=1/CN=a', /"XX" is not a subject attribute/],
    ['/__proto__=1/CN=a', /"__proto__" is not a subject attribute/],
    ['/CN=a\u0000b', /control character/],
    ['/CN=a\nb', /control character/],
    ['/CN=' + 'x'.repeat(65), /longer than 64/],
    ['/O=only', /no CN/],
    ['/CN=a/C=gb', /two-letter country code/],
    ['/CN=a/C=GBR', /longer than 2/],
    ['/CN=a/emailAddress=zoë@example.com', /only ASCII/],
    ['/CN=a\\', /lone backslash/],
    ['/CN=a/noequals', /not of the form TYPE=value/],
    ['/' + 'CN=a/'.repeat(17) + 'CN=b', /more than 16 attributes/],
    ['/CN=' + 'x'.repeat(2000), /longer than 1024 characters/],
  ];
  for (const [subject, message] of cases) {
    assert.throws(() => parseSubject(subject), (error: { code?: string; message?: string; hint?: string }) => {
      assert.equal(error.code, 'INVALID_OPTION', subject);
      assert.match(error.message ?? '', message, subject);
      assert.match(error.hint ?? '', /\/CN=my-app/);
      return true;
    });
  }
});
