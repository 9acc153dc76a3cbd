import type { KeyValueStore } from '../ports';
import { checkedIndexStore } from './checked-store';
import { resolveConfig, type IndexConfig, type ResolvedConfig } from './config';
import { mergeInbox, type MergeReport } from './merger';
import type { IndexDocument } from './document';
import type { ChunkRecord, IndexStats, PageRecord } from './records';
import { getParallel, searchChunks, type ChunkHit, type SearchOptions, type SearchStats } from './searcher';
import { queueRemoval, writePage, type IndexOutcome } from './writer';

/** A page the merged index holds, as its page listing gives it. */
export interface IndexedPage {
  pageId: string;
  version: number;
  spaceKey: string;
}

/** A page's entry in the merged index, as read before any of its text: enough to filter by space and version. */
export interface IndexedPageEntry extends IndexedPage {
  chunkCount: number;
  /** The generation its chunks are stored under (keys.ts `chunk`), when not 0: pass it on in a ChunkRef. */
  generation?: number;
}

/** Where a chunk is: which version of which page (and generation, from its IndexedPageEntry), and its position in it. */
export interface ChunkRef {
  pageId: string;
  version: number;
  chunkIndex: number;
  generation?: number;
}

/** A stored chunk's citation fields and text. */
export interface IndexedChunk extends ChunkRef {
  spaceKey: string;
  title: string;
  headingPath: string[];
  url: string;
  text: string;
}

/** Records listed or keys deleted per call: one list page of the store. */
const LIST_BATCH = 100;

export interface PageHit {
  pageId: string;
  score: number;
  /** The page's best chunk. */
  chunk: ChunkHit;
}

/** A hit with what a citation needs, read from the chunk's record. */
export interface CitedHit extends ChunkHit {
  title: string;
  spaceKey: string;
  headingPath: string[];
  url: string;
  version: number;
  text: string;
}

/**
 * The Library's search index over a KeyValueStore (layout in the README, "The search index"). Writers call `indexPage`/`removePage`
 * concurrently; `merge` folds their changes into the postings (one merger at a time); `search` ranks chunks.
 */
export class SearchIndex {
  readonly config: ResolvedConfig;
  /** Reads checked against the shapes the index writes (checked-store.ts): a garbled value fails as `corrupt`. */
  private readonly store: KeyValueStore;

  constructor(
    private readonly raw: KeyValueStore,
    config: Partial<IndexConfig> = {},
  ) {
    this.config = resolveConfig(config);
    this.store = checkedIndexStore(raw, this.config.keys);
  }

  /** Queues a page version; the same version twice, or an older one after a newer, changes nothing. */
  indexPage(document: IndexDocument): Promise<IndexOutcome> {
    return writePage(this.store, this.config, document);
  }

  removePage(pageId: string): Promise<void> {
    return queueRemoval(this.store, this.config, pageId);
  }

  /** One merge run; `mergeAll` repeats until the inbox is empty or another merger holds the lease. */
  merge(): Promise<MergeReport> {
    return mergeInbox(this.store, this.config);
  }

  async mergeAll(): Promise<MergeReport[]> {
    const reports: MergeReport[] = [];
    for (;;) {
      const report = await this.merge();
      reports.push(report);
      const progressed = report.pagesIndexed + report.pagesRemoved > 0;
      if (report.busy || !report.more || !progressed) return reports;
    }
  }

  search(query: string, options: SearchOptions = {}): Promise<{ hits: ChunkHit[]; stats: SearchStats }> {
    return searchChunks(this.store, this.config, query, options);
  }

  /** Best pages for a query: each page scored by its best chunk (the search stops once the top pages are settled). */
  async searchPages(query: string, options: SearchOptions = {}): Promise<{ hits: PageHit[]; stats: SearchStats }> {
    const { hits, stats } = await this.search(query, { ...options, pages: true });
    return { hits: hits.map((hit) => ({ pageId: hit.pageId, score: hit.score, chunk: hit })), stats };
  }

  /** Reads the records behind hits (two rounds: page records, then chunks); hits of removed pages are dropped. */
  async cite(hits: ChunkHit[]): Promise<CitedHit[]> {
    const pages = await this.readPages(hits.map((h) => h.pageId));
    const placed = hits.flatMap((h) => {
      const page = pages.get(h.pageId);
      return page ? [{ hit: h, ref: { pageId: h.pageId, version: page.version, chunkIndex: h.chunkIndex, ...(page.generation ? { generation: page.generation } : {}) } }] : [];
    });
    const chunks = await this.readChunks(placed.map((p) => p.ref));
    return placed.flatMap(({ hit }, i) => {
      const chunk = chunks[i];
      if (!chunk) return [];
      return [{ ...hit, title: chunk.title, spaceKey: chunk.spaceKey, headingPath: chunk.headingPath, url: chunk.url, version: chunk.version, text: chunk.text }];
    });
  }

