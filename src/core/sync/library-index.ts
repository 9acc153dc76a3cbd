import type { SearchIndex } from '../index';
import type { SyncIndex } from './ports';
import { pageDocument } from './page-document';

/** Page ids gathered per listing call: a list page of the index. */
const PAGE_BATCH = 100;

/**
 * The sync's view of a Library's search index, through the index's public surface only. Writes go to the index's
 * inbox (safe from any number of consumers at once); the jobs report them, and the job runner queues the merge
 * that makes them searchable. Versions and listings read what the merged index holds.
 */
export function librarySyncIndex(index: SearchIndex): SyncIndex {
  return {
    versions: (pageIds) => index.versions(pageIds),
    async spaceKeys(pageIds) {
      const entries = await index.readPages(pageIds);
      return new Map([...entries].map(([id, entry]) => [id, entry.spaceKey]));
    },
    async upsert(page, options = {}) {
      const url = pageUrl(page.webui, page.spaceKey, page.id);
      const document = pageDocument({ pageId: page.id, version: page.version, spaceKey: page.spaceKey, title: page.title, url, body: page.body }, {
        resolveUser: options.resolveUser,
        ...(options.parsed ? { parsed: options.parsed } : {}),
      });
      await index.indexPage(document);
    },
    async remove(pageIds) {
      for (const id of pageIds) await index.removePage(id);
    },
    async listPageIds(spaceKey, cursor) {
      // The space's own listing when the index has one (`s:` cursors): its cost is the space's size. An index from
      // before space listings is listed by its page records (`p:` cursors), which reads the whole Library's.
      if (cursor === undefined || cursor.startsWith('s:')) {
        const listed = await index.listSpacePages(spaceKey, cursor?.slice(2));
        if (listed) return { ids: listed.pageIds, ...(listed.cursor ? { cursor: `s:${listed.cursor}` } : {}) };
      }
      const ids: string[] = [];
      let next = cursor?.startsWith('p:') ? cursor.slice(2) : undefined;
      do {
        const page = await index.listPages(next);
        for (const entry of page.pages) if (entry.spaceKey === spaceKey) ids.push(entry.pageId);
        next = page.cursor;
      } while (next && ids.length < PAGE_BATCH);
      return { ids, ...(next ? { cursor: `p:${next}` } : {}) };
    },
    clearStep: () => index.clearStep(),
    async merge() {
      const reports = await index.mergeAll();
      const last = reports[reports.length - 1];
      return { busy: !!last?.busy, more: !!last?.more };
    },
  };
}

/**
 * The page's link relative to the site (`/wiki/spaces/KEY/pages/ID/Title`): the UI and tools make it absolute
 * with the site URL they know.
 */
export function pageUrl(webui: string | undefined, spaceKey: string, pageId: string): string {
  if (webui && webui.startsWith('/')) return webui.startsWith('/wiki/') ? webui : `/wiki${webui}`;
  return `/wiki/spaces/${encodeURIComponent(spaceKey)}/pages/${encodeURIComponent(pageId)}`;
}
