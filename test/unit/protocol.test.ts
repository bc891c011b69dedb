import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isJsonObject, parseFromWebview, parseSavedState, parseTemplate, parseToWebview, REQUEST_TYPES,
  type EditorTemplate, type InitMessage, type RequestParams, type RequestType, type Results,
} from '../../src/shared/protocol';

const template: EditorTemplate = { header: { alg: 'RS256', kid: 'k1' }, claims: { iss: 'client', aud: 'https://idp.example/token', n: 1, ok: true, list: ['a', { b: null }] }, lifetimeSeconds: 300, jti: true };

describe('parseFromWebview (the extension\'s gate)', () => {
  test('accepts every well-formed message and rebuilds it from its known fields only', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'sign', id: 1, template }), { type: 'sign', id: 1, template });
    assert.deepEqual(parseFromWebview({ type: 'check', id: 2, template }), { type: 'check', id: 2, template });
    assert.deepEqual(parseFromWebview({ type: 'exchange', id: 3, template }), { type: 'exchange', id: 3, template });
    assert.deepEqual(parseFromWebview({ type: 'decode', id: 4, token: 'a.b.c' }), { type: 'decode', id: 4, token: 'a.b.c' });
    assert.deepEqual(parseFromWebview({ type: 'verify', id: 5, token: 'a.b.c', using: 'file' }), { type: 'verify', id: 5, token: 'a.b.c', using: 'file' });
    assert.deepEqual(parseFromWebview({ type: 'verify', id: 5, token: 'a.b.c', using: 'profileKey' }), { type: 'verify', id: 5, token: 'a.b.c', using: 'profileKey' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', id: 6 }), { type: 'reveal', id: 6 });
    assert.deepEqual(parseFromWebview({ type: 'copy', id: 7, what: 'accessToken' }), { type: 'copy', id: 7, what: 'accessToken' });
    // Extra members (say, a path the page would like us to read) are not carried along.
    assert.deepEqual(parseFromWebview({ type: 'verify', id: 8, token: 't', using: 'file', path: '/etc/passwd' }), { type: 'verify', id: 8, token: 't', using: 'file' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', id: 9, to: 'https://evil.example' }), { type: 'reveal', id: 9 });
  });

  test('drops unknown types and anything that is not a plain object', () => {
    for (const value of [undefined, null, 1, 'ready', [], [{ type: 'ready' }], { type: 'unknown', id: 1 }, { type: 'READY' }, { type: 'runCommand', id: 1, command: 'workbench.action.terminal.new' }, { id: 1 }, new Date()]) {
      assert.equal(parseFromWebview(value), undefined, JSON.stringify(value));
    }
  });

  test('drops requests without a usable id', () => {
    for (const id of [undefined, 0, -1, 1.5, '1', Number.NaN, Infinity, 2 ** 60]) {
      assert.equal(parseFromWebview({ type: 'reveal', id }), undefined, String(id));
    }
  });

  test('drops malformed fields', () => {
    assert.equal(parseFromWebview({ type: 'decode', id: 1 }), undefined);
    assert.equal(parseFromWebview({ type: 'decode', id: 1, token: 42 }), undefined);
    assert.equal(parseFromWebview({ type: 'decode', id: 1, token: 'x'.repeat(64 * 1024 + 1) }), undefined, 'token over the size cap');
    assert.equal(parseFromWebview({ type: 'verify', id: 1, token: 'a.b.c', using: 'path' }), undefined);
    assert.equal(parseFromWebview({ type: 'copy', id: 1, what: 'privateKey' }), undefined);
    assert.equal(parseFromWebview({ type: 'copy', id: 1, what: 'clientSecret' }), undefined);
    assert.equal(parseFromWebview({ type: 'keyAction', id: 1, action: 'forget' }), undefined, 'only the lifecycle actions, never Forget');
    assert.equal(parseFromWebview({ type: 'keyAction', id: 1, action: 'constructor' }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1 }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, lifetimeSeconds: 0 } }), undefined);
    // The gate admits the longest preset lifetime (Sign in with Apple, 15777000 s); the sign handler applies the profile's own cap.
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, lifetimeSeconds: 15_777_001 } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, lifetimeSeconds: 1.5 } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, jti: 'yes' } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: [] } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, header: 'alg' } }), undefined);
  });

  test('spoofed templates: prototype keys, non-JSON values, hostile depth and size are dropped', () => {
    const withProto = JSON.parse('{"__proto__": {"polluted": true}, "iss": "x"}');
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: withProto } }), undefined);
    const nestedProto = JSON.parse('{"a": {"b": [{"__proto__": 1}]}}');
    assert.equal(parseFromWebview({ type: 'check', id: 1, template: { ...template, header: nestedProto } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: { n: Number.NaN } } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: { d: new Date() } } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: { f: () => 1 } } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: { u: undefined } } }), undefined);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: deep } }), undefined);
    assert.equal(parseFromWebview({ type: 'sign', id: 1, template: { ...template, claims: { many: new Array(30_000).fill(0) } } }), undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a template object with an inherited member is not read through its prototype', () => {
    const sneaky = Object.create({ template });
    sneaky.type = 'sign';
    sneaky.id = 1;
    assert.equal(parseFromWebview(sneaky), undefined);
  });
});

