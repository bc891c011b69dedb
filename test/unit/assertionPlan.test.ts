import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import { chooseAlgorithm } from '../../src/core/algorithmChoice';
import { draftAssertion, planAssertion, signPlan } from '../../src/core/assertionPlan';
import { checkExchange } from '../../src/core/checks';
import { buildTokenRequest, planExchange } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys';
import { assertionPreview } from '../../src/shared/assertionPreview';
import type { CertificateInfo } from '../../src/core/x509';

const NOW = 1_700_000_000_000;
const frozen = () => NOW;
let rsa: PrivateKey;
let ec: PrivateKey;
before(async () => {
  [rsa, ec] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec' })]);
});

const base: ExchangeConfig = { flow: 'client-assertion', tokenUrl: 'https://idp.example/token', clientId: 'c' };

describe('the one algorithm rule', () => {
  test('algorithm, else header alg, else the flow\'s, else the key\'s default', () => {
    const keyDefault = () => 'ES256';
    assert.equal(chooseAlgorithm({ algorithm: 'PS256', header: { alg: 'RS384' }, flowAlgorithm: 'RS256', keyDefault }), 'PS256');
    assert.equal(chooseAlgorithm({ header: { alg: 'RS384' }, flowAlgorithm: 'RS256', keyDefault }), 'RS384');
    assert.equal(chooseAlgorithm({ header: { alg: 7 }, flowAlgorithm: 'RS256', keyDefault }), 'RS256');
    assert.equal(chooseAlgorithm({ keyDefault }), 'ES256');
    assert.equal(chooseAlgorithm({}), undefined);
  });

  test('what the checks inspect, what is signed, and what the editor and preview show agree', async () => {
    for (const config of [
      { ...base, header: { alg: 'PS384' } },
      { ...base, algorithm: 'PS256', header: { alg: 'RS384' } },
      { ...base, algorithm: 'RS512' },
      base,
      { flow: 'workfront', tokenUrl: 'https://x.my.workfront.com/t', clientId: 'c', issuer: 'i', subject: 's' } as ExchangeConfig,
    ]) {
      const plan = planAssertion(config, { key: rsa }, frozen);
      assert.equal(plan.header.alg, plan.algorithm);
      assert.equal(Object.keys(plan.header)[0], 'alg');
      const token = await signPlan(plan, rsa);
      assert.equal(decodeProtectedHeader(token).alg, plan.algorithm, JSON.stringify(config));
      const request = await buildTokenRequest(config, { key: rsa, clientSecret: 's' }, { clock: frozen });
      const sent = new URLSearchParams(request.body).get('client_assertion') ?? new URLSearchParams(request.body).get('jwt_token')!;
      assert.equal(decodeProtectedHeader(sent).alg, plan.algorithm);
      const draft = draftAssertion(config, { key: rsa });
      assert.equal(draft.header.alg, plan.algorithm);
      assert.equal(assertionPreview(draft, NOW, 'RS256').header.alg, plan.algorithm);
    }
  });

  test('a profile whose header alg does not suit the key is refused by validation, and flagged by the checks', () => {
    const config = { ...base, header: { alg: 'ES256' } };
    assert.throws(() => planExchange(config, { key: rsa }), { code: 'ALG_MISMATCH' });
    const plan = planAssertion(config, { key: rsa }, frozen);
    assert.deepEqual(checkExchange(config, plan, { key: rsa, now: NOW }).map((f) => f.field), ['alg']);
  });
});

describe('planAssertion', () => {
  test('claims by the flow, times from the clock, a fresh jti and nonce; the draft keeps the placeholders', () => {
    const config = { ...base, header: { nonce: '' }, lifetimeSeconds: 120 };
    const plan = planAssertion(config, { key: ec }, frozen);
    assert.equal(plan.algorithm, 'ES256');
    assert.deepEqual(Object.keys(plan.header), ['alg', 'typ', 'nonce']);
    assert.notEqual(plan.header.nonce, '');
    assert.deepEqual({ ...plan.claims, jti: typeof plan.claims.jti }, { iss: 'c', sub: 'c', aud: base.tokenUrl, iat: NOW / 1000, exp: NOW / 1000 + 120, jti: 'string' });
    const draft = draftAssertion(config, { key: ec });
    assert.deepEqual(draft, { header: { alg: 'ES256', typ: 'JWT', nonce: '' }, claims: { iss: 'c', sub: 'c', aud: base.tokenUrl }, lifetimeSeconds: 120, jti: true });
  });

  test('the provider decorates the header: Entra\'s x5t#S256 from the key\'s certificate, a placeholder only where asked', () => {
    const entra: ExchangeConfig = { ...base, tokenUrl: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', algorithm: 'PS256' };
    const certificate = { x5tS256: 'thumb' } as CertificateInfo;
    assert.equal(planAssertion(entra, { key: rsa, certificate }, frozen).header['x5t#S256'], 'thumb');
    assert.equal(planAssertion(entra, { key: rsa }, frozen).header['x5t#S256'], undefined);
    assert.match(String(draftAssertion(entra, { key: rsa }, { placeholders: true }).header['x5t#S256']), /base64url/);
    assert.equal(planAssertion({ ...entra, header: { 'x5t#S256': 'own' } }, { key: rsa, certificate }, frozen).header['x5t#S256'], 'own');
    assert.equal(planAssertion(base, { key: rsa, certificate }, frozen).header['x5t#S256'], undefined);
  });
});
