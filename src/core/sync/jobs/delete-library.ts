import { NOTHING_TOUCHED, QUEUES, defineJob, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import { INVOCATION_LIMITS } from '../../platform/limits';
import type { SyncContext } from '../context';
import type { SyncJob } from '../types';

/** The longest any function may run on Forge (`timeoutSeconds` at most 900): a job in flight has ended by then. */
export const FINAL_SWEEP_DELAY_SECONDS = INVOCATION_LIMITS.maxFunctionSeconds;

type DeleteLibraryJob = Extract<SyncJob, { type: 'delete-library' }>;

/**
 * Removes a deleted Library: a bounded slice of its index per step (re-queueing itself), a final sweep after
 * the longest a job can run, then its sync state and its record. The Library was marked deleting first, so no sync job or question uses it meanwhile, and a sync
 * step still in flight finds it deleting and stops: no index entry is orphaned.
 */
export async function deleteLibrary(ctx: SyncContext, job: DeleteLibraryJob): Promise<JobReport> {
  const library = await ctx.libraries.get(job.libraryId);
  if (!library) return NOTHING_TOUCHED;
  if (!library.deletingSince) return NOTHING_TOUCHED;
  const done = await ctx.indexFor(job.libraryId).clearStep();
  if (!done) {
    await ctx.queue.push([{ ...job, attempt: 0 }]);
    return NOTHING_TOUCHED;
  }
  if (!job.finalSweep) {
    // A sync step that started before the Library was marked may still be writing; it ends within the longest
    // consumer timeout, so one more pass after that leaves nothing behind.
    await ctx.queue.push([{ ...job, finalSweep: true, attempt: 0 }], { delaySeconds: FINAL_SWEEP_DELAY_SECONDS });
    return NOTHING_TOUCHED;
  }
  for (const state of await ctx.state.listSpaces(job.libraryId)) {
    await ctx.state.deleteSeen(job.libraryId, state.spaceId);
    await ctx.state.deleteSpace(job.libraryId, state.spaceId);
  }
  for (const crawl of await ctx.state.listCrawls(job.libraryId)) await ctx.state.deleteCrawl(job.libraryId, crawl.crawlId);
  await ctx.state.deleteScan(job.libraryId);
  await ctx.state.deleteMarks(job.libraryId);
  await ctx.state.putIndexHealth({ libraryId: job.libraryId });
  await ctx.libraries.remove(job.libraryId);
  return NOTHING_TOUCHED;
}

/** Clearing the index needs no merge: nothing of the Library is searched any more. */
export const deleteLibraryJob = defineJob({ name: 'delete-library', queue: QUEUES.sync, retry: SYNC_RETRY, run: deleteLibrary });
