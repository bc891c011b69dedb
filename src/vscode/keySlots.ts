/** Key slot names and how they are shown; light, so both sides of the lazy seam can import it. */
import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import type { KeyRole } from './secrets';

/** The key slot used by profiles that have no key of their own. */
export const DEFAULT_KEY_SLOT = '*default*';

export function slotLabel(slot: string): string {
  return slot === DEFAULT_KEY_SLOT ? vscode.l10n.t('Default key (profiles without their own)') : vscode.l10n.t('Profile "{0}"', slot);
}

/** NO_KEY: no private key is stored `where` (e.g. 'for profile "x"'), with how to get one. */
export function noKeyError(where: string): OAuthJwtError {
  return new OAuthJwtError('NO_KEY', vscode.l10n.t('No private key is stored {0}.', where), vscode.l10n.t('Generate a key pair or import a private key first (OAuth JWT: Generate Key Pair and Certificate / Import Private Key).'));
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
