import assert from 'node:assert/strict';
import { OAuthJwtError, type ErrorCode } from '../../src/core/errors';

/**
 * Awaits a rejection and checks it is an OAuthJwtError with `code` whose text holds none of
 * `secrets`; every failure but a cancellation must say what to do. Returns the error.
 */
export async function failsWith(promise: Promise<unknown>, code: ErrorCode, secrets: string[] = []): Promise<OAuthJwtError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected a failure with ${code}, but it succeeded`);
  assert.ok(caught instanceof OAuthJwtError, `expected OAuthJwtError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (code !== 'CANCELLED') assert.ok(caught.hint && caught.hint.length > 10, 'the failure says what to do');
  for (const secret of secrets) assert.ok(!caught.describe().includes(secret), `the error text leaks a secret: ${caught.describe()}`);
  return caught;
}
