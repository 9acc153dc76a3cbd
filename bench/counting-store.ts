/**
 * A store that counts what its callers cost Forge KVS: round trips (a round begins when a request starts while
 * none is in flight, so batches sent together count once) and read units per request (each request's size rounded
 * up to 10 KB, at least one; a batch of 25 keys is one request: developer.atlassian.com/platform/forge/limits-kvs-ce/),
 * also by step of Ask (`stepOf`). The bench figures that report read units read through it.
 *
 * @example
 * const store = new CountingStore(new MemoryKeyValueStore());
 * await new SearchIndex(store).search('deploy');
 * store.reset().readUnits; // what that search cost
 */
import { KVS_LIMITS, type KeyValueStore, type ListPage, type StoredEntry, type TransactionOp } from '../src/core/ports';

/** Forge's read units of one request: its size rounded up to 10 KB, at least one. */
function unitsOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / KVS_LIMITS.unitBytes));
}

function bytesOf(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The step of Ask a read belongs to, by its key (src/core/index/keys.ts, src/core/library/repository.ts). */
export function stepOf(key: string | undefined): string {
  if (!key) return 'other';
  if (key.startsWith('lib:')) return 'library';
  if (key === 'ix:stats' || key.startsWith('ix:h:')) return 'heads';
  if (key.startsWith('ix:b:')) return 'blocks';
  if (key.startsWith('ix:page:')) return 'pages';
  if (key.startsWith('ix:c:')) return 'text';
  return 'other';
}

/**
 * Counts what a question costs the store: rounds (a round begins when a request starts while none is in flight,
 * so batches sent together count once) and read units per request. `getMany` goes out in batches of 25, one after
 * another, as both stores send them.
 */
export class CountingStore implements KeyValueStore {
  rounds = 0;
  readUnits = 0;
  /** Read units by what was read (a request's first key says): the Library record, heads, blocks, page records, text. */
  unitsBy = new Map<string, number>();
  private inFlight = 0;

  constructor(private readonly inner: KeyValueStore) {}

  reset(): { rounds: number; readUnits: number; unitsBy: Map<string, number> } {
    const counted = { rounds: this.rounds, readUnits: this.readUnits, unitsBy: this.unitsBy };
    this.rounds = 0;
    this.readUnits = 0;
    this.unitsBy = new Map();
    return counted;
  }

  private count(key: string | undefined, units: number): void {
    this.readUnits += units;
    const step = stepOf(key);
    this.unitsBy.set(step, (this.unitsBy.get(step) ?? 0) + units);
  }

  private async trip<T>(send: () => Promise<T>): Promise<T> {
    if (this.inFlight === 0) this.rounds += 1;
    this.inFlight += 1;
    try {
      return await send();
    } finally {
      this.inFlight -= 1;
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.trip(() => this.inner.get<T>(key));
    this.count(key, unitsOf(bytesOf(value)));
    return value;
  }

  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (let i = 0; i < keys.length; i += KVS_LIMITS.maxBatchOps) {
      const batch = keys.slice(i, i + KVS_LIMITS.maxBatchOps);
      const found = await this.trip(() => this.inner.getMany<T>(batch));
      // A batch the Library's record shares with index keys counts under the index's step (the record rides along).
      this.count(batch.find((k) => !k.startsWith('lib:')) ?? batch[0], unitsOf([...found.values()].reduce((n, v) => n + bytesOf(v), 0)));
      for (const [k, v] of found) out.set(k, v);
    }
    return out;
  }

  async list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>> {
    const page = await this.trip(() => this.inner.list<T>(prefix, options));
    this.count(prefix, unitsOf(page.entries.reduce((n, e) => n + bytesOf(e.value), 0)));
    return page;
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.trip(() => this.inner.set(key, value));
  }
  setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    return this.trip(() => this.inner.setIfAbsent(key, value));
  }
  setMany(entries: Array<StoredEntry<unknown>>): Promise<void> {
    return this.trip(() => this.inner.setMany(entries));
  }
  delete(key: string): Promise<void> {
    return this.trip(() => this.inner.delete(key));
  }
  deleteMany(keys: string[]): Promise<void> {
    return this.trip(() => this.inner.deleteMany(keys));
  }
  transact(ops: TransactionOp[]): Promise<void> {
    return this.trip(() => this.inner.transact(ops));
  }
}