describe('parseToWebview (the webview\'s gate)', () => {
  const init: InitMessage = {
    type: 'init',
    context: { trusted: true, profile: { name: 'p', flow: 'client-assertion', tokenUrl: 'https://idp.example/token', method: 'POST', presetId: 'okta', presetLabel: 'Okta', maxLifetimeSeconds: 3600 }, key: { type: 'rsa', algorithms: ['RS256'] } },
    template,
    presets: [{ id: 'okta', label: 'Okta', detail: 'd', template }],
  };

  test('accepts init, context, decodeToken and replies of every kind', () => {
    assert.deepEqual(parseToWebview(init), init);
    assert.deepEqual(parseToWebview({ ...init, decode: 'a.b.c' }), { ...init, decode: 'a.b.c' });
    // The page's translations (vscode.l10n.bundle) come with init: a plain object of strings, else the message is dropped.
    assert.deepEqual(parseToWebview({ ...init, l10n: { Sign: 'Signieren' } }), { ...init, l10n: { Sign: 'Signieren' } });
    assert.equal(parseToWebview({ ...init, l10n: { Sign: 42 } }), undefined);
    assert.equal(parseToWebview({ ...init, l10n: ['Signieren'] }), undefined);
    assert.equal(parseToWebview({ ...init, l10n: JSON.parse('{"__proto__": {"x": "y"}}') }), undefined);
    assert.deepEqual(parseToWebview({ type: 'context', context: { trusted: false } }), { type: 'context', context: { trusted: false } });
    assert.deepEqual(parseToWebview({ type: 'decodeToken', token: 'a.b.c' }), { type: 'decodeToken', token: 'a.b.c' });
    const replies = [
      { request: 'sign', result: { token: 'a.b.c' } },
      { request: 'check', result: { findings: [{ severity: 'error', field: 'exp', message: 'm' }] } },
      { request: 'decode', result: { header: {}, payload: { sub: 'x' }, signature: 's' } },
      { request: 'verify', result: { outcome: 'verified', header: {}, payload: {}, source: 'the certificate x.crt' } },
      { request: 'verify', result: { outcome: 'cancelled' } },
      { request: 'exchange', result: { response: { token_type: 'Bearer' }, tokenType: 'Bearer', expiresAt: 1, obtainedAt: 0 } },
      { request: 'reveal', result: { accessToken: 'at' } },
      { request: 'copy', result: { copied: true } },
    ];
    for (const reply of replies) {
      const message = { type: 'reply', id: 3, ok: true, ...reply };
      assert.deepEqual(parseToWebview(message), message, reply.request);
    }
    const failure = { type: 'reply', id: 3, request: 'sign', ok: false, error: { code: 'NO_KEY', message: 'No key.', hint: 'Import one.' } };
    assert.deepEqual(parseToWebview(failure), failure);
  });

  test('drops unknown types, replies to unknown requests and results of the wrong shape', () => {
    for (const value of [
      null, 'init', { type: 'eval', code: 'alert(1)' }, { type: 'init' }, { ...init, presets: 'all' }, { ...init, context: { trusted: 'yes' } },
      { ...init, context: { trusted: true, key: { type: 'rsa', algorithms: 'RS256' } } },
      { type: 'decodeToken', token: 7 },
      { type: 'reply', id: 1, request: 'runCommand', ok: true, result: {} },
      { type: 'reply', id: 0, request: 'sign', ok: true, result: { token: 't' } },
      { type: 'reply', id: 1, request: 'sign', ok: true, result: { jwt: 't' } },
      { type: 'reply', id: 1, request: 'sign', ok: 'yes', result: { token: 't' } },
      { type: 'reply', id: 1, request: 'check', ok: true, result: { findings: [{ severity: 'fatal', field: 'x', message: 'm' }] } },
      { type: 'reply', id: 1, request: 'decode', ok: true, result: { header: {}, payload: JSON.parse('{"__proto__":{}}'), signature: '' } },
      { type: 'reply', id: 1, request: 'verify', ok: true, result: { outcome: 'maybe' } },
      { type: 'reply', id: 1, request: 'exchange', ok: true, result: { response: {}, obtainedAt: 'now' } },
      { type: 'reply', id: 1, request: 'copy', ok: true, result: { copied: 'yes' } },
      { type: 'reply', id: 1, request: 'sign', ok: false, error: { message: 'no code' } },
    ]) {
      assert.equal(parseToWebview(value), undefined, JSON.stringify(value));
    }
  });
});

