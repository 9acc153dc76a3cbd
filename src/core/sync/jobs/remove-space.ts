import { QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import { SWEEP_DELAY_SECONDS } from '../sweeps';
import type { SyncJob } from '../types';
import { isUsable } from '../../library';

type RemoveSpaceJob = Extract<SyncJob, { type: 'remove-space' }>;

/**
 * Takes a space's pages out of a Library's index, one index page of ids per step, re-queueing itself until none
 * is left. Then the space's state goes too if the space is no longer selected; if it is still selected (it was
 * archived or became unreadable) the state stays, paused, with the reason for the settings page.
 */
export async function removeSpace(ctx: SyncContext, job: RemoveSpaceJob): Promise<JobReport> {
  let wrote = false;
  const state = await ctx.state.getSpace(job.libraryId, job.spaceId);
  if (state && state.generation !== job.generation) return wroteIndex(job.libraryId, wrote);
  const spaceKey = state?.spaceKey;
  if (!spaceKey) {
    if (state) await ctx.state.deleteSpace(job.libraryId, job.spaceId);
    return wroteIndex(job.libraryId, wrote);
  }
  const index = ctx.indexFor(job.libraryId);
  const { ids, cursor } = await index.listPageIds(spaceKey);
  if (ids.length) {
    await index.remove(ids);
    wrote = true;
  }
  if (ids.length && cursor !== undefined) {
    await ctx.queue.push([{ ...job, attempt: 0 }]);
    return wroteIndex(job.libraryId, wrote);
  }
  if (ids.length) {
    // The listing said nothing follows, but removal may have shifted pages: look once more before finishing.
    const again = await index.listPageIds(spaceKey);
    if (again.ids.length) {
      await ctx.queue.push([{ ...job, attempt: 0 }]);
      return wroteIndex(job.libraryId, wrote);
    }
  }
  if (!job.settled) {
    // The listing reads the merged index: pages a crawl step wrote moments ago may still sit in the inbox, and
    // would be merged after this removal ended. Look once more a minute later, after that merge, then finish.
    await ctx.queue.push([{ ...job, settled: true, attempt: 0 }], { delaySeconds: SWEEP_DELAY_SECONDS });
    return wroteIndex(job.libraryId, wrote);
  }
  await ctx.state.deleteSeen(job.libraryId, job.spaceId);
  const library = await ctx.libraries.get(job.libraryId);
  const stillSelected = library?.source?.spaces.some((space) => space.id === job.spaceId) && isUsable(library);
  if (!state) return wroteIndex(job.libraryId, wrote);
  if (stillSelected) {
    await ctx.state.putSpace({ ...state, phase: 'paused', pagesIndexed: 0, updatedAt: ctx.clock.now() });
  } else {
    await ctx.state.deleteSpace(job.libraryId, job.spaceId);
  }
  return wroteIndex(job.libraryId, wrote);
}

export const removeSpaceJob = defineJob({ name: 'remove-space', queue: QUEUES.sync, retry: SYNC_RETRY, run: removeSpace });
