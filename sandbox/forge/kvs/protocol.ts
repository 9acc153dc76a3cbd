/**
 * The KVS wire protocol exactly as `@forge/kvs` 1.6.5 speaks it: POST `/api/v1/<op>` with a JSON body, answered
 * with JSON (or an empty body where the SDK expects none) and, on failure, an HTTP status plus
 * `{code, message}` that the SDK raises as `ForgeKvsAPIError`. Limits and budgets are checked here; rows live in
 * KvsStore.
 */
import type { ManifestEntity } from '../manifest';
import { matchesCondition, matchesGroup, type Condition, type ConditionGroup } from './conditions';
import {
  KVS_HOST_LIMITS,
  KvsError,
  KvsRateBudget,
  validateKey,
  validateOpCount,
  validatePayloadBytes,
  validateValue,
} from './limits';
import { KvsFaults, requestFacts } from './faults';
import type { KvsStore, StoredRow } from './store';

export interface KvsReply {
  status: number;
  /** JSON body; undefined means an empty body. */
  body?: unknown;
}

type Dict = Record<string, unknown>;

interface SetOptions {
  ttl?: { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
}

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;
const MAX_TTL_MS = 365 * 86_400_000;
const KV = 'kv';
const SECRET = 'secret';

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor: unknown): string => {
  if (cursor === undefined || cursor === null || cursor === '') return '';
  if (typeof cursor !== 'string') throw new KvsError(400, 'INVALID_CURSOR', 'The cursor is not valid.');
  return Buffer.from(cursor, 'base64url').toString('utf8');
};

export class KvsService {
  /** Test faults and the write observer (faults.ts). */
  readonly faults = new KvsFaults();

  constructor(
    private readonly store: KvsStore,
    private readonly budget: KvsRateBudget,
    private readonly entities: Map<string, ManifestEntity>,
    private readonly now: () => number,
  ) {}

  /** Read and write units spent in the current minute. */
  usage(): { readUnits: number; writeUnits: number } {
    return this.budget.usage();
  }

  /** Every stored entry of a space (default `kv`) whose key begins with `prefix`, outside any rate budget: for tests. */
  inspect(prefix = '', space = KV): Array<{ key: string; value: unknown; bytes: number }> {
    return this.store
      .listByPrefix(space, prefix, '', Number.MAX_SAFE_INTEGER)
      .map((row) => ({ key: row.key, value: row.value, bytes: Buffer.byteLength(row.key) + Buffer.byteLength(JSON.stringify(row.value)) }));
  }

