import type { KeyValueStore } from '../ports';
import { analyzeQuery } from './analyzer';
import { averageLength, idf, tfPart, type RankingParams } from './bm25';
import type { ResolvedConfig } from './config';
import { decodePostings, type Posting } from './postings';
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
  ranking?: RankingParams;
}

export interface SearchStats {
  terms: number;
  /** Values read from the store (a batch of k keys counts k). */
  valuesRead: number;
  blocksRead: number;
  /** Round trips to the store. */
  rounds: number;
  /** Whether the top hits were settled before every block of every term was read. */
  earlyStop: boolean;
}

interface TermState {
  term: string;
  weight: number;
  blocks: BlockMeta[];
  next: number;
  /** For each block position, the highest score any of its postings or a later block's could add. */
  suffixBound: number[];
}

/** Score bound of a block: highest frequencies against the shortest lengths seen in it. */
function blockBound(ranking: RankingParams, block: BlockMeta, avgLen: number): number {
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
  const stats: SearchStats = { terms: 0, valuesRead: 0, blocksRead: 0, rounds: 0, earlyStop: false };
  const qterms = analyzeQuery(query);
  if (qterms.size === 0) return { hits: [], stats };
  const terms = [...qterms.keys()];
  const keys = [config.keys.stats(), ...terms.map((t) => config.keys.termHead(t))];
  const found = await store.getMany<IndexStats | TermHead>(keys);
  stats.valuesRead += keys.length;
  stats.rounds += Math.ceil(keys.length / 25);
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
    const suffixBound = new Array<number>(head.blocks.length + 1).fill(0);
    for (let i = head.blocks.length - 1; i >= 0; i -= 1) {
      suffixBound[i] = Math.max(suffixBound[i + 1], weight * blockBound(ranking, head.blocks[i], avgLen));
    }
    const state: TermState = { term, weight, blocks: head.blocks, next: 1, suffixBound };
    states.push(state);
    addPostings(state, states.length - 1, decodePostings(head.p0));
  });
  stats.terms = states.length;

  for (;;) {
    const remaining = states.map((s) => s.suffixBound[s.next] ?? 0);
    const open = remaining.reduce((a, b) => a + b, 0);
    if (open <= 0) break;
    const ranked = [...scores.values()].map((v) => v.score).sort((a, b) => b - a);
    const threshold = ranked.length >= limit ? ranked[limit - 1] : 0;
    if (threshold > 0 && open <= threshold) {
      // No unseen chunk can reach the top; check that no partly seen chunk outside it can either.
      let settled = true;
      for (const acc of scores.values()) {
        if (acc.score >= threshold) continue;
        let bound = acc.score;
        remaining.forEach((r, slot) => {
          if (slot >= 30 || !(acc.seen & (1 << slot))) bound += r;
        });
        if (bound > threshold) {
          settled = false;
          break;
        }
      }
      if (settled) {
        stats.earlyStop = true;
        break;
      }
    }
    const reading = states.filter((s, i) => remaining[i] > 0 && s.next < s.blocks.length);
    const blockKeys = reading.map((s) => config.keys.termBlock(s.term, s.blocks[s.next].id));
    const blocks = await store.getMany<TermBlock>(blockKeys);
    stats.valuesRead += blockKeys.length;
    stats.blocksRead += blockKeys.length;
    stats.rounds += Math.ceil(blockKeys.length / 25);
    for (const s of reading) {
      const block = blocks.get(config.keys.termBlock(s.term, s.blocks[s.next].id));
      addPostings(s, states.indexOf(s), decodePostings(block?.p ?? ''));
      s.next += 1;
    }
  }

  const hits = [...scores.entries()]
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([id, acc]) => {
      const dot = id.lastIndexOf('.');
      return { id, pageId: id.slice(0, dot), chunkIndex: Number(id.slice(dot + 1)), score: acc.score };
    });
  return { hits, stats };
}
