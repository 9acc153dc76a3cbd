import type { Clock, JobQueue } from '../ports';
import type { LibraryRepository } from '../library';
import type { PeopleNames } from './people';
import type { SyncIndex, SyncNotifier, SyncSource } from './ports';
import type { SyncStateStore } from './state';
import type { SyncJob } from './types';

/** Everything a sync job may touch, built once per invocation by src/app (or by a test). */
export interface SyncContext {
  libraries: LibraryRepository;
  state: SyncStateStore;
  queue: JobQueue<SyncJob>;
  clock: Clock;
  notifier: SyncNotifier;
  /** Confluence as the Library's Source identity. */
  sourceFor(libraryId: string): Promise<SyncSource>;
  indexFor(libraryId: string): SyncIndex;
  /** Display names for @-mentions in indexed text; absent, mentions are indexed as account ids. */
  people?: PeopleNames;
  /** Tuning, with defaults in `syncSettings`. */
  settings: SyncSettings;
}

export interface SyncSettings {
  /** How far before the watermark a scan looks again, for commits that became visible late. */
  scanOverlapMs: number;
  /** A crawl whose state has not moved for this long has lost its job (a crash between save and push): resume it. */
  stalledCrawlMs: number;
  /** Attempts for a failure that is neither a rate limit nor an authorization lapse. */
  maxTransientAttempts: number;
  /** Attempts for rate limits: a 429 storm slows a sync but must not lose it. */
  maxRateLimitedAttempts: number;
}

export const syncSettings: SyncSettings = {
  scanOverlapMs: 5 * 60_000,
  stalledCrawlMs: 20 * 60_000,
  maxTransientAttempts: 5,
  maxRateLimitedAttempts: 100,
};
