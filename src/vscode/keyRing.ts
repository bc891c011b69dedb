import { X509Certificate } from 'node:crypto';
import * as vscode from 'vscode';
import { msg } from '../core/errors';
import type { PrivateKey } from '../core/keys';
import type { CertificateInfo } from '../core/x509';
import type { LoadEngine } from './engine';
import { certificateKey, DEFAULT_KEY_SLOT, noKeyError, rotationKey, slotLabel, SLOTS_KEY } from './keySlots';
import type { KeyRole, SecretStore } from './secrets';

export interface SlotKey {
  slot: string;
  key: PrivateKey;
  certificate?: CertificateInfo;
  certificatePem?: string;
}


/** What global state says about a slot's rotation (a display hint; the keys themselves are in SecretStorage). */
/** A key ring's state, for the engine's key work (keyRotation.ts). */
export interface KeyRingInternals {
  secrets: SecretStore;
  state: vscode.Memento;
  slots(): string[];
  rotation(slot: string): RotationState;
  setRotation(slot: string, rotation: RotationState): Promise<void>;
}

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
    assertCertificateMatchesKey(certificate, stored.key, msg('This certificate'));
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

  /** Makes the `incoming` key current and keeps the current one in the `outgoing` role: keyRotation.ts, in the engine. */
  private promote(slot: string, incoming: 'next' | 'previous', outgoing: 'next' | 'previous'): Promise<void> {
    return this.engine().keys.promote(this.internals(), slot, incoming, outgoing);
  }

  /** What the engine's key work (keyRotation.ts) reads and writes of this ring. */
  private internals(): KeyRingInternals {
    return { secrets: this.secrets, state: this.state, slots: () => this.slots(), rotation: (slot) => this.rotation(slot), setRotation: (slot, rotation) => this.setRotation(slot, rotation) };
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
    return this.engine().keys.loadSlotKey(this.state, slot, pem, role);
  }
}
