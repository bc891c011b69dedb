import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, importPrivateKey, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { MAX_PEM_CHARS } from '../../src/core/limits';
import { assertCertificateMatchesKey, certificateInBundle, createSelfSignedCertificate, readCertificate } from '../../src/core/x509';

const DAY_MS = 86_400_000;

function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

let rsa: PrivateKey;
before(async () => {
  rsa = await generateKeyPair({ type: 'rsa', bits: 2048 });
});

describe('createSelfSignedCertificate', () => {
  test('self-signed, matches its key, CA, CN and validity as asked', async () => {
    const now = Date.UTC(2025, 0, 15, 12, 30, 45, 678);
    const pem = await createSelfSignedCertificate(rsa, { commonName: 'my-integration', days: 30, now });
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    const x509 = new X509Certificate(pem);
    assert.ok(x509.verify(x509.publicKey), 'signature verifies with its own key');
    assert.ok(x509.checkPrivateKey(rsa.key), 'matches the private key');
    assert.equal(x509.ca, true);
    assert.equal(x509.subject, 'CN=my-integration');
    assert.equal(x509.issuer, 'CN=my-integration');

    const info = readCertificate(pem);
    assert.equal(info.notBefore.getTime(), Math.floor(now / 1000) * 1000);
    assert.equal(info.notAfter.getTime() - info.notBefore.getTime(), 30 * DAY_MS);
    assert.equal(publicKeyPem(info.publicKey), publicKeyPem(rsa));
  });

  test('defaults to 365 days from now', async () => {
    const start = Date.now();
    const info = readCertificate(await createSelfSignedCertificate(rsa, { commonName: 'default-days' }));
    assert.ok(info.notBefore.getTime() >= Math.floor(start / 1000) * 1000 && info.notBefore.getTime() <= Date.now());
    assert.equal(info.notAfter.getTime() - info.notBefore.getTime(), 365 * DAY_MS);
  });

  test('a CN with characters PrintableString cannot hold is kept intact', async () => {
    const info = readCertificate(await createSelfSignedCertificate(rsa, { commonName: 'Zoë_app@example' }));
    assert.equal(info.subject, 'CN=Zoë_app@example');
  });

  test('serial numbers are random, positive and exactly 20 octets', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 64; i++) {
      const serial = new X509Certificate(await createSelfSignedCertificate(rsa, { commonName: 'serial' })).serialNumber;
      assert.match(serial, /^[0-9A-F]{40}$/, 'twenty octets, no leading zero octet');
      const first = parseInt(serial.slice(0, 2), 16);
      assert.ok(first > 0 && first < 0x80, `first octet ${first} keeps the integer positive and minimal`);
      serials.add(serial);
    }
    assert.equal(serials.size, 64);
  });

  test('EC (each curve) and Ed25519 keys get certificates too, verified by Node with their own key', async () => {
    for (const spec of [{ type: 'ec', curve: 'P-256' }, { type: 'ec', curve: 'P-384' }, { type: 'ec', curve: 'P-521' }, { type: 'ed25519' }] as const) {
      const key = await generateKeyPair(spec);
      const pem = await createSelfSignedCertificate(key, { commonName: `cert-${spec.type}`, days: 10 });
      const x509 = new X509Certificate(pem);
      assert.ok(x509.verify(x509.publicKey), `${JSON.stringify(spec)} verifies`);
      assert.ok(x509.checkPrivateKey(key.key), `${JSON.stringify(spec)} matches its key`);
      assert.equal(publicKeyPem(x509.publicKey), publicKeyPem(key));
      assert.equal(x509.subject, `CN=cert-${spec.type}`);
    }
  });

  test('refuses an empty or overlong CN and days that are not a whole positive number', async () => {
    for (const commonName of ['', '   ', 'x'.repeat(65), 'line\nbreak']) {
      await assert.rejects(createSelfSignedCertificate(rsa, { commonName }), { code: 'INVALID_OPTION' });
    }
    for (const days of [0, -1, 1.5, Number.NaN, 100_000]) {
      await assert.rejects(createSelfSignedCertificate(rsa, { commonName: 'x', days }), { code: 'INVALID_OPTION' });
    }
  });
});

