import { QUEUES, defineJob, wroteIndex, type JobReport } from '../../jobs/types';
import { SYNC_RETRY } from '../../jobs/retry';
import type { SyncContext } from '../context';
import { isIndexablePage } from '../eligibility';
import { upsertPages } from '../upsert-pages';
import type { SyncJob } from '../types';
import { isConfluenceId } from '../../ids';
import { isSyncing } from '../../library';

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
  // Before the read: a crawl step that listed the pages before this mark re-reads them after its own write.
  if (states.some((state) => state.phase === 'crawling')) await ctx.state.putTouched(job.libraryId, ids, ctx.clock.now());

  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const batch = ids.slice(i, i + IDS_PER_REQUEST);
    const pages = await source.getPages(batch, ['current', 'archived', 'trashed']);
    const keep = pages.filter((page) => isIndexablePage(page) && followed.has(page.spaceId));
    const keepIds = new Set(keep.map((page) => page.id));
    const outcome = await upsertPages(index, keep, (page) => followed.get(page.spaceId) ?? '', { people: ctx.people });
    if (outcome.indexed) wrote = true;
    const known = await index.versions(batch.filter((id) => !keepIds.has(id)));
    if (known.size) {
      await index.remove([...known.keys()]);
      wrote = true;
    }
    for (const failure of outcome.failed) {
      const page = keep.find((p) => p.id === failure.pageId);
      const state = page && (await ctx.state.getSpace(job.libraryId, page.spaceId));
      if (state) await ctx.state.putSpace({ ...state, pagesFailed: state.pagesFailed + 1, lastError: { at: ctx.clock.now(), ...failure } });
    }
  }
  return wroteIndex(job.libraryId, wrote);
}

export const indexPagesDefinition = defineJob({ name: 'index-pages', queue: QUEUES.sync, retry: SYNC_RETRY, run: indexPagesJob });
