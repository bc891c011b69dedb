/**
 * The credential files providers hand out (issue 13), read by Import Private Key and the CLI's
 * --key: Google service-account JSON, Box config.json, PKCS#12 with and without a password (legacy
 * and AES), PEM with literal "\n". Every file is made here, at test time, from generated keys; none
 * is committed. The CLI runs marked "refused on main" failed before this change (sign --key exists
 * there and called each of these files a public key or unreadable).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCredential } from '../../src/core/credentialFile';
import { decodeJwt } from '../../src/core/jwtDecode';
import { generateKeyPair, importPrivateKey, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { decryptBlock, expandKey } from '../../src/core/rc2';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { param, startBoxServer, startJwtBearerServer, type BoxServer, type JwtBearerServer } from '../servers';
import { assertNoSecretPrinted, runCli } from '../support/cli';

const PASSPHRASE = 'box-passphrase-51d0';
const BOX_SECRET = 'box-secret-from-config-8e2f';
const P12_PASSWORD = 'pfx-password-77aa';
const OPENSSL = spawnSync('openssl', ['version']).status === 0;

let dir: string;
let rsa: PrivateKey;
let other: PrivateKey;
let certificatePem: string;
let google: JwtBearerServer;
let boxServer: BoxServer;
const file = (name: string) => join(dir, name);
const noAmbientSecret = { env: { OAUTH_JWT_CLIENT_SECRET: '' } };

function serviceAccount(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'demo-project',
    private_key_id: '5f0c2a9d1e7b',
    private_key: privateKeyPem(rsa),
    client_email: 'robot@demo-project.iam.gserviceaccount.com',
    client_id: '10000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: google.tokenUrl,
    ...overrides,
  }, null, 2);
}

function boxConfig(appAuth: Record<string, unknown> = {}): string {
  return JSON.stringify({
    boxAppSettings: {
      clientID: 'box-client',
      clientSecret: BOX_SECRET,
      appAuth: {
        publicKeyID: 'pk-4ab2',
        privateKey: rsa.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }),
        passphrase: PASSPHRASE,
        ...appAuth,
      },
    },
    enterpriseID: '1234567',
  }, null, 2);
}

/** `openssl pkcs12 -export` of the test key and certificate; returns the file's path. */
function pkcs12(name: string, password: string, ...args: string[]): string {
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', file('rsa.key'), '-in', file('cert.pem'), '-out', file(name), '-passout', `pass:${password}`, ...args]);
  return file(name);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-credential-files-'));
  [rsa, other] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' })]);
  writeFileSync(file('rsa.key'), privateKeyPem(rsa), { mode: 0o600 });
  certificatePem = await createSelfSignedCertificate(rsa, { commonName: 'pkcs12 test', days: 30 });
  writeFileSync(file('cert.pem'), certificatePem);
  [google, boxServer] = await Promise.all([
    startJwtBearerServer({ issuer: 'robot@demo-project.iam.gserviceaccount.com', publicKey: publicKeyPem(rsa), requiredScopes: ['https://www.googleapis.com/auth/cloud-platform'] }),
    startBoxServer({ clientId: 'box-client', clientSecret: BOX_SECRET, publicKeyId: 'pk-4ab2', publicKey: publicKeyPem(rsa), enterpriseId: '1234567' }),
  ]);
  writeFileSync(file('sa.json'), serviceAccount(), { mode: 0o600 });
  writeFileSync(file('config.json'), boxConfig(), { mode: 0o600 });
});

after(async () => {
  await Promise.all([google?.close(), boxServer?.close()]);
  rmSync(dir, { recursive: true, force: true });
  assertNoSecretPrinted([PASSPHRASE, BOX_SECRET, P12_PASSWORD], [privateKeyPem(rsa)]);
});

const samePublicKey = (key: PrivateKey) => assert.equal(publicKeyPem(key), publicKeyPem(rsa));

describe('Google service-account key file', () => {
  // Google's key file format: "type": "service_account", "private_key_id", "private_key" (PKCS#8 PEM
  // with \n escapes), "client_email", "token_uri" — the fields the client libraries read.
  test('private_key is the key; client_email → iss, token_uri → token URL and aud, private_key_id → kid', () => {
    const credential = readCredential(Buffer.from(serviceAccount()));
    assert.equal(credential.kind, 'google-service-account');
    samePublicKey(credential.key);
    assert.deepEqual(credential.profile, {
      flow: 'jwt-bearer', issuer: 'robot@demo-project.iam.gserviceaccount.com', keyId: '5f0c2a9d1e7b', tokenUrl: google.tokenUrl, audience: google.tokenUrl,
    });
  });

  test('CLI (refused on main as "a public key"): token --key sa.json takes iss, token URL, aud and kid from the file', async () => {
    const run = await runCli(['token', '--flow', 'jwt-bearer', '--key', file('sa.json'), '--scope', 'https://www.googleapis.com/auth/cloud-platform'], noAmbientSecret);
    assert.equal(run.code, 0, run.stderr);
    const assertion = param(google.requests.at(-1)!.form, 'assertion')!;
    const { header, payload } = decodeJwt(assertion);
    assert.equal(header.kid, '5f0c2a9d1e7b');
    assert.deepEqual([payload.iss, payload.aud], ['robot@demo-project.iam.gserviceaccount.com', google.tokenUrl]);
    const sign = await runCli(['sign', '--key', file('sa.json')]);
    assert.equal(sign.code, 0, sign.stderr);
  });

  test('refusals name the file: no private_key, another Google credential type', () => {
    assert.throws(() => readCredential(Buffer.from(serviceAccount({ private_key: undefined }))), /a Google service-account JSON file without private_key/);
    assert.throws(() => readCredential(Buffer.from(JSON.stringify({ type: 'authorized_user', client_id: 'x', refresh_token: 'y' }))), /Google credentials file of type "authorized_user", not a service-account key/);
  });
});

