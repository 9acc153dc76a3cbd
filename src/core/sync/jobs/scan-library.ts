import { QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import { crawledBy, resumeCrawls } from '../crawls';
import { isIndexablePage } from '../eligibility';
import { upsertPages } from '../upsert-pages';
import type { CrawlState, ScanState, SourcePage, SpaceSyncState, SyncJob } from '../types';
import { isSyncing } from '../../library';

type ScanJob = Extract<SyncJob, { type: 'scan-library' }>;

/** v2 accepts at most 100 space ids per list request. */
const SPACES_PER_REQUEST = 100;

/**
 * The five-minute scan of one Library. Reads v2 lists sorted by `-modified-date` (UTC timestamps with
 * milliseconds, straight from the database: no CQL minute granularity, no site time zone, no search-index lag)
 * and stops at the first page older than the watermark minus an overlap. When nothing changed that is one request
 * for updates and one for removals, whatever the page count. Equal timestamps and the overlap are made harmless by
 * comparing (page id, version) with the index.
 *
 * Spaces being crawled are scanned too, from the start of their crawl (a Confluence timestamp the crawl
 * recorded, see crawlSince) until one scan has looked back that far: the watermark never comes from this app's
 * clock, so a Confluence clock hours ahead or behind cannot hide an edit made during or after a crawl.
 *
 * It also resumes crawls whose job was lost (a crash between saving a checkpoint and queueing the next step).
 */
export async function scanLibrary(ctx: SyncContext, job: ScanJob): Promise<JobReport> {
  let wrote = false;
  const library = await ctx.libraries.get(job.libraryId);
  if (!isSyncing(library)) return wroteIndex(job.libraryId, wrote);

  const now = ctx.clock.now();
  const states = await ctx.state.listSpaces(job.libraryId);
  const crawls = await ctx.state.listCrawls(job.libraryId);
  await resumeCrawls(ctx, job.libraryId, states, crawls);

  // A crawl that has not listed yet will read its spaces whole: the scan leaves them alone until it has.
  const started = new Map(crawls.filter((crawl) => crawl.since !== undefined).map((crawl) => [crawl.crawlId, crawl]));
  const followed = states.filter((state) => state.phase === 'ready' || (state.phase === 'crawling' && !!state.crawlId && started.has(state.crawlId)));
  const scan: ScanState = (await ctx.state.getScan(job.libraryId)) ?? { libraryId: job.libraryId };
  // Look back to the start of every crawl not yet covered once: edits to pages it had already read are after it.
  const covered = new Set(scan.coveredCrawls ?? []);
  let base = scan.watermark;
  for (const crawl of started.values()) if (!covered.has(crawl.crawlId)) base = Math.min(base ?? Infinity, crawl.since!);
  // Neither (state lost): look at everything once; comparing (id, version) keeps it cheap on the index.
  base ??= 0;
  if (!followed.length) {
    await ctx.state.putScan({ ...scan, lastScanAt: now, lastScanChanged: 0, lastScanRemoved: 0 });
    await dropFinishedCrawls(ctx, crawls, states, covered);
    return wroteIndex(job.libraryId, wrote);
  }

  const source = await ctx.sourceFor(job.libraryId);
  const index = ctx.indexFor(job.libraryId);
  const keyOf = new Map(followed.map((state) => [state.spaceId, state.spaceKey]));
  const since = base - ctx.settings.scanOverlapMs;
  let changed = 0;
  let removed = 0;
  let watermark = scan.watermark ?? base;
  for (const spaceIds of chunk(followed.map((state) => state.spaceId), SPACES_PER_REQUEST)) {
    for await (const pages of newerThan(source, spaceIds, ['current'], true, since)) {
      const outcome = await upsertPages(index, pages.filter(isIndexablePage), (page) => keyOf.get(page.spaceId) ?? '', { people: ctx.people });
      changed += outcome.indexed;
      if (outcome.indexed) wrote = true;
      for (const page of pages) watermark = Math.max(watermark, page.modifiedAt);
      for (const failure of outcome.failed) await recordPageError(ctx, job.libraryId, pages, failure, now);
    }
    for await (const pages of newerThan(source, spaceIds, ['trashed', 'archived'], false, since)) {
      const known = await index.versions(pages.map((page) => page.id));
      const gone = pages.filter((page) => known.has(page.id)).map((page) => page.id);
      if (gone.length) {
        await index.remove(gone);
        wrote = true;
      }
      removed += gone.length;
    }
  }

  const nowCovered = new Set(started.keys());
  await ctx.state.putScan({ ...scan, watermark, coveredCrawls: [...nowCovered], lastScanAt: now, lastScanChanged: changed, lastScanRemoved: removed, lastError: undefined });
  await dropFinishedCrawls(ctx, crawls, states, nowCovered);
  for (const state of followed) {
    const fresh = await ctx.state.getSpace(job.libraryId, state.spaceId);
    if (fresh && fresh.generation === state.generation) await ctx.state.putSpace({ ...fresh, lastScanAt: now });
  }
  return wroteIndex(job.libraryId, wrote);
}

/** Pages of the given statuses modified at or after `since`, newest first, a list page at a time. */
async function* newerThan(
  source: Awaited<ReturnType<SyncContext['sourceFor']>>,
  spaceIds: string[],
  statuses: Array<'current' | 'archived' | 'trashed'>,
  withBodies: boolean,
  since: number,
): AsyncGenerator<SourcePage[]> {
  let cursor: string | undefined;
  do {
    const page = await source.listPages({ spaceIds, statuses, withBodies, sort: '-modified-date', cursor });
    const fresh = page.pages.filter((p) => p.modifiedAt >= since);
    if (fresh.length) yield fresh;
    // Sorted newest first: once a page is older than `since`, every later one is too.
    if (fresh.length < page.pages.length) return;
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Deletes the records of finished crawls that are no longer needed: every space they brought in is ready (or
 * gone), and a scan has looked back to their start (or they never listed anything).
 */
async function dropFinishedCrawls(ctx: SyncContext, crawls: CrawlState[], states: SpaceSyncState[], covered: Set<string>): Promise<void> {
  for (const crawl of crawls) {
    if (crawl.phase !== 'done' || states.some((state) => crawledBy(crawl, state))) continue;
    if (crawl.since !== undefined && !covered.has(crawl.crawlId)) continue;
    await ctx.state.deleteCrawl(crawl.libraryId, crawl.crawlId);
  }
}

async function recordPageError(ctx: SyncContext, libraryId: string, pages: SourcePage[], failure: { pageId: string; message: string }, now: number): Promise<void> {
  const spaceId = pages.find((page) => page.id === failure.pageId)?.spaceId;
  if (!spaceId) return;
  const state = await ctx.state.getSpace(libraryId, spaceId);
  if (!state) return;
  await ctx.state.putSpace({ ...state, pagesFailed: state.pagesFailed + 1, lastError: { at: now, ...failure } });
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const scanLibraryJob = defineJob({ name: 'scan-library', queue: QUEUES.sync, retry: SYNC_RETRY, run: scanLibrary });
