import { CorruptValueError } from '../errors';
import type { KeyValueStore, ListPage } from '../ports';
import type { IndexKeys } from './keys';

/** Base64 as `encodeBlock` writes it (Node's standard alphabet, padded). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTriple = (v: unknown): boolean => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isPacked = (v: unknown): boolean => typeof v === 'string' && v.length % 4 === 0 && BASE64.test(v);

/** What is wrong with a value read under one of the index's keys, or undefined when it has the shape records.ts gives it. */
function problemOf(keys: IndexKeys, key: string, value: unknown): string | undefined {
  const at = (name: string) => key.startsWith(`${keys.prefix}:${name}:`);
  if (key === keys.stats()) {
    return isObject(value) && isCount(value.chunks) && isCount(value.pages) && isTriple(value.sumLen) ? undefined : 'is not the index statistics';
  }
  if (at('page')) {
    return isObject(value) && typeof value.pageId === 'string' && isCount(value.version) && isCount(value.chunkCount) && typeof value.spaceKey === 'string'
      ? undefined
      : 'is not a page record';
  }
  if (at('h')) {
    return isObject(value) && isCount(value.df) && isCount(value.nextId) && Array.isArray(value.blocks) && value.blocks.every(isObject) && isPacked(value.p)
      ? undefined
      : 'is not a term head';
  }
  if (at('b')) return isObject(value) && isPacked(value.p) ? undefined : 'is not a postings block';
  if (at('c')) return isObject(value) && typeof value.pageId === 'string' && typeof value.text === 'string' && isCount(value.version) ? undefined : 'is not a chunk record';
  if (at('q')) return isObject(value) && (value.op === 'upsert' || value.op === 'remove') && typeof value.pageId === 'string' ? undefined : 'is not an index inbox entry';
  return undefined;
}

function check<T>(keys: IndexKeys, key: string, value: T): T {
  const problem = value === undefined ? undefined : problemOf(keys, key, value);
  if (problem) throw new CorruptValueError(key, problem);
  return value;
}

/**
 * The index's store, with every value it reads checked against the shape the index wrote (records.ts): a garbled
 * value fails as a `corrupt` error naming its key, instead of a TypeError deep in a merge (retried forever) or a
 * decoder looping on bytes that never end. Only reads are checked, and only shapes (a few field tests per value).
 *
 * @example
 * const store = checkedIndexStore(kvs, new IndexKeys('ix:lib1'));
 * await store.get('ix:lib1:stats'); // throws CorruptValueError when the stats record is not one
 */
export function checkedIndexStore(store: KeyValueStore, keys: IndexKeys): KeyValueStore {
  return {
    async get<T>(key: string) {
      return check(keys, key, await store.get<T>(key));
    },
    async getMany<T>(list: string[]) {
      const found = await store.getMany<T>(list);
      for (const [key, value] of found) check(keys, key, value);
      return found;
    },
    async list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>> {
      const page = await store.list<T>(prefix, options);
      for (const entry of page.entries) check(keys, entry.key, entry.value);
      return page;
    },
    set: (key, value) => store.set(key, value),
    setIfAbsent: (key, value) => store.setIfAbsent(key, value),
    setMany: (entries) => store.setMany(entries),
    delete: (key) => store.delete(key),
    deleteMany: (list) => store.deleteMany(list),
    transact: (ops) => store.transact(ops),
  };
}
