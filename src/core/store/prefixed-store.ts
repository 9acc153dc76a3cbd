import type { KeyValueStore, ListPage, StoredEntry, TransactionOp } from '../ports';

/**
 * A view of a KeyValueStore under a key prefix: each Library's index lives under its own prefix, so deleting a
 * Library is deleting a prefix and two Libraries never see each other's keys.
 */
export class PrefixedStore implements KeyValueStore {
  constructor(
    private readonly inner: KeyValueStore,
    private readonly prefix: string,
  ) {
    if (!/^[a-zA-Z0-9:._-]+$/.test(prefix)) throw new Error('A store prefix uses only letters, digits and : . _ -');
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.inner.get<T>(this.prefix + key);
  }

  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    const found = await this.inner.getMany<T>(keys.map((key) => this.prefix + key));
    const out = new Map<string, T>();
    for (const [key, value] of found) out.set(key.slice(this.prefix.length), value);
    return out;
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.inner.set(this.prefix + key, value);
  }

  setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    return this.inner.setIfAbsent(this.prefix + key, value);
  }

  setMany(entries: Array<StoredEntry<unknown>>): Promise<void> {
    return this.inner.setMany(entries.map((entry) => ({ key: this.prefix + entry.key, value: entry.value })));
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(this.prefix + key);
  }

  deleteMany(keys: string[]): Promise<void> {
    return this.inner.deleteMany(keys.map((key) => this.prefix + key));
  }

  async list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>> {
    const page = await this.inner.list<T>(this.prefix + prefix, options);
    return { ...page, entries: page.entries.map((entry) => ({ key: entry.key.slice(this.prefix.length), value: entry.value })) };
  }

  transact(ops: TransactionOp[]): Promise<void> {
    return this.inner.transact(ops.map((op) => ({ ...op, key: this.prefix + op.key })));
  }
}
