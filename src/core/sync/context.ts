import type { Clock, JobQueue } from '../ports';
import type { LibraryRepository } from '../library';
import type { PeopleNames } from './people';
import type { SyncIndex, SyncNotifier, SyncSource } from './ports';
import type { SyncStateStore } from './state';
import type { Job } from '../jobs/types';

/** Everything a sync job may touch, built once per invocation by src/app (or by a test). */
export interface SyncContext {
  libraries: LibraryRepository;
  state: SyncStateStore;
  /** Takes jobs of every queue; src/app sends each to the queue its definition names (src/core/jobs). */
  queue: JobQueue<Job>;
  clock: Clock;
  notifier: SyncNotifier;
  /** Confluence as the Library's Source identity. */
  sourceFor(libraryId: string): Promise<SyncSource>;
  indexFor(libraryId: string): SyncIndex;
  /** Display names for @-mentions in indexed text; absent, mentions are indexed as account ids. */
  people?: PeopleNames;
  /** Tuning, with defaults in `syncSettings`; retries are each job's own (src/core/jobs/retry.ts). */
  settings: SyncSettings;
}

export interface SyncSettings {
  /** How far before the watermark a scan looks again, for commits that became visible late. */
  scanOverlapMs: number;
  /** A crawl whose state has not moved for this long has lost its job (a crash between save and push): resume it. */
  stalledCrawlMs: number;
  /**
   * Sweeps of one Library's space asked for within one window of this length share a single sweep (sweeps.ts);
   * 0 queues one sweep per request. At most `QUEUE_LIMITS.maxDelaySeconds` less the sweep's minute of delay.
   */
  sweepWindowMs: number;
}

export const syncSettings: SyncSettings = {
  scanOverlapMs: 5 * 60_000,
  stalledCrawlMs: 20 * 60_000,
  sweepWindowMs: 60_000,
};
