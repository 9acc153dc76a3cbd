/**
 * KeyValueStore and SecretStore over `@forge/kvs`. Batches are split to Forge's 25 operations (and kept under its
 * 4 MB payload), `list` pages through `query().where('key', beginsWith)` at most 100 at a time.
 *
 * One gap: Forge KVS transactions can only check conditions on custom entities, so `checkAbsent` is checked
 * with a `get` just before the transaction commits. Another writer can slip in between; callers that need a
 * hard guarantee use `setIfAbsent` (`keyPolicy: 'FAIL_IF_EXISTS'`), which is atomic.
 *
 * Every request waits out the per-second rate limit (storage-backoff.ts) before its refusal reaches the caller.
 */
import { kvs, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import {
  KVS_LIMITS,
  TransactionConflictError,
  type KeyValueStore,
  type ListPage,
  type SecretStore,
  type StoredEntry,
  type TransactionOp,
} from '../../core/ports';
import { errorKind } from '../../core/errors';
import { DEFAULT_STORAGE_BACKOFF, withStorageBackoff, type StorageBackoff } from './storage-backoff';

/** Forge's per-request payload limit for batches, minus room for the request's own framing. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;

function chunks<T>(items: T[], size: (item: T) => number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length > 0 && (current.length >= KVS_LIMITS.maxBatchOps || bytes + n > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function failBatch(what: string, failed: Array<{ key: string; error: { code: string; message: string } }>): void {
  if (failed.length === 0) return;
  const first = failed[0];
  throw new Error(`KVS ${what} failed for ${failed.length} key(s); first ${first.key}: ${first.error.code} ${first.error.message}`);
}

export class ForgeKeyValueStore implements KeyValueStore, SecretStore {
  constructor(private readonly backoff: StorageBackoff = DEFAULT_STORAGE_BACKOFF) {}

  /** One storage request, retried while Forge refuses it for its rate limit. */
  private request<T>(send: () => Promise<T>): Promise<T> {
    return withStorageBackoff(send, this.backoff);
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.request(() => kvs.get<T>(key));
  }

  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const batch of chunks([...new Set(keys)], () => 0)) {
      const result = await this.request(() => kvs.batchGet<T>(batch.map((key) => ({ key }))));
      failBatch('batchGet', result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND'));
      for (const item of result.successfulKeys) found.set(item.key, item.value);
    }
    return found;
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.request(() => kvs.set(key, value));
  }

  async setIfAbsent<T>(key: string, value: T): Promise<boolean> {
    try {
      await this.request(() => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' }));
      return true;
    } catch (e) {
      // Forge does not document the code of this refusal; the key being there is what matters.
      if ((e as ForgeKvsAPIError).responseDetails && !(errorKind(e) === 'quota') && (await this.get(key)) !== undefined) return false;
      throw e;
    }
  }

  async setMany(entries: Array<StoredEntry<unknown>>): Promise<void> {
    for (const batch of chunks(entries, (e) => Buffer.byteLength(JSON.stringify(e.value)) + e.key.length)) {
      const result = await this.request(() => kvs.batchSet(batch.map((e) => ({ key: e.key, value: e.value }))));
      failBatch('batchSet', result.failedKeys);
    }
  }

  delete(key: string): Promise<void> {
    return this.request(() => kvs.delete(key));
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (const batch of chunks([...new Set(keys)], () => 0)) {
      const result = await this.request(() => kvs.batchDelete(batch.map((key) => ({ key }))));
      failBatch('batchDelete', result.failedKeys);
    }
  }

  async list<T>(prefix: string, options: { limit?: number; cursor?: string } = {}): Promise<ListPage<T>> {
    const limit = Math.min(options.limit ?? KVS_LIMITS.maxQueryResults, KVS_LIMITS.maxQueryResults);
    let query = kvs.query().limit(limit);
    if (prefix) query = query.where('key', WhereConditions.beginsWith(prefix));
    if (options.cursor) query = query.cursor(options.cursor);
    const page = await this.request(() => query.getMany());
    return {
      entries: page.results.map((r) => ({ key: r.key, value: r.value as T })),
      ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
    };
  }

  async transact(ops: TransactionOp[]): Promise<void> {
    for (const op of ops) {
      if (op.op === 'checkAbsent' && (await this.get(op.key)) !== undefined) {
        throw new TransactionConflictError(`key ${op.key} already exists`);
      }
    }
    let tx = kvs.transact();
    let writes = 0;
    for (const op of ops) {
      if (op.op === 'set') tx = tx.set(op.key, op.value);
      else if (op.op === 'delete') tx = tx.delete(op.key);
      else continue;
      writes += 1;
    }
    if (writes > 0) await this.request(() => tx.execute());
  }

  getSecret<T>(key: string): Promise<T | undefined> {
    return this.request(() => kvs.getSecret<T>(key));
  }

  setSecret<T>(key: string, value: T): Promise<void> {
    return this.request(() => kvs.setSecret(key, value));
  }

  deleteSecret(key: string): Promise<void> {
    return this.request(() => kvs.deleteSecret(key));
  }
}
