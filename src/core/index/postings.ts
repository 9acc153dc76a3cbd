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
