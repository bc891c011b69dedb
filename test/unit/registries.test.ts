import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OAuthJwtError } from '../../src/core/errors';
import { FLOW_IDS } from '../../src/core/flowIds';
import { FLOWS } from '../../src/core/flows';
import { MAX_LIFETIME_SECONDS } from '../../src/core/limits';
import { PROVIDERS, providerById, providerForProfile } from '../../src/core/providers';
import { SIGN_IN_WITH_APPLE_MAX_SECONDS } from '../../src/core/providers/signInWithApple';
import { THUMBPRINTS } from '../../src/core/thumbprints';
import { profileSummary } from '../../src/vscode/claimEditor/templates';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const profileFields = manifest.contributes.configuration.properties['oauthJwt.profiles'].items.properties;

test('the flow table, the flow ids and package.json\'s enum list the same flows', () => {
  assert.deepEqual(Object.keys(FLOWS).sort(), [...FLOW_IDS].sort());
  assert.deepEqual([...profileFields.flow.enum].sort(), [...FLOW_IDS].sort());
  for (const id of FLOW_IDS) {
    const flow = FLOWS[id];
    assert.equal(flow.id, id);
    assert.ok(flow.methods.includes('POST'), `${id}: POST is the default method`);
    assert.ok(flow.reservedParams.includes('client_secret'), `${id}: a client secret never comes from params`);
  }
});

test('every provider has a unique id, a flow from the table, a lifetime within its cap and the global one', () => {
  assert.equal(new Set(PROVIDERS.map((p) => p.id)).size, PROVIDERS.length);
  for (const provider of PROVIDERS) {
    assert.ok(FLOWS[provider.flow], provider.id);
    assert.ok(provider.lifetimeSeconds <= (provider.maxLifetimeSeconds ?? MAX_LIFETIME_SECONDS), provider.id);
    // Sign in with Apple alone documents a longer lifetime: "not greater than 15777000 (6 months in Seconds)".
    assert.ok((provider.maxLifetimeSeconds ?? 0) <= (provider.id === 'sign-in-with-apple' ? SIGN_IN_WITH_APPLE_MAX_SECONDS : MAX_LIFETIME_SECONDS), provider.id);
    assert.equal(providerById(provider.id), provider);
  }
  // Every flow has a provider of last resort.
  for (const id of FLOW_IDS) assert.ok(PROVIDERS.some((p) => p.fallbackFor === id || p.recognize?.({ flow: id, host: '', path: '' }) === 'flow'), id);
});

test('recognition: the flow beats the host, the host beats the path, else the flow\'s fallback', () => {
  const of = (flow: 'workfront' | 'client-assertion' | 'jwt-bearer', tokenUrl: string) => providerForProfile({ flow, tokenUrl }).id;
  assert.equal(of('workfront', 'https://login.microsoftonline.com/x/oauth2token'), 'workfront');
  assert.equal(of('client-assertion', 'https://login.microsoftonline.com/t/oauth2/v2.0/token'), 'entra');
  assert.equal(of('client-assertion', 'https://dev-1.okta.com/oauth2/v1/token'), 'okta');
  assert.equal(of('client-assertion', 'https://kc.example/realms/r/protocol/openid-connect/token'), 'keycloak');
  assert.equal(of('client-assertion', 'https://lua5.example/co/oauth2token'), 'logicnets');
  assert.equal(of('client-assertion', 'https://login.salesforce.com/co/oauth2token'), 'salesforce');
  assert.equal(of('jwt-bearer', 'https://lua5.example/co/oauth2token'), 'generic-bearer');
  assert.equal(of('jwt-bearer', 'https://oauth2.googleapis.com/token'), 'google');
  assert.equal(of('client-assertion', 'not a url'), 'generic-assertion');
  const selfSigned = (tokenUrl: string, provider?: string) => providerForProfile({ flow: 'self-signed', tokenUrl, provider }).id;
  assert.equal(selfSigned('https://api.appstoreconnect.apple.com/v1'), 'app-store-connect');
  assert.equal(selfSigned('https://appleid.apple.com/auth/token'), 'sign-in-with-apple');
  assert.equal(selfSigned('https://myorg-acct.snowflakecomputing.com'), 'snowflake');
  assert.equal(selfSigned('https://pubsub.googleapis.com/'), 'google-self-signed');
  assert.equal(selfSigned('http://127.0.0.1:9/'), 'generic-self-signed');
  // A named preset wins over recognition (local test servers have no provider's host); one of another flow is refused.
  assert.equal(selfSigned('http://127.0.0.1:9/', 'snowflake'), 'snowflake');
  assert.throws(() => selfSigned('http://127.0.0.1:9/', 'okta'), (e: OAuthJwtError) => e.code === 'INVALID_OPTION' && /client-assertion flow, not self-signed/.test(e.message));
  assert.equal(providerForProfile({ flow: 'github-app', tokenUrl: 'https://github.example/api/v3' }).id, 'github-app');
});

test('package.json\'s lifetime maximums are MAX_LIFETIME_SECONDS (a profile\'s: the one preset allowed longer, Sign in with Apple)', () => {
  assert.equal(profileFields.lifetimeSeconds.maximum, SIGN_IN_WITH_APPLE_MAX_SECONDS);
  assert.equal(manifest.contributes.configuration.properties['oauthJwt.defaultLifetimeSeconds'].maximum, MAX_LIFETIME_SECONDS);
});

test('package.json\'s provider enum lists the provider table\'s ids (with a description each), its thumbprint enum the thumbprints', () => {
  assert.deepEqual([...profileFields.provider.enum].sort(), PROVIDERS.map((p) => p.id).sort());
  assert.equal(profileFields.provider.enumDescriptions.length, profileFields.provider.enum.length);
  assert.deepEqual(profileFields.thumbprint.enum, [...THUMBPRINTS]);
});

test('the claim editor names the profile\'s provider, also where its token URL is not recognised (a local endpoint)', () => {
  const local = { name: 'p', flow: 'client-assertion' as const, tokenUrl: 'http://127.0.0.1:8080/oauth2/v1/token' };
  assert.equal(profileSummary(local).presetLabel, 'Generic RFC 7523 client assertion');
  assert.deepEqual([profileSummary({ ...local, provider: 'okta' }).presetId, profileSummary({ ...local, provider: 'okta' }).presetLabel], ['okta', 'Okta']);
});
