/**
 * SecretStore's read cache, without vscode (so that unit tests load it): each SecretStorage entry is
 * read at most once per window — in a browser-hosted VS Code every call is a round trip to the page —
 * and forgotten when it is stored or deleted, here or in another window (SecretStorage's change event).
 */

/** What the cache needs of VS Code's SecretStorage (the same methods, structurally). */
export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export class SecretReadCache {
  /** Entries read, by name, as promises: readers at the same time share one round trip. */
  private readonly read = new Map<string, Promise<string | undefined>>();

  constructor(private readonly storage: SecretBackend) {}

  /** The entry, read once; a failed read is not kept (the next one asks again) and rejects with `failure(cause)`. */
  get(key: string, failure: (cause: unknown) => Error): Promise<string | undefined> {
    let value = this.read.get(key);
    if (!value) {
      const reading: Promise<string | undefined> = Promise.resolve(this.storage.get(key)).catch((cause: unknown) => {
        if (this.read.get(key) === reading) this.read.delete(key);
        throw failure(cause);
      });
      value = reading;
      this.read.set(key, value);
    }
    return value;
  }

  /**
   * Stores the entry. What was read of it is dropped before, and again after the store settles:
   * a read that started while the value was being stored may hold the old one.
   */
  store(key: string, value: string): Promise<void> {
    return this.write(key, () => this.storage.store(key, value));
  }

  /** Deletes the entry (dropped from the cache as {@link store} does). */
  delete(key: string): Promise<void> {
    return this.write(key, () => this.storage.delete(key));
  }

  /** The entry changed (SecretStorage's change event, from this window or another): the next read asks again. */
  changed(key: string): void {
    this.read.delete(key);
  }

  /** Drops every entry read so far. */
  clear(): void {
    this.read.clear();
  }

  private async write(key: string, work: () => PromiseLike<void>): Promise<void> {
    this.read.delete(key);
    try {
      await work();
    } finally {
      this.read.delete(key);
    }
  }
}
