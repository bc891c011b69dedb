import { createPublicKey, X509Certificate } from 'node:crypto';
import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import type { PrivateKey } from '../core/keys';
import type { CertificateInfo } from '../core/x509';
import type { LoadEngine } from './engine';
import { DEFAULT_KEY_SLOT, noKeyError, slotLabel } from './keySlots';
import type { KeyRole, SecretStore } from './secrets';

export interface SlotKey {
  slot: string;
  key: PrivateKey;
  certificate?: CertificateInfo;
  certificatePem?: string;
}

const SLOTS_KEY = 'oauthJwt.keySlots';

/** What global state says about a slot's rotation (a display hint; the keys themselves are in SecretStorage). */
export interface RotationState {
  /** When the next key was made (ms); set while a next key waits to be activated. */
  next?: number;
  /** When the previous key stopped signing (ms); set until it is retired. */
  previous?: number;
}

/**
 * Private keys by slot: a profile's own slot (its name) or the default slot for profiles without
 * one. The one owner of a slot's key material: the private key in SecretStorage, the slot's name
 * and its certificate (both public) in global state.
 */
export class KeyRing implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the slot whose keys or certificates changed in this window. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: vscode.Memento,
    private readonly engine: LoadEngine,
  ) {}

  /** Saves the private key first (it must never be lost), then the slot's name and its certificate (cleared when there is none). */
  async save(slot: string, key: PrivateKey, certificatePem?: string): Promise<void> {
    await this.secrets.setPrivateKey(slot, this.engine().keys.privateKeyPem(key));
    if (!this.slots().includes(slot)) await this.state.update(SLOTS_KEY, [...this.slots(), slot]);
    await this.state.update(certificateKey(slot), certificatePem);
    this.changed.fire(slot);
  }

  /**
   * Attaches a certificate (PEM) to the key in a slot, replacing any it had: NO_KEY when the slot
   * holds no key, INVALID_PEM when it is not a certificate, CERTIFICATE_MISMATCH when its public key
   * is not the slot key's (its thumbprint would name another key). Returns what was attached.
   */
  async attachCertificate(slot: string, certificatePem: string): Promise<CertificateInfo> {
    const stored = await this.get(slot);
    if (!stored) throw noKeyError(vscode.l10n.t('for {0}', slotLabel(slot)));
    const { readCertificate, assertCertificateMatchesKey } = this.engine().keys;
    const certificate = readCertificate(certificatePem);
    assertCertificateMatchesKey(certificate, stored.key, 'This certificate');
    await this.state.update(certificateKey(slot), certificatePem);
    this.changed.fire(slot);
    return certificate;
  }

  /** The key a profile signs with: its own slot, else the default slot. */
  async forProfile(profile: string): Promise<SlotKey | undefined> {
    for (const slot of [profile, DEFAULT_KEY_SLOT]) {
      const pem = await this.secrets.getPrivateKey(slot);
      if (pem) return this.load(slot, pem);
    }
    return undefined;
  }

  async get(slot: string): Promise<SlotKey | undefined> {
    const pem = await this.secrets.getPrivateKey(slot);
    return pem ? this.load(slot, pem) : undefined;
  }

  /** The key a profile signs with, or NO_KEY saying how to get one. */
  async require(profile: string): Promise<SlotKey> {
    const found = await this.forProfile(profile);
    if (!found) {
      throw noKeyError(vscode.l10n.t('for profile "{0}"', profile));
    }
    return found;
  }

  /** Names of the slots that hold a private key (kept in global state: names are not secret). */
  slots(): string[] {
    return this.state.get<string[]>(SLOTS_KEY, []);
  }

  /** Forgets everything stored for a slot: its secrets (key, client secret, token, origin binding), then its name and certificate. */
  async forget(slot: string): Promise<void> {
    await this.secrets.forget(slot);
    await this.state.update(SLOTS_KEY, this.slots().filter((s) => s !== slot));
    await this.state.update(certificateKey(slot), undefined);
    for (const role of ['next', 'previous'] as const) await this.state.update(certificateKey(slot, role), undefined);
    await this.state.update(rotationKey(slot), undefined);
    this.changed.fire(slot);
  }

  /** The slot a profile signs with, from the slot names alone (no secret is read): for the status bar. */
  slotFor(profile: string): string | undefined {
    const slots = this.slots();
    return slots.includes(profile) ? profile : slots.includes(DEFAULT_KEY_SLOT) ? DEFAULT_KEY_SLOT : undefined;
  }

  /** The validity of a slot's certificate, read with Node's X509Certificate alone (activation must not load the engine). */
  certificateValidity(slot: string, role: KeyRole = 'current'): { notBefore: Date; notAfter: Date } | undefined {
    const pem = this.state.get<string>(certificateKey(slot, role));
    if (!pem) return undefined;
    try {
      const x509 = new X509Certificate(pem);
      return { notBefore: new Date(x509.validFrom), notAfter: new Date(x509.validTo) };
    } catch {
      return undefined;
    }
  }

  rotation(slot: string): RotationState {
    return this.state.get<RotationState>(rotationKey(slot)) ?? {};
  }

  /** The slot's key in a rotation role, with its certificate. */
  async role(slot: string, role: KeyRole): Promise<SlotKey | undefined> {
    const pem = await this.secrets.getKey(role, slot);
    return pem ? this.load(slot, pem, role) : undefined;
  }

  /**
   * Keeps a newly made key as the slot's *next* key: the private key first (so it is never lost),
   * then its certificate; the current key keeps signing. Replaces an earlier next key.
   */
  async saveNext(slot: string, key: PrivateKey, certificatePem?: string): Promise<void> {
    await this.secrets.setKey('next', slot, this.engine().keys.privateKeyPem(key));
    await this.state.update(certificateKey(slot, 'next'), certificatePem);
    await this.setRotation(slot, { ...this.rotation(slot), next: Date.now() });
  }

  /**
   * Makes the next key current and keeps the current one as *previous* (see {@link promote}).
   * Refused while an earlier previous key is still kept: retire it first.
   */
  activateNext(slot: string): Promise<void> {
    return this.promote(slot, 'next', 'previous');
  }

  /** The rollback: the previous key signs again, and the one that replaced it waits as *next*. */
  rollBack(slot: string): Promise<void> {
    return this.promote(slot, 'previous', 'next');
  }

  /**
   * Makes the `incoming` key current and keeps the current one in the `outgoing` role. Every step
   * can fail (a locked keychain) and be run again: the outgoing copy is stored before the current
   * key is replaced, and once current equals incoming only the clean-up is left, so no key is lost
   * and a second run finishes the first.
   */
  private async promote(slot: string, incoming: 'next' | 'previous', outgoing: 'next' | 'previous'): Promise<void> {
    const key = await this.secrets.getKey(incoming, slot);
    if (!key) {
      throw new OAuthJwtError('NO_KEY', incoming === 'next' ? vscode.l10n.t('There is no next key for this slot.') : vscode.l10n.t('There is no previous key for this slot.'), incoming === 'next'
        ? vscode.l10n.t('Run "OAuth JWT: Rotate Key" first, register the next key with your provider, then activate it.')
        : vscode.l10n.t('A rollback needs the previous key, which is kept from Activate Next Key until Retire Previous Key.'));
    }
    const current = await this.secrets.getPrivateKey(slot);
    if (current !== key) {
      const waiting = await this.secrets.getKey(outgoing, slot);
      if (waiting !== undefined && waiting !== current) {
        throw new OAuthJwtError('INVALID_OPTION', outgoing === 'previous' ? vscode.l10n.t('A previous key is already kept for this slot.') : vscode.l10n.t('A next key is already kept for this slot.'), outgoing === 'previous'
          ? vscode.l10n.t('Run "OAuth JWT: Retire Previous Key" first (once nothing signs with it any more), then activate the next key.')
          : vscode.l10n.t('Activate or replace the waiting next key first (Activate Next Key / Rotate Key).'));
      }
      if (current !== undefined) {
        await this.state.update(certificateKey(slot, outgoing), this.state.get<string>(certificateKey(slot)));
        await this.secrets.setKey(outgoing, slot, current);
      }
      await this.secrets.setPrivateKey(slot, key);
    }
    await this.state.update(certificateKey(slot), this.state.get<string>(certificateKey(slot, incoming)));
    if (!this.slots().includes(slot)) await this.state.update(SLOTS_KEY, [...this.slots(), slot]);
    await this.secrets.deleteKey(incoming, slot);
    await this.state.update(certificateKey(slot, incoming), undefined);
    const kept = (await this.secrets.getKey(outgoing, slot)) !== undefined;
    await this.setRotation(slot, { ...this.rotation(slot), [incoming]: undefined, [outgoing]: kept ? this.rotation(slot)[outgoing] ?? Date.now() : undefined });
  }

  /** Forgets the previous key and its certificate: after this, a rollback is no longer possible. */
  async retirePrevious(slot: string): Promise<void> {
    await this.secrets.deleteKey('previous', slot);
    await this.state.update(certificateKey(slot, 'previous'), undefined);
    const { next } = this.rotation(slot);
    await this.setRotation(slot, { next });
  }

  /**
   * Retires previous keys kept longer than `days` (oauthJwt.retirePreviousKeyAfterDays; 0 keeps
   * them until Retire Previous Key). Returns the slots retired.
   */
  async retirePreviousOlderThan(days: number, now: number): Promise<string[]> {
    if (days <= 0) return [];
    const retired: string[] = [];
    for (const slot of this.slots()) {
      const since = this.rotation(slot).previous;
      if (since !== undefined && now - since >= days * 86_400_000) {
        await this.retirePrevious(slot);
        retired.push(slot);
      }
    }
    return retired;
  }

  private async setRotation(slot: string, rotation: RotationState): Promise<void> {
    await this.state.update(rotationKey(slot), rotation.next === undefined && rotation.previous === undefined ? undefined : rotation);
    this.changed.fire(slot);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private load(slot: string, pem: string, role: KeyRole = 'current'): SlotKey {
    const { importPrivateKey, readCertificate } = this.engine().keys;
    const key = importPrivateKey(pem);
    let certificatePem = this.state.get<string>(certificateKey(slot, role));
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
}

function certificateKey(slot: string, role: KeyRole = 'current'): string {
  return role === 'current' ? `oauthJwt.certificate.${slot}` : `oauthJwt.${role}Certificate.${slot}`;
}

function rotationKey(slot: string): string {
  return `oauthJwt.rotation.${slot}`;
}
