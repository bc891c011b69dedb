import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateDetails } from '../../src/core/certificateDetails';
import { certificateExpiry, describeExpiry } from '../../src/core/certificateExpiry';
import { generateKeyPair } from '../../src/core/keys';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

test('expiry: valid, expiring within the window, expired, with whole days left', () => {
  const cert = (days: number) => ({ notBefore: new Date(NOW - DAY_MS), notAfter: new Date(NOW + days * DAY_MS) });
  assert.deepEqual(certificateExpiry(cert(31), () => NOW, 30).state, 'valid');
  const ten = certificateExpiry(cert(10), () => NOW, 30);
  assert.equal(ten.state, 'expiring');
  assert.equal(ten.daysLeft, 10);
  assert.equal(describeExpiry(ten), 'expires on 2026-12-12 (in 10 days)');
  assert.equal(certificateExpiry(cert(30), () => NOW, 30).state, 'expiring', 'the window includes its last day');
  assert.equal(certificateExpiry(cert(10), () => NOW, 0).state, 'valid', '0 days: no warning');
  const past = certificateExpiry(cert(-3), () => NOW, 30);
  assert.equal(past.state, 'expired');
  assert.equal(describeExpiry(past), 'expired on 2026-11-29 (3 days ago)');
  assert.equal(certificateExpiry({ notBefore: new Date(NOW + DAY_MS), notAfter: new Date(NOW + 400 * DAY_MS) }, () => NOW, 30).state, 'notYetValid');
});

test('details: the thumbprints in hex and base64url agree, and the key is named', async () => {
  const key = await generateKeyPair({ type: 'ec', curve: 'P-384' });
  const info = readCertificate(await createSelfSignedCertificate(key, { commonName: 'details', days: 10, now: NOW }));
  const rows = Object.fromEntries(certificateDetails(info).map((d) => [d.label, d.value]));
  assert.equal(rows['Subject'], 'CN=details');
  assert.equal(rows['Key'], 'EC P-384');
  assert.equal(rows['Valid until'], new Date(NOW + 10 * DAY_MS).toISOString());
  assert.match(rows['SHA-1 thumbprint (hex, as Entra lists it)']!, /^[0-9A-F]{40}$/);
  assert.equal(Buffer.from(rows['SHA-1 thumbprint (hex, as Entra lists it)']!, 'hex').toString('base64url'), rows['x5t (base64url SHA-1, JWT header)']);
  assert.equal(Buffer.from(rows['SHA-256 thumbprint (hex)']!, 'hex').toString('base64url'), rows['x5t#S256 (base64url SHA-256, JWT header)']);
});