describe('Box config.json', () => {
  // "Your config.json file contains the application's private key and other details necessary to
  // authenticate": boxAppSettings.clientID, clientSecret, appAuth.publicKeyID, privateKey (an
  // ENCRYPTED PRIVATE KEY), passphrase; enterpriseID.
  test('the encrypted key is opened with the passphrase inside; client ID, kid and enterprise go to the profile, the secret apart', () => {
    const credential = readCredential(readFileSync(file('config.json')));
    assert.equal(credential.kind, 'box-config');
    samePublicKey(credential.key);
    assert.deepEqual(credential.profile, {
      flow: 'jwt-bearer', tokenUrl: 'https://api.box.com/oauth2/token', audience: 'https://api.box.com/oauth2/token', clientId: 'box-client', issuer: 'box-client',
      keyId: 'pk-4ab2', subject: '1234567', claims: { box_sub_type: 'enterprise' }, lifetimeSeconds: 45,
    });
    assert.equal(credential.clientSecret, BOX_SECRET);
    assert.ok(!JSON.stringify(credential.profile).includes(BOX_SECRET));
  });

  test('CLI (refused on main as "a public key"): token --key config.json; the file\'s secret goes only to Box\'s own token URL', async () => {
    const sign = await runCli(['sign', '--key', file('config.json')]);
    assert.equal(sign.code, 0, sign.stderr);
    // To a local endpoint the file's secret is not sent by itself …
    const without = await runCli(['token', '--flow', 'jwt-bearer', '--token-url', boxServer.tokenUrl, '--key', file('config.json')], noAmbientSecret);
    assert.equal(without.code, 1);
    assert.match(without.stderr, /invalid_client/);
    assert.equal(param(boxServer.requests.at(-1)!.form, 'client_secret'), undefined);
    // … only when named with --client-secret-env.
    const run = await runCli(['token', '--flow', 'jwt-bearer', '--token-url', boxServer.tokenUrl, '--key', file('config.json'), '--client-secret-env', 'BOX_SECRET'], { env: { BOX_SECRET, OAUTH_JWT_CLIENT_SECRET: '' } });
    assert.equal(run.code, 0, run.stderr);
    const { header, payload } = decodeJwt(param(boxServer.requests.at(-1)!.form, 'assertion')!);
    assert.deepEqual([header.kid, payload.iss, payload.sub, payload.box_sub_type], ['pk-4ab2', 'box-client', '1234567', 'enterprise']);
  });

  test('without its passphrase the key needs one; without appAuth.privateKey the file is named', () => {
    assert.throws(() => readCredential(Buffer.from(boxConfig({ passphrase: undefined }))), (e: Error & { code?: string }) => e.code === 'PASSPHRASE_REQUIRED');
    assert.equal(publicKeyPem(readCredential(Buffer.from(boxConfig({ passphrase: undefined })), PASSPHRASE).key), publicKeyPem(rsa));
    assert.throws(() => readCredential(Buffer.from(boxConfig({ privateKey: undefined }))), /a Box config\.json without boxAppSettings\.appAuth\.privateKey/);
  });
});

