import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProfile, profileFromSettings, profilesFromSettings } from '../../src/core/profile';
import { parseJsonc } from '../../src/core/jsonc';
import { OAuthJwtError } from '../../src/core/errors';

const settings = `{
  // VS Code settings are JSON with comments
  "editor.tabSize": 2,
  "oauthJwt.profiles": [
    {
      "name": "LogicNets",
      "flow": "client-assertion",
      "tokenUrl": "https://lua5.logicnets.local/logicnets/oauth2token",
      "method": "get",
      "clientId": "4664FD8C-9CEC-A8A2-D666-02A352A492A1",
      "issuer": "https://client.org",
      "audience": "https://lua5.logicnets.local/logicnets",
      "header": { "nonce": "n-1" },
      "lifetimeSeconds": 3600, /* the document's example */
    },
    { "name": "Workfront", "flow": "workfront", "tokenUrl": "https://example.my.workfront.com/integrations/oauth2/api/v1/jwt/exchange",
      "issuer": "customer-id", "subject": "user-id", "clientId": "client", },
  ],
}`;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof OAuthJwtError, `expected OAuthJwtError, got ${error}`);
    return error.code;
  }
  assert.fail('expected an error');
}

test('reads a profile from JSONC settings with comments and trailing commas', () => {
  const p = profileFromSettings(settings, 'LogicNets');
  assert.equal(p.flow, 'client-assertion');
  assert.equal(p.method, 'GET');
  assert.equal(p.issuer, 'https://client.org');
  assert.deepEqual(p.header, { nonce: 'n-1' });
  assert.equal(p.lifetimeSeconds, 3600);
  assert.equal(profileFromSettings(settings, 'Workfront').subject, 'user-id');
});

test('a missing profile lists the names there', () => {
  try {
    profileFromSettings(settings, 'Okta');
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof OAuthJwtError);
    assert.equal(error.code, 'PROFILE_NOT_FOUND');
    assert.match(error.hint ?? '', /"LogicNets", "Workfront"/);
  }
});

test('a __proto__ member in settings cannot make a profile inherit fields', () => {
  const text = `{"oauthJwt.profiles": [{"__proto__": {"tokenUrl": "https://evil.example/token", "flow": "workfront"}, "name": "x"}]}`;
  const { profiles, errors } = profilesFromSettings(text);
  assert.equal(profiles.length, 0);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /"flow"/);
  // and the parsed object keeps the member as data, not as a prototype
  const parsed = parseJsonc('{"__proto__": {"polluted": 1}}', 'x') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.equal((parsed as { polluted?: number }).polluted, undefined);
  assert.equal(({} as { polluted?: number }).polluted, undefined);
});

test('hostile member names in claims, header and params are refused', () => {
  const base = { name: 'p', flow: 'client-assertion', tokenUrl: 'https://idp.example/token' };
  for (const field of ['claims', 'header', 'params']) {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const value = parseJsonc(`{"${key}": {"a": 1}}`, 'x');
      assert.equal(code(() => parseProfile({ ...base, [field]: value })), 'PROFILE_INVALID', `${field}.${key}`);
    }
  }
});

test('wrong-typed fields name the field', () => {
  const base = { name: 'p', flow: 'client-assertion', tokenUrl: 'https://idp.example/token' };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...base, flow: 'implicit' }, /"flow"/],
    [{ ...base, tokenUrl: 42 }, /"tokenUrl"/],
    [{ ...base, method: 'PUT' }, /"method"/],
    [{ ...base, audience: 7 }, /"audience"/],
    [{ ...base, audience: [] }, /"audience"/],
    [{ ...base, lifetimeSeconds: '300' }, /"lifetimeSeconds"/],
    [{ ...base, lifetimeSeconds: 1.5 }, /"lifetimeSeconds"/],
    [{ ...base, claims: [1, 2] }, /"claims"/],
    [{ ...base, clientId: { id: 1 } }, /"clientId"/],
    [{ ...base, params: { a: { b: 1 } } }, /"params\.a"/],
    [{ ...base, name: '' }, /"name"/],
  ];
  for (const [value, pattern] of cases) {
    assert.throws(() => parseProfile(value, 0), (e: unknown) => e instanceof OAuthJwtError && e.code === 'PROFILE_INVALID' && pattern.test(e.message));
  }
  assert.equal(code(() => parseProfile('not an object')), 'PROFILE_INVALID');
  assert.equal(code(() => parseProfile(null)), 'PROFILE_INVALID');
});

test('broken settings JSON points at the line', () => {
  assert.throws(
    () => profileFromSettings('{\n  "oauthJwt.profiles": [\n    { "name": "a" ,, }\n  ]\n}', 'a'),
    (e: unknown) => e instanceof OAuthJwtError && e.code === 'INVALID_JSON' && /line 3/.test(e.message),
  );
  assert.equal(code(() => profileFromSettings('x'.repeat(2 * 1024 * 1024), 'a')), 'INPUT_TOO_LARGE');
  assert.equal(code(() => profileFromSettings('{"oauthJwt.profiles": {"name": "a"}}', 'a')), 'PROFILE_INVALID');
});

test('unknown fields are ignored and params are stringified', () => {
  const p = parseProfile({ name: 'p', flow: 'jwt-bearer', tokenUrl: 'https://idp.example/token', color: 'red', params: { n: 1, b: true } });
  assert.equal((p as unknown as Record<string, unknown>).color, undefined);
  assert.deepEqual(p.params, { n: '1', b: 'true' });
});

test('a repeated profile name is reported and the first profile of that name wins', () => {
  const text = '{"oauthJwt.profiles": [{"name": "a", "flow": "workfront", "tokenUrl": "https://one.example/t"}, {"name": "a", "flow": "workfront", "tokenUrl": "https://two.example/t"}]}';
  const { profiles, errors } = profilesFromSettings(text);
  assert.deepEqual(profiles.map((p) => p.tokenUrl), ['https://one.example/t']);
  assert.match(errors[0]!.message, /Two profiles are named "a"/);
  assert.equal(profileFromSettings(text, 'a').tokenUrl, 'https://one.example/t');
});
