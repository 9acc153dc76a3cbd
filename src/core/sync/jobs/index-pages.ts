import { QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import { isIndexablePage } from '../eligibility';
import { upsertPages } from '../upsert-pages';
import type { SyncJob } from '../types';
import { isConfluenceId } from '../../ids';
import { isSyncing } from '../../library';
import { queueSweeps } from '../sweeps';

type IndexPagesJob = Extract<SyncJob, { type: 'index-pages' }>;

/** v2 `GET /pages?id=` takes at most 250 ids. */
const IDS_PER_REQUEST = 250;

/**
 * Brings the named pages up to date in one Library, after a page event: one request per 250 pages. A page that
 * is current and in a followed space is indexed (if newer than the indexed version); one that is trashed,
 * archived, purged, unreadable, or now in a space the Library does not follow leaves the index.
 * Events arrive duplicated and out of order: reading the page's present state makes that harmless.
 * While a crawl of the Library runs, the pages are first marked as read now (`putTouched`): a crawl step that
 * listed them earlier, and would write its older copy after this job's, sees the mark and hands them back.
 * A page the index held that leaves it, or moves to another space, has its old space swept (sweep-space.ts): its
 * descendants went with it; sweeps are coalesced (sweeps.ts), so a storm of events on one space reads it again once
 * a minute, not once per event. A sweep's own jobs (`sweep`) sweep nothing further.
 */
export async function indexPagesJob(ctx: SyncContext, job: IndexPagesJob): Promise<JobReport> {
  let wrote = false;
  const library = await ctx.libraries.get(job.libraryId);
  if (!isSyncing(library)) return wroteIndex(job.libraryId, wrote);

  const states = await ctx.state.listSpaces(job.libraryId);
  const followed = new Map(
    states.filter((state) => state.phase === 'crawling' || state.phase === 'ready').map((state) => [state.spaceId, state.spaceKey]),
  );
  const index = ctx.indexFor(job.libraryId);
  const source = await ctx.sourceFor(job.libraryId);
  const ids = [...new Set(job.pageIds)].filter(isConfluenceId);
  /** Spaces (by key) a page of this job left: each swept (sweep-space.ts), asked once per job. */
  const left = new Set<string>();
  const followedKeys = new Set(followed.values());
  // Before the read: a crawl step that listed the pages before this mark re-reads them after its own write.
  const crawling = states.some((state) => state.phase === 'crawling');
  if (crawling) await ctx.state.putTouched(job.libraryId, ids, ctx.clock.now());
  let removedWhileCrawling = false;

  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const batch = ids.slice(i, i + IDS_PER_REQUEST);
    const pages = await source.getPages(batch, ['current', 'archived', 'trashed']);
    const keep = pages.filter((page) => isIndexablePage(page) && followed.has(page.spaceId));
    const keepIds = new Set(keep.map((page) => page.id));
    // Where the index holds them now, read before the writes below: a page that leaves its space takes its
    // descendants along, and the event names only the page.
    const held = job.sweep ? undefined : await index.spaceKeys(batch);
    const gone = batch.filter((id) => !keepIds.has(id));
    // While a crawl runs, its pages may sit in the index inbox, not yet merged, where no listing shows them: a gone
    // page is then removed whether or not the merged index holds it (a removal of a page never indexed is a no-op).
    const known = crawling ? gone : held ? gone.filter((id) => held.has(id)) : [...(await index.versions(gone)).keys()];
    if (crawling && gone.length && !job.sweep) removedWhileCrawling = true;
    if (held) {
      const leaving = new Set<string>();
      for (const id of known) if (held.has(id)) leaving.add(held.get(id)!);
      for (const page of keep) {
        const before = held.get(page.id);
        if (before !== undefined && before !== followed.get(page.spaceId)) leaving.add(before);
      }
      // Queued before the writes: if queueing fails, the job fails with the pages still held where they were, and
      // its retry finds them leaving again; after the writes it could no longer tell (asking twice costs nothing).
      const ask = [...leaving].filter((key) => !left.has(key) && followedKeys.has(key));
      await queueSweeps(ctx, job.libraryId, ask);
      for (const key of leaving) left.add(key);
    }
    const outcome = await upsertPages(index, keep, (page) => followed.get(page.spaceId) ?? '', { people: ctx.people });
    if (outcome.indexed) wrote = true;
    if (known.length) {
      await index.remove(known);
      wrote = true;
    }
    for (const failure of outcome.failed) {
      const page = keep.find((p) => p.id === failure.pageId);
      const state = page && (await ctx.state.getSpace(job.libraryId, page.spaceId));
      if (state) await ctx.state.putSpace({ ...state, pagesFailed: state.pagesFailed + 1, lastError: { at: ctx.clock.now(), ...failure } });
    }
  }
  if (removedWhileCrawling) await ctx.state.markSweepAfterCrawl(job.libraryId);
  return wroteIndex(job.libraryId, wrote);
}

export const indexPagesDefinition = defineJob({ name: 'index-pages', queue: QUEUES.sync, retry: SYNC_RETRY, run: indexPagesJob });
