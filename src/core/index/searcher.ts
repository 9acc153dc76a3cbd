import type { KeyValueStore } from '../ports';
import { analyzeQuery } from './analyzer';
import { averageLength, frontierBound, idf, tfPart, type RankingParams } from './bm25';
import type { ResolvedConfig } from './config';
import { decodeBlock, type Posting } from './postings';
import type { BlockMeta, IndexStats, TermBlock, TermHead } from './records';

export interface ChunkHit {
  /** `pageId.chunkIndex`. */
  id: string;
  pageId: string;
  chunkIndex: number;
  score: number;
}

export interface SearchOptions {
  /** How many chunk hits to return (default 10, at most 1000). */
  limit?: number;
  /**
   * Rank pages instead of chunks: `limit` counts distinct pages, each scored by its best chunk, and only that
   * chunk is returned per page. The early stop then waits for the limit-th page, not the limit-th chunk: fewer reads.
   */
  pages?: boolean;
  ranking?: RankingParams;
  /** Most blocks read per term after its head (default: the index's `maxBlocksPerTerm`). */
  maxBlocksPerTerm?: number;
}

export interface SearchStats {
  terms: number;
  /** Values read from the store (a batch of k keys counts k). */
  valuesRead: number;
  blocksRead: number;
  /** Rounds of reads (each one batch, or several batches sent at once). */
  rounds: number;
  /** Whether the top hits were settled before every block of every term was read. */
  earlyStop: boolean;
  /** Whether some term's block budget ran out with blocks unread (the ranking may then be approximate). */
  truncated: boolean;
}

/** Most blocks of one term read in one round. */
const READ_AHEAD = 4;


/** Reads keys in batches of 25 sent at once: one round trip of latency however many batches there are. */
export async function getParallel<T>(store: KeyValueStore, keys: string[]): Promise<Map<string, T>> {
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += 25) batches.push(keys.slice(i, i + 25));
  const found = await Promise.all(batches.map((batch) => store.getMany<T>(batch)));
  return new Map(found.flatMap((m) => [...m]));
}

/** The score the limit-th hit has so far (0 while there are fewer): of chunks, or of pages by their best chunk. */
function kthScore(scores: Map<string, { score: number }>, limit: number, pages: boolean): number {
  let values: number[];
  if (pages) {
    const best = new Map<string, number>();
    for (const [id, acc] of scores) {
      const pageId = id.slice(0, id.lastIndexOf('.'));
      if (acc.score > (best.get(pageId) ?? -Infinity)) best.set(pageId, acc.score);
    }
    values = [...best.values()];
  } else values = [...scores.values()].map((v) => v.score);
  if (values.length < limit) return 0;
  return values.sort((a, b) => b - a)[limit - 1];
}

interface TermState {
  term: string;
  weight: number;
  /** The term's blocks after its inline one, main and fresh runs together, highest bound first: the order they are read in. */
  blocks: BlockMeta[];
  next: number;
  /** One past the last block this query may read of the term (its budget). */
  end: number;
  /** For each block position, the highest score any of its postings or a later block's could add. */
  suffixBound: number[];
}

/** A chunk's upper bound: its score plus what every term it was not seen in may still add. */
function chunkBound(acc: { score: number; seen: number }, remaining: number[]): number {
  let bound = acc.score;
  remaining.forEach((r, slot) => {
    if (slot >= 30 || !(acc.seen & (1 << slot))) bound += r;
  });
  return bound;
}

/**
 * Whether the top `limit` hits (chunks, or pages by their best chunk) are in their final order: each one's bound
 * stays below the score of the hit ranked above it. If not, adds to `want` the blocks that could lift the hits
 * that may still move up, and answers false.
 */
