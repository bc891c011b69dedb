import type * as vscode from 'vscode';
import type { PrivateKey } from '../core/keys';
import type { CertificateInfo } from '../core/x509';
import type { LoadEngine } from './engine';
import { DEFAULT_KEY_SLOT, noKeyError, slotLabel } from './keySlots';
import type { SecretStore } from './secrets';

export interface SlotKey {
  slot: string;
  key: PrivateKey;
  certificate?: CertificateInfo;
  certificatePem?: string;
}

const SLOTS_KEY = 'oauthJwt.keySlots';

/**
 * Private keys by slot: a profile's own slot (its name) or the default slot for profiles without
 * one. The one owner of a slot's key material: the private key in SecretStorage, the slot's name
 * and its certificate (both public) in global state.
 */
export class KeyRing {
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
  }

  /**
   * Attaches a certificate (PEM) to the key in a slot, replacing any it had: NO_KEY when the slot
   * holds no key, INVALID_PEM when it is not a certificate, CERTIFICATE_MISMATCH when its public key
   * is not the slot key's (its thumbprint would name another key). Returns what was attached.
   */
  async attachCertificate(slot: string, certificatePem: string): Promise<CertificateInfo> {
    const stored = await this.get(slot);
    if (!stored) throw noKeyError(`for ${slotLabel(slot)}`);
    const { readCertificate, assertCertificateMatchesKey } = this.engine().keys;
    const certificate = readCertificate(certificatePem);
    assertCertificateMatchesKey(certificate, stored.key, 'This certificate');
    await this.state.update(certificateKey(slot), certificatePem);
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
      throw noKeyError(`for profile "${profile}"`);
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
  }

  private load(slot: string, pem: string): SlotKey {
    const { importPrivateKey, readCertificate } = this.engine().keys;
    const key = importPrivateKey(pem);
    const certificatePem = this.state.get<string>(certificateKey(slot));
    let certificate: CertificateInfo | undefined;
    if (certificatePem) {
      try {
        certificate = readCertificate(certificatePem);
      } catch {
        certificate = undefined;
      }
    }
    return { slot, key, certificate, certificatePem };
  }
}

function certificateKey(slot: string): string {
  return `oauthJwt.certificate.${slot}`;
}
