/**
 * The host's one SQLite database (better-sqlite3): KVS entries, secrets, custom entities and the event queue
 * live in `<dataDir>/forge-host.sqlite`, so state survives a restart. `dataDir: ':memory:'` keeps it in memory.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type HostDatabase = Database.Database;

export function openHostDatabase(dataDir: string): HostDatabase {
  let db: HostDatabase;
  if (dataDir === ':memory:') {
    db = new Database(':memory:');
  } else {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, 'forge-host.sqlite'));
    db.pragma('journal_mode = WAL');
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS kv_entries (
      space TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      expire_at INTEGER,
      PRIMARY KEY (space, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS queue_jobs (
      job_id TEXT PRIMARY KEY,
      queue TEXT NOT NULL,
      pushed_at INTEGER NOT NULL,
      cancelled INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS queue_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL,
      job_id TEXT NOT NULL,
      queue TEXT NOT NULL,
      body TEXT NOT NULL,
      delay_seconds INTEGER,
      concurrency TEXT,
      enqueued_at INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      state TEXT NOT NULL,
      retry_count INTEGER NOT NULL DEFAULT 0,
      retry_reason TEXT,
      retry_data TEXT,
      last_error TEXT
    );
    CREATE INDEX IF NOT EXISTS queue_events_due ON queue_events (state, due_at);
    CREATE INDEX IF NOT EXISTS queue_events_job ON queue_events (job_id);
    CREATE TABLE IF NOT EXISTS host_meta (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `);
  return db;
}
