import type { SyncContext } from '../sync/context';
import type { SyncJob } from '../sync/types';
import type { ShipJob } from '../ship/ingest';
import type { DocumentJob } from '../documents/job';
import type { ShipServices } from './ship';

/** The queues, named for what they carry: sync steps (crawls, scans, page events, reconciles, removals), merges, shipped changes. */
export const QUEUES = {
  /** Sync jobs: each reads Confluence and writes pages to a Library's index inbox. */
  sync: 'librarian-sync',
  /** Merge jobs: each folds a Library's index inbox into its postings, which makes the pages searchable. */
  merge: 'librarian-merge',
  /** Ship jobs: each finds the sections a shipped code change makes wrong and proposes the fixes in Review. */
  ship: 'librarian-ship',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Input of the merge job: the Library whose index inbox to fold in. */
export interface MergeJob {
  type: 'merge';
  libraryId: string;
  attempt?: number;
}

/** Every job the runner knows: its `type` names its definition in the registry. */
export type Job = SyncJob | MergeJob | ShipJob | DocumentJob;
export type JobName = Job['type'];
export type JobOf<N extends JobName> = Extract<Job, { type: N }>;

/**
 * Everything a job may touch, built once per invocation by src/app (or by a test). `ship` is what ship jobs need
 * beyond the sync's (the searchable index, Review's proposals, Confluence as the app); absent, ship jobs fail.
 */
export type JobContext = SyncContext & { ship?: ShipServices };

/** What a run touched that the runner follows up on. */
export interface JobReport {
  /** Libraries whose index inbox the run wrote to: the runner queues a merge for each, which makes the writes searchable. */
  indexesWritten: string[];
}

export const NOTHING_TOUCHED: JobReport = { indexesWritten: [] };

/** The report of a run that wrote to the Library's index inbox when `wrote` is true. */
export function wroteIndex(libraryId: string, wrote: boolean): JobReport {
  return wrote ? { indexesWritten: [libraryId] } : NOTHING_TOUCHED;
}

/**
 * How a job's failures are retried. Waiting is always a re-queue with a delay (never a sleep in the function),
 * and each job counts its own attempts in its input (`attempt`).
 */
export interface RetryOptions {
  /** Re-queues at most for a rate limit or a spent storage quota, each after the wait it asks for. */
  rateLimited: number;
  /** Re-queues at most for any other failure, each after `backoffSeconds(attempt)`. */
  transient: number;
  backoffSeconds(attempt: number): number;
  /** Re-queues at most when another worker holds the work (kind `busy`), each after `busySeconds`. */
  busy: number;
  busySeconds: number;
  /** An authorization lapse: stop and mark the Source "needs reauthorization", or treat it as any other failure. */
  unauthorized: 'needs-reauthorization' | 'transient';
  /**
   * Whether a failure that is given up on is recorded on the Library's status: on its spaces or its scan (`true`),
   * on its index's health (`'index'`, the merge's: a merge given up on leaves pages unsearchable), or not at all.
   * A `corrupt` failure is recorded on the index's health by any job, at once.
   */
  recordFailure: boolean | 'index';
}

/**
 * One named job: its input (`JobOf<N>`), the queue that carries it, its retry options and its work, in one place.
 *
 * @example
 * export const removeSpaceJob = defineJob({ name: 'remove-space', queue: QUEUES.sync, retry: SYNC_RETRY, run: removeSpace });
 */
export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  queue: QueueName;
  retry: RetryOptions;
  run(ctx: JobContext, input: JobOf<N>): Promise<JobReport>;
}

export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<N> {
  return definition;
}