function settleOrder(scores: Map<string, { score: number; seen: number }>, states: TermState[], remaining: number[], limit: number, pages: boolean, want: number[]): boolean {
  const units = new Map<string, { id: string; score: number; bound: number; chunks: Array<{ score: number; seen: number }> }>();
  for (const [id, acc] of scores) {
    const key = pages ? id.slice(0, id.lastIndexOf('.')) : id;
    const bound = chunkBound(acc, remaining);
    const unit = units.get(key);
    if (!unit) units.set(key, { id: key, score: acc.score, bound, chunks: [acc] });
    else {
      unit.score = Math.max(unit.score, acc.score);
      unit.bound = Math.max(unit.bound, bound);
      unit.chunks.push(acc);
    }
  }
  const top = [...units.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit);
  let settled = true;
  for (let i = 1; i < top.length; i += 1) {
    const above = top[i - 1].score;
    if (top[i].bound <= top[i].score || top[i].bound < above) continue;
    for (const acc of top[i].chunks) {
      const bound = chunkBound(acc, remaining);
      if (bound <= acc.score || bound < above) continue;
      remaining.forEach((r, slot) => {
        if (r <= 0 || !(slot >= 30 || !(acc.seen & (1 << slot)))) return;
        const s = states[slot];
        let n = 0;
        while (n < READ_AHEAD && s.next + n < s.end && bound - r + s.suffixBound[s.next + n] >= above) n += 1;
        if (n > 0) settled = false;
        want[slot] = Math.max(want[slot], n);
      });
    }
  }
  return settled;
}

/**
 * Score bound of a block: the best of its frontier points when they were computed with this query's weights
 * (exact), else its highest frequencies against its shortest lengths (looser: taken from different postings).
 */
function blockBound(ranking: RankingParams, block: BlockMeta, avgLen: number, frontierUsable: boolean): number {
  if (frontierUsable && block.f) return frontierBound(ranking, block.f, avgLen);
  return tfPart(ranking, block.maxTf, block.minLen, avgLen);
}

/**
 * Ranks chunks for a query with BM25F over the term heads and, only while they could still change the top hits,
 * further impact-ordered blocks. Reads: one round for the stats and every query term's head, then one round per
 * extra block depth actually needed. Any string is accepted; one with no searchable terms finds nothing.
 */
