import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lifetimeCap } from '../../src/core/lifetimeCap';
import { providerById } from '../../src/core/providers';

/** A profile as New Profile builds it from answers (every answer the same placeholder). */
const profileOf = (id: string) => {
  const preset = providerById(id)!;
  const answers = Object.fromEntries(preset.questions.map((q) => [q.id, q.id === 'tokenUrl' ? 'https://idp.example.com/token' : q.id === 'installationId' ? '42' : 'x']));
  return { provider: id, ...preset.build(answers) };
};

describe('the lifetime cap: the user-level cap, or a long-lived preset\'s own allowance for that preset only', () => {
  test('Sign in with Apple: its documented 15 777 000 s, whatever the user-level cap', () => {
    assert.equal(lifetimeCap(profileOf('sign-in-with-apple'), 3600), 15_777_000);
    assert.equal(lifetimeCap(profileOf('sign-in-with-apple'), 60), 15_777_000);
  });

  test('every other preset, and a profile naming no provider: the user-level cap', () => {
    for (const id of ['app-store-connect', 'snowflake', 'workfront', 'generic-assertion', 'github-app']) assert.equal(lifetimeCap(profileOf(id), 3600), 3600, id);
    assert.equal(lifetimeCap({ flow: 'client-assertion', tokenUrl: 'https://idp.example.com/token' }, 7200), 7200);
    // A self-signed profile that is not Apple's (by provider or host) gets no long allowance.
    assert.equal(lifetimeCap({ flow: 'self-signed', tokenUrl: 'https://api.example.com/' }, 3600), 3600);
  });
});
