import {
  KVS_LIMITS,
  TransactionConflictError,
  type KeyValueStore,
  type ListPage,
  type StoredEntry,
  type TransactionOp,
} from '../../../src/core/ports';

/** What a store has done, for the bench: operations (round trips), keys and bytes, and Forge read units. */
export interface StoreCounters {
  /** Round trips of any kind: one per get/set/delete/list/transaction and one per batch of at most 25 keys. */
  operations: number;
  /** Keys read by get/getMany (a batch of k keys counts k). */
  keysRead: number;
  /** Batch reads: one per `get` and one per batch of up to 25 keys in `getMany`. */
  readCalls: number;
  bytesRead: number;
  /** Read units counted per value: each value read (or missing key) costs ceil(bytes / 10 KB), at least 1. An upper bound. */
  readUnits: number;
  /**
   * Read units counted per request, as Forge bills them: a request's bytes rounded up to 10 KB, at least one; a
   * batch of up to 25 keys and a listing page are one request each
   * (developer.atlassian.com/platform/forge/limits-kvs-ce/).
   */
  requestReadUnits: number;
  keysWritten: number;
  bytesWritten: number;
  /** Forge bills writes per request: ceil(request bytes / 10 KB), at least 1; a batch is one request, a delete costs 1. */
  writeUnits: number;
  listCalls: number;
}

export interface MemoryStoreOptions {
  /** Milliseconds every round trip waits before it completes (default 0: none). */
  latencyMs?: number;
}

/** Forge's billing unit for reads and writes. */
const READ_UNIT_BYTES = 10 * 1024;

/** Thrown when a key or value breaks a Forge KVS limit; the message names the limit. */
export class StoreLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLimitError';
  }
}

function zeroCounters(): StoreCounters {
  return { operations: 0, keysRead: 0, readCalls: 0, bytesRead: 0, readUnits: 0, requestReadUnits: 0, keysWritten: 0, bytesWritten: 0, writeUnits: 0, listCalls: 0 };
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new StoreLimitError('key must be a non-empty string');
  if (key.length > KVS_LIMITS.maxKeyLength) throw new StoreLimitError(`key longer than ${KVS_LIMITS.maxKeyLength} chars`);
  if (!KVS_LIMITS.keyPattern.test(key)) throw new StoreLimitError(`key has characters Forge KVS refuses: ${JSON.stringify(key.slice(0, 80))}`);
}

function depthOf(value: unknown, depth = 1): number {
  if (value === null || typeof value !== 'object') return depth - 1;
  let max = depth;
  for (const child of Object.values(value as Record<string, unknown>)) {
    if (child !== null && typeof child === 'object') max = Math.max(max, depthOf(child, depth + 1));
  }
  return max;
}

/** Serialises a value the way KVS measures it (UTF-8 JSON) and refuses what Forge would refuse. */
function encode(key: string, value: unknown): string {
  if (value === undefined) throw new StoreLimitError(`value for ${key} is undefined`);
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > KVS_LIMITS.maxValueBytes) {
    throw new StoreLimitError(`value for ${key} is ${bytes} bytes, over the ${KVS_LIMITS.maxValueBytes}-byte KVS limit`);
  }
  if (depthOf(value) > KVS_LIMITS.maxDepth) throw new StoreLimitError(`value for ${key} is nested deeper than ${KVS_LIMITS.maxDepth}`);
  return json;
}

/** Above this many keys written or deleted since the last listing, the sorted keys are rebuilt rather than patched. */
const FOLD_KEYS_AT_MOST = 64;