export async function searchChunks(
  store: KeyValueStore,
  config: ResolvedConfig,
  query: string,
  options: SearchOptions = {},
): Promise<{ hits: ChunkHit[]; stats: SearchStats }> {
  const ranking = options.ranking ?? config.ranking;
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 10)), 1000);
  const stats: SearchStats = { terms: 0, valuesRead: 0, blocksRead: 0, rounds: 0, earlyStop: false, truncated: false };
  const budget = Math.max(0, options.maxBlocksPerTerm ?? config.maxBlocksPerTerm);
  const qterms = analyzeQuery(query);
  if (qterms.size === 0) return { hits: [], stats };
  const terms = [...qterms.keys()];
  const keys = [config.keys.stats(), ...terms.map((t) => config.keys.termHead(t))];
  const found = await getParallel<IndexStats | TermHead>(store, keys);
  stats.valuesRead += keys.length;
  stats.rounds += 1;
  const index = found.get(config.keys.stats()) as IndexStats | undefined;
  if (!index || index.chunks === 0) return { hits: [], stats };
  const avgLen = averageLength(ranking, index.chunks, index.sumLen);

  const scores = new Map<string, { score: number; seen: number }>();
  const states: TermState[] = [];
  const addPostings = (state: TermState, slot: number, postings: Posting[]): void => {
    const bit = slot < 30 ? 1 << slot : 0;
    for (const p of postings) {
      const s = state.weight * tfPart(ranking, p.tf, p.len, avgLen);
      const acc = scores.get(p.id);
      if (acc) {
        acc.score += s;
        acc.seen |= bit;
      } else scores.set(p.id, { score: s, seen: bit });
    }
  };
  terms.forEach((term) => {
    const head = found.get(config.keys.termHead(term)) as TermHead | undefined;
    if (!head || head.df === 0) return;
    const weight = (qterms.get(term) ?? 1) * idf(index.chunks, head.df);
    const frontierUsable = head.fw !== undefined && head.fw.every((w, f) => w === ranking.weights[f]);
    // A chunk is in exactly one block of a term, so what a term can still add is the best bound among its unread
    // blocks: reading them best bound first (main and fresh runs interleaved) makes that the next one's bound.
    const ordered = head.blocks
      .filter((b) => b.id !== 0)
      .map((b) => ({ b, bound: weight * blockBound(ranking, b, avgLen, frontierUsable) }))
      .sort((x, y) => y.bound - x.bound);
    const suffixBound = [...ordered.map((o) => o.bound), 0];
    const state: TermState = { term, weight, blocks: ordered.map((o) => o.b), next: 0, end: Math.min(ordered.length, budget), suffixBound };
    states.push(state);
    addPostings(state, states.length - 1, decodeBlock(head.p));
  });
  stats.terms = states.length;

  for (;;) {
    const remaining = states.map((s) => (s.next < s.end ? s.suffixBound[s.next] ?? 0 : 0));
    const open = remaining.reduce((a, b) => a + b, 0);
    if (open <= 0) break;
    const threshold = kthScore(scores, limit, options.pages === true);
    // How many blocks of each term to read this round. An unseen chunk whose posting sits in block i of a term
    // scores at most that term's bound from i on plus every other term's remaining bound: all blocks where that
    // can still beat the threshold are read together (up to READ_AHEAD), saving round trips.
    const want = states.map((s, slot) => {
      if (remaining[slot] <= 0) return 0;
      if (threshold <= 0) return 1;
      const others = open - remaining[slot];
      let n = 0;
      // At or above: a chunk tied with the limit-th may still displace it (ties go by id).
      while (n < READ_AHEAD && s.next + n < s.end && s.suffixBound[s.next + n] + others >= threshold) n += 1;
      return n;
    });
    if (threshold > 0) {
      // Chunks already seen for some terms may still climb into the top through the terms they were not seen in.
      let settled = want.every((n) => n === 0);
      for (const acc of scores.values()) {
        // Strictly above: a chunk tied with the limit-th may still fall outside the hits, so it must be settled too.
        if (acc.score > threshold) continue;
        let bound = acc.score;
        let liftable = false;
        remaining.forEach((r, slot) => {
          if (slot >= 30 || !(acc.seen & (1 << slot))) {
            bound += r;
            if (r > 0) liftable = true;
          }
        });
        if (liftable && bound >= threshold) {
          settled = false;
          // Read ahead in each term the chunk was not seen in, as far as its blocks could still lift it.
          remaining.forEach((r, slot) => {
            if (r <= 0 || !(slot >= 30 || !(acc.seen & (1 << slot)))) return;
            const s = states[slot];
            const rest = bound - r;
            let n = 0;
            while (n < READ_AHEAD && s.next + n < s.end && rest + s.suffixBound[s.next + n] >= threshold) n += 1;
            want[slot] = Math.max(want[slot], n);
          });
        }
      }
      // The hits are settled; their order must be too: a hit whose unread terms could lift it to the one ranked
      // above it would be shown in the wrong place (Ask keeps the best of its ranked chunks, the eval scores order).
      if (settled && !settleOrder(scores, states, remaining, limit, options.pages === true, want)) settled = false;
      if (settled) {
        stats.earlyStop = true;
        break;
      }
    }
    const reading = states.flatMap((s, slot) => Array.from({ length: want[slot] }, (_, k) => ({ s, slot, block: s.blocks[s.next + k] })));
    const blockKeys = reading.map((r) => config.keys.termBlock(r.s.term, r.block.id));
    const blocks = await getParallel<TermBlock>(store, blockKeys);
    stats.valuesRead += blockKeys.length;
    stats.blocksRead += blockKeys.length;
    stats.rounds += 1;
    for (const r of reading) addPostings(r.s, r.slot, decodeBlock(blocks.get(config.keys.termBlock(r.s.term, r.block.id))?.p ?? ''));
    states.forEach((s, slot) => {
      s.next += want[slot];
    });
  }

  stats.truncated = states.some((s) => s.next >= s.end && s.next < s.blocks.length);
  let ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));
  if (options.pages) {
    const seen = new Set<string>();
    ranked = ranked.filter(([id]) => {
      const pageId = id.slice(0, id.lastIndexOf('.'));
      if (seen.has(pageId)) return false;
      seen.add(pageId);
      return true;
    });
  }
  const hits = ranked
    .slice(0, limit)
    .map(([id, acc]) => {
      const dot = id.lastIndexOf('.');
      return { id, pageId: id.slice(0, dot), chunkIndex: Number(id.slice(dot + 1)), score: acc.score };
    });
  return { hits, stats };
}
