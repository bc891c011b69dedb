import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretReadCache, type SecretBackend } from '../../src/vscode/secretReadCache';

/**
 * A stand-in for VS Code's SecretStorage (which runs only in the extension host; the host tests use
 * the real one): an in-memory map whose every call waits until the test lets it answer, so the
 * tests decide the order in which reads and writes settle. It counts the calls made to it.
 */
class ControlledStorage implements SecretBackend {
  readonly values = new Map<string, string>();
  readonly calls: string[] = [];
  private readonly waiting: Array<{ call: string; answer: (value?: string) => void }> = [];
  failNextRead: Error | undefined;
  failNextWrite: Error | undefined;

  get(key: string): Promise<string | undefined> {
    this.calls.push(`get ${key}`);
    const failure = this.failNextRead;
    this.failNextRead = undefined;
    // The value is the one stored when the backend answers, as a real round trip would give.
    return this.later(`get ${key}`, (value) => {
      if (failure) throw failure;
      return value ?? this.values.get(key);
    });
  }

  store(key: string, value: string): Promise<void> {
    this.calls.push(`store ${key}`);
    const failure = this.failNextWrite;
    this.failNextWrite = undefined;
    return this.later(`store ${key}`, () => {
      if (failure) throw failure;
      this.values.set(key, value);
    });
  }

  delete(key: string): Promise<void> {
    this.calls.push(`delete ${key}`);
    return this.later(`delete ${key}`, () => void this.values.delete(key));
  }

  /** Lets the oldest waiting call answer, then lets its awaiters run. */
  async answerNext(): Promise<void> {
    const next = this.waiting.shift();
    assert.ok(next, 'a call waits for its answer');
    next.answer();
    await settle();
  }

  /** Lets the oldest waiting `call` answer (a read with `value`, as the storage had it when it took the read). */
  async answer(call: string, value?: string): Promise<void> {
    const index = this.waiting.findIndex((w) => w.call === call);
    assert.ok(index >= 0, `${call} waits for its answer`);
    this.waiting.splice(index, 1)[0]!.answer(value);
    await settle();
  }

  async answerAll(): Promise<void> {
    while (this.waiting.length > 0) await this.answerNext();
  }

  reads(): number {
    return this.calls.filter((c) => c.startsWith('get ')).length;
  }

  private later<T>(call: string, answer: (value?: string) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => this.waiting.push({ call, answer: (value) => {
      try {
        resolve(answer(value));
      } catch (error) {
        reject(error);
      }
    } }));
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const failure = (cause: unknown) => new Error(`read failed: ${(cause as Error).message}`);

async function read(cache: SecretReadCache, storage: ControlledStorage, key: string): Promise<string | undefined> {
  const value = cache.get(key, failure);
  await storage.answerAll();
  return value;
}

test('each entry is read from the storage once; later reads are answered from memory', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'A');
  const cache = new SecretReadCache(storage);
  assert.equal(await read(cache, storage, 'a'), 'A');
  assert.equal(await cache.get('a', failure), 'A');
  assert.equal(await cache.get('a', failure), 'A');
  assert.equal(storage.reads(), 1);
  // Another entry is another read; an absent entry is remembered as absent too.
  assert.equal(await read(cache, storage, 'b'), undefined);
  assert.equal(await cache.get('b', failure), undefined);
  assert.equal(storage.reads(), 2);
});

test('concurrent reads of an entry share one round trip', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'A');
  const cache = new SecretReadCache(storage);
  const reads = [cache.get('a', failure), cache.get('a', failure), cache.get('a', failure)];
  await storage.answerAll();
  assert.deepEqual(await Promise.all(reads), ['A', 'A', 'A']);
  assert.equal(storage.reads(), 1);
});

test('a failed read is not kept: it rejects with the caller\'s error, and the next read asks again', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'A');
  const cache = new SecretReadCache(storage);
  storage.failNextRead = new Error('keychain locked');
  const first = assert.rejects(cache.get('a', failure), /read failed: keychain locked/);
  const joined = assert.rejects(cache.get('a', failure), /read failed: keychain locked/);
  await storage.answerAll();
  await first;
  await joined;
  assert.equal(await read(cache, storage, 'a'), 'A');
  assert.equal(storage.reads(), 2);
});

test('a store, a delete and a change event each drop what was read of that entry only', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'A');
  storage.values.set('b', 'B');
  const cache = new SecretReadCache(storage);
  await read(cache, storage, 'a');
  await read(cache, storage, 'b');

  const stored = cache.store('a', 'A2');
  await storage.answerAll();
  await stored;
  assert.equal(await read(cache, storage, 'a'), 'A2');
  assert.equal(storage.reads(), 3);

  const deleted = cache.delete('a');
  await storage.answerAll();
  await deleted;
  assert.equal(await read(cache, storage, 'a'), undefined);
  assert.equal(storage.reads(), 4);

  // Another window stored it: SecretStorage's change event.
  storage.values.set('a', 'from another window');
  assert.equal(await cache.get('a', failure), undefined, 'not yet told');
  cache.changed('a');
  assert.equal(await read(cache, storage, 'a'), 'from another window');
  // 'b' was read once through all of it.
  assert.equal(await cache.get('b', failure), 'B');
  assert.equal(storage.reads(), 5);
});

test('a read sent while a store runs, answered with the old value before the store is done, is not kept', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'old');
  const cache = new SecretReadCache(storage);
  const stored = cache.store('a', 'new');
  const racing = cache.get('a', failure);
  await storage.answer('get a', 'old');
  assert.equal(await racing, 'old');
  await storage.answer('store a');
  await stored;
  assert.equal(await read(cache, storage, 'a'), 'new', 'the read that raced the store is not what later reads get');
});

test('a read sent before a store and answered (with the old value) after the store is done is not kept either', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'old');
  const cache = new SecretReadCache(storage);
  const early = cache.get('a', failure);
  const stored = cache.store('a', 'new');
  await storage.answer('store a');
  await stored;
  await storage.answer('get a', 'old');
  assert.equal(await early, 'old');
  assert.equal(await read(cache, storage, 'a'), 'new');
  assert.equal(storage.reads(), 2);
});

test('a delete racing a read: the deleted entry is read anew', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'old');
  const cache = new SecretReadCache(storage);
  const deleted = cache.delete('a');
  const racing = cache.get('a', failure);
  await storage.answer('get a', 'old');
  await storage.answer('delete a');
  await deleted;
  assert.equal(await racing, 'old');
  assert.equal(await read(cache, storage, 'a'), undefined);
});

test('a failed store rejects with the storage\'s error, and a read made during it is not kept', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'old');
  const cache = new SecretReadCache(storage);
  await read(cache, storage, 'a');
  storage.failNextWrite = new Error('keychain locked');
  const failing = assert.rejects(cache.store('a', 'new'), /keychain locked/);
  const during = cache.get('a', failure);
  await storage.answer('get a', 'old');
  await storage.answer('store a');
  await failing;
  assert.equal(await during, 'old');
  storage.values.set('a', 'stored by another window');
  assert.equal(await read(cache, storage, 'a'), 'stored by another window');
  assert.equal(storage.reads(), 3);
});

test('a change event while a read is on its way: the read\'s answer is not kept', async () => {
  const storage = new ControlledStorage();
  storage.values.set('a', 'old');
  const cache = new SecretReadCache(storage);
  const reading = cache.get('a', failure);
  storage.values.set('a', 'new');
  cache.changed('a');
  await storage.answerAll();
  await reading;
  assert.equal(await read(cache, storage, 'a'), 'new');
});
