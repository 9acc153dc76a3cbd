import { QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import { spaceNotIndexableReason } from '../eligibility';
import type { SyncJob } from '../types';
import { isSyncing } from '../../library';

type ReconcileJob = Extract<SyncJob, { type: 'reconcile-space' }>;

/**
 * The hourly reconcile of one space: enumerates the ids of its current pages (250 per request, no bodies),
 * remembering them step by step, and only when the enumeration finished prunes every indexed page it did not see
 * (purged pages, pages moved away, pages the Source identity may no longer read). A failed step aborts the run
 * before any prune: never delete on a partial enumeration. Pages it finds missing or stale are re-indexed.
 * It first checks the space itself: one that became archived, personal or unreadable is removed whole.
 */
export async function reconcileSpace(ctx: SyncContext, job: ReconcileJob): Promise<JobReport> {
  let wrote = false;
  const state = await ctx.state.getSpace(job.libraryId, job.spaceId);
  if (!state || state.phase !== 'ready' || state.generation !== job.generation) return wroteIndex(job.libraryId, wrote);
  const library = await ctx.libraries.get(job.libraryId);
  if (!isSyncing(library)) return wroteIndex(job.libraryId, wrote);
  const source = await ctx.sourceFor(job.libraryId);

  if (job.step === 0) {
    const [space] = await source.getSpaces([job.spaceId]);
    const reason = space ? spaceNotIndexableReason(space) : 'The space no longer exists, or the Source may not read it.';
    if (reason) {
      await ctx.state.putSpace({ ...state, phase: 'removing', lastError: { at: ctx.clock.now(), message: reason }, updatedAt: ctx.clock.now() });
      await ctx.queue.push([{ type: 'remove-space', libraryId: job.libraryId, spaceId: job.spaceId, generation: state.generation }]);
      return wroteIndex(job.libraryId, wrote);
    }
    await ctx.state.deleteSeen(job.libraryId, job.spaceId);
  }

  const { pages, cursor } = await source.listPages({ spaceIds: [job.spaceId], statuses: ['current'], withBodies: false, sort: 'id', cursor: job.cursor });
  await ctx.state.putSeen(job.libraryId, job.spaceId, job.runId, job.step, pages.map((page) => page.id));

  const index = ctx.indexFor(job.libraryId);
  const known = await index.versions(pages.map((page) => page.id));
  const stale = pages.filter((page) => (known.get(page.id) ?? -1) < page.version).map((page) => page.id);
  if (stale.length) await ctx.queue.push([{ type: 'index-pages', libraryId: job.libraryId, pageIds: stale }]);

  if (cursor) {
    await ctx.queue.push([{ ...job, step: job.step + 1, cursor, attempt: 0 }]);
    return wroteIndex(job.libraryId, wrote);
  }

  const seen = await ctx.state.readSeen(job.libraryId, job.spaceId, job.runId);
  let pruned = 0;
  let held = 0;
  let indexCursor: string | undefined;
  do {
    const page = await index.listPageIds(state.spaceKey, indexCursor);
    const gone = page.ids.filter((id) => !seen.has(id));
    if (gone.length) {
      await index.remove(gone);
      wrote = true;
    }
    pruned += gone.length;
    held += page.ids.length;
    indexCursor = page.cursor;
  } while (indexCursor);
  await ctx.state.deleteSeen(job.libraryId, job.spaceId, job.runId);

  const fresh = await ctx.state.getSpace(job.libraryId, job.spaceId);
  if (fresh && fresh.generation === job.generation) {
    const now = ctx.clock.now();
    await ctx.state.putSpace({ ...fresh, pagesIndexed: held - pruned, lastReconcileAt: now, updatedAt: now });
  }
  return wroteIndex(job.libraryId, wrote);
}

export const reconcileSpaceJob = defineJob({ name: 'reconcile-space', queue: QUEUES.sync, retry: SYNC_RETRY, run: reconcileSpace });
