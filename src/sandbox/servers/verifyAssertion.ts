import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';

/** A public key as a test server is configured with: KeyObject, SPKI PEM, or certificate PEM (what Workfront takes). */
export type PublicKeyInput = KeyObject | string;

export function toPublicKey(input: PublicKeyInput): KeyObject {
  if (typeof input !== 'string') return input.type === 'private' ? createPublicKey(input) : input;
  return input.includes('BEGIN CERTIFICATE') ? new X509Certificate(input).publicKey : createPublicKey(input);
}

export interface AssertionRules {
  algorithms: string[];
  issuer?: string;
  subject?: string;
  audience?: string;
  /** Longest accepted exp − now, in seconds. */
  maxLifetimeSeconds: number;
  /** Claims that must be present. */
  required?: string[];
  clockToleranceSeconds?: number;
  /** The server's clock minus the real one, in seconds: a server whose clock is off (or a client's, seen from it). */
  clockOffsetSeconds?: number;
}

export type AssertionCheck =
  | { ok: true; header: JWTHeaderParameters; payload: JWTPayload }
  | { ok: false; description: string };

/**
 * Verifies an assertion the way a strict token endpoint does, independently of the product's own
 * JWT code (jose directly), so the tests compare two implementations.
 */
export async function checkAssertion(token: string, key: KeyObject, rules: AssertionRules): Promise<AssertionCheck> {
  const tolerance = rules.clockToleranceSeconds ?? 5;
  let header: JWTHeaderParameters;
  let payload: JWTPayload;
  try {
    ({ protectedHeader: header, payload } = await jwtVerify(token, key, {
      algorithms: rules.algorithms,
      issuer: rules.issuer,
      subject: rules.subject,
      audience: rules.audience,
      requiredClaims: ['exp', ...(rules.required ?? [])],
      clockTolerance: tolerance,
      ...(rules.clockOffsetSeconds ? { currentDate: new Date(Date.now() + rules.clockOffsetSeconds * 1000) } : {}),
    }));
  } catch (error) {
    return { ok: false, description: `assertion rejected: ${(error as Error).message}` };
  }
  const now = Math.floor(Date.now() / 1000) + (rules.clockOffsetSeconds ?? 0);
  if (typeof payload.iat === 'number' && payload.iat > now + tolerance) return { ok: false, description: 'iat is in the future' };
  if (payload.exp! - now > rules.maxLifetimeSeconds) return { ok: false, description: `exp is more than ${rules.maxLifetimeSeconds} s away` };
  // jose already checks audience membership; a strict server also wants a single string, not an array.
  if (rules.audience !== undefined && typeof payload.aud !== 'string') return { ok: false, description: 'aud must be a single string' };
  return { ok: true, header, payload };
}