  /** Answers one SDK request; never throws. */
  handle(path: string, body: unknown): KvsReply {
    try {
      this.budget.request();
      const facts = requestFacts(path, body);
      const fault = this.faults.take(facts);
      if (fault) throw new KvsError(fault.status, fault.code, fault.message ?? `Injected storage fault ${fault.code}.`);
      if (facts.op === 'write') this.faults.onWrite?.(facts);
      return this.route(path, body);
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: { code: e.code, message: e.message } };
      const message = e instanceof Error ? e.message : String(e);
      return { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message } };
    }
  }

  private route(path: string, body: unknown): KvsReply {
    const b = (body ?? {}) as Dict;
    switch (path) {
      case '/api/v1/get':
        return this.get(KV, b);
      case '/api/v1/set':
        return this.set(KV, b);
      case '/api/v1/delete':
        return this.delete(KV, b);
      case '/api/v1/query':
        return this.query(b);
      case '/api/v1/secret/get':
        return this.get(SECRET, b);
      case '/api/v1/secret/set':
        return this.set(SECRET, b);
      case '/api/v1/secret/delete':
        return this.delete(SECRET, b);
      case '/api/v1/entity/get':
        return this.get(this.entitySpace(b.entityName), b);
      case '/api/v1/entity/set':
        return this.set(this.entitySpace(b.entityName), b, true);
      case '/api/v1/entity/delete':
        return this.delete(this.entitySpace(b.entityName), b);
      case '/api/v1/entity/query':
        return this.queryEntity(b);
      case '/api/v1/batch/set':
        return this.batchSet(body);
      case '/api/v1/batch/get':
        return this.batchGet(body);
      case '/api/v1/batch/delete':
        return this.batchDelete(body);
      case '/api/v1/transaction':
        return this.transaction(b);
      default:
        return { status: 404, body: { code: 'NOT_FOUND', message: `Unknown KVS operation ${path}` } };
    }
  }

  private entitySpace(entityName: unknown): string {
    if (typeof entityName !== 'string' || !this.entities.has(entityName)) {
      throw new KvsError(400, 'INVALID_ENTITY_TYPE', `Entity ${String(entityName)} is not declared in the manifest (app.storage.entities).`);
    }
    return `entity:${entityName}`;
  }

  private spaceOf(item: Dict): string {
    return item.entityName === undefined ? KV : this.entitySpace(item.entityName);
  }

  private wire(row: StoredRow, entityName?: unknown): Dict {
    return {
      key: row.key,
      ...(entityName !== undefined ? { entityName } : {}),
      value: row.value,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(row.expireAt !== null ? { expireTime: new Date(row.expireAt).toISOString() } : {}),
    };
  }

  private expireAt(options: SetOptions | undefined): number | null {
    const ttl = options?.ttl;
    if (!ttl) return null;
    const unitMs = TTL_UNIT_MS[ttl.unit];
    const ms = unitMs === undefined ? NaN : ttl.value * unitMs;
    if (!(ms > 0) || ms > MAX_TTL_MS) throw new KvsError(400, 'INVALID_TTL', 'The TTL must be positive and at most one year.');
    return this.now() + ms;
  }

  private get(space: string, b: Dict): KvsReply {
    validateKey(b.key);
    const row = this.store.get(space, b.key);
    if (!row) {
      this.budget.read(0);
      return { status: 404, body: { code: 'KEY_NOT_FOUND', message: 'The specified key does not exist.' } };
    }
    this.budget.read(Buffer.byteLength(JSON.stringify(row.value)));
    return { status: 200, body: this.wire(row) };
  }

  private set(space: string, b: Dict, entity = false): KvsReply {
    validateKey(b.key);
    const json = validateValue(b.value);
    if (entity) this.validateEntityValue(b.value);
    const options = b.options as SetOptions | undefined;
    if (options?.returnValue && options.keyPolicy === 'FAIL_IF_EXISTS') {
      throw new KvsError(400, 'INVALID_OPTIONS', "returnValue needs keyPolicy 'OVERRIDE'.");
    }
    const expireAt = this.expireAt(options);
    this.budget.write(Buffer.byteLength(json));
    const previous = this.store.get(space, b.key);
    if (previous && options?.keyPolicy === 'FAIL_IF_EXISTS') {
      throw new KvsError(409, 'KEY_ALREADY_EXISTS', 'The key already exists and keyPolicy is FAIL_IF_EXISTS.');
    }
    const latest = this.store.set(space, b.key, json, expireAt);
    if (options?.returnValue === 'LATEST') return { status: 200, body: this.wire(latest) };
    if (options?.returnValue === 'PREVIOUS') return previous ? { status: 200, body: this.wire(previous) } : { status: 204 };
    return { status: 204 };
  }

  private validateEntityValue(value: unknown): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new KvsError(400, 'INVALID_ENTITY_VALUE', 'A custom entity value must be an object.');
    }
  }

  private delete(space: string, b: Dict): KvsReply {
    validateKey(b.key);
    this.budget.write(0);
    this.store.delete(space, b.key);
    return { status: 204 };
  }

  private queryLimit(limit: unknown, code: string): number {
    if (limit === undefined || limit === null) return KVS_HOST_LIMITS.defaultQueryLimit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > KVS_HOST_LIMITS.maxQueryLimit) {
      throw new KvsError(400, code, `The query limit must be between 1 and ${KVS_HOST_LIMITS.maxQueryLimit}.`);
    }
    return limit;
  }

  private query(b: Dict): KvsReply {
    const limit = this.queryLimit(b.limit, 'LIST_QUERY_LIMIT_EXCEEDED');
    const where = (b.where ?? []) as Condition[];
    if (!Array.isArray(where) || where.length > 1) {
      throw new KvsError(400, 'QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause.');
    }
    let prefix = '';
    if (where.length === 1) {
      const clause = where[0];
      if (clause.property !== 'key') throw new KvsError(400, 'QUERY_WHERE_FIELD_INVALID', 'Only "key" can be queried.');
      if (clause.condition !== 'BEGINS_WITH') throw new KvsError(400, 'INVALID_FILTER_CONDITION', `Condition ${clause.condition} is not supported.`);
      if (!Array.isArray(clause.values) || clause.values.length !== 1) {
        throw new KvsError(400, 'INVALID_FILTER_VALUES', 'BEGINS_WITH takes exactly one value.');
      }
      prefix = String(clause.values[0]);
    }
    const rows = this.store.listByPrefix(KV, prefix, decodeCursor(b.after), limit + 1);
    const page = rows.slice(0, limit);
    this.budget.read(page.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.value)), 0));
    const more = rows.length > limit;
    return {
      status: 200,
      body: { data: page.map((r) => this.wire(r)), ...(more ? { cursor: encodeCursor(page[page.length - 1].key) } : {}) },
    };
  }

  private queryEntity(b: Dict): KvsReply {
    const space = this.entitySpace(b.entityName);
    const entity = this.entities.get(String(b.entityName)) as ManifestEntity;
    const index = entity.indexes.find((ix) => ix.name === b.indexName);
    if (!index) throw new KvsError(400, 'INVALID_ENTITY_INDEX', `Entity ${entity.name} has no index ${String(b.indexName)}.`);
    const limit = this.queryLimit(b.limit, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    const partition = Array.isArray(b.partition) ? b.partition : [];
    const rangeAttr = index.range[0];
    const range = b.range as Condition | undefined;
    const filters = b.filters as ConditionGroup | undefined;
    if (filters?.and && filters?.or) {
      throw new KvsError(400, 'INVALID_FILTER_OPERATORS_COMBINATION', 'Filter operators "and" and "or" cannot be present at the same level.');
    }
    const matched = this.store.all(space).filter((row) => {
      const v = row.value as Dict;
      if (!index.partition.every((attr, i) => i >= partition.length || v[attr] === partition[i])) return false;
      if (rangeAttr !== undefined && v[rangeAttr] === undefined) return false;
      if (range && rangeAttr !== undefined && !matchesCondition(v[rangeAttr], range)) return false;
      return matchesGroup(v, filters);
    });
    const sign = b.sort === 'DESC' ? -1 : 1;
    matched.sort((x, y) => {
      const a = rangeAttr === undefined ? undefined : (x.value as Dict)[rangeAttr];
      const c = rangeAttr === undefined ? undefined : (y.value as Dict)[rangeAttr];
      const byRange = a === c ? 0 : (a as string) < (c as string) ? -1 : 1;
      return sign * (byRange !== 0 ? byRange : x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
    });
    const afterKey = decodeCursor(b.cursor);
    const start = afterKey ? matched.findIndex((r) => r.key === afterKey) + 1 : 0;
    const page = matched.slice(start, start + limit);
    this.budget.read(page.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.value)), 0));
    const more = start + limit < matched.length;
    return {
      status: 200,
      body: { data: page.map((r) => this.wire(r)), ...(more ? { cursor: encodeCursor(page[page.length - 1].key) } : {}) },
    };
  }

  private batchItems(body: unknown): Dict[] {
    if (!Array.isArray(body)) throw new KvsError(400, 'INVALID_REQUEST', 'A batch request is an array of items.');
    validateOpCount(body.length, 'batch');
    validatePayloadBytes(Buffer.byteLength(JSON.stringify(body)), 'batch');
    const seen = new Set<string>();
    for (const item of body as Dict[]) {
      const id = `${String(item.entityName ?? '')}\u0000${String(item.key)}`;
      if (seen.has(id)) throw new KvsError(400, 'DUPLICATE_KEYS', `The key ${String(item.key)} appears more than once in the batch.`);
      seen.add(id);
    }
    return body as Dict[];
  }

  private failure(item: Dict, e: unknown): Dict {
    const err = e instanceof KvsError ? e : new KvsError(500, 'INTERNAL_SERVER_ERROR', String(e));
    return { key: item.key, ...(item.entityName !== undefined ? { entityName: item.entityName } : {}), error: { code: err.code, message: err.message } };
  }

  private success(item: Dict): Dict {
    return { key: item.key, ...(item.entityName !== undefined ? { entityName: item.entityName } : {}) };
  }

  private batchSet(body: unknown): KvsReply {
    const items = this.batchItems(body);
    this.budget.write(Buffer.byteLength(JSON.stringify(body)));
    const successfulKeys: Dict[] = [];
    const failedKeys: Dict[] = [];
    for (const item of items) {
      try {
        const space = this.spaceOf(item);
        validateKey(item.key);
        const json = validateValue(item.value);
        if (space !== KV) this.validateEntityValue(item.value);
        this.store.set(space, item.key, json, this.expireAt(item.options as SetOptions | undefined));
        successfulKeys.push(this.success(item));
      } catch (e) {
        failedKeys.push(this.failure(item, e));
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchGet(body: unknown): KvsReply {
    const items = this.batchItems(body);
    const successfulKeys: Dict[] = [];
    const failedKeys: Dict[] = [];
    let bytes = 0;
    for (const item of items) {
      try {
        const space = this.spaceOf(item);
        validateKey(item.key);
        const row = this.store.get(space, item.key);
        if (!row) continue;
        bytes += Buffer.byteLength(JSON.stringify(row.value));
        successfulKeys.push(this.wire(row, item.entityName));
      } catch (e) {
        failedKeys.push(this.failure(item, e));
      }
    }
    this.budget.read(bytes);
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchDelete(body: unknown): KvsReply {
    const items = this.batchItems(body);
    this.budget.write(0);
    const successfulKeys: Dict[] = [];
    const failedKeys: Dict[] = [];
    for (const item of items) {
      try {
        const space = this.spaceOf(item);
        validateKey(item.key);
        this.store.delete(space, item.key);
        successfulKeys.push(this.success(item));
      } catch (e) {
        failedKeys.push(this.failure(item, e));
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private transaction(b: Dict): KvsReply {
    const sets = (b.set ?? []) as Dict[];
    const deletes = (b.delete ?? []) as Dict[];
    const checks = (b.check ?? []) as Dict[];
    const all = [...sets, ...deletes, ...checks];
    validateOpCount(all.length, 'transaction');
    validatePayloadBytes(Buffer.byteLength(JSON.stringify(b)), 'transaction');
    const seen = new Set<string>();
    for (const op of all) {
      validateKey(op.key);
      const id = `${String(op.entityName ?? '')}\u0000${op.key}`;
      if (seen.has(id)) throw new KvsError(400, 'DUPLICATE_KEYS', `Each key can only be used once in a transaction: ${op.key}`);
      seen.add(id);
    }
    const prepared = sets.map((op) => {
      const space = this.spaceOf(op);
      const json = validateValue(op.value);
      if (space !== KV) this.validateEntityValue(op.value);
      return { space, key: op.key as string, json, expireAt: this.expireAt(op.options as SetOptions | undefined), conditions: op.conditions };
    });
    this.budget.write(Buffer.byteLength(JSON.stringify(b)));
    this.store.atomically(() => {
      for (const op of [...sets, ...deletes, ...checks]) {
        if (op.conditions === undefined) continue;
        const current = this.store.get(this.spaceOf(op), op.key as string);
        if (!matchesGroup(current?.value, op.conditions as ConditionGroup)) {
          throw new KvsError(409, 'CONDITION_CHECK_FAILED', `The transaction's condition on key ${String(op.key)} did not hold.`);
        }
      }
      for (const p of prepared) this.store.set(p.space, p.key, p.json, p.expireAt);
      for (const op of deletes) this.store.delete(this.spaceOf(op), op.key as string);
    });
    return { status: 204 };
  }
}
