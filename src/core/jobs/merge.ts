import { AppError } from '../errors';
import { MERGE_RETRY } from './retry';
import { NOTHING_TOUCHED, QUEUES, defineJob, type JobContext, type MergeJob } from './types';
import { isUsable } from '../library';

/**
 * Folds a Library's index inbox (pages written by sync jobs) into its postings, which is what makes them
 * searchable. One merger runs at a time per Library (the index takes a lease; a merge that finds it taken fails
 * as `busy` and is retried); a merge that stopped at its run budget with work left queues the next one. A merge that
 * succeeds clears the index's last error; none runs while a rebuild clears the index.
 */
async function merge(ctx: JobContext, job: MergeJob) {
  const library = await ctx.libraries.get(job.libraryId);
  if (!isUsable(library)) return NOTHING_TOUCHED;
  const health = await ctx.state.getIndexHealth(job.libraryId);
  // A rebuild is clearing the index: merging now would write into what it deletes. Its crawl queues merges after.
  if (health?.rebuildingSince !== undefined) return NOTHING_TOUCHED;
  const { busy, more } = await ctx.indexFor(job.libraryId).merge();
  if (busy) throw new AppError('busy', 'Another merge holds the index lease.');
  if (health?.lastError) await ctx.state.putIndexHealth({ ...health, lastError: undefined });
  if (more) await ctx.queue.push([{ type: 'merge', libraryId: job.libraryId }]);
  return NOTHING_TOUCHED;
}

export const mergeJob = defineJob({ name: 'merge', queue: QUEUES.merge, retry: MERGE_RETRY, run: merge });
