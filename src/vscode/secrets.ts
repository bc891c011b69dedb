import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import type { TokenResult } from '../core/exchange';
import { SecretReadCache } from './secretReadCache';

export type Kind = 'privateKey' | 'clientSecret' | 'token' | OriginKind | 'sandbox' | 'nextPrivateKey' | 'previousPrivateKey' | 'dpopKey';

/**
 * Origins the user confirmed, per credential: a key slot's key (`keyOrigins`), a profile's client
 * secret (`secretOrigins`) and a profile's access token (`tokenOrigins`, the API origins Send Test
 * Request may call). Each is a JSON list of origins, forgotten with the slot. A slot keeps its
 * confirmed origins through a key rotation: they belong to the slot's key role "current" as it moves.
 */
export type OriginKind = 'keyOrigins' | 'secretOrigins' | 'tokenOrigins';

/** Before confirmed origins belonged to credentials, one origin was bound per profile name; such entries are only deleted now. */
const LEGACY_ORIGIN = 'origin';

/** Every SecretStorage entry name's kind part. */
type Entry = Kind | typeof LEGACY_ORIGIN;

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
  /**
   * Entries read in this window (secretReadCache.ts): in a browser-hosted VS Code every SecretStorage
   * call is a round trip to the page; an entry goes when it is stored or deleted, here or in another
   * window (SecretStorage's change event).
   */
  private readonly read: SecretReadCache;

  constructor(storage: vscode.SecretStorage) {
    this.read = new SecretReadCache(storage);
    this.subscription = storage.onDidChange((e) => {
      this.read.changed(e.key);
      const match = /^oauthJwt\.(\w+)\.(.*)$/.exec(e.key);
      if (match && match[1] !== LEGACY_ORIGIN && Object.hasOwn(WHAT, match[1]!)) this.changed.fire({ kind: match[1] as Kind, slot: match[2]! });
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

  /** The profile's DPoP key (PKCS#8 PEM, RFC 9449): its own, never the signing key. */
  getDpopKey(profile: string): Promise<string | undefined> {
    return this.get('dpopKey', profile);
  }

  setDpopKey(profile: string, pkcs8Pem: string): Promise<void> {
    return this.set('dpopKey', profile, pkcs8Pem);
  }

  /** The origins confirmed for a credential (see {@link OriginKind}); an unreadable entry counts as none. */
  async getOrigins(kind: OriginKind, slot: string): Promise<string[]> {
    const text = await this.get(kind, slot);
    if (!text) return [];
    try {
      const list: unknown = JSON.parse(text);
      return Array.isArray(list) ? list.filter((origin): origin is string => typeof origin === 'string') : [];
    } catch {
      return [];
    }
  }

  setOrigins(kind: OriginKind, slot: string, origins: readonly string[]): Promise<void> {
    return this.set(kind, slot, JSON.stringify([...new Set(origins)]));
  }

  /** Whether the sandbox of `npm start` provisioned this slot (so that a later start may replace it). */
  async isSandboxSlot(slot: string): Promise<boolean> {
    return (await this.get('sandbox', slot)) === 'true';
  }

  markSandboxSlot(slot: string): Promise<void> {
    return this.set('sandbox', slot, 'true');
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

  /** Deletes every secret of one slot (a profile name or the default key slot), with its confirmed origins; KeyRing.forget also drops the slot's name and certificate. */
  async forget(slot: string): Promise<void> {
    // Every kind there is (WHAT names each one, the type makes sure), the legacy binding included.
    for (const kind of Object.keys(WHAT) as Entry[]) await this.delete(kind, slot);
  }

  /** Drops every entry read so far (the next read of each asks SecretStorage again). */
  dropReads(): void {
    this.read.clear();
  }

  private get(kind: Entry, slot: string): Promise<string | undefined> {
    return this.read.get(name(kind, slot), (cause) => storageError('read', kind, cause));
  }

  private async set(kind: Kind, slot: string, value: string): Promise<void> {
    try {
      await this.read.store(name(kind, slot), value);
    } catch (cause) {
      throw storageError('save', kind, cause);
    }
  }

  private async delete(kind: Entry, slot: string): Promise<void> {
    try {
      await this.read.delete(name(kind, slot));
    } catch (cause) {
      throw storageError('delete', kind, cause);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function name(kind: Entry, slot: string): string {
  return `oauthJwt.${kind}.${slot}`;
}

/** What each kind of entry is, for messages; also the list of kinds (forget, change events). */
const WHAT: Record<Entry, string> = {
  privateKey: 'private key',
  clientSecret: 'client secret',
  token: 'access token',
  keyOrigins: 'origins confirmed for the key',
  secretOrigins: 'origins confirmed for the client secret',
  tokenOrigins: 'origins confirmed for the access token',
  sandbox: 'sandbox mark',
  nextPrivateKey: 'next private key',
  previousPrivateKey: 'previous private key',
  dpopKey: 'DPoP key',
  origin: 'old token URL binding',
};

function storageError(action: string, kind: Entry, cause: unknown): OAuthJwtError {
  return new OAuthJwtError(
    'SECRET_STORAGE',
    `VS Code's secret storage could not ${action} the ${WHAT[kind]}.`,
    'Check that the system keychain is unlocked and available (on Linux: a Secret Service such as GNOME Keyring), then try again.',
    { cause },
  );
}
