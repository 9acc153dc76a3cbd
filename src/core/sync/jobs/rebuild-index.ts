import { NOTHING_TOUCHED, QUEUES, defineJob, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import { isUsable } from '../../library';
import type { SyncContext } from '../context';
import { startCrawls } from '../crawls';
import type { SyncJob } from '../types';
import { FINAL_SWEEP_DELAY_SECONDS } from './delete-library';

type RebuildIndexJob = Extract<SyncJob, { type: 'rebuild-index' }>;

/**
 * A site admin's way out of an index the merges cannot get past (a stored value that does not decode): clears the
 * Library's index a bounded slice per step (re-queueing itself, like delete-library), clears it once more after
 * the longest a job can run (a merge or sync step already in flight may have written), then starts one full crawl
 * of the selected spaces and drops the index's health record. Merges wait meanwhile (merge.ts). A job of an older
 * rebuild (its `since` is not the health record's) does nothing, so a rebuild asked twice runs once.
 *
 * @example
 * await ctx.queue.push([{ type: 'rebuild-index', libraryId, since: ctx.clock.now() }]);
 */
export async function rebuildIndex(ctx: SyncContext, job: RebuildIndexJob): Promise<JobReport> {
  const library = await ctx.libraries.get(job.libraryId);
  const health = await ctx.state.getIndexHealth(job.libraryId);
  if (!isUsable(library) || health?.rebuildingSince !== job.since) return NOTHING_TOUCHED;
  if (!(await ctx.indexFor(job.libraryId).clearStep())) {
    await ctx.queue.push([{ ...job, attempt: 0 }]);
    return NOTHING_TOUCHED;
  }
  if (!job.finalSweep) {
    await ctx.queue.push([{ ...job, finalSweep: true, attempt: 0 }], { delaySeconds: FINAL_SWEEP_DELAY_SECONDS });
    return NOTHING_TOUCHED;
  }
  await startCrawls(ctx, job.libraryId, (library.source?.spaces ?? []).map((space) => ({ id: space.id, key: space.key })));
  await ctx.state.putIndexHealth({ libraryId: job.libraryId });
  return NOTHING_TOUCHED;
}

export const rebuildIndexJob = defineJob({ name: 'rebuild-index', queue: QUEUES.sync, retry: SYNC_RETRY, run: rebuildIndex });
