import { NotFoundError, type ConfluenceClient, type Page } from '../confluence';
import type { Library } from '../library';
import type { PageFacts, PageSource } from './deps';

function facts(page: Page): PageFacts {
  return {
    id: page.id,
    title: page.title,
    spaceId: String(page.spaceId),
    version: page.version?.number ?? 1,
    ...(page.version?.createdAt ? { lastModified: page.version.createdAt } : {}),
    ...(page._links?.webui ? { webui: page._links.webui } : {}),
  };
}

/**
 * Pages through the identity that indexed the Library (`clientFor`): a bulk v2 `GET /pages?id=...&status=current`
 * for facts, one `GET /pages/{id}?body-format=storage` for a body.
 *
 * ```ts
 * const pages = confluencePages((library) => clientForLibrary(library));
 * ```
 */
export function confluencePages(clientFor: (library: Library) => ConfluenceClient): PageSource {
  return {
    async current(library, pageIds) {
      const pages = await clientFor(library).getPagesByIds(pageIds, { status: ['current'] });
      return new Map(pages.filter((page) => page.status === 'current').map((page) => [page.id, facts(page)]));
    },
    async withBody(library, pageId) {
      try {
        const page = await clientFor(library).getPage(pageId, { bodyFormat: 'storage' });
        if (page.status !== 'current') return undefined;
        return { ...facts(page), storage: page.body?.storage?.value ?? '' };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  };
}
