import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateSigningRequest, encodeSubjectAltNames } from '../../src/core/csr';
import { generateKeyPair, publicKeyPem } from '../../src/core/keys';

test('known answer: subject alternative names as DER GeneralNames', () => {
  assert.equal(encodeSubjectAltNames(['DNS:a.b', 'IP:192.0.2.1', 'email:x@y', 'URI:u:v']).toString('hex'),
    '3015' + '8203612e62' + '8704c0000201' + '8103784079' + '8603753a76');
});

test('bad subject alternative names are refused by position', () => {
  for (const [names, message] of [
    [['api.example.com'], /name 1 .* no known type/],
    [['DNS:ok.example', 'DNS:bad name'], /name 2 .* not a valid DNS name/],
    [['IP:999.1.1.1'], /not a valid IP name/],
    [['IP:::1'], /not a valid IP name/],
    [['email:nobody'], /not a valid email name/],
    [['constructor:x'], /no known type/],
    [['DNS:' + 'a'.repeat(300)], /not a valid DNS name/],
  ] as const) {
    assert.throws(() => encodeSubjectAltNames(names), (error: { code?: string; message?: string }) => {
      assert.equal(error.code, 'INVALID_OPTION');
      assert.match(error.message ?? '', message);
      return true;
    });
  }
});

test('the request is PEM "CERTIFICATE REQUEST", and a bad subject is refused before signing', async () => {
  const key = await generateKeyPair({ type: 'ec' });
  assert.match(createCertificateSigningRequest(key, { subject: '/CN=app' }), /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----\n$/);
  assert.throws(() => createCertificateSigningRequest(key, { subject: '/CN=a/Q=1' }), { code: 'INVALID_OPTION' });
});

const opensslMissing = spawnSync('openssl', ['version'], { encoding: 'utf8' }).error !== undefined;

describe('openssl req accepts our requests', { skip: opensslMissing ? 'openssl is not installed' : false }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-csr-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const spec of [{ type: 'rsa', bits: 2048 }, { type: 'ec', curve: 'P-256' }, { type: 'ec', curve: 'P-384' }, { type: 'ec', curve: 'P-521' }, { type: 'ed25519' }] as const) {
    test(`${JSON.stringify(spec)}: signature verifies, subject and SANs shown, key matches`, async () => {
      const key = await generateKeyPair(spec);
      const file = join(dir, `${spec.type}-${'curve' in spec ? spec.curve : ''}.csr`);
      writeFileSync(file, createCertificateSigningRequest(key, { subject: '/CN=api-client/O=Example Ltd/C=GB', subjectAltNames: ['DNS:api.example.com', 'IP:192.0.2.7'] }));
      const verified = spawnSync('openssl', ['req', '-verify', '-noout', '-in', file], { encoding: 'utf8' });
      assert.equal(verified.status, 0, verified.stderr);
      assert.match(verified.stdout + verified.stderr, /verify OK|Certificate request self-signature verify OK/);
      const text = spawnSync('openssl', ['req', '-text', '-noout', '-in', file], { encoding: 'utf8' }).stdout;
      assert.match(text, /Subject: CN ?= ?api-client, O ?= ?Example Ltd, C ?= ?GB/);
      assert.match(text, /DNS:api\.example\.com, IP Address:192\.0\.2\.7/);
      assert.equal(spawnSync('openssl', ['req', '-pubkey', '-noout', '-in', file], { encoding: 'utf8' }).stdout, publicKeyPem(key));
    });
  }

  test('without SANs the attributes are empty and openssl still verifies', async () => {
    const file = join(dir, 'plain.csr');
    writeFileSync(file, createCertificateSigningRequest(await generateKeyPair({ type: 'ed25519' }), { subject: '/CN=plain' }));
    assert.equal(spawnSync('openssl', ['req', '-verify', '-noout', '-in', file]).status, 0);
  });
});
