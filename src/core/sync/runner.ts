import type { SyncContext } from './context';
import { classifyFailure, clampDelay, safeMessage } from './errors';
import { crawlSpaces } from './jobs/crawl-spaces';
import { deleteLibrary } from './jobs/delete-library';
import { indexPagesJob } from './jobs/index-pages';
import { reconcileSpace } from './jobs/reconcile-space';
import { removeSpace } from './jobs/remove-space';
import { scanLibrary } from './jobs/scan-library';
import type { SyncJob } from './types';

export type RunOutcome =
  | { outcome: 'done' }
  | { outcome: 'requeued'; delaySeconds: number; reason: string }
  | { outcome: 'stopped'; reason: string }
  | { outcome: 'failed'; reason: string };

/**
 * Runs one sync job and decides what a failure means. Waiting is always done by re-queueing the job with a delay
 * (never by sleeping in the function): a 429 waits its clamped Retry-After, other failures back off exponentially
 * a few times; a lapsed authorization marks the Source "needs reauthorization", tells the admins once and stops.
 * The job is pushed again as a new event rather than retried by Forge, whose retries are few.
 */
export async function runSyncJob(ctx: SyncContext, job: SyncJob): Promise<RunOutcome> {
  try {
    await dispatch(ctx, job);
    return { outcome: 'done' };
  } catch (error) {
    const failure = classifyFailure(error);
    const attempt = (job.attempt ?? 0) + 1;
    if (failure.kind === 'unauthorized') {
      await markNeedsReauthorization(ctx, job.libraryId, failure.message);
      return { outcome: 'stopped', reason: failure.message };
    }
    if (failure.kind === 'rate-limited' && attempt <= ctx.settings.maxRateLimitedAttempts) {
      await ctx.queue.push([{ ...job, attempt }], { delaySeconds: failure.retryAfterSeconds });
      return { outcome: 'requeued', delaySeconds: failure.retryAfterSeconds, reason: 'rate limited' };
    }
    if (failure.kind === 'transient' && attempt < ctx.settings.maxTransientAttempts) {
      const delaySeconds = clampDelay(15 * 2 ** (attempt - 1));
      await ctx.queue.push([{ ...job, attempt }], { delaySeconds });
      return { outcome: 'requeued', delaySeconds, reason: failure.message };
    }
    const reason = failure.kind === 'rate-limited' ? 'Confluence kept rate limiting the sync.' : failure.message;
    await recordJobError(ctx, job, reason);
    return { outcome: 'failed', reason };
  }
}

function dispatch(ctx: SyncContext, job: SyncJob): Promise<void> {
  switch (job.type) {
    case 'crawl-spaces':
      return crawlSpaces(ctx, job);
    case 'crawl-space':
      // A per-space crawl step of an earlier version: the scan starts its space again as a crawl of its own.
      return Promise.resolve();
    case 'scan-library':
      return scanLibrary(ctx, job);
    case 'index-pages':
      return indexPagesJob(ctx, job);
    case 'reconcile-space':
      return reconcileSpace(ctx, job);
    case 'remove-space':
      return removeSpace(ctx, job);
    case 'delete-library':
      return deleteLibrary(ctx, job);
    default:
      throw new Error(`Unknown sync job ${safeMessage((job as { type?: unknown }).type)}`);
  }
}

async function markNeedsReauthorization(ctx: SyncContext, libraryId: string, reason: string): Promise<void> {
  const library = await ctx.libraries.get(libraryId);
  const health = library?.source?.health;
  if (!library?.source || library.deletingSince) return;
  // Tell the admins once per lapse, however many jobs hit the 401.
  if (health?.state === 'needs_reauthorization' && health.notifiedAt) return;
  const since = health?.state === 'needs_reauthorization' ? health.since : ctx.clock.now();
  await ctx.libraries.setHealth(libraryId, { state: 'needs_reauthorization', since, reason });
  try {
    await ctx.notifier.reauthorizationNeeded(libraryId, reason);
    await ctx.libraries.setHealth(libraryId, { state: 'needs_reauthorization', since, reason, notifiedAt: ctx.clock.now() });
  } catch {
    // The banner on the settings pages still tells them; the next failing job tries the notice again.
  }
}

async function recordJobError(ctx: SyncContext, job: SyncJob, message: string): Promise<void> {
  const now = ctx.clock.now();
  const spaceIds = 'spaceId' in job ? [job.spaceId] : job.type === 'crawl-spaces' ? await crawlSpaceIds(ctx, job.libraryId, job.crawlId) : undefined;
  if (spaceIds) {
    for (const state of (await ctx.state.getSpaces(job.libraryId, spaceIds)).values()) {
      await ctx.state.putSpace({ ...state, lastError: { at: now, message }, updatedAt: state.updatedAt });
    }
    return;
  }
  // Never a watermark from this app's clock: the scan's watermark is Confluence's time only.
  const scan = await ctx.state.getScan(job.libraryId);
  await ctx.state.putScan({ ...(scan ?? { libraryId: job.libraryId }), lastError: { at: now, message } });
}

async function crawlSpaceIds(ctx: SyncContext, libraryId: string, crawlId: string): Promise<string[]> {
  return ((await ctx.state.getCrawl(libraryId, crawlId))?.spaces ?? []).map((space) => space.spaceId);
}
