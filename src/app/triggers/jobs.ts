import type { Library } from '../../core/library';
import type { Job } from '../../core/jobs';
import { QUEUE_LIMITS } from '../../core/platform/limits';
import { jobQueue, libraries } from '../services';
import { isSyncing } from '../../core/library';

const EVENTS_PER_PUSH = QUEUE_LIMITS.maxEventsPerPush;

/** Libraries whose Source can sync now: not being deleted, connected, authorization not lapsed. */
export async function syncingLibraries(): Promise<Library[]> {
  return (await libraries().list()).filter((library) => isSyncing(library));
}

/** Pushes jobs of any queue, at most Forge's 50 events a push. */
export async function pushJobs(jobs: Job[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += EVENTS_PER_PUSH) await jobQueue.push(jobs.slice(i, i + EVENTS_PER_PUSH));
}
