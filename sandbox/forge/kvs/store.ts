/**
 * Storage of KVS entries, secrets and custom entities in the host database. A "space" separates them:
 * `kv` for `kvs.set`, `secret` for `kvs.setSecret`, `entity:<name>` for `kvs.entity(name)`. Values are kept as
 * JSON text; expired entries (TTL) read as absent. Knows nothing about the wire protocol or limits.
 */
import type { HostDatabase } from '../db';

export interface StoredRow {
  key: string;
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt: number | null;
}

interface RawRow {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}

const toRow = (r: RawRow): StoredRow => ({
  key: r.key,
  value: JSON.parse(r.value) as unknown,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  expireAt: r.expire_at,
});

export class KvsStore {
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly prefixStmt;
  private readonly allStmt;

  constructor(
    private readonly db: HostDatabase,
    private readonly now: () => number,
  ) {
    this.getStmt = db.prepare<[string, string], RawRow>('SELECT key, value, created_at, updated_at, expire_at FROM kv_entries WHERE space = ? AND key = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO kv_entries (space, key, value, created_at, updated_at, expire_at) VALUES (@space, @key, @value, @now, @now, @expireAt)
       ON CONFLICT (space, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, expire_at = excluded.expire_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM kv_entries WHERE space = ? AND key = ?');
    this.prefixStmt = db.prepare<[string, string, number, string, number, number], RawRow>(
      `SELECT key, value, created_at, updated_at, expire_at FROM kv_entries
       WHERE space = ? AND key > ? AND substr(key, 1, ?) = ? AND (expire_at IS NULL OR expire_at > ?)
       ORDER BY key LIMIT ?`,
    );
    this.allStmt = db.prepare<[string, number], RawRow>(
      'SELECT key, value, created_at, updated_at, expire_at FROM kv_entries WHERE space = ? AND (expire_at IS NULL OR expire_at > ?) ORDER BY key',
    );
  }

  get(space: string, key: string): StoredRow | undefined {
    const raw = this.getStmt.get(space, key);
    if (!raw) return undefined;
    if (raw.expire_at !== null && raw.expire_at <= this.now()) return undefined;
    return toRow(raw);
  }

  /** Writes `json` (already validated) and returns the row as stored. */
  set(space: string, key: string, json: string, expireAt: number | null): StoredRow {
    this.upsertStmt.run({ space, key, value: json, now: this.now(), expireAt });
    return this.get(space, key) as StoredRow;
  }

  delete(space: string, key: string): boolean {
    return this.deleteStmt.run(space, key).changes > 0;
  }

  /** Entries whose key begins with `prefix`, after `afterKey`, in key order. */
  listByPrefix(space: string, prefix: string, afterKey: string, limit: number): StoredRow[] {
    // substr() counts characters, as JS length does for the key charset Forge allows.
    return this.prefixStmt.all(space, afterKey, prefix.length, prefix, this.now(), limit).map(toRow);
  }

  all(space: string): StoredRow[] {
    return this.allStmt.all(space, this.now()).map(toRow);
  }

  /** Runs `fn` atomically: every write in it lands, or none does. */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
