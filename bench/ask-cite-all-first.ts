/**
 * The order Ask read the index in before it filtered first, kept only as the bench's reference point (bench/figures/ask.ts)
 * and the answers test's: rank 160 chunks, read the page record of every one of them and then every chunk record
 * (each `getMany` in sequential batches of 25, as the stores send them), keep the first 40 in the asked spaces.
 * All text is read before the permission filter sees a page id; `read` then costs nothing. As then, the ranking
 * starts only once the Library's record is read (it waits for the space keys).
 */
import type { Retriever } from '../src/core/answer';
import type { Candidate, Hit } from '../src/core/answer';
import type { SearchIndex } from '../src/core/index';
import type { ChunkRecord, PageRecord } from '../src/core/index/records';
import type { KeyValueStore } from '../src/core/ports';

export function citeAllFirstRetriever(index: SearchIndex, store: KeyValueStore): Retriever {
  const text = new Map<string, Hit>();
  const placeOf = (c: { pageId: string; version: number; chunkIndex: number }) => `${c.pageId}.${c.version}.${c.chunkIndex}`;
  return {
    async rank(question, options) {
      const spaceKeys = await options.spaceKeys;
      const narrowed = spaceKeys !== undefined;
      const { hits } = await index.search(question, { limit: narrowed ? Math.max(options.limit * 4, 100) : options.limit });
      const keys = index.config.keys;
      const pages = await store.getMany<PageRecord>([...new Set(hits.map((h) => keys.page(h.pageId)))]);
      const chunkKeyOf = (pageId: string, chunkIndex: number): string | undefined => {
        const page = pages.get(keys.page(pageId));
        return page ? keys.chunk(pageId, page.version, chunkIndex, page.g ?? 0) : undefined;
      };
      const chunks = await store.getMany<ChunkRecord>(hits.map((h) => chunkKeyOf(h.pageId, h.chunkIndex)).filter((k): k is string => k !== undefined));
      const allowed = narrowed ? new Set(spaceKeys) : undefined;
      const out: Candidate[] = [];
      for (const hit of hits) {
        const key = chunkKeyOf(hit.pageId, hit.chunkIndex);
        const r = key ? chunks.get(key) : undefined;
        if (!r || (allowed && !allowed.has(r.spaceKey))) continue;
        const candidate = { pageId: r.pageId, version: r.version, chunkIndex: r.index, spaceKey: r.spaceKey, score: hit.score };
        text.set(placeOf(candidate), { score: hit.score, chunk: { pageId: r.pageId, version: r.version, spaceKey: r.spaceKey, title: r.title, headingPath: r.headingPath, url: r.url, index: r.index, text: r.text } });
        out.push(candidate);
        if (out.length >= options.limit) break;
      }
      return out;
    },
    async read(candidates) {
      return candidates.flatMap((c) => text.get(placeOf(c)) ?? []);
    },
  };
}
