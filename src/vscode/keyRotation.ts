/**
 * The key ring's heavier work, in the engine (dist/engine.js): a slot's key loaded with its
 * certificate, and the rotation's promotions. KeyRing (in dist/extension.js) keeps the slots, the
 * reads activation and the status bar need, and hands its state over as {@link KeyRingInternals}.
 */
import { createPublicKey } from 'node:crypto';
import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import { importPrivateKey } from '../core/keys';
import { readCertificate, type CertificateInfo } from '../core/x509';
import type { KeyRingInternals, SlotKey } from './keyRing';
import { certificateKey, SLOTS_KEY } from './keySlots';
import type { KeyRole } from './secrets';

/** A slot's key from its PEM, with its certificate from global state when that certificate is the key's. */
export function loadSlotKey(state: vscode.Memento, slot: string, pem: string, role: KeyRole = 'current'): SlotKey {
  const key = importPrivateKey(pem);
  let certificatePem = state.get<string>(certificateKey(slot, role));
  let certificate: CertificateInfo | undefined;
  if (certificatePem) {
    try {
      certificate = readCertificate(certificatePem);
    } catch {
      certificate = undefined;
    }
  }
  // A rotation interrupted between the key and its certificate: never pair a key with another key's certificate.
  if (certificate && !certificate.publicKey.equals(createPublicKey(key.key))) {
    certificate = undefined;
    certificatePem = undefined;
  }
  return { slot, key, certificate, certificatePem: certificate ? certificatePem : undefined };
}

/**
 * Makes the `incoming` key current and keeps the current one in the `outgoing` role. Every step
 * can fail (a locked keychain) and be run again: the outgoing copy is stored before the current
 * key is replaced, and once current equals incoming only the clean-up is left, so no key is lost
 * and a second run finishes the first.
 */
export async function promote(ring: KeyRingInternals, slot: string, incoming: 'next' | 'previous', outgoing: 'next' | 'previous'): Promise<void> {
  const key = await ring.secrets.getKey(incoming, slot);
  if (!key) {
    throw new OAuthJwtError('NO_KEY', incoming === 'next' ? vscode.l10n.t('There is no next key for this slot.') : vscode.l10n.t('There is no previous key for this slot.'), incoming === 'next'
      ? vscode.l10n.t('Run "OAuth JWT: Rotate Key" first, register the next key with your provider, then activate it.')
      : vscode.l10n.t('A rollback needs the previous key, which is kept from Activate Next Key until Retire Previous Key.'));
  }
  const current = await ring.secrets.getPrivateKey(slot);
  if (current !== key) {
    const waiting = await ring.secrets.getKey(outgoing, slot);
    if (waiting !== undefined && waiting !== current) {
      throw new OAuthJwtError('INVALID_OPTION', outgoing === 'previous' ? vscode.l10n.t('A previous key is already kept for this slot.') : vscode.l10n.t('A next key is already kept for this slot.'), outgoing === 'previous'
        ? vscode.l10n.t('Run "OAuth JWT: Retire Previous Key" first (once nothing signs with it any more), then activate the next key.')
        : vscode.l10n.t('Activate or replace the waiting next key first (Activate Next Key / Rotate Key).'));
    }
    if (current !== undefined) {
      await ring.state.update(certificateKey(slot, outgoing), ring.state.get<string>(certificateKey(slot)));
      await ring.secrets.setKey(outgoing, slot, current);
    }
    await ring.secrets.setPrivateKey(slot, key);
  }
  await ring.state.update(certificateKey(slot), ring.state.get<string>(certificateKey(slot, incoming)));
  if (!ring.slots().includes(slot)) await ring.state.update(SLOTS_KEY, [...ring.slots(), slot]);
  await ring.secrets.deleteKey(incoming, slot);
  await ring.state.update(certificateKey(slot, incoming), undefined);
  const kept = (await ring.secrets.getKey(outgoing, slot)) !== undefined;
  await ring.setRotation(slot, { ...ring.rotation(slot), [incoming]: undefined, [outgoing]: kept ? ring.rotation(slot)[outgoing] ?? Date.now() : undefined });
}
