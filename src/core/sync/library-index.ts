import type { SearchIndex } from '../index';
import type { PageRecord } from '../index/records';
import type { KeyValueStore } from '../ports';
import type { SyncIndex } from './ports';

/** Page records removed or listed per call: a list page of the store. */
const PAGE_BATCH = 100;

/**
 * The sync's view of a Library's search index. Writes go to the index's inbox (safe from any number of consumers
 * at once); `afterWrite` is told so that a merge gets scheduled, which makes them searchable. Versions and
 * listings read the page records, i.e. what the merged index holds.
 */
export function librarySyncIndex(index: SearchIndex, store: KeyValueStore, afterWrite: () => void): SyncIndex {
  const keys = index.config.keys;
  const pagePrefix = keys.page('');
  return {
    async versions(pageIds) {
      const records = await store.getMany<PageRecord>(pageIds.map((id) => keys.page(id)));
      const out = new Map<string, number>();
      for (const record of records.values()) out.set(record.pageId, record.version);
      return out;
    },
    async upsert(page, options = {}) {
      const url = pageUrl(page.webui, page.spaceKey, page.id);
      await index.indexPage({ pageId: page.id, version: page.version, spaceKey: page.spaceKey, title: page.title, url, body: page.body }, { resolveUser: options.resolveUser });
      afterWrite();
    },
    async remove(pageIds) {
      for (const id of pageIds) await index.removePage(id);
      if (pageIds.length) afterWrite();
    },
    async listPageIds(spaceKey, cursor) {
      // Page records are few per page and listing them is a background job's cost (reconcile, removal).
      const ids: string[] = [];
      let next = cursor;
      do {
        const page = await store.list<PageRecord>(pagePrefix, { limit: PAGE_BATCH, cursor: next });
        for (const entry of page.entries) if (entry.value.spaceKey === spaceKey) ids.push(entry.value.pageId);
        next = page.cursor;
      } while (next && ids.length < PAGE_BATCH);
      return { ids, cursor: next };
    },
    async clearStep() {
      const prefix = keys.prefix + ':';
      const page = await store.list(prefix, { limit: PAGE_BATCH });
      if (page.entries.length) await store.deleteMany(page.entries.map((entry) => entry.key));
      return page.entries.length < PAGE_BATCH && !page.cursor;
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
