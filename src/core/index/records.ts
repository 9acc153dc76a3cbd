import type { FieldTriple } from './postings';

/** What the merger has applied for one page: the version the postings reflect, and how many chunks it has. */
export interface PageRecord {
  pageId: string;
  version: number;
  chunkCount: number;
  /** The generation of its chunks' keys (keys.ts `chunk`); absent for none (0). */
  g?: number;
  spaceKey: string;
  title: string;
  url: string;
  analyzer: number;
  indexedAt: number;
}

/**
 * One chunk as stored: its citation fields and its text. Its terms are not stored: the merger analyses the text
 * when it adds the chunk's postings and again when it takes them out (document.ts `chunkTerms`), which is
 * deterministic for one analyzer version.
 */
export interface ChunkRecord {
  pageId: string;
  version: number;
  index: number;
  spaceKey: string;
  title: string;
  headingPath: string[];
  url: string;
  text: string;
}

export type InboxEntry =
  /** `g`: the generation its chunks were written under (keys.ts `chunk`, its `at`); absent for none (0). */
  | { op: 'upsert'; pageId: string; version: number; chunkCount: number; at: number; g?: number }
  | { op: 'remove'; pageId: string; at: number };

/** Index-wide totals BM25 needs: chunk count and summed field lengths (for the average length). */
export interface IndexStats {
  chunks: number;
  pages: number;
  sumLen: FieldTriple;
  /**
   * Every page the index holds is listed under its space (`sp:` keys): true once the index was built by a merger
   * that writes them from its first merge on (an index from before them lists a space by its page records).
   */
  spaces?: true;
}

/**
 * A merge's plan, written before its first term write and deleted after its stats (merger.ts): a merge killed in
 * between is finished from it, exactly as planned, by the next merge. `pages` is one string of
 * `pageId,fromVersion,fromChunks,toVersion,toChunks[,fromSpace[,removedAt]]` items separated by `;` (version 0: none,
 * so a removal has `toVersion` 0; a version is `version.generation`, or `version` for generation 0; `fromSpace`: the
 * space the page was listed under before, when it had a record, else empty; `removedAt`: when a removal was queued,
 * so its merge keeps the chunks of a re-queue written after it). Stored in parts of at most JOURNAL_PART_PAGES pages; part 0 holds the rest of the plan.
 */
export interface MergeJournal {
  /** The lease epoch of the merge that wrote it: the `g` of the heads it has updated. */
  epoch: number;
  /** How many parts (`journal(0..parts-1)`). */
  parts: number;
  /** The stats before the merge and after it: the merge ends by writing `after`. */
  before: IndexStats;
  after: IndexStats;
  pages: string;
}

export interface JournalPart {
  pages: string;
}

/**
 * One block of a term's postings, as its head lists it. `r` 0: the main run, whose blocks partition impact order
 * (block k holds the postings from its `k` key up to the next main block's); `r` > 0: a block of fresh run `r`,
 * written by one merge, holding postings from `k` to `e` (both included), interleaved with the main run's.
 */
export interface BlockMeta {
  /** 0 is the block held inside the head value; others live under their own key. */
  id: number;
  r: number;
  n: number;
  /** First posting's key in impact order: `[impact, id]`. */
  k: [number, string];
  /** Fresh blocks: last posting's key. */
  e?: [number, string];
  maxTf: FieldTriple;
  minLen: FieldTriple;
  /** The block's (weighted tf, weighted length) frontier under the head's `fw` weights (postings.ts `frontierOf`). */
  f?: number[];
}

/**
 * A term's head: document frequency, its blocks (main run first, in impact order, then fresh runs) and the main
 * run's first block inline, so a rare term is one value and a common one shows its best postings at once.
 */
export interface TermHead {
  df: number;
  /** Field weights the blocks' frontiers were computed with; a query with other weights uses `maxTf`/`minLen`. */
  fw?: FieldTriple;
  nextId: number;
  /** Lease epoch of the merge that last wrote this head (a killed merge's finisher skips the heads it wrote). */
  g: number;
  blocks: BlockMeta[];
  /** Block 0's postings, packed (postings.ts `encodeBlock`). */
  p: string;
  /** Block ids this head's last update replaced, deleted right after it (again by a killed merge's finisher). */
  x?: number[];
}

export interface TermBlock {
  p: string;
}
