import type { SearchIndex } from '../index';
import type { Retriever } from './ports';
import type { Hit } from './types';

/**
 * Retrieval over a Library's search index: ranked chunks with their citation fields and text. Narrowing to some
 * spaces filters the ranked list, reading further down it so the narrowed answer still has candidates.
 */
export function indexRetriever(index: SearchIndex): Retriever {
  return {
    async search(question, options) {
      const narrowed = options.spaceKeys !== undefined;
      const { hits } = await index.search(question, { limit: narrowed ? Math.max(options.limit * 4, 100) : options.limit });
      const cited = await index.cite(hits);
      const allowed = narrowed ? new Set(options.spaceKeys) : undefined;
      const out: Hit[] = [];
      for (const hit of cited) {
        if (allowed && !allowed.has(hit.spaceKey)) continue;
        out.push({
          score: hit.score,
          chunk: { pageId: hit.pageId, version: hit.version, spaceKey: hit.spaceKey, title: hit.title, headingPath: hit.headingPath, url: hit.url, index: hit.chunkIndex, text: hit.text },
        });
        if (out.length >= options.limit) break;
      }
      return out;
    },
  };
}
