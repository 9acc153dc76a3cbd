import type { IndexedPageEntry, SearchIndex } from '../index';
import type { Retriever } from './ports';
import type { Candidate } from './types';

/**
 * Ranked chunks more than asked for when narrowing to some spaces, so the narrowed list still has `limit` of them.
 * The ranking of this deeper list is what Ask has always cut its candidates from: the scores stay the same.
 */
const NARROWED_DEPTH = (limit: number) => Math.max(limit * 4, 100);

export interface IndexRetrieverOptions {
  /**
   * Most blocks the ranking reads per term after its head (default: the index's budget). A tighter budget reads
   * fewer blocks but ranks from partial postings, so answers change: bench/figures/ask.ts measures by how much.
   */
  maxBlocksPerTerm?: number;
}

/**
 * Retrieval over a Library's search index, in the order that reads least: rank chunks (term heads and blocks),
 * read the page records of the best of them (a few hundred bytes each: version and space), keep those in the
 * asked spaces, and leave the chunk text (kilobytes each) for `read`, which the caller gives only the chunks the
 * asker may see. Page records are read in rank order, first for the top `limit` chunks (enough when no chunk is
 * out of the asked spaces, the usual case), then, only if some were, for the rest of the ranked list at once:
 * at most two rounds. The ranking does not wait for the space keys when they come as a promise (Ask passes the
 * Library's spaces while it is still reading the Library's record); no space at all reads no page record.
 *
 * @example
 * const retriever = indexRetriever(index);
 * const candidates = await retriever.rank('How do we deploy?', { spaceKeys: ['ENG'], limit: 40 });
 * const hits = await retriever.read(candidates);
 */
export function indexRetriever(index: SearchIndex, tuning: IndexRetrieverOptions = {}): Retriever {
  const budget = tuning.maxBlocksPerTerm !== undefined ? { maxBlocksPerTerm: tuning.maxBlocksPerTerm } : {};
  return {
    async rank(question, options) {
      const narrowed = options.spaceKeys !== undefined;
      const [{ hits }, spaceKeys] = await Promise.all([
        index.search(question, { limit: narrowed ? NARROWED_DEPTH(options.limit) : options.limit, ...budget }),
        options.spaceKeys,
      ]);
      const allowed = spaceKeys ? new Set(spaceKeys) : undefined;
      if (allowed && allowed.size === 0) return [];
      const out: Candidate[] = [];
      const pages = new Map<string, IndexedPageEntry | undefined>();
      let next = 0;
      for (let round = 0; round < 2 && next < hits.length && out.length < options.limit; round += 1) {
        const slice = round === 0 ? hits.slice(0, options.limit) : hits.slice(next);
        next += slice.length;
        const unread = [...new Set(slice.map((h) => h.pageId))].filter((id) => !pages.has(id));
        const found = await index.readPages(unread);
        for (const id of unread) pages.set(id, found.get(id));
        for (const hit of slice) {
          const page = pages.get(hit.pageId);
          // Gone from the index, out of the asked spaces, or a posting of a version the merger is replacing.
          if (!page || (allowed && !allowed.has(page.spaceKey)) || hit.chunkIndex >= page.chunkCount) continue;
          out.push({ pageId: hit.pageId, version: page.version, chunkIndex: hit.chunkIndex, ...(page.generation ? { generation: page.generation } : {}), spaceKey: page.spaceKey, score: hit.score });
          if (out.length >= options.limit) break;
        }
      }
      return out;
    },
    async read(candidates) {
      const chunks = await index.readChunks(candidates);
      return candidates.flatMap((candidate, i) => {
        const c = chunks[i];
        if (!c) return [];
        return [{ score: candidate.score, chunk: { pageId: c.pageId, version: c.version, spaceKey: c.spaceKey, title: c.title, headingPath: c.headingPath, url: c.url, index: c.chunkIndex, text: c.text } }];
      });
    },
  };
}
