import { KVS_LIMITS, type KeyValueStore, type ListPage, type StoredEntry, type TransactionOp } from '../ports';

interface Waiting {
  keys: string[];
  resolve(found: Map<string, unknown>): void;
  reject(error: unknown): void;
}

/**
 * A view of a KeyValueStore whose reads issued in the same turn of the event loop go out together: their keys,
 * deduplicated, in batches of 25 sent at once. Forge counts read units per request (its size rounded up to 10 KB,
 * at least one: developer.atlassian.com/platform/forge/limits-kvs-ce/), so a small value read beside others (a
 * Library's record beside a question's term heads) costs nothing of its own instead of a unit. Writes, lists and
 * transactions pass straight through. A failed request fails every read that shared it.
 *
 * @example
 * const reads = new SharedReads(store);
 * // One batch, one request: the Library's record and the term heads.
 * const [library, heads] = await Promise.all([reads.get('lib:7'), reads.getMany(['ix:h:t:deploy', 'ix:stats'])]);
 */
export class SharedReads implements KeyValueStore {
  private waiting: Waiting[] = [];

  constructor(private readonly inner: KeyValueStore) {}

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.getMany<T>([key])).get(key);
  }

  getMany<T>(keys: string[]): Promise<Map<string, T>> {
    if (!keys.length) return Promise.resolve(new Map());
    return new Promise<Map<string, unknown>>((resolve, reject) => {
      // The first read of a turn schedules the flush; a promise job (not a timer) so fake timers never stall it.
      if (!this.waiting.length) void Promise.resolve().then(() => this.flush());
      this.waiting.push({ keys, resolve, reject });
    }) as Promise<Map<string, T>>;
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = [];
    const keys = [...new Set(waiting.flatMap((w) => w.keys))];
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += KVS_LIMITS.maxBatchOps) batches.push(keys.slice(i, i + KVS_LIMITS.maxBatchOps));
    try {
      const found = new Map<string, unknown>();
      for (const batch of await Promise.all(batches.map((batch) => this.inner.getMany(batch)))) for (const [k, v] of batch) found.set(k, v);
      for (const w of waiting) w.resolve(new Map(w.keys.flatMap((k) => (found.has(k) ? [[k, found.get(k)] as const] : []))));
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.inner.set(key, value);
  }
  setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    return this.inner.setIfAbsent(key, value);
  }
  setMany(entries: Array<StoredEntry<unknown>>): Promise<void> {
    return this.inner.setMany(entries);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  deleteMany(keys: string[]): Promise<void> {
    return this.inner.deleteMany(keys);
  }
  list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>> {
    return this.inner.list<T>(prefix, options);
  }
  transact(ops: TransactionOp[]): Promise<void> {
    return this.inner.transact(ops);
  }
}
