/**
 * Test doubles for the audit's "secret storage fails" cases. A mock, because a broken OS keychain
 * cannot be produced here: the host runs with an in-memory secret store that never fails.
 */
import * as vscode from 'vscode';

export type StorageOperation = 'get' | 'store' | 'delete';

/**
 * A vscode.SecretStorage over a Map that throws, like a locked or missing keychain, for the
 * operations and key names `failsOn` picks. Everything else works, so a test can fail one step.
 */
export class FailingSecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  /** Every failure thrown, for the test to count. */
  readonly failures: string[] = [];

  constructor(public failsOn: (operation: StorageOperation, key: string) => boolean) {}

  private check(operation: StorageOperation, key: string): void {
    if (this.failsOn(operation, key)) {
      this.failures.push(`${operation} ${key}`);
      // The wording of a real keychain failure (libsecret): no secret in it.
      throw new Error('Cannot get password: the keyring is locked (org.freedesktop.Secret.Error.IsLocked)');
    }
  }

  async get(key: string): Promise<string | undefined> {
    this.check('get', key);
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.check('store', key);
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.check('delete', key);
    this.values.delete(key);
    this.changed.fire({ key });
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A Memento in memory, so a swapped-in store leaves the real global state alone. */
export class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}
