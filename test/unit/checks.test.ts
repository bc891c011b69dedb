import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planAssertion } from '../../src/core/assertionPlan';
import { checkAssertion, checkExchange, type Finding } from '../../src/core/checks';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys';
import { PROVIDERS, providerById, providerForProfile } from '../../src/core/providers';
import { parseProfile } from '../../src/core/profile';
import type { CertificateInfo } from '../../src/core/x509';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const nowSeconds = NOW / 1000;
let rsa: PrivateKey;
let ec: PrivateKey;
before(async () => {
  [rsa, ec] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec' })]);
});

function fields(findings: Finding[], severity: 'error' | 'warning'): string[] {
  return findings.filter((f) => f.severity === severity).map((f) => f.field);
}

function check(presetId: string, payload: Record<string, unknown>, extra: Partial<Parameters<typeof checkAssertion>[0]> = {}) {
  return checkAssertion({ provider: providerById(presetId)!, header: { alg: 'RS256' }, payload, key: rsa, now: NOW, ...extra });
}

describe('checkAssertion (SPEC §7 traps)', () => {
  const ok = { iss: 'a', sub: 'b', aud: 'https://idp.example/token', iat: nowSeconds, exp: nowSeconds + 300, jti: 'x' };

  test('a well-formed assertion has no findings', () => {
    assert.deepEqual(check('generic-assertion', ok), []);
  });

  test('milliseconds instead of seconds', () => {
    assert.deepEqual(fields(check('salesforce', { ...ok, iat: NOW, exp: NOW + 180_000 }), 'error'), ['iat', 'exp']);
  });

  test('lifetime over the provider cap is an error; a long Workfront JWT is a warning', () => {
    const withKid = { header: { alg: 'RS256', kid: 'k' } };
    assert.ok(check('okta', { ...ok, exp: nowSeconds + 3601 }, withKid).some((f) => f.severity === 'error' && /at most 1 hour/.test(f.message)));
    assert.deepEqual(check('okta', { ...ok, exp: nowSeconds + 3600 }, withKid), []);
    const { aud: _aud, ...noAud } = ok;
    assert.deepEqual(fields(check('workfront', { ...noAud, exp: nowSeconds + 900 }), 'warning'), ['exp']);
    // Workfront's document asks for "a few minutes" but states no limit: even two hours is a warning, not an error.
    assert.deepEqual(fields(check('workfront', { ...noAud, exp: nowSeconds + 7200 }), 'warning'), ['exp']);
    assert.deepEqual(fields(check('workfront', { ...noAud, exp: nowSeconds + 7200 }), 'error'), []);
    // Google documents its limit: "exp ... This value has a maximum of 1 hour after the issued time."
    assert.deepEqual(fields(check('google', { ...ok, aud: 'https://oauth2.googleapis.com/token', exp: nowSeconds + 3601 }), 'error'), ['exp']);
    assert.deepEqual(fields(check('salesforce', { ...ok, exp: nowSeconds + 301 }), 'error'), ['exp']);
  });

  test('exp missing or not after iat', () => {
    assert.deepEqual(fields(check('generic-assertion', { ...ok, exp: undefined }), 'error'), ['exp']);
    assert.deepEqual(fields(check('generic-assertion', { ...ok, exp: nowSeconds }), 'error'), ['exp']);
  });

  test('aud as an array only when the profile says so; Keycloak wants a string', () => {
    const array = { ...ok, aud: ['https://idp.example/token'] };
    assert.deepEqual(fields(check('generic-assertion', array), 'error'), ['aud']);
    assert.deepEqual(check('generic-assertion', array, { profileAudience: ['https://idp.example/token'] }), []);
    assert.deepEqual(fields(check('keycloak', array, { profileAudience: ['x'] }), 'error'), ['aud']);
    assert.deepEqual(fields(check('generic-assertion', { ...ok, aud: undefined }), 'error'), ['aud']);
  });

  test('the key must suit the algorithm and the provider', () => {
    assert.deepEqual(fields(check('generic-assertion', ok, { key: ec }), 'error'), ['alg']);
    assert.deepEqual(fields(check('salesforce', { ...ok, exp: nowSeconds + 180 }, { key: ec, header: { alg: 'ES256' } }), 'error'), ['key']);
    assert.deepEqual(check('generic-assertion', ok, { key: ec, header: { alg: 'ES256' } }), []);
  });

  test('LogicNets: GET, and iss different from sub', () => {
    assert.deepEqual(fields(check('logicnets', { ...ok, iss: 'same', sub: 'same' }, { method: 'POST' }), 'warning').sort(), ['iss', 'method']);
    assert.deepEqual(check('logicnets', ok, { method: 'GET' }), []);
  });

  test('Entra ID thumbprints are base64url, never hex', () => {
    const hex = 'a'.repeat(64);
    assert.deepEqual(fields(check('entra', ok, { header: { alg: 'PS256', 'x5t#S256': hex } }), 'error'), ['x5t#S256']);
  });

  test('certificate expired, or expiring within 30 days', () => {
    const cert = (days: number) => ({ notAfter: new Date(NOW + days * 86_400_000) }) as CertificateInfo;
    assert.deepEqual(fields(check('generic-assertion', ok, { certificate: cert(-1) }), 'error'), ['certificate']);
    assert.deepEqual(fields(check('generic-assertion', ok, { certificate: cert(10) }), 'warning'), ['certificate']);
    assert.deepEqual(check('generic-assertion', ok, { certificate: cert(60) }), []);
  });
});

