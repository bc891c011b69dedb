import type * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import type { PrivateKey } from '../core/keys';
import type { CertificateInfo } from '../core/x509';
import { features } from './lazy';
import { DEFAULT_KEY_SLOT, type SecretStore } from './secrets';

export interface SlotKey {
  slot: string;
  key: PrivateKey;
  certificate?: CertificateInfo;
  certificatePem?: string;
}

/**
 * Private keys by slot: a profile's own slot (its name) or the default slot for profiles without
 * one. Private keys live in SecretStorage; the matching certificate (public) in global state.
 */
export class KeyRing {
  constructor(
    private readonly secrets: SecretStore,
    private readonly state: vscode.Memento,
  ) {}

  /** Saves the private key first (it must never be lost), then the certificate if any. */
  async save(slot: string, key: PrivateKey, certificatePem?: string): Promise<void> {
    await this.secrets.setPrivateKey(slot, features().privateKeyPem(key));
    await this.state.update(certificateKey(slot), certificatePem);
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

  slots(): string[] {
    return this.secrets.keySlots();
  }

  async forget(slot: string): Promise<void> {
    await this.state.update(certificateKey(slot), undefined);
  }

  private load(slot: string, pem: string): SlotKey {
    const { importPrivateKey, readCertificate } = features();
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

export function slotLabel(slot: string): string {
  return slot === DEFAULT_KEY_SLOT ? 'Default key (profiles without their own)' : `Profile "${slot}"`;
}

/** NO_KEY: no private key is stored `where` (e.g. 'for profile "x"'), with how to get one. */
export function noKeyError(where: string): OAuthJwtError {
  return new OAuthJwtError('NO_KEY', `No private key is stored ${where}.`, 'Generate a key pair or import a private key first (OAuth JWT: Generate Key Pair and Certificate / Import Private Key).');
}
