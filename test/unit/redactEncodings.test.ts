// Issue 12 W8: "every secret value, in any encoding" — each known kind of secret in each encoding a log
// line, a curl command or a server's echo may hold it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { isOAuthJwtError } from '../../src/core/errors';
import { redact } from '../../src/core/redact';
import { readTokenResponse } from '../../src/core/tokenResponse';
import { cpuMs } from '../support/cpuTime';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = Buffer.from('s'.repeat(256)).toString('base64url');
const JWT = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64url({ iss: 'client', sub: 'client', aud: 'https://idp.example/token', exp: 1700000300, jti: 'j' })}.${signature}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const JWK = JSON.stringify(privateKey.export({ format: 'jwk' }));

/** Every kind of secret the extension and the CLI know about. */
const KINDS: Record<string, string> = {
  'client secret': 'S3cr/t+"quoted" é€ x!&y=z',
  'opaque access token': 'at_0123456789-abcdefghij.KLMNOP~+/=',
  'JWT (assertion or access token)': JWT,
  'PEM private key': PEM,
  'private JWK': JWK,
};

const percentLower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
/** JSON as an encoder that escapes everything but letters and digits writes it (Python's ensure_ascii and more). */
const jsonAllEscaped = (s: string) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''))).join('');

/** Every encoding of one secret. */
const FORMS: Record<string, (s: string) => string> = {
  'raw': (s) => s,
  'percent-encoded': encodeURIComponent,
  'lower-case percent-encoding': (s) => percentLower(encodeURIComponent(s)),
  'double percent-encoding': (s) => encodeURIComponent(encodeURIComponent(s)),
  'lower-case double percent-encoding': (s) => percentLower(encodeURIComponent(encodeURIComponent(s))),
  'form-encoded': (s) => new URLSearchParams({ s }).toString().slice(2),
  'JSON string': (s) => JSON.stringify(s).slice(1, -1),
  'JSON with \\/': (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
  'JSON with \\u escapes': jsonAllEscaped,
  'Basic base64(id:secret)': (s) => `Basic ${Buffer.from(`client-id:${s}`).toString('base64')}`,
  'base64': (s) => Buffer.from(s).toString('base64'),
  'base64url': (s) => Buffer.from(s).toString('base64url'),
  'base64 at the other alignments': (s) => Buffer.from(`x${s}`).toString('base64') + ' ' + Buffer.from(`xy${s}`).toString('base64'),
};

/** Fails when any 12-character window of `piece` (or all of it, when shorter) survives in `out` (and was not in `template`). */
function assertGone(out: string, piece: string, template: string, label: string): void {
  const size = Math.min(12, piece.length);
  for (let i = 0; i + size <= piece.length; i++) {
    const window = piece.slice(i, i + size);
    if (template.includes(window)) continue;
    assert.ok(!out.includes(window), `${label}: "${window}" survived in: ${out.slice(0, 400)}`);
  }
}

describe('W8: every known secret, in every encoding, with text around it', () => {
  for (const [kind, secret] of Object.entries(KINDS)) {
    for (const [name, encode] of Object.entries(FORMS)) {
      test(`${kind}: ${name}`, () => {
        const form = encode(secret);
        const template = 'POST https://idp.example/token -> 401 {"detail":"<>"} and more';
        const out = redact(template.replace('<>', form), [secret]);
        assertGone(out, form, template, `${kind} / ${name}`);
        assertGone(out, secret, template, `${kind} / ${name} (raw)`);
        assert.ok(out.startsWith('POST https://idp.example/token -> 401 {"detail":"'), out.slice(0, 80));
        assert.ok(out.endsWith('"} and more'), out.slice(-80));
      });
    }

    test(`${kind}: echoed by a server past the 300-character cut of error_description`, () => {
      const description = `${'x'.repeat(285)} ${secret}`;
      assert.throws(
        () => readTokenResponse({ status: 400, headers: {}, body: JSON.stringify({ error: 'invalid_client', error_description: description }) }, { url: new URL('https://idp.example/token'), flow: 'client-assertion', clock: Date.now, knownSecrets: [secret] }),
        (error: unknown) => {
          assert.ok(isOAuthJwtError(error));
          const shown = `${error.message} ${error.hint ?? ''} ${JSON.stringify(error)}`;
          assertGone(shown, secret.slice(0, 40), 'x'.repeat(300), kind);
          return true;
        },
      );
    });
  }
});

describe('W8: secrets recognised by their shape, without being known', () => {
  const [header, payload, sig] = JWT.split('.') as [string, string, string];

  test('a JWT with percent-encoded dots, upper or lower case, or double-encoded', () => {
    for (const dot of ['%2E', '%2e', '%252E', '%252e']) {
      const out = redact(`url?token=${header}${dot}${payload}${dot}${sig}&next=1`);
      assert.equal(out, 'url?token=[redacted JWT]&next=1', dot);
    }
  });

  test('a JWT wrapped over lines (with or without indentation), the next line kept', () => {
    const wrapped = JWT.match(/.{1,64}/g)!;
    for (const joiner of ['\n', '\r\n', '\n    ']) {
      const out = redact(`token:\n${wrapped.join(joiner)}\n-- end --`);
      for (const piece of [payload.slice(10, 40), sig.slice(10, 40), sig.slice(-20)]) assert.ok(!out.includes(piece), `${JSON.stringify(joiner)}: ${out}`);
      assert.ok(out.startsWith('token:\n[redacted JWT]'), out);
      assert.ok(out.endsWith('\n-- end --'), out);
    }
  });

  test('two JWTs on consecutive lines are both redacted', () => {
    const out = redact(`${JWT}\n${JWT}\n`);
    assert.equal(out, '[redacted JWT]\n[redacted JWT]\n');
  });

  test('a bare signature is redacted when its JWT is a known secret', () => {
    assert.equal(redact(`bad signature ${sig} here`, [JWT]), 'bad signature [redacted] here');
  });

  test('a PEM block URL-encoded or form-encoded, and a bare PEM body without BEGIN/END', () => {
    const body = PEM.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const text of [encodeURIComponent(PEM), percentLower(encodeURIComponent(PEM)), new URLSearchParams({ s: PEM }).toString().slice(2), body.join('\n'), body.join(''), body.join('\\n')]) {
      const out = redact(`key=${text} end`);
      for (const line of body.slice(0, -1)) assert.ok(!out.includes(line.slice(0, 20)) && !out.includes(encodeURIComponent(line).slice(0, 20)), out.slice(0, 200));
      assert.ok(out.startsWith('key='), out.slice(0, 40));
      assert.ok(out.endsWith(' end'), out.slice(-40));
    }
  });

  test('private JWK members d, p, q, dp, dq, qi and k, in JSON and in JSON inside a string', () => {
    const jwk = JSON.parse(JWK) as Record<string, string>;
    const secretKey = { kty: 'oct', k: 'c2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5' };
    for (const text of [JWK, JSON.stringify(JWK), JSON.stringify(secretKey), JSON.stringify(jwk, null, 2)]) {
      const out = redact(text);
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!out.includes(jwk[member]!.slice(0, 16)), `${member} survived`);
      assert.ok(!out.includes(secretKey.k), 'k survived');
      assert.ok(out.includes(jwk.n!.slice(0, 40)) || text.includes('oct'), 'the public modulus is kept');
    }
  });
});

test('W8: the new rules stay linear on hostile input, with known secrets', () => {
  const inputs = [
    'ab\n'.repeat(200_000),
    'eyJab\n  '.repeat(100_000),
    'a%2E'.repeat(200_000),
    `MI${'A'.repeat(62)}${'\nAAAA'.repeat(100_000)}`,
    '"d":"'.repeat(100_000),
    'Zm9v'.repeat(200_000),
    '\\u0041'.repeat(100_000),
    '%25%32'.repeat(100_000),
  ];
  for (const input of inputs) {
    const started = cpuMs();
    redact(input, [KINDS['client secret']!, KINDS['opaque access token']!, JWT]);
    assert.ok(cpuMs() - started < 1500, `took too long on ${JSON.stringify(input.slice(0, 20))}…`);
  }
});