/** The checks an exchange makes: on the plan it signs, with a frozen clock. */
function checkPlanned(config: ExchangeConfig, key: PrivateKey): Finding[] {
  return checkExchange(config, planAssertion(config, { key }, () => NOW), { key, now: NOW });
}

describe('checkExchange', () => {
  test('checks exactly what the flow would sign, with a frozen clock', () => {
    const config = { flow: 'client-assertion' as const, tokenUrl: 'https://your-org.okta.com/oauth2/v1/token', clientId: 'c', lifetimeSeconds: 7200 };
    const findings = checkPlanned(config, rsa);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /Okta accepts at most 1 hour/);
    assert.deepEqual(checkPlanned({ ...config, lifetimeSeconds: 300 }, rsa), []);
  });

  test('a header alg without algorithm is checked under the algorithm that signs, not the key\'s default', () => {
    // The flow signs with header.alg when the profile names no algorithm; the checks must see that same alg.
    const config = { flow: 'client-assertion' as const, tokenUrl: 'https://idp.example/token', clientId: 'c', header: { alg: 'ES256' } };
    const findings = checkPlanned(config, rsa);
    assert.deepEqual(fields(findings, 'error'), ['alg']);
    assert.match(findings[0]!.message, /"ES256" does not suit this key/);
  });
});

describe('presets', () => {
  test('every preset builds a valid profile from sample answers, recognised again by providerForProfile', () => {
    const samples: Record<string, string> = {
      domain: 'acme', clientId: 'client-1', customerId: 'cust', userId: 'user', host: 'lua5.logicnets.local', company: 'logicnets',
      issuer: 'https://client.org', nonce: '', tenant: 'contoso.onmicrosoft.com', scope: 'https://graph.microsoft.com/.default', authority: 'https://login.microsoftonline.com', tokenUrl: 'https://idp.example.com/oauth2/token',
      baseUrl: 'https://keycloak.example.com', realm: 'main', email: 'sa@p.iam.gserviceaccount.com', subject: '', login: 'login.salesforce.com',
      consumerKey: 'ck', username: 'u@example.com', installationId: '42', keyId: 'ABC123', account: 'MYORG-ACCT', user: 'svc', audience: 'https://pubsub.googleapis.com/',
      environment: 'account-d.docusign.com', integrationKey: 'ik',
      publicKeyId: 'pk1', subjectType: 'enterprise', boxSubject: '1234567', scopes: 'signature impersonation',
    };
    for (const preset of PROVIDERS) {
      for (const q of preset.questions) {
        const answer = samples[q.id] ?? '';
        if (!(q.optional && answer === '')) assert.equal(q.validate?.(answer), undefined, `${preset.id}.${q.id}`);
      }
      const profile = parseProfile({ name: preset.label, ...preset.build(samples) });
      assert.equal(profile.flow, preset.flow);
      // The sample token URL is not an Okta host, and "acme" not an auth0.com one (a custom domain).
      const expected = preset.id === 'okta' || preset.id === 'auth0' ? 'generic-assertion' : preset.id;
      assert.equal(providerForProfile(profile).id, expected, preset.id);
    }
  });

  test('the Workfront and LogicNets presets match the users\' documents', () => {
    const wf = providerById('workfront')!.build({ domain: 'yourdomain', clientId: 'c', customerId: 'cust', userId: 'u' });
    assert.equal(wf.tokenUrl, 'https://yourdomain.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange');
    assert.deepEqual([wf.issuer, wf.subject, wf.algorithm, wf.audience], ['cust', 'u', 'RS256', undefined]);
    const ln = providerById('logicnets')!.build({ host: 'lua5.logicnets.local', company: 'logicnets', clientId: 'ID', issuer: 'https://client.org', nonce: '' });
    assert.equal(ln.tokenUrl, 'https://lua5.logicnets.local/logicnets/oauth2token');
    assert.equal(ln.audience, 'https://lua5.logicnets.local/logicnets');
    assert.deepEqual([ln.method, ln.subject, ln.issuer, ln.header?.nonce], ['GET', 'ID', 'https://client.org', '']);
  });

  test('question validators refuse what would build a broken URL', () => {
    const wf = providerById('workfront')!.questions.find((q) => q.id === 'domain')!;
    assert.ok(wf.validate?.('evil.com/x'));
    const host = providerById('logicnets')!.questions.find((q) => q.id === 'host')!;
    assert.ok(host.validate?.('https://lua5.logicnets.local'));
    assert.equal(host.validate?.('lua5.logicnets.local'), undefined);
    const url = providerById('okta')!.questions.find((q) => q.id === 'tokenUrl')!;
    assert.ok(url.validate?.('http://idp.example.com/token'));
    assert.ok(url.validate?.('javascript:alert(1)'));
  });
});