describe('readCertificate', () => {
  test('x5t#S256 and x5t are base64url hashes of the DER, not hex', async () => {
    const pem = await createSelfSignedCertificate(rsa, { commonName: 'thumbs' });
    const info = readCertificate(pem);
    const der = derOf(pem);
    assert.equal(info.x5tS256, createHash('sha256').update(der).digest('base64url'));
    assert.equal(info.x5t, createHash('sha1').update(der).digest('base64url'));
    assert.match(info.x5tS256, /^[A-Za-z0-9_-]{43}$/);
    assert.match(info.x5t, /^[A-Za-z0-9_-]{27}$/);
    assert.equal(info.serialNumber, new X509Certificate(pem).serialNumber);
  });

  test('tolerates CRLF, a BOM and white space', async () => {
    const pem = await createSelfSignedCertificate(rsa, { commonName: 'crlf' });
    assert.equal(readCertificate(`\uFEFF\r\n  ${pem.replace(/\n/g, '\r\n')}  `).x5tS256, readCertificate(pem).x5tS256);
  });

  test('refuses a private key, garbage, a truncated certificate and oversized input', async () => {
    const pem = await createSelfSignedCertificate(rsa, { commonName: 'refuse' });
    assert.throws(() => readCertificate(privateKeyPem(rsa)), { code: 'INVALID_PEM', message: 'This is a private key, not a certificate.' });
    assert.throws(() => readCertificate('not a certificate'), { code: 'INVALID_PEM' });
    assert.throws(() => readCertificate(pem.slice(0, 200)), { code: 'INVALID_PEM' });
    const lines = pem.trim().split('\n');
    assert.throws(() => readCertificate([...lines.slice(0, 4), ...lines.slice(-2)].join('\n')), { code: 'INVALID_PEM' });
    assert.throws(() => readCertificate(pem + ' '.repeat(MAX_PEM_CHARS)), { code: 'INPUT_TOO_LARGE' });
  });
});

const opensslMissing = spawnSync('openssl', ['version'], { encoding: 'utf8' }).error !== undefined;

