/**
 * Ports: the small interfaces through which the product logic in src/core reaches the outside world.
 * src/app implements them with the real Forge SDKs; tests and the local tools implement them directly.
 * Nothing in src/core may import @forge/*: these ports are the only way out.
 */

/** Forge KVS limits (src/core/platform/limits.ts), enforced by every KeyValueStore so code that fits here fits on Forge. */
export { KVS_LIMITS } from './platform/limits';

export interface StoredEntry<T> {
  key: string;
  value: T;
}

export interface ListPage<T> {
  entries: Array<StoredEntry<T>>;
  /** Present when more entries follow; pass it back to continue. */
  cursor?: string;
}

/** One operation of an atomic transaction. `check` makes the whole transaction fail unless the condition holds. */
export type TransactionOp =
  | { op: 'set'; key: string; value: unknown }
  | { op: 'delete'; key: string }
  | { op: 'checkAbsent'; key: string };

/** Raised by a store when a transaction's condition does not hold, so callers can retry or give up. */
export class TransactionConflictError extends Error {
  constructor(message = 'transaction condition failed') {
    super(message);
    this.name = 'TransactionConflictError';
  }
}

/**
 * Key-value storage with Forge KVS semantics: JSON values, keys ordered lexicographically,
 * prefix listing of at most 100 entries a page, batches of at most 25 operations.
 * `getMany`, `setMany` and `deleteMany` accept any number of keys and split them into batches themselves.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: string[]): Promise<Map<string, T>>;
  set<T>(key: string, value: T): Promise<void>;
  /** Writes only if the key does not exist yet; returns whether it wrote. */
  setIfAbsent<T>(key: string, value: T): Promise<boolean>;
  setMany(entries: Array<StoredEntry<unknown>>): Promise<void>;
  delete(key: string): Promise<void>;
  deleteMany(keys: string[]): Promise<void>;
  /** Entries whose key begins with `prefix`, in key order; `limit` at most 100. */
  list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>>;
  /** Applies every op or none (at most 25); throws TransactionConflictError when a check fails. */
  transact(ops: TransactionOp[]): Promise<void>;
}

/** Secrets (tokens, SMTP passwords) live apart from ordinary values and are never listed. */
export interface SecretStore {
  getSecret<T>(key: string): Promise<T | undefined>;
  setSecret<T>(key: string, value: T): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** Background work: events pushed here are delivered later, at least once and in no guaranteed order. */
export interface JobQueue<E> {
  /** At most 50 events and 200 KB per push (Forge's limits); returns a job id. */
  push(events: E[], options?: { delaySeconds?: number }): Promise<string>;
}

/** Who a Confluence request is made as. */
export type Identity = 'app' | 'user';

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The raw HTTP road to Confluence. `path` starts with `/wiki/`; the transport adds the site, the identity's
 * credentials and nothing else. Retries, pagination and parsing live in src/core/confluence.
 */
export interface ConfluenceTransport {
  request(
    identity: Identity,
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<TransportResponse>;
}

/** Milliseconds since the epoch; stepped in tests, real under Forge. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
