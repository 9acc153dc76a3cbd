import type { SyncContext } from '../context';
import { isIndexablePage } from '../eligibility';
import { indexPages } from '../index-pages';
import type { SyncJob } from '../types';

type CrawlJob = Extract<SyncJob, { type: 'crawl-space' }>;

/**
 * One step of a space's first sync: one v2 list request (250 pages with their bodies), those pages indexed, the
 * checkpoint saved, the next step queued. A duplicate or stale job (another generation, or a step already done)
 * does nothing, so at-least-once delivery indexes nothing twice.
 */
export async function crawlSpace(ctx: SyncContext, job: CrawlJob): Promise<void> {
  const state = await ctx.state.getSpace(job.libraryId, job.spaceId);
  if (!state || state.phase !== 'crawling' || state.generation !== job.generation || state.step !== job.step) return;
  const library = await ctx.libraries.get(job.libraryId);
  if (!library?.source || library.deletingSince || library.source.health.state !== 'ok') return;

  const source = await ctx.sourceFor(job.libraryId);
  const { pages, cursor } = await source.listPages({
    spaceIds: [job.spaceId],
    statuses: ['current'],
    withBodies: true,
    // Id order does not shift while pages are edited mid-crawl; the scan picks up those edits.
    sort: 'id',
    cursor: job.cursor,
  });
  const outcome = await indexPages(ctx.indexFor(job.libraryId), pages.filter(isIndexablePage), state.spaceKey);

  const now = ctx.clock.now();
  state.step += 1;
  state.cursor = cursor;
  state.pagesSeen += pages.length;
  state.pagesIndexed += outcome.indexed + outcome.unchanged;
  state.pagesFailed += outcome.failed.length;
  if (outcome.failed.length) state.lastError = { at: now, ...outcome.failed[outcome.failed.length - 1] };
  if (!cursor) {
    state.phase = 'ready';
    state.crawlFinishedAt = now;
  }
  state.updatedAt = now;
  // Save before pushing: if the push is lost, the scan's stalled-crawl check resumes from this checkpoint.
  await ctx.state.putSpace(state);
  if (cursor) {
    await ctx.queue.push([{ type: 'crawl-space', libraryId: job.libraryId, spaceId: job.spaceId, generation: job.generation, step: state.step, cursor }]);
  }
}