describe('cross-check with the openssl command', { skip: opensslMissing ? 'openssl is not installed on this machine, so the cross-check cannot run' : false }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-x509-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function openssl(...args: string[]): string {
    const result = spawnSync('openssl', args, { encoding: 'utf8' });
    assert.equal(result.status, 0, `openssl ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  }

  test('openssl reads our certificate as the seed command would make it', async () => {
    const certFile = join(dir, 'certificate_pub.crt');
    const keyFile = join(dir, 'private.key');
    writeFileSync(certFile, await createSelfSignedCertificate(rsa, { commonName: 'Workfront Integration', days: 90 }));
    writeFileSync(keyFile, privateKeyPem(rsa), { mode: 0o600 });

    const text = openssl('x509', '-noout', '-text', '-in', certFile);
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.match(text, /Subject: CN ?= ?Workfront Integration/);
    assert.match(text, /Issuer: CN ?= ?Workfront Integration/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
    assert.match(text, /X509v3 Subject Key Identifier/);
    assert.match(text, /X509v3 Authority Key Identifier/);

    const dates = openssl('x509', '-noout', '-startdate', '-enddate', '-in', certFile);
    const start = Date.parse(/notBefore=(.+)/.exec(dates)![1]!);
    const end = Date.parse(/notAfter=(.+)/.exec(dates)![1]!);
    assert.equal(end - start, 90 * DAY_MS);

    const certPublicKey = openssl('x509', '-pubkey', '-noout', '-in', certFile);
    assert.equal(certPublicKey, openssl('pkey', '-pubout', '-in', keyFile));
    assert.equal(certPublicKey, publicKeyPem(rsa));

    // Self-signed: it is its own trust anchor.
    assert.match(openssl('verify', '-CAfile', certFile, certFile), /: OK/);
  });

  test('openssl reads EC and Ed25519 certificates back with the right algorithm and key', async () => {
    const cases = [
      { spec: { type: 'ec', curve: 'P-256' }, algorithm: /Signature Algorithm: ecdsa-with-SHA256/, key: /NIST CURVE: P-256/ },
      { spec: { type: 'ec', curve: 'P-384' }, algorithm: /Signature Algorithm: ecdsa-with-SHA384/, key: /NIST CURVE: P-384/ },
      { spec: { type: 'ec', curve: 'P-521' }, algorithm: /Signature Algorithm: ecdsa-with-SHA512/, key: /NIST CURVE: P-521/ },
      { spec: { type: 'ed25519' }, algorithm: /Signature Algorithm: ED25519/, key: /Public Key Algorithm: ED25519/ },
    ] as const;
    for (const { spec, algorithm, key: keyLine } of cases) {
      const key = await generateKeyPair(spec);
      const certFile = join(dir, `${spec.type}.crt`);
      writeFileSync(certFile, await createSelfSignedCertificate(key, { commonName: 'lifecycle', days: 30 }));
      const text = openssl('x509', '-noout', '-text', '-in', certFile);
      assert.match(text, algorithm);
      assert.match(text, keyLine);
      assert.match(text, /Subject: CN ?= ?lifecycle/);
      assert.match(text, /X509v3 Subject Key Identifier/);
      assert.equal(openssl('x509', '-pubkey', '-noout', '-in', certFile), publicKeyPem(key));
      assert.match(openssl('verify', '-CAfile', certFile, certFile), /: OK/, `${JSON.stringify(spec)} verifies`);
    }
  });

  test('openssl prints a positive serial of at most 20 octets, certificate after certificate', async () => {
    const certFile = join(dir, 'serial.crt');
    for (let i = 0; i < 16; i++) {
      writeFileSync(certFile, await createSelfSignedCertificate(rsa, { commonName: 'serial' }));
      const serial = /serial=([0-9A-F]+)/.exec(openssl('x509', '-noout', '-serial', '-in', certFile))![1]!;
      assert.ok(serial.length <= 40, `${serial.length / 2} octets`);
      assert.ok(parseInt(serial.slice(0, 2), 16) < 0x80, 'positive');
    }
  });

  test('what the seed command makes is read back: key imported, certificate read, they match', () => {
    const keyFile = join(dir, 'seed.key');
    const certFile = join(dir, 'seed.crt');
    openssl('req', '-x509', '-sha256', '-nodes', '-newkey', 'rsa:2048', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=seed', '-days', '10');
    const key = importPrivateKey(readFileSync(keyFile, 'utf8'));
    assert.equal(key.type, 'rsa');
    assert.equal(key.bits, 2048);
    const info = readCertificate(readFileSync(certFile, 'utf8'));
    assert.equal(info.subject, 'CN=seed');
    assert.equal(publicKeyPem(info.publicKey), publicKeyPem(key));
    assert.equal(info.notAfter.getTime() - info.notBefore.getTime(), 10 * DAY_MS);
  });
});

describe('a certificate and its key (Import Certificate, --cert, PEM bundles)', () => {
  test('the key\'s own certificate matches; another key\'s is CERTIFICATE_MISMATCH naming its subject', async () => {
    const [key, other] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
    const own = readCertificate(await createSelfSignedCertificate(key, { commonName: 'own' }));
    const foreign = readCertificate(await createSelfSignedCertificate(other, { commonName: 'foreign' }));
    assert.doesNotThrow(() => assertCertificateMatchesKey(own, key));
    assert.throws(() => assertCertificateMatchesKey(foreign, key), (error: Error & { code?: string }) => error.code === 'CERTIFICATE_MISMATCH' && /CN=foreign/.test(error.message));
  });

  test('a PEM bundle yields its certificate only when it is the key\'s; a lone key yields none', async () => {
    const [key, other] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
    const own = await createSelfSignedCertificate(key, { commonName: 'own' });
    const foreign = await createSelfSignedCertificate(other, { commonName: 'foreign' });
    assert.equal(readCertificate(certificateInBundle(`${privateKeyPem(key)}${own}`, key)!).x5tS256, readCertificate(own).x5tS256);
    assert.equal(certificateInBundle(`${own}${privateKeyPem(key)}`, key)?.trim(), own.trim());
    assert.equal(certificateInBundle(`${privateKeyPem(key)}${foreign}`, key), undefined);
    assert.equal(certificateInBundle(privateKeyPem(key), key), undefined);
  });
});
