/** Key slot names and how they are shown; no vscode, so both sides of the lazy seam can import it. */
import { OAuthJwtError } from '../core/errors';
import type { KeyRole } from './secrets';

/** The key slot used by profiles that have no key of their own. */
export const DEFAULT_KEY_SLOT = '*default*';

export function slotLabel(slot: string): string {
  return slot === DEFAULT_KEY_SLOT ? 'Default key (profiles without their own)' : `Profile "${slot}"`;
}

/** NO_KEY: no private key is stored `where` (e.g. 'for profile "x"'), with how to get one. */
export function noKeyError(where: string): OAuthJwtError {
  return new OAuthJwtError('NO_KEY', `No private key is stored ${where}.`, 'Generate a key pair or import a private key first (OAuth JWT: Generate Key Pair and Certificate / Import Private Key).');
}

/** Where global state keeps the names of the slots that hold a key (KeyRing's; names are not secret). */
export const SLOTS_KEY = 'oauthJwt.keySlots';

/** Where global state keeps a slot's certificate (PEM) in a rotation role. */
export function certificateKey(slot: string, role: KeyRole = 'current'): string {
  return role === 'current' ? `oauthJwt.certificate.${slot}` : `oauthJwt.${role}Certificate.${slot}`;
}

export function rotationKey(slot: string): string {
  return `oauthJwt.rotation.${slot}`;
}
