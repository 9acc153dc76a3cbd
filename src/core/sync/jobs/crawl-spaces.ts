import { NOTHING_TOUCHED, QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import { crawledBy, markCrawlReady } from '../crawls';
import { isIndexablePage, spaceNotIndexableReason } from '../eligibility';
import { classifyFailure } from '../errors';
import { upsertPages } from '../upsert-pages';
import { SWEEP_DELAY_SECONDS, queueSweeps } from '../sweeps';
import type { CrawlCarry, CrawlSpace, CrawlState, SourcePage, SyncJob } from '../types';
import { isSyncing } from '../../library';

type CrawlJob = Extract<SyncJob, { type: 'crawl-spaces' }>;

/** Pages indexed at a time: a storage-quota wait loses at most this slice's work, never the list request. */
const SLICE = 25;
/** Forge's storage quotas are per minute (Forge storage limits; platform/limits.ts): a minute after a wait, the budget is whole again. */
const QUOTA_WINDOW_SECONDS = 60;

/**
 * One step of the first sync of a selection batch: one v2 list request (250 pages with their bodies, across up to
 * 100 spaces, newest id first), each page indexed under its own space, the checkpoint saved, the next step queued.
 * A duplicate or stale job (a step already done, a finished crawl) does nothing, so at-least-once delivery indexes
 * nothing twice. A space deselected or reselected since the crawl began is skipped, and pages this step wrote for
 * a space deselected while it ran are taken out again.
 *
 * Forge's per-minute storage quota makes a big crawl wait now and then; no wait costs a second list request:
 * - the step writes a heartbeat before its request, so a quota already spent (how most waits begin) stops it
 *   before it asks Confluence anything;
 * - it indexes in slices of 25; when the quota runs out part way, it carries the ids of the pages it had not
 *   indexed in the queue event (a few KB; never bodies) and, a minute later, fetches exactly those with one
 *   `GET /pages?id=` (no re-list of the pages already done);
 * - from the first wait on, its steps are spaced a quota minute apart, so the next ones run through.
 * Why ids and a fetch rather than keeping the bodies: they can be megabytes, so they fit neither a queue event
 * (200 KB) nor, in general, a KVS value (240 KiB), and writing them to KVS would spend the very quota being
 * waited for; waiting inside the function would hold an invocation for up to a minute (and never ends on a
 * stepped clock). Listing again would fetch the pages already done too, and not fail any less.
 */
export async function crawlSpaces(ctx: SyncContext, job: CrawlJob): Promise<JobReport> {
  let wrote = false;
  const crawl = await ctx.state.getCrawl(job.libraryId, job.crawlId);
  if (!crawl) return wroteIndex(job.libraryId, wrote);
  if (crawl.phase === 'done') {
    // A retry after marking the spaces ready failed part way (or a duplicate): finishing again is harmless.
    await markCrawlReady(ctx, crawl);
    return wroteIndex(job.libraryId, wrote);
  }
  if (crawl.step !== job.step) return wroteIndex(job.libraryId, wrote);
  const library = await ctx.libraries.get(job.libraryId);
  if (!isSyncing(library)) return wroteIndex(job.libraryId, wrote);

  let live = await liveSpaces(ctx, crawl);
  if (!live.size) {
    // Every space left the selection: nothing to list.
    await finish(ctx, crawl, crawl.since ?? 0);
    return wroteIndex(job.libraryId, wrote);
  }

  // A heartbeat before the request: when this minute's storage quota is already spent (most quota waits of a
  // crawl begin so), the step fails here and is re-queued without having spent a Confluence request.
  const paced = crawl.paced || (job.attempt ?? 0) > 0 || !!job.carry;
  await ctx.state.putCrawl({ ...crawl, paced, updatedAt: ctx.clock.now() });

  const source = await ctx.sourceFor(job.libraryId);
  // What Confluence answers below is as of no earlier than this (see handBack).
  const listedAt = ctx.clock.now();
  let pages: SourcePage[];
  let nextCursor: string | undefined;
  let since = crawl.since;
  if (job.carry) {
    pages = job.carry.pending.length ? await source.getPages(job.carry.pending, ['current']) : [];
    nextCursor = job.carry.nextCursor;
    since = job.carry.since ?? since;
  } else {
    // Read before the list request: a watermark that existed then cannot be later than the crawl's start.
    const before = crawl.step === 0 ? await ctx.state.getScan(job.libraryId) : undefined;
    const listed = await source.listPages({
      // Always every space of the crawl, so the cursor keeps describing the same list; pages of spaces that
      // left are skipped below.
      spaceIds: crawl.spaces.map((space) => space.spaceId),
      statuses: ['current'],
      withBodies: true,
      // Id order does not shift while pages are edited mid-crawl (the scan picks up those edits), and newest
      // first puts the recently created - mostly the recently edited - pages in the first response.
      sort: '-id',
      cursor: crawl.cursor,
    });
    pages = listed.pages;
    nextCursor = listed.cursor;
    if (crawl.step === 0) since = crawlSince(pages, before?.watermark);
  }

  const done: CrawlCarry['done'] = structuredClone(job.carry?.done ?? {});
  const todo = pages.filter((page) => live.has(page.spaceId));
  const index = ctx.indexFor(job.libraryId);
  const keyOf = (page: SourcePage) => live.get(page.spaceId)?.spaceKey ?? '';
  for (let i = 0; i < todo.length; i += SLICE) {
    const slice = todo.slice(i, i + SLICE);
    let outcome;
    try {
      outcome = await upsertPages(index, slice.filter(isIndexablePage), keyOf, { people: ctx.people });
    } catch (error) {
      const failure = classifyFailure(error);
      const attempt = (job.attempt ?? 0) + 1;
      if (failure.kind !== 'rate-limited' || attempt > SYNC_RETRY.rateLimited) throw error;
      const carry: CrawlCarry = { pending: todo.slice(i).map((page) => page.id), nextCursor, since, done };
      await ctx.queue.push([{ type: 'crawl-spaces', libraryId: job.libraryId, crawlId: job.crawlId, step: job.step, carry, attempt }], {
        delaySeconds: failure.retryAfterSeconds,
      });
      return wroteIndex(job.libraryId, wrote);
    }
    if (outcome.indexed) wrote = true;
    tally(done, slice, outcome, ctx.clock.now());
  }

  await handBack(ctx, job.libraryId, todo, listedAt);

  // A space deselected while this step ran may already have been cleaned out: take back what was written for it.
  const still = await liveSpaces(ctx, crawl);
  const left = todo.filter((page) => !still.has(page.spaceId)).map((page) => page.id);
  if (left.length) {
    await index.remove(left);
    wrote = true;
  }
  live = still;

  for (const space of crawl.spaces) {
    const counts = done[space.spaceId];
    if (!counts || !live.has(space.spaceId)) continue;
    space.pagesSeen += counts.seen;
    space.pagesIndexed += counts.indexed;
    space.pagesFailed += counts.failed;
    if (counts.lastError) space.lastError = counts.lastError;
  }
  if (crawl.step === 0) crawl.since = since;
  crawl.paced = paced;
  crawl.step += 1;
  crawl.cursor = nextCursor;
  crawl.updatedAt = ctx.clock.now();
  if (!nextCursor) {
    await finish(ctx, crawl, crawl.since ?? 0);
    return wroteIndex(job.libraryId, wrote);
  }
  // Save before pushing: if the push is lost, the scan's stalled-crawl check resumes from this checkpoint.
  await ctx.state.putCrawl(crawl);
  // Once the storage quota made this crawl wait, each step starts in a fresh quota minute: a step then runs
  // through instead of stopping half way, which would cost a request to fetch the rest.
  await ctx.queue.push([{ type: 'crawl-spaces', libraryId: job.libraryId, crawlId: job.crawlId, step: crawl.step }], paced ? { delaySeconds: QUOTA_WINDOW_SECONDS } : undefined);
  return wroteIndex(job.libraryId, wrote);
}

/**
 * A lower bound of the crawl's start on Confluence's clock, without a request: the newest modification among the
 * pages of the first list response (all made before Confluence answered; newest created first, so in a living
 * space this is minutes old), or the watermark read before the request (the newest modification an earlier scan
 * saw), whichever is later. Both are Confluence's own page timestamps, so the app's clock - however far off -
 * plays no part. The HTTP `Date` header is not used: it comes from another clock than the pages' timestamps
 * (Atlassian's edge; in the sandbox, the host's real time while pages carry the stepped clock's).
 * A loose bound only costs once: the first scan after the crawl reads the pages edited since it, again.
 * With neither (a new Library whose spaces are empty) it is 0: the first scan then reads the spaces whole,
 * which is only the pages created since.
 */
export function crawlSince(firstPages: SourcePage[], watermarkBefore: number | undefined): number {
  let since = watermarkBefore ?? 0;
  for (const page of firstPages) if (page.modifiedAt > since) since = page.modifiedAt;
  return since;
}

/**
 * Clock skew between two invocations that the hand-back tolerates: a mark up to this much older than the listing
 * still counts (an extra re-read costs one request; a missed one leaves a page stale until the hourly reconcile).
 */
const TOUCH_MARGIN_MS = 60_000;

/**
 * Pages a page event's job read at or after this step's list request (it marked them, index-pages.ts) may have
 * changed after the listing: moved, restricted, archived, trashed, purged or edited. This step's copy, written just
 * now, can be older than the event's, and would stay until the hourly reconcile. Such pages go back to an
 * `index-pages` job, which reads their present state after this write.
 */
async function handBack(ctx: SyncContext, libraryId: string, pages: SourcePage[], listedAt: number): Promise<void> {
  if (!pages.length) return;
  const touched = await ctx.state.getTouched(libraryId, pages.map((page) => page.id));
  const stale = [...touched].filter(([, at]) => at >= listedAt - TOUCH_MARGIN_MS).map(([id]) => id);
  if (stale.length) await ctx.queue.push([{ type: 'index-pages', libraryId, pageIds: stale }]);
}

async function finish(ctx: SyncContext, crawl: CrawlState, since: number): Promise<void> {
  const now = ctx.clock.now();
  crawl.since = crawl.since ?? since;
  crawl.phase = 'done';
  crawl.cursor = undefined;
  crawl.finishedAt = now;
  crawl.updatedAt = now;
  await ctx.state.putCrawl(crawl);
  await markCrawlReady(ctx, crawl);
  await dropSpacesNoLongerIndexable(ctx, crawl);
  // The marks page events leave while crawls run (handBack) are needed no more once none runs.
  if (!(await ctx.state.listCrawls(crawl.libraryId)).some((other) => other.phase !== 'done')) {
    await ctx.state.deleteTouched(crawl.libraryId);
    // A page event took a page out during the crawl: what went with it (descendants of a restricted or moved
    // page) may have been written by the crawl under a space the event could not name. Sweep the crawl's spaces.
    if (await ctx.state.takeSweepAfterCrawl(crawl.libraryId)) {
      const states = await ctx.state.getSpaces(crawl.libraryId, crawl.spaces.map((space) => space.spaceId));
      const keys = [...states.values()].filter((state) => state.phase === 'ready').map((state) => state.spaceKey);
      await queueSweeps(ctx, crawl.libraryId, keys);
    }
  }
}

/**
 * A space archived (or made personal, or closed to the Source) while its crawl ran produces no page event, and its
 * pages were listed all the same: one request for the crawl's spaces (up to 100) as it ends finds it, and the space
 * leaves the Library's index now, as the hourly reconcile would drop it (reconcile-space.ts), with the reason.
 * If Confluence does not answer, the reconcile still will.
 */
async function dropSpacesNoLongerIndexable(ctx: SyncContext, crawl: CrawlState): Promise<void> {
  const source = await ctx.sourceFor(crawl.libraryId);
  let listed;
  try {
    listed = await source.getSpaces(crawl.spaces.map((space) => space.spaceId));
  } catch {
    // Best effort: a refused or failed check (a 429, a lapsed token) must not fail the finished crawl's step; the
    // hourly reconcile checks each space again.
    return;
  }
  const found = new Map(listed.map((space) => [space.id, space]));
  const states = await ctx.state.getSpaces(crawl.libraryId, crawl.spaces.map((space) => space.spaceId));
  const now = ctx.clock.now();
  for (const space of crawl.spaces) {
    const state = states.get(space.spaceId);
    // Made ready by this crawl just now (markCrawlReady): not a space selected again since.
    if (!state || state.phase !== 'ready' || state.crawlId !== crawl.crawlId || state.generation !== space.generation) continue;
    const current = found.get(space.spaceId);
    const reason = current ? spaceNotIndexableReason(current) : 'The space no longer exists, or the Source may not read it.';
    if (!reason) continue;
    await ctx.state.putSpace({ ...state, phase: 'removing', lastError: { at: now, message: reason }, updatedAt: now });
    // After the merge of this crawl's last pages (queued with no delay): the removal lists the merged index.
    await ctx.queue.push([{ type: 'remove-space', libraryId: crawl.libraryId, spaceId: space.spaceId, generation: state.generation }], { delaySeconds: SWEEP_DELAY_SECONDS });
  }
}

/** The crawl's spaces still being brought in by it, by id. */
async function liveSpaces(ctx: SyncContext, crawl: CrawlState): Promise<Map<string, CrawlSpace>> {
  const states = await ctx.state.getSpaces(crawl.libraryId, crawl.spaces.map((space) => space.spaceId));
  const live = new Map<string, CrawlSpace>();
  for (const space of crawl.spaces) if (crawledBy(crawl, states.get(space.spaceId))) live.set(space.spaceId, space);
  return live;
}

function tally(done: CrawlCarry['done'], slice: SourcePage[], outcome: Awaited<ReturnType<typeof upsertPages>>, now: number): void {
  const failed = new Map(outcome.failed.map((failure) => [failure.pageId, failure]));
  for (const page of slice) {
    const counts = (done[page.spaceId] ??= { seen: 0, indexed: 0, failed: 0 });
    counts.seen += 1;
    const failure = failed.get(page.id);
    if (failure) {
      counts.failed += 1;
      counts.lastError = { at: now, ...failure };
    } else if (isIndexablePage(page)) {
      counts.indexed += 1;
    }
  }
}

export const crawlSpacesJob = defineJob({ name: 'crawl-spaces', queue: QUEUES.sync, retry: SYNC_RETRY, run: crawlSpaces });

/** The per-space crawl step of earlier versions: such an event does nothing now (the scan starts its space again as a crawl of its own). */
export const crawlSpaceJob = defineJob({ name: 'crawl-space', queue: QUEUES.sync, retry: SYNC_RETRY, run: async () => NOTHING_TOUCHED });
