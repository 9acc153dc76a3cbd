import type { FieldTriple } from './postings';

/** What the merger has applied for one page: the version the postings reflect, and how many chunks it has. */
export interface PageRecord {
  pageId: string;
  version: number;
  chunkCount: number;
  spaceKey: string;
  title: string;
  url: string;
  analyzer: number;
  indexedAt: number;
}

/** One chunk as stored: its citation fields, its text, and the terms it contributes (to write and to undo postings). */
export interface ChunkRecord {
  pageId: string;
  version: number;
  index: number;
  spaceKey: string;
  title: string;
  headingPath: string[];
  url: string;
  text: string;
  /** Field lengths (title, heading path, body) in word terms. */
  len: FieldTriple;
  /** `term|tfTitle,tfHeading,tfBody` separated by spaces (terms never contain spaces or `|`). */
  terms: string;
}

export type InboxEntry =
  | { op: 'upsert'; pageId: string; version: number; chunkCount: number; at: number }
  | { op: 'remove'; pageId: string; at: number };

/** Index-wide totals BM25 needs: chunk count and summed field lengths (for the average length). */
export interface IndexStats {
  chunks: number;
  pages: number;
  sumLen: FieldTriple;
  /**
   * A merge's page changes not yet counted above, written before its page records and folded in once they are:
   * `[pageId, version the record must reach (-1: removed), Δchunks, Δpages, Δlen title, Δlen heading, Δlen body]`.
   * A merge killed in between leaves it here; the next merge counts only the pages whose record was written.
   */
  pending?: PendingPage[];
}

export type PendingPage = [string, number, number, number, number, number, number];

export interface BlockMeta {
  /** 0 is the block held inside the head value; others live under their own key. */
  id: number;
  n: number;
  /** First posting's order key; the block holds postings from here up to the next block's `top`. */
  top: { impact: number; id: string };
  maxTf: FieldTriple;
  minLen: FieldTriple;
  /** The block's (weighted tf, weighted length) frontier under the head's `fw` weights (postings.ts `frontierOf`). */
  f?: number[];
}

/** A term's head: document frequency, its blocks in impact order, and the first (best) block inline. */
export interface TermHead {
  df: number;
  /** Field weights the blocks' frontiers were computed with; a query with other weights uses `maxTf`/`minLen`. */
  fw?: FieldTriple;
  nextId: number;
  blocks: BlockMeta[];
  p0: string;
}

export interface TermBlock {
  p: string;
}