describe('PKCS#12 (.pfx/.p12)', { skip: !OPENSSL && 'openssl is not installed' }, () => {
  const variants: [string, string, string[]][] = [
    ['AES (OpenSSL 3 default: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC, SHA-256 MAC)', P12_PASSWORD, []],
    ['legacy (3DES key, RC2-40 certificate, SHA-1 MAC)', P12_PASSWORD, ['-legacy']],
    ['AES without a password (as Azure Key Vault exports)', '', []],
    ['legacy without a password', '', ['-legacy']],
    ['nothing encrypted, no MAC', '', ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']],
  ];
  for (const [name, password, args] of variants) {
    test(`${name}: key and certificate`, () => {
      const path = pkcs12(`${name.split(' ')[0]}-${password ? 'pw' : 'nopw'}-${args.length}.p12`, password, ...args);
      const credential = readCredential(readFileSync(path), password || undefined);
      assert.equal(credential.kind, 'pkcs12');
      samePublicKey(credential.key);
      assert.equal(new X509Certificate(credential.certificatePem!).fingerprint256, new X509Certificate(certificatePem).fingerprint256);
    });
  }

  test('a password is asked for when needed; a wrong one is named as such', () => {
    const path = pkcs12('pw.p12', P12_PASSWORD);
    assert.throws(() => readCredential(readFileSync(path)), (e: Error & { code?: string }) => e.code === 'PASSPHRASE_REQUIRED' && /PKCS#12/.test(e.message));
    assert.throws(() => readCredential(readFileSync(path), 'wrong'), (e: Error & { code?: string }) => e.code === 'BAD_PASSPHRASE');
  });

  test('an iteration count over the cap is refused before any work (PBE and MAC alike)', () => {
    // -iter sets both counts: the MAC's is checked first; with -nomac the key bag's PBES2 count is.
    for (const path of [pkcs12('costly.p12', P12_PASSWORD, '-iter', '600001'), pkcs12('costly-nomac.p12', P12_PASSWORD, '-iter', '600001', '-nomac')]) {
      const started = process.cpuUsage();
      assert.throws(() => readCredential(readFileSync(path), P12_PASSWORD), /600001 PBKDF2 iterations/, path);
      assert.ok(process.cpuUsage(started).user < 500_000);
    }
  });

  test('a file of certificates alone, a damaged file', () => {
    execFileSync('openssl', ['pkcs12', '-export', '-nokeys', '-in', file('cert.pem'), '-out', file('certs.p12'), '-passout', `pass:${P12_PASSWORD}`]);
    assert.throws(() => readCredential(readFileSync(file('certs.p12')), P12_PASSWORD), /PKCS#12 file holds only certificates, no private key/);
    const bytes = readFileSync(pkcs12('damaged.p12', P12_PASSWORD));
    assert.throws(() => readCredential(bytes.subarray(0, bytes.length - 40), P12_PASSWORD), /not a readable PKCS#12 file/);
  });

  test('CLI (refused on main as unreadable PEM): sign --key file.pfx --passphrase-env', async () => {
    const path = pkcs12('cli.pfx', P12_PASSWORD);
    const run = await runCli(['sign', '--key', path, '--passphrase-env', 'P12'], { env: { P12: P12_PASSWORD } });
    assert.equal(run.code, 0, run.stderr);
    const legacy = await runCli(['sign', '--key', pkcs12('cli-legacy.p12', '', '-legacy')]);
    assert.equal(legacy.code, 0, legacy.stderr);
  });

  test('RC2 decryption matches RFC 2268 §5\'s test vectors', () => {
    const vectors: [string, number, string, string][] = [
      ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
      ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
      ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
      ['88', 64, '0000000000000000', '61a8a244adacccf0'],
      ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ];
    for (const [key, bits, plain, cipher] of vectors) {
      assert.equal(decryptBlock(expandKey(Buffer.from(key, 'hex'), bits), Buffer.from(cipher, 'hex')).toString('hex'), plain);
    }
  });
});

describe('PEM copied out of JSON, and files that are no private key', () => {
  const escaped = () => privateKeyPem(rsa).replace(/\n/g, '\\n');

  test('literal \\n sequences (with or without the quotes) are line breaks', () => {
    samePublicKey(importPrivateKey(escaped()));
    samePublicKey(importPrivateKey(`"${escaped()}"`));
    samePublicKey(readCredential(Buffer.from(escaped())).key);
  });

  test('CLI (refused on main: no BEGIN line): sign --key with an escaped PEM', async () => {
    writeFileSync(file('escaped.pem'), escaped(), { mode: 0o600 });
    const run = await runCli(['sign', '--key', file('escaped.pem')]);
    assert.equal(run.code, 0, run.stderr);
  });

  test('each wrong file is named for what it is', async () => {
    mkdirSync(file('wrong'), { recursive: true });
    const cases: [string, string, RegExp][] = [
      ['jwks.json', JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }), /JSON Web Key Set/],
      ['cert.pem', certificatePem, /certificate, not a private key/],
      ['public.pem', publicKeyPem(other), /public key, not a private key/],
      ['other.json', JSON.stringify({ hello: 'world' }), /neither a private JWK, a Google service-account key file nor a Box config\.json/],
      ['package.json', JSON.stringify({ name: 'x', type: 'module' }), /neither a private JWK, a Google service-account key file nor a Box config\.json/],
    ];
    for (const [name, text, message] of cases) {
      assert.throws(() => readCredential(Buffer.from(text)), message, name);
      writeFileSync(join(dir, 'wrong', name), text);
      const run = await runCli(['sign', '--key', join(dir, 'wrong', name)]);
      assert.equal(run.code, 1, name);
      assert.match(run.stderr, message, name);
    }
  });
});