/**
 * An in-memory KeyValueStore with Forge KVS limits and semantics (JSON copies, key order, 100-entry list pages,
 * 25-op batches and transactions), an optional latency per round trip and counters for the bench.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, string>();
  /** Keys in lexicographic (UTF-16 code unit) order, brought up to date lazily (sortedKeys): writes are many, listings few. */
  private sortedCache: string[] | undefined = [];
  /** Keys added to or deleted from `values` since `sortedCache` was last brought up to date (sortedKeys). */
  private sortedNew: string[] = [];
  private sortedGone = new Set<string>();
  private latencyMs: number;
  counters: StoreCounters = zeroCounters();

  constructor(options: MemoryStoreOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Changes the per-round-trip latency, e.g. zero while loading and 20 ms while measuring queries. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  resetCounters(): StoreCounters {
    const previous = this.counters;
    this.counters = zeroCounters();
    return previous;
  }

  /** Total stored bytes: keys plus JSON values, as UTF-8. */
  storedBytes(prefix = ''): number {
    let total = 0;
    for (const [key, json] of this.values) {
      if (key.startsWith(prefix)) total += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(json, 'utf8');
    }
    return total;
  }

  keyCount(prefix = ''): number {
    let n = 0;
    for (const key of this.values.keys()) if (key.startsWith(prefix)) n += 1;
    return n;
  }

  /** Every key, in order (tests use it to prove nothing is left behind). */
  keys(prefix = ''): string[] {
    return this.sortedKeys().filter((k) => k.startsWith(prefix));
  }

  /** Stored entries under a prefix, in key order, without counting reads (index-layout.ts `KvsInspector`). */
  inspectKvs(prefix = ''): Array<{ key: string; value: unknown; bytes: number }> {
    return this.sortedKeys()
      .filter((k) => k.startsWith(prefix))
      .map((key) => {
        const json = this.values.get(key) as string;
        return { key, value: JSON.parse(json) as unknown, bytes: Buffer.byteLength(key, 'utf8') + Buffer.byteLength(json, 'utf8') };
      });
  }

  async get<T>(key: string): Promise<T | undefined> {
    checkKey(key);
    await this.roundTrip();
    this.counters.readCalls += 1;
    const before = this.counters.bytesRead;
    const value = this.readOne<T>(key);
    this.chargeRequestRead(this.counters.bytesRead - before);
    return value;
  }

  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    keys.forEach(checkKey);
    const out = new Map<string, T>();
    for (let i = 0; i < keys.length; i += KVS_LIMITS.maxBatchOps) {
      await this.roundTrip();
      this.counters.readCalls += 1;
      const before = this.counters.bytesRead;
      for (const key of keys.slice(i, i + KVS_LIMITS.maxBatchOps)) {
        const value = this.readOne<T>(key);
        if (value !== undefined) out.set(key, value);
      }
      this.chargeRequestRead(this.counters.bytesRead - before);
    }
    return out;
  }

  async set<T>(key: string, value: T): Promise<void> {
    checkKey(key);
    const json = encode(key, value);
    await this.roundTrip();
    this.chargeWrite(Buffer.byteLength(json, 'utf8'));
    this.writeOne(key, json);
  }

  async setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    checkKey(key);
    const json = encode(key, value);
    await this.roundTrip();
    this.chargeWrite(Buffer.byteLength(json, 'utf8'));
    if (this.values.has(key)) return false;
    this.writeOne(key, json);
    return true;
  }

  async setMany(entries: Array<StoredEntry<unknown>>): Promise<void> {
    const encoded = entries.map((e) => {
      checkKey(e.key);
      return { key: e.key, json: encode(e.key, e.value) };
    });
    for (let i = 0; i < encoded.length; i += KVS_LIMITS.maxBatchOps) {
      await this.roundTrip();
      const batch = encoded.slice(i, i + KVS_LIMITS.maxBatchOps);
      this.chargeWrite(batch.reduce((n, e) => n + Buffer.byteLength(e.json, 'utf8'), 0));
      for (const e of batch) this.writeOne(e.key, e.json);
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.roundTrip();
    this.chargeWrite(0);
    this.deleteOne(key);
  }

  async deleteMany(keys: string[]): Promise<void> {
    keys.forEach(checkKey);
    for (let i = 0; i < keys.length; i += KVS_LIMITS.maxBatchOps) {
      await this.roundTrip();
      this.chargeWrite(0);
      for (const key of keys.slice(i, i + KVS_LIMITS.maxBatchOps)) this.deleteOne(key);
    }
  }

  async list<T>(prefix: string, options: { limit?: number; cursor?: string } = {}): Promise<ListPage<T>> {
    const limit = options.limit ?? KVS_LIMITS.maxQueryResults;
    if (!(limit >= 1 && limit <= KVS_LIMITS.maxQueryResults)) {
      throw new StoreLimitError(`list limit must be 1..${KVS_LIMITS.maxQueryResults}, got ${limit}`);
    }
    await this.roundTrip();
    this.counters.listCalls += 1;
    const sorted = this.sortedKeys();
    const after = options.cursor ?? '';
    let i = after ? this.lowerBound(sorted, after) : this.lowerBound(sorted, prefix);
    if (after && sorted[i] === after) i += 1;
    const entries: Array<StoredEntry<T>> = [];
    const before = this.counters.bytesRead;
    while (i < sorted.length && entries.length < limit) {
      const key = sorted[i];
      if (!key.startsWith(prefix)) break;
      const json = this.values.get(key) as string;
      this.countRead(json);
      entries.push({ key, value: JSON.parse(json) as T });
      i += 1;
    }
    this.chargeRequestRead(this.counters.bytesRead - before);
    const more = i < sorted.length && sorted[i].startsWith(prefix);
    return more && entries.length > 0 ? { entries, cursor: entries[entries.length - 1].key } : { entries };
  }

  async transact(ops: TransactionOp[]): Promise<void> {
    if (ops.length > KVS_LIMITS.maxBatchOps) throw new StoreLimitError(`transaction has ${ops.length} ops, over ${KVS_LIMITS.maxBatchOps}`);
    const encoded = ops.map((op) => {
      checkKey(op.key);
      return op.op === 'set' ? { ...op, json: encode(op.key, op.value) } : { ...op, json: '' };
    });
    await this.roundTrip();
    this.chargeWrite(encoded.reduce((n, op) => n + Buffer.byteLength(op.json, 'utf8'), 0));
    for (const op of encoded) {
      if (op.op === 'checkAbsent' && this.values.has(op.key)) throw new TransactionConflictError(`${op.key} exists`);
    }
    for (const op of encoded) {
      if (op.op === 'set') this.writeOne(op.key, op.json);
      else if (op.op === 'delete') this.deleteOne(op.key);
    }
  }

  private readOne<T>(key: string): T | undefined {
    this.counters.keysRead += 1;
    const json = this.values.get(key);
    if (json === undefined) {
      this.counters.readUnits += 1;
      return undefined;
    }
    this.countRead(json);
    return JSON.parse(json) as T;
  }

  private countRead(json: string): void {
    const bytes = Buffer.byteLength(json, 'utf8');
    this.counters.bytesRead += bytes;
    this.counters.readUnits += Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  }

  private chargeRequestRead(bytes: number): void {
    this.counters.requestReadUnits += Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  }

  private chargeWrite(bytes: number): void {
    this.counters.writeUnits += Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  }

  private writeOne(key: string, json: string): void {
    if (!this.values.has(key) && this.sortedCache) {
      if (this.sortedGone.has(key)) this.sortedGone.delete(key);
      else this.sortedNew.push(key);
      this.dropSortedPastFold();
    }
    this.values.set(key, json);
    this.counters.keysWritten += 1;
    this.counters.bytesWritten += Buffer.byteLength(json, 'utf8');
  }

  private deleteOne(key: string): void {
    if (!this.values.delete(key) || !this.sortedCache) return;
    const added = this.sortedNew.indexOf(key);
    if (added >= 0) this.sortedNew.splice(added, 1);
    else this.sortedGone.add(key);
    this.dropSortedPastFold();
  }

  /** Past FOLD_KEYS_AT_MOST changes the next listing sorts again anyway: stop tracking them (and the searches). */
  private dropSortedPastFold(): void {
    if (this.sortedNew.length + this.sortedGone.size <= FOLD_KEYS_AT_MOST) return;
    this.sortedCache = undefined;
    this.sortedNew = [];
    this.sortedGone = new Set();
  }

  /**
   * Every key in order. Keys written or deleted since the last call are folded in then: a few by binary search and
   * splice, many by sorting again, so neither a list after each write (the index writer's re-queue path) nor a
   * stream of writes between lists (a first sync) costs a sort of every key each time.
   */
  private sortedKeys(): string[] {
    const changed = this.sortedNew.length + this.sortedGone.size;
    if (!this.sortedCache) {
      this.sortedCache = [...this.values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } else if (changed > 0) {
      const sorted = this.sortedCache;
      for (const key of this.sortedGone) sorted.splice(this.lowerBound(sorted, key), 1);
      for (const key of this.sortedNew) sorted.splice(this.lowerBound(sorted, key), 0, key);
    }
    this.sortedNew = [];
    this.sortedGone = new Set();
    return this.sortedCache;
  }

  private lowerBound(sorted: string[], key: string): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private async roundTrip(): Promise<void> {
    this.counters.operations += 1;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    else await Promise.resolve();
  }
}
