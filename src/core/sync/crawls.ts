import type { SyncContext } from './context';
import type { CrawlState, SpaceSyncState } from './types';

/** v2 `GET /pages` takes at most 100 space ids: one crawl covers at most that many spaces. */
export const SPACES_PER_CRAWL = 100;

/**
 * Starts the first sync of `spaces` (any number): one crawl per 100 spaces, each a single checkpointed list of
 * all their pages. Every space gets a new generation, so jobs of an earlier crawl of it stop.
 * Space states are written before the crawl record: a space whose crawl record never got written is seen by
 * the scan as a crawl without a record and started again.
 */
export async function startCrawls(ctx: SyncContext, libraryId: string, spaces: Array<{ id: string; key: string }>): Promise<void> {
  for (let i = 0; i < spaces.length; i += SPACES_PER_CRAWL) {
    const batch = spaces.slice(i, i + SPACES_PER_CRAWL);
    const now = ctx.clock.now();
    const crawlId = `${now.toString(36)}-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const crawl: CrawlState = { libraryId, crawlId, phase: 'crawling', spaces: [], step: 0, startedAt: now, updatedAt: now };
    const previousStates = await ctx.state.getSpaces(libraryId, batch.map((space) => space.id));
    const states: SpaceSyncState[] = [];
    for (const space of batch) {
      const previous = previousStates.get(space.id);
      const state: SpaceSyncState = {
        libraryId,
        spaceId: space.id,
        spaceKey: space.key,
        phase: 'crawling',
        generation: (previous?.generation ?? 0) + 1,
        crawlId,
        step: 0,
        pagesSeen: 0,
        pagesIndexed: 0,
        pagesFailed: 0,
        crawlStartedAt: now,
        updatedAt: now,
      };
      states.push(state);
      crawl.spaces.push({ spaceId: space.id, spaceKey: space.key, generation: state.generation, pagesSeen: 0, pagesIndexed: 0, pagesFailed: 0 });
    }
    await ctx.state.putSpaces(states);
    await ctx.state.putCrawl(crawl);
    await ctx.queue.push([{ type: 'crawl-spaces', libraryId, crawlId, step: 0 }]);
  }
}

/** Whether `state` is still being brought in by `crawl` (not deselected, reselected or removed since). */
export function crawledBy(crawl: CrawlState, state: SpaceSyncState | undefined): boolean {
  const entry = crawl.spaces.find((space) => space.spaceId === state?.spaceId);
  return !!state && !!entry && state.phase === 'crawling' && state.crawlId === crawl.crawlId && state.generation === entry.generation;
}

/**
 * Marks the spaces a finished crawl brought in as ready, with its counts. Idempotent: a space already ready, or
 * deselected meanwhile, is left alone, so a retry after a partial run finishes the rest.
 */
export async function markCrawlReady(ctx: SyncContext, crawl: CrawlState): Promise<void> {
  const now = ctx.clock.now();
  const states = await ctx.state.getSpaces(crawl.libraryId, crawl.spaces.map((space) => space.spaceId));
  const ready: SpaceSyncState[] = [];
  for (const space of crawl.spaces) {
    const state = states.get(space.spaceId);
    if (!state || !crawledBy(crawl, state)) continue;
    ready.push({
      ...state,
      phase: 'ready',
      pagesSeen: space.pagesSeen,
      pagesIndexed: space.pagesIndexed,
      // Failures recorded by page events during the crawl are kept beside the crawl's own.
      pagesFailed: state.pagesFailed + space.pagesFailed,
      ...(space.lastError ? { lastError: space.lastError } : {}),
      crawlFinishedAt: crawl.finishedAt ?? now,
      updatedAt: now,
    });
  }
  await ctx.state.putSpaces(ready);
}

/**
 * Pushes the next step of crawls that stopped moving (a crash between saving a checkpoint and queueing the
 * next step, a lost event) - or of every unfinished crawl when `all` (after a reauthorization) - and starts
 * a crawl again for spaces left crawling without a crawl record (its record never got written, or a per-space
 * crawl of an earlier version). `states` must be listed before `crawls`, so a crawl that is just being started
 * is not taken for a missing one.
 */
export async function resumeCrawls(ctx: SyncContext, libraryId: string, states: SpaceSyncState[], crawls: CrawlState[], all = false): Promise<void> {
  const now = ctx.clock.now();
  const stalled = (updatedAt: number) => now - updatedAt >= ctx.settings.stalledCrawlMs;
  for (const crawl of crawls) {
    const unfinished = crawl.phase === 'crawling' || states.some((state) => crawledBy(crawl, state));
    if (!unfinished || !(all || stalled(crawl.updatedAt))) continue;
    await ctx.state.putCrawl({ ...crawl, updatedAt: now });
    await ctx.queue.push([{ type: 'crawl-spaces', libraryId, crawlId: crawl.crawlId, step: crawl.step }]);
  }
  const known = new Set(crawls.map((crawl) => crawl.crawlId));
  const orphans = states.filter((state) => state.phase === 'crawling' && !(state.crawlId && known.has(state.crawlId)) && stalled(state.updatedAt));
  if (orphans.length) await startCrawls(ctx, libraryId, orphans.map((state) => ({ id: state.spaceId, key: state.spaceKey })));
}
