import type { ConfluenceClient, Page } from '../confluence';
import type { SyncSource } from './ports';
import type { SourcePage } from './types';

/**
 * The sync's view of Confluence, over the REST client of the Library's Source identity. Every list is a v2 list
 * (bodies included when asked), so a first sync costs one request per 250 pages.
 */
export function confluenceSource(client: ConfluenceClient): SyncSource {
  return {
    async listPages(query) {
      const page = await client.listPagesInSpaces(query.spaceIds, {
        status: query.statuses,
        bodyFormat: query.withBodies ? 'storage' : 'none',
        sort: query.sort ?? '-modified-date',
        cursor: query.cursor,
      });
      return { pages: page.results.map(toSourcePage), cursor: page.nextCursor };
    },
    async getPages(ids, statuses) {
      if (!ids.length) return [];
      return (await client.getPagesByIds(ids, { status: statuses, bodyFormat: 'storage' })).map(toSourcePage);
    },
    async getSpaces(ids) {
      if (!ids.length) return [];
      const spaces = [];
      for await (const page of client.iterateSpaces({ ids })) spaces.push(...page.results);
      return spaces.map((space) => ({ id: space.id, key: space.key, name: space.name, type: space.type, status: space.status }));
    },
    async listAllSpaces(cursor) {
      const page = await client.listSpaces({ cursor });
      return {
        spaces: page.results.map((space) => ({ id: space.id, key: space.key, name: space.name, type: space.type, status: space.status })),
        cursor: page.nextCursor,
      };
    },
  };
}

/** v2 page -> the sync's page; the version's `createdAt` is the page's last modification (UTC, milliseconds). */
export function toSourcePage(page: Page): SourcePage {
  const modified = Date.parse(page.version?.createdAt ?? page.createdAt ?? '');
  return {
    id: page.id,
    spaceId: String(page.spaceId),
    title: page.title,
    status: page.status,
    version: page.version?.number ?? 1,
    modifiedAt: Number.isFinite(modified) ? modified : 0,
    ...(page.parentId ? { parentId: String(page.parentId) } : {}),
    ...(page.body?.storage ? { body: page.body.storage.value } : {}),
    ...(page._links?.webui ? { webui: page._links.webui } : {}),
  };
}
