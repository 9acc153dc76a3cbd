/**
 * Postings: one per (term, chunk), packed into strings so a block of thousands fits in one KVS value.
 * Text form: `pageId.chunk:impact:tfTitle,tfHeading,tfBody:lenTitle,lenHeading,lenBody`, numbers in base 36 with
 * zeros left empty, postings separated by spaces and kept in impact order (highest first, then by id).
 */

export type FieldTriple = [number, number, number];

export interface Posting {
  /** `pageId.chunkIndex`. */
  id: string;
  /** Quantised score-like value fixed at write time: the order postings are kept in, so a query reads the best first. */
  impact: number;
  tf: FieldTriple;
  len: FieldTriple;
  /** The packed text this posting was read from, reused when it is written back unchanged. */
  raw?: string;
}

/** Where a posting sorts: higher impact first, ties by id. */
export function comparePostings(a: { impact: number; id: string }, b: { impact: number; id: string }): number {
  if (a.impact !== b.impact) return b.impact - a.impact;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function n36(n: number): string {
  return n === 0 ? '' : n.toString(36);
}

function p36(s: string): number {
  return s === '' ? 0 : parseInt(s, 36);
}

export function encodePosting(p: Posting): string {
  if (p.raw !== undefined) return p.raw;
  return `${p.id}:${n36(p.impact)}:${p.tf.map(n36).join(',')}:${p.len.map(n36).join(',')}`;
}

export function decodePosting(s: string): Posting {
  const [id, impact, tf, len] = s.split(':');
  const triple = (x: string): FieldTriple => {
    const [a, b, c] = x.split(',');
    return [p36(a), p36(b), p36(c)];
  };
  return { id, impact: p36(impact), tf: triple(tf), len: triple(len), raw: s };
}

/** Whether two postings would be stored identically. */
export function samePosting(a: Posting, b: Posting): boolean {
  return a.id === b.id && a.impact === b.impact && a.tf.every((x, i) => x === b.tf[i]) && a.len.every((x, i) => x === b.len[i]);
}

export function encodePostings(list: Posting[]): string {
  return list.map(encodePosting).join(' ');
}

export function decodePostings(s: string): Posting[] {
  return s ? s.split(' ').map(decodePosting) : [];
}

/** Field-wise maxima of term frequency and minima of length over a block: enough to bound any score in it. */
export interface BlockBound {
  maxTf: FieldTriple;
  minLen: FieldTriple;
}

export function boundOf(list: Posting[]): BlockBound {
  const maxTf: FieldTriple = [0, 0, 0];
  const minLen: FieldTriple = [Infinity, Infinity, Infinity];
  for (const p of list) {
    for (let f = 0; f < 3; f += 1) {
      if (p.tf[f] > maxTf[f]) maxTf[f] = p.tf[f];
      if (p.len[f] < minLen[f]) minLen[f] = p.len[f];
    }
  }
  return { maxTf, minLen: minLen.map((x) => (Number.isFinite(x) ? x : 0)) as FieldTriple };
}

/** Most points a block's frontier keeps; neighbours are merged into a point that dominates both, so it stays a bound. */
const MAX_FRONTIER_POINTS = 6;

/**
 * The block's best (weighted tf, weighted length) pairs under `weights`: every posting is matched or beaten by a
 * point (higher or equal tf, lower or equal length). BM25F's tf part rises with tf and falls with length for any
 * k1, b and average length, so the best score in the block is the best over these few points: an exact block max
 * where `maxTf`/`minLen` (taken field by field, from different postings) can be far above any real posting.
 * Flattened as `[t1, dl1, t2, dl2, ...]`, tf descending, length descending.
 */
export function frontierOf(list: Posting[], weights: FieldTriple): number[] {
  const points = list.map((p) => [
    weights[0] * p.tf[0] + weights[1] * p.tf[1] + weights[2] * p.tf[2],
    weights[0] * p.len[0] + weights[1] * p.len[1] + weights[2] * p.len[2],
  ]);
  points.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const kept: number[][] = [];
  for (const [t, dl] of points) {
    if (kept.length === 0 || dl < kept[kept.length - 1][1]) kept.push([t, dl]);
  }
  while (kept.length > MAX_FRONTIER_POINTS) {
    // Merge the neighbours whose merged point loses least (smallest tf step), keeping a dominating point.
    let best = 0;
    for (let i = 1; i < kept.length - 1; i += 1) if (kept[i][0] - kept[i + 1][0] < kept[best][0] - kept[best + 1][0]) best = i;
    kept.splice(best, 2, [kept[best][0], kept[best + 1][1]]);
  }
  return kept.flat();
}
