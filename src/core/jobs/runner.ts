import { classifyFailure, safeMessage } from '../sync/errors';
import { recordIndexProblem } from '../sync/index-health';
import { jobDefinition } from './registry';
import type { Job, JobContext, JobDefinition } from './types';
import { isUsable } from '../library';

export type RunOutcome =
  | { outcome: 'done' }
  | { outcome: 'requeued'; delaySeconds: number; reason: string }
  | { outcome: 'stopped'; reason: string }
  | { outcome: 'failed'; reason: string };

/**
 * Runs one job of any queue and decides what a failure means, by the job's own retry options. Waiting is always
 * done by re-queueing the job with a delay (never by sleeping in the function): a 429 or a spent quota waits as
 * asked, a busy lease and other failures back off a few times; a lapsed authorization marks the Source "needs
 * reauthorization", tells the admins once and stops. The job is pushed again as a new event rather than retried
 * by Forge, whose retries are few. After a run, each Library whose index inbox it wrote to gets a merge job.
 *
 * @example
 * const outcome = await runJob(ctx, { type: 'scan-library', libraryId });
 */
export async function runJob(ctx: JobContext, job: Job): Promise<RunOutcome> {
  const definition = jobDefinition(job.type) as JobDefinition | undefined;
  if (!definition) return { outcome: 'failed', reason: `Unknown job ${safeMessage((job as { type?: unknown }).type)}` };
  let report;
  try {
    report = await definition.run(ctx, job);
  } catch (error) {
    return retryOrGiveUp(ctx, definition, job, error);
  }
  const merges = [...new Set(report.indexesWritten)].map((libraryId) => ({ type: 'merge' as const, libraryId }));
  if (merges.length) await ctx.queue.push(merges);
  return { outcome: 'done' };
}

async function retryOrGiveUp(ctx: JobContext, definition: JobDefinition, job: Job, error: unknown): Promise<RunOutcome> {
  const retry = definition.retry;
  const failure = classifyFailure(error);
  const attempt = (job.attempt ?? 0) + 1;
  const again = async (delaySeconds: number, reason: string): Promise<RunOutcome> => {
    await ctx.queue.push([{ ...job, attempt }], { delaySeconds });
    return { outcome: 'requeued', delaySeconds, reason };
  };
  if (failure.kind === 'unauthorized' && retry.unauthorized === 'needs-reauthorization') {
    await markNeedsReauthorization(ctx, job.libraryId, failure.message);
    return { outcome: 'stopped', reason: failure.message };
  }
  if (failure.kind === 'corrupt') {
    await recordIndexError(ctx, job.libraryId, failure.message);
    return { outcome: 'failed', reason: failure.message };
  }
  if (failure.kind === 'rate-limited') {
    if (attempt <= retry.rateLimited) return again(failure.retryAfterSeconds, 'rate-limited');
  } else if (failure.kind === 'busy') {
    if (attempt <= retry.busy) return again(retry.busySeconds, failure.message);
  } else if (attempt <= retry.transient) {
    return again(retry.backoffSeconds(attempt), failure.message);
  }
  const reason = failure.kind === 'rate-limited' ? 'Confluence kept rate limiting the sync.' : failure.message;
  if (retry.recordFailure === 'index') await recordIndexError(ctx, job.libraryId, reason);
  else if (retry.recordFailure) await recordJobError(ctx, job, reason);
  return { outcome: 'failed', reason };
}

async function markNeedsReauthorization(ctx: JobContext, libraryId: string, reason: string): Promise<void> {
  const library = await ctx.libraries.get(libraryId);
  const health = library?.source?.health;
  if (!isUsable(library) || !library.source) return;
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

async function recordJobError(ctx: JobContext, job: Job, message: string): Promise<void> {
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

/** The index's last error, with the way out the settings page offers (rebuilding the index). */
async function recordIndexError(ctx: JobContext, libraryId: string, message: string): Promise<void> {
  await recordIndexProblem(ctx.state, ctx.clock.now(), libraryId, message);
}

async function crawlSpaceIds(ctx: JobContext, libraryId: string, crawlId: string): Promise<string[]> {
  return ((await ctx.state.getCrawl(libraryId, crawlId))?.spaces ?? []).map((space) => space.spaceId);
}
