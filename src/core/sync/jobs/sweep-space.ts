import { QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import type { SyncJob } from '../types';
import { isSyncing } from '../../library';

type SweepJob = Extract<SyncJob, { type: 'sweep-space' }>;

/**
 * Reads again every page the index holds for one space, a listing step at a time: each step's ids (up to 100) go
 * to an `index-pages` job marked `sweep`, which fetches them (one request per 250) and drops those no longer
 * current, readable or in a followed space. Queued when a page event's page left the index or changed space (a
 * restriction or a move carries the page's descendants with it, and the event names only the page: Confluence's
 * `avi:confluence:moved:page` and `permissions_updated:page` events) and when a crawl that page events ran during
 * ends; so those descendants leave within minutes instead of at the hourly reconcile. Nothing is pruned on what
 * was not read: each page is judged by its own present state, so a sweep cut short or run twice is harmless.
 * Queued through `queueSweeps` (sweeps.ts), at most one per space and slot; its first step deletes the slot's mark.
 *
 * ```ts
 * await queueSweeps(ctx, libraryId, ['ENG']); // a `sweep-space` job, unless ENG's next sweep is already queued
 * ```
 */
export async function sweepSpace(ctx: SyncContext, job: SweepJob): Promise<JobReport> {
  // First, before listing anything: from here on a change to the space must get a sweep of its own (sweeps.ts).
  if (job.slot !== undefined && !job.cursor) await ctx.state.startSweep(job.libraryId, job.spaceKey, job.slot);
  const library = await ctx.libraries.get(job.libraryId);
  if (!isSyncing(library)) return wroteIndex(job.libraryId, false);
  const { ids, cursor } = await ctx.indexFor(job.libraryId).listPageIds(job.spaceKey, job.cursor);
  const next: SyncJob[] = [];
  if (ids.length) next.push({ type: 'index-pages', libraryId: job.libraryId, pageIds: ids, sweep: true });
  if (cursor) next.push({ type: 'sweep-space', libraryId: job.libraryId, spaceKey: job.spaceKey, cursor });
  if (next.length) await ctx.queue.push(next);
  return wroteIndex(job.libraryId, false);
}

export const sweepSpaceJob = defineJob({ name: 'sweep-space', queue: QUEUES.sync, retry: SYNC_RETRY, run: sweepSpace });