  /**
   * The merged index's entries for these pages, in one round trip (batches of 25 sent at once); pages it lacks are
   * absent. Page records are small (a few hundred bytes): reading them before any chunk text lets a caller filter
   * by space or permission first.
   *
   * @example
   * const pages = await index.readPages(hits.map((h) => h.pageId));
   */
  async readPages(pageIds: string[]): Promise<Map<string, IndexedPageEntry>> {
    const keys = this.config.keys;
    const records = await getParallel<PageRecord>(this.store, [...new Set(pageIds)].map((id) => keys.page(id)));
    const out = new Map<string, IndexedPageEntry>();
    for (const r of records.values()) out.set(r.pageId, { pageId: r.pageId, version: r.version, spaceKey: r.spaceKey, chunkCount: r.chunkCount, ...(r.g ? { generation: r.g } : {}) });
    return out;
  }

  /**
   * The chunks at these places, in one round trip, in the order asked; undefined where the index no longer holds
   * one (that version was replaced or removed meanwhile).
   *
   * @example
   * const [chunk] = await index.readChunks([{ pageId: '42', version: 3, chunkIndex: 0 }]);
   */
  async readChunks(refs: ChunkRef[]): Promise<Array<IndexedChunk | undefined>> {
    const keys = this.config.keys;
    const keyOf = (r: ChunkRef) => keys.chunk(r.pageId, r.version, r.chunkIndex, r.generation ?? 0);
    const records = await getParallel<ChunkRecord>(this.store, [...new Set(refs.map(keyOf))]);
    return refs.map((ref) => {
      const r = records.get(keyOf(ref));
      return r && { pageId: r.pageId, version: r.version, chunkIndex: r.index, spaceKey: r.spaceKey, title: r.title, headingPath: r.headingPath, url: r.url, text: r.text };
    });
  }

  /** The version the merged index holds of each page it has; pages it lacks are absent from the map. */
  async versions(pageIds: string[]): Promise<Map<string, number>> {
    const records = await this.store.getMany<PageRecord>(pageIds.map((id) => this.config.keys.page(id)));
    const out = new Map<string, number>();
    for (const record of records.values()) out.set(record.pageId, record.version);
    return out;
  }

  /** One list page (up to 100) of the pages the merged index holds, in page-id key order; pass `cursor` back to go on. */
  async listPages(cursor?: string): Promise<{ pages: IndexedPage[]; cursor?: string }> {
    const page = await this.store.list<PageRecord>(this.config.keys.page(''), { limit: LIST_BATCH, cursor });
    return { pages: page.entries.map(({ value }) => ({ pageId: value.pageId, version: value.version, spaceKey: value.spaceKey })), cursor: page.cursor };
  }

  /**
   * One list page (up to 100) of the ids of the pages the merged index holds in one space, from its space listing
   * (tiny keys: a page of them is one read unit, where listing page records reads the whole index's). Undefined
   * when the index predates space listings (stats without `spaces`): the caller then lists page records. Pass
   * `cursor` back to go on; a cursor means the listing exists, so only the first call reads the stats.
   *
   * @example
   * const first = await index.listSpacePages('ENG');
   * if (first?.cursor) await index.listSpacePages('ENG', first.cursor);
   */
  async listSpacePages(spaceKey: string, cursor?: string): Promise<{ pageIds: string[]; cursor?: string } | undefined> {
    const keys = this.config.keys;
    if (cursor === undefined && (await this.stats()).spaces !== true) return undefined;
    const prefix = keys.spacePagePrefix(spaceKey);
    const page = await this.store.list<unknown>(prefix, { limit: LIST_BATCH, cursor });
    return { pageIds: page.entries.map(({ key }) => key.slice(prefix.length)), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /**
   * Deletes up to 100 of the index's keys; resolves true once none is left. Repeat it (a step a job) to clear the
   * index. Reads unchecked: clearing is the way out of a corrupt value, so it must not stop at one.
   */
  async clearStep(): Promise<boolean> {
    const page = await this.raw.list(this.config.keys.all(), { limit: LIST_BATCH });
    if (page.entries.length) await this.raw.deleteMany(page.entries.map((entry) => entry.key));
    return page.entries.length < LIST_BATCH && !page.cursor;
  }

  async stats(): Promise<IndexStats> {
    return (await this.store.get<IndexStats>(this.config.keys.stats())) ?? { chunks: 0, pages: 0, sumLen: [0, 0, 0] };
  }
}
