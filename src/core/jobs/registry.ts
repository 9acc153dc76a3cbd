import { crawlSpacesJob, crawlSpaceJob } from '../sync/jobs/crawl-spaces';
import { deleteLibraryJob } from '../sync/jobs/delete-library';
import { rebuildIndexJob } from '../sync/jobs/rebuild-index';
import { indexPagesDefinition } from '../sync/jobs/index-pages';
import { reconcileSpaceJob } from '../sync/jobs/reconcile-space';
import { removeSpaceJob } from '../sync/jobs/remove-space';
import { scanLibraryJob } from '../sync/jobs/scan-library';
import { sweepSpaceJob } from '../sync/jobs/sweep-space';
import { mergeJob } from './merge';
import { shipJob } from './ship';
import { documentJob } from './document';
import type { Job, JobDefinition, JobName, QueueName } from './types';

/**
 * Every job the app runs, by name: each definition holds its input type, its queue, its retry options and its
 * work (the sync's jobs live beside the sync in src/core/sync/jobs, the merge here). The job list, with what each
 * one reads and writes, is in src/core/sync/types.ts (`SyncJob`) and merge.ts.
 */
export const JOBS: { [N in JobName]: JobDefinition<N> } = {
  'crawl-spaces': crawlSpacesJob,
  'crawl-space': crawlSpaceJob,
  'scan-library': scanLibraryJob,
  'index-pages': indexPagesDefinition,
  'reconcile-space': reconcileSpaceJob,
  'remove-space': removeSpaceJob,
  'sweep-space': sweepSpaceJob,
  'delete-library': deleteLibraryJob,
  'rebuild-index': rebuildIndexJob,
  merge: mergeJob,
  ship: shipJob,
  document: documentJob,
};

/** The definition of a job name, or undefined for a name no job has (an event of an older or foreign shape). */
export function jobDefinition(name: string): JobDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(JOBS, name) ? (JOBS[name as JobName] as unknown as JobDefinition) : undefined;
}

/** The queue that carries a job. */
export function queueOf(job: Pick<Job, 'type'>): QueueName {
  const definition = jobDefinition(job.type);
  if (!definition) throw new Error(`Unknown job ${String(job.type).slice(0, 40)}`);
  return definition.queue;
}

/** Whether a queue event's body is a job this queue carries: its name is registered to this queue and it names a Library. */
export function isJobOf(queue: QueueName, body: unknown): body is Job {
  const job = body as { type?: unknown; libraryId?: unknown } | undefined;
  if (!job || typeof job !== 'object' || typeof job.type !== 'string' || typeof job.libraryId !== 'string') return false;
  return jobDefinition(job.type)?.queue === queue;
}
