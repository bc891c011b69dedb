import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';

export type Kind = 'privateKey' | 'clientSecret' | 'token' | 'origin' | 'nextPrivateKey' | 'previousPrivateKey';

/** A slot's keys during a rotation: the one that signs, the one made to replace it, the one it replaced. */
export type KeyRole = 'current' | 'next' | 'previous';
const KEY_KIND: Record<KeyRole, Kind> = { current: 'privateKey', next: 'nextPrivateKey', previous: 'previousPrivateKey' };

/**
 * The only place that touches SecretStorage. Names are `oauthJwt.<kind>.<slot>`. Failures of the
 * platform's secret store become SECRET_STORAGE errors that say what to do; nothing is half-saved
 * because every value is one entry.
 */
export class SecretStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ kind: Kind; slot: string }>();
  /** Fires with what changed, here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.subscription = storage.onDidChange((e) => {
      const match = /^oauthJwt\.(privateKey|clientSecret|token|origin|nextPrivateKey|previousPrivateKey)\.(.*)$/.exec(e.key);
      if (match) this.changed.fire({ kind: match[1] as Kind, slot: match[2]! });
    });
  }

  getPrivateKey(slot: string): Promise<string | undefined> {
    return this.get('privateKey', slot);
  }

  /** Only KeyRing saves private keys: it keeps the slot's name and certificate with them. */
  setPrivateKey(slot: string, pkcs8Pem: string): Promise<void> {
    return this.set('privateKey', slot, pkcs8Pem);
  }

  /** The slot's key in a rotation role (current is {@link getPrivateKey}'s). */
  getKey(role: KeyRole, slot: string): Promise<string | undefined> {
    return this.get(KEY_KIND[role], slot);
  }

  /** Only KeyRing saves keys in rotation roles. */
  setKey(role: KeyRole, slot: string, pkcs8Pem: string): Promise<void> {
    return this.set(KEY_KIND[role], slot, pkcs8Pem);
  }

  deleteKey(role: Exclude<KeyRole, 'current'>, slot: string): Promise<void> {
    return this.delete(KEY_KIND[role], slot);
  }

  getClientSecret(profile: string): Promise<string | undefined> {
    return this.get('clientSecret', profile);
  }

  setClientSecret(profile: string, secret: string): Promise<void> {
    return this.set('clientSecret', profile, secret);
  }

  deleteClientSecret(profile: string): Promise<void> {
    return this.delete('clientSecret', profile);
  }

  /** The token URL origin the profile's secrets were confirmed for. */
  getOrigin(profile: string): Promise<string | undefined> {
    return this.get('origin', profile);
  }

  setOrigin(profile: string, origin: string): Promise<void> {
    return this.set('origin', profile, origin);
  }

  async getToken(profile: string): Promise<TokenResult | undefined> {
    const text = await this.get('token', profile);
    if (!text) return undefined;
    try {
      const token = JSON.parse(text) as TokenResult;
      return typeof token.accessToken === 'string' ? token : undefined;
    } catch {
      return undefined;
    }
  }

  setToken(profile: string, token: TokenResult): Promise<void> {
    return this.set('token', profile, JSON.stringify(token));
  }

  deleteToken(profile: string): Promise<void> {
    return this.delete('token', profile);
  }

  /** Deletes every secret of one slot (a profile name or the default key slot); KeyRing.forget also drops the slot's name and certificate. */
  async forget(slot: string): Promise<void> {
    for (const kind of ['privateKey', 'clientSecret', 'token', 'origin', 'nextPrivateKey', 'previousPrivateKey'] as const) await this.delete(kind, slot);
  }

  private async get(kind: Kind, slot: string): Promise<string | undefined> {
    try {
      return await this.storage.get(name(kind, slot));
    } catch (cause) {
      throw storageError('read', kind, cause);
    }
  }

  private async set(kind: Kind, slot: string, value: string): Promise<void> {
    try {
      await this.storage.store(name(kind, slot), value);
    } catch (cause) {
      throw storageError('save', kind, cause);
    }
  }

  private async delete(kind: Kind, slot: string): Promise<void> {
    try {
      await this.storage.delete(name(kind, slot));
    } catch (cause) {
      throw storageError('delete', kind, cause);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function name(kind: Kind, slot: string): string {
  return `oauthJwt.${kind}.${slot}`;
}

const WHAT: Record<Kind, string> = { privateKey: 'private key', clientSecret: 'client secret', token: 'access token', origin: 'token URL binding', nextPrivateKey: 'next private key', previousPrivateKey: 'previous private key' };

function storageError(action: string, kind: Kind, cause: unknown): OAuthJwtError {
  return new OAuthJwtError(
    'SECRET_STORAGE',
    `VS Code's secret storage could not ${action} the ${WHAT[kind]}.`,
    'Check that the system keychain is unlocked and available (on Linux: a Secret Service such as GNOME Keyring), then try again.',
    { cause },
  );
}