describe('saved webview state', () => {
  const state = { profile: 'p', headerText: '{"alg": "RS256"}', claimsText: '{ "iss": ', lifetimeSeconds: 300, jti: true, view: 'build' };

  test('keeps texts as typed (even invalid JSON) and drops every unknown field, such as a token', () => {
    assert.deepEqual(parseSavedState(state), state);
    assert.deepEqual(parseSavedState({ ...state, signedToken: 'eyJ.a.b', accessToken: 'secret', decodeInput: 'eyJ.c.d' }), state);
    const { profile: _omitted, ...noProfile } = state;
    assert.deepEqual(parseSavedState(noProfile), noProfile);
  });

  test('drops malformed state', () => {
    for (const value of [undefined, null, 'state', { ...state, view: 'settings' }, { ...state, lifetimeSeconds: -1 }, { ...state, headerText: 1 }, { ...state, profile: 3 }]) {
      assert.equal(parseSavedState(value), undefined, JSON.stringify(value));
    }
  });
});

describe('JSON value checks', () => {
  test('isJsonObject and parseTemplate', () => {
    assert.equal(isJsonObject({ a: [1, 'b', null, true, { c: {} }] }), true);
    assert.equal(isJsonObject(Object.create(null)), true);
    assert.equal(isJsonObject([]), false);
    assert.equal(isJsonObject({ m: new Map() }), false);
    assert.equal(isJsonObject({ i: Infinity }), false);
    assert.deepEqual(parseTemplate({ ...template, extra: 1 }), template);
  });
});

describe('the request table', () => {
  /** One sample per request type; TypeScript wants one for every type, and the test below wants one for every table entry. */
  const samples: { [K in RequestType]: { params: RequestParams<K>; result: Results[K] } } = {
    sign: { params: { template }, result: { token: 'a.b.c' } },
    check: { params: { template }, result: { findings: [] } },
    decode: { params: { token: 'a.b.c' }, result: { header: {}, payload: {}, signature: 's' } },
    verify: { params: { token: 'a.b.c', using: 'profileKey' }, result: { outcome: 'cancelled' } },
    exchange: { params: { template }, result: { response: {}, obtainedAt: 0 } },
    reveal: { params: {}, result: { accessToken: 'at' } },
    copy: { params: { what: 'signedToken' }, result: { copied: true } },
    keyAction: { params: { action: 'rotate' }, result: { done: true } },
  };

  test('every request type is accepted from the webview and its reply reaches the webview: none is dropped silently', () => {
    assert.deepEqual(Object.keys(samples).sort(), [...REQUEST_TYPES].sort());
    for (const type of REQUEST_TYPES) {
      const { params, result } = samples[type];
      const request = { type, id: 1, ...params };
      assert.deepEqual(parseFromWebview(request), request, type);
      const reply = { type: 'reply', id: 1, request: type, ok: true, result };
      assert.deepEqual(parseToWebview(reply), reply, type);
      const failure = { type: 'reply', id: 1, request: type, ok: false, error: { code: 'X', message: 'm' } };
      assert.deepEqual(parseToWebview(failure), failure, type);
    }
  });
});
