import type { FieldTriple } from './postings';

/** BM25F-style parameters: field weights scale term frequencies and lengths before one shared saturation. */
export interface RankingParams {
  k1: number;
  b: number;
  /** Weights of title, heading path and body. */
  weights: FieldTriple;
}

/**
 * Chosen on SciFact's train split only (`npm run eval -- --tune`, grid k1 x b x title weight): k1 0.9, b 0.75, the
 * title counted twice. With weights [1,1,1], k1 0.9, b 0.4 this is Lucene's flat BM25 as Pyserini publishes it.
 */
export const DEFAULT_RANKING: RankingParams = { k1: 0.9, b: 0.75, weights: [2, 1, 1] };

/** Lucene's BM25 idf: never negative, even for a term in every chunk. */
export function idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

/** Lucene's BM25 term-frequency part (without the constant k1+1 factor, as Lucene 8+ drops it). */
export function tfPart(params: RankingParams, tf: FieldTriple, len: FieldTriple, avgLen: number): number {
  const w = params.weights;
  const t = w[0] * tf[0] + w[1] * tf[1] + w[2] * tf[2];
  if (t <= 0) return 0;
  const dl = w[0] * len[0] + w[1] * len[1] + w[2] * len[2];
  const norm = params.k1 * (1 - params.b + (params.b * dl) / (avgLen > 0 ? avgLen : 1));
  return t / (t + norm);
}

/** Weighted mean chunk length from the index's field totals. */
export function averageLength(params: RankingParams, chunks: number, sumLen: FieldTriple): number {
  if (chunks <= 0) return 1;
  const w = params.weights;
  return (w[0] * sumLen[0] + w[1] * sumLen[1] + w[2] * sumLen[2]) / chunks;
}

/** The impact a posting is ordered by: its tf part under default weights against a fixed reference length. */
export const IMPACT_SCALE = 10_000;
const IMPACT_REFERENCE_LENGTH = 200;
const IMPACT_PARAMS: RankingParams = { k1: 1.2, b: 0.75, weights: [1, 1, 1] };
export function impactOf(tf: FieldTriple, len: FieldTriple): number {
  return Math.round(tfPart(IMPACT_PARAMS, tf, len, IMPACT_REFERENCE_LENGTH) * IMPACT_SCALE);
}

/** Weights block frontiers are computed with (records the ones in DEFAULT_RANKING when a head is written). */
export const FRONTIER_WEIGHTS: FieldTriple = [...DEFAULT_RANKING.weights];

/** The highest tf part any of a frontier's points reaches (see `frontierOf`). */
export function frontierBound(params: RankingParams, frontier: number[], avgLen: number): number {
  const avg = avgLen > 0 ? avgLen : 1;
  let best = 0;
  for (let i = 0; i < frontier.length; i += 2) {
    const t = frontier[i];
    if (t <= 0) continue;
    const s = t / (t + params.k1 * (1 - params.b + (params.b * frontier[i + 1]) / avg));
    if (s > best) best = s;
  }
  return best;
}
