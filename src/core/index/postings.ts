/**
 * Postings: one per (term, chunk). A block of them is packed into one base64 string of varint bytes, so a block of
 * a thousand postings weighs about 10 KB (one Forge read unit) where the earlier text form weighed 22 KB.
 *
 * Inside a block postings are sorted by id (page id, then chunk), so each page id is written as the digits it does
 * not share with the previous one: consecutive ids of a block share most of their digits. Per posting:
 * `(suffix digits x 20 + shared digits)` varint, the suffix digits two per byte, the chunk index varint, the term
 * frequencies in one byte when small (`(tfTitle x 3 + tfHeading) x 15 + tfBody`, else 255 and three varints),
 * the title and heading lengths in one byte when small (`lenTitle x 16 + lenHeading`, else 255 and two varints)
 * and the body length varint: about 8 bytes for the common case. The impact is not stored: it is a function of
 * tf and length (bm25.ts `impactOf`), recomputed when a block is read.
 *
 * @example
 * const packed = encodeBlock([{ id: '42.0', impact: 0, tf: [0, 0, 2], len: [3, 0, 120] }]);
 * decodeBlock(packed)[0].tf; // [0, 0, 2]
 */
import { AppError } from '../errors';
import { IMPACT_SCALE, impactOf } from './bm25';

export type FieldTriple = [number, number, number];

export interface Posting {
  /** `pageId.chunkIndex`. */
  id: string;
  /** Quantised score-like value (bm25.ts `impactOf`): the order a term's runs are kept in, so a query reads the best first. */
  impact: number;
  tf: FieldTriple;
  len: FieldTriple;
}

/** A posting's place in impact order: its impact and id. */
export interface PostingKey {
  impact: number;
  id: string;
}

/** Where a posting sorts: higher impact first, ties by id. */
export function comparePostings(a: PostingKey, b: PostingKey): number {
  if (a.impact !== b.impact) return b.impact - a.impact;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether two postings would be stored identically. */
export function samePosting(a: Posting, b: Posting): boolean {
  return a.id === b.id && a.tf.every((x, i) => x === b.tf[i]) && a.len.every((x, i) => x === b.len[i]);
}

/** Bytes being packed: one buffer reused by every `encodeBlock`, grown when a block needs more (a posting takes < 64). */
let scratch = new Uint8Array(1 << 16);

function ensureRoom(at: number, more: number): void {
  if (at + more <= scratch.length) return;
  const bigger = new Uint8Array(Math.max(scratch.length * 2, at + more));
  bigger.set(scratch.subarray(0, at));
  scratch = bigger;
}

/** Writes `n` (a non-negative integer, floored) as a varint at `at`; returns the position after it. */
function putVarint(at: number, n: number): number {
  let v = Math.max(0, Math.floor(n));
  while (v >= 128) {
    scratch[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  scratch[at++] = v;
  return at;
}

/** Digits a page id may have for a numeric sort key: 11^15 stays below 2^53, so the sum is exact. */
const ORDER_DIGITS = 15;
/** 11^k for k up to ORDER_DIGITS, exact doubles. */
const POWERS_OF_11 = Array.from({ length: ORDER_DIGITS + 1 }, (_, k) => Math.pow(11, k));

/** Per-posting sort data for `packInto`, reused across calls (grown on demand): no object per posting. */
let dots = new Int32Array(1024);
let chunks = new Float64Array(1024);
let orders = new Float64Array(1024);
let sortKeys = new Float64Array(1024);

function ensureSortRoom(n: number): void {
  if (n <= dots.length) return;
  const size = Math.max(n, dots.length * 2);
  dots = new Int32Array(size);
  chunks = new Float64Array(size);
  orders = new Float64Array(size);
  sortKeys = new Float64Array(size);
}

/** String order of two posting ids' page ids, then chunk order (the fallback for ids that are not short digit strings). */
function byPageThenChunk(list: readonly Posting[], a: number, b: number): number {
  const pa = list[a].id.slice(0, dots[a]);
  const pb = list[b].id.slice(0, dots[b]);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return chunks[a] - chunks[b];
}

/**
 * The positions of `list` in page-id order, then chunk order (its first `sorted` are in that order already, if
 * their keys say so). When the ids are short enough that
 * `(page order x chunks + chunk) x n + position` stays an exact double, the keys are sorted as numbers by the
 * engine's native typed-array sort (no comparator call per comparison) and the position is read back from the key;
 * otherwise a comparator sorts the positions.
 */
function idOrder(list: readonly Posting[], sorted = 0): ArrayLike<number> {
  const n = list.length;
  ensureSortRoom(n);
  let digits = 0;
  let maxChunk = 0;
  let numeric = true;
  for (let i = 0; i < n; i += 1) {
    const id = list[i].id;
    const dot = id.lastIndexOf('.');
    dots[i] = dot;
    // The chunk index's digits read in place (`Number(id.slice(dot + 1))` for any other form).
    let chunk = 0;
    const end = id.length;
    if (end - dot > 1 && end - dot <= 10) {
      for (let c = dot + 1; c < end; c += 1) {
        const d = id.charCodeAt(c) - 48;
        if (d < 0 || d > 9) {
          chunk = Number(id.slice(dot + 1));
          break;
        }
        chunk = chunk * 10 + d;
      }
    } else chunk = Number(id.slice(dot + 1));
    chunks[i] = chunk;
    if (chunk > maxChunk) maxChunk = chunk;
    if (dot > digits) digits = dot;
    // The page id as a number with its string order: each digit d as d + 1 in base 11, padded with zeros on the right
    // to the longest id's digits (scaled below, once those are known), so a prefix sorts before its extensions.
    if (numeric) {
      if (dot > ORDER_DIGITS) numeric = false;
      else {
        let order = 0;
        for (let c = 0; c < dot; c += 1) {
          const d = id.charCodeAt(c) - 47;
          if (d < 1 || d > 10) {
            numeric = false;
            break;
          }
          order = order * 11 + d;
        }
        orders[i] = order;
      }
    }
  }
  if (numeric && digits > ORDER_DIGITS) numeric = false;
  if (numeric) for (let i = 0; i < n; i += 1) orders[i] *= POWERS_OF_11[digits - Math.max(0, dots[i])];
  if (numeric && Math.pow(11, digits) * (maxChunk + 1) * n < Number.MAX_SAFE_INTEGER) {
    const keys = sortKeys.subarray(0, n);
    for (let i = 0; i < n; i += 1) keys[i] = (orders[i] * (maxChunk + 1) + chunks[i]) * n + i;
    const positions = new Uint32Array(n);
    // The position is the key's remainder by n; `%` on doubles is a library call, a division and a floor are not.
    const positionOf = (key: number): number => key - Math.floor(key / n) * n;
    let m = Math.min(sorted, n);
    for (let i = 1; i < m; i += 1) {
      if (keys[i] < keys[i - 1]) {
        m = 0;
        break;
      }
    }
    if (m < 2) {
      keys.sort();
      for (let i = 0; i < n; i += 1) positions[i] = positionOf(keys[i]);
      return positions;
    }
    // A run already in id order (a decoded block, the rest being what a merge adds to it): only the rest is
    // sorted, then the two runs are merged (keys are distinct: each holds its position).
    keys.subarray(m).sort();
    let a = 0;
    let b = m;
    for (let j = 0; j < n; j += 1) positions[j] = positionOf(b >= n || (a < m && keys[a] < keys[b]) ? keys[a++] : keys[b++]);
    return positions;
  }
  const positions = Array.from({ length: n }, (_, i) => i);
  if (numeric) positions.sort((a, b) => orders[a] - orders[b] || chunks[a] - chunks[b]);
  else positions.sort((a, b) => byPageThenChunk(list, a, b));
  return positions;
}

/** Packs `list` into `scratch`; returns the byte count. */
function packInto(list: readonly Posting[]): number {
  return packPositions(list, idOrder(list));
}

/** Packs the postings of `list` at `positions` (in id order; `dots`/`chunks` filled for `list`) into `scratch`. */
function packPositions(list: readonly Posting[], positions: ArrayLike<number>): number {
  let at = 0;
  let previous = '';
  let previousLength = 0;
  for (let k = 0; k < positions.length; k += 1) {
    const i = positions[k];
    const p = list[i];
    const id = p.id;
    const length = dots[i];
    const chunk = chunks[i];
    // Varints of 53-bit numbers take at most 8 bytes: header, chunk, 3 tfs, 2 lengths, body length, 2 flag bytes.
    ensureRoom(at, 8 * 8 + 2 + (length >> 1) + 1);
    let shared = 0;
    const most = Math.min(previousLength, length, 19);
    while (shared < most && previous.charCodeAt(shared) === id.charCodeAt(shared)) shared += 1;
    at = putVarint(at, (length - shared) * 20 + shared);
    for (let c = shared; c < length; c += 2) {
      const hi = id.charCodeAt(c) - 48;
      const lo = c + 1 < length ? id.charCodeAt(c + 1) - 48 : 0;
      scratch[at++] = hi * 16 + lo;
    }
    at = putVarint(at, chunk);
    const tt = p.tf[0];
    const th = p.tf[1];
    const tb = p.tf[2];
    if (tt <= 2 && th <= 2 && tb <= 14) scratch[at++] = (tt * 3 + th) * 15 + tb;
    else {
      scratch[at++] = 255;
      at = putVarint(at, tt);
      at = putVarint(at, th);
      at = putVarint(at, tb);
    }
    const lt = p.len[0];
    const lh = p.len[1];
    if (lt <= 14 && lh <= 15) scratch[at++] = lt * 16 + lh;
    else {
      scratch[at++] = 255;
      at = putVarint(at, lt);
      at = putVarint(at, lh);
    }
    at = putVarint(at, p.len[2]);
    previous = id;
    previousLength = length;
  }
  return at;
}

/** Packs postings (any order; page ids are decimal digits, as Confluence's are) into one string. */
export function encodeBlock(list: readonly Posting[]): string {
  if (list.length === 0) return '';
  const bytes = packInto(list);
  return Buffer.from(scratch.buffer, scratch.byteOffset, bytes).toString('base64');
}

/** Bytes of `n` as a varint (as `putVarint` writes it). */
function varintLength(n: number): number {
  if (n < 128) return 1;
  if (n < 16_384) return 2;
  let v = Math.floor(n);
  let k = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    k += 1;
  }
  return k;
}

/**
 * An upper bound of the packed size of `list` (base64 characters), `dots`/`chunks` filled for it: each posting
 * as if it shared no digit with the one before it, so no id sort is needed.
 */
function packedBound(list: readonly Posting[]): number {
  let total = 0;
  for (let i = 0; i < list.length; i += 1) {
    const { tf, len } = list[i];
    const length = Math.max(0, dots[i]);
    total += varintLength(length * 20) + ((length + 1) >> 1) + varintLength(chunks[i]);
    total += tf[0] <= 2 && tf[1] <= 2 && tf[2] <= 14 ? 1 : 1 + varintLength(tf[0]) + varintLength(tf[1]) + varintLength(tf[2]);
    total += len[0] <= 14 && len[1] <= 15 ? 1 : 1 + varintLength(len[0]) + varintLength(len[1]);
    total += varintLength(len[2]);
  }
  return 4 * Math.ceil(total / 3);
}

/** Postings per impact (reused by `impactOrder`): impacts are integers from 0 to IMPACT_SCALE. */
const impactCounts = new Int32Array(IMPACT_SCALE + 2);

/**
 * The positions of `list` in impact order (`comparePostings`), given its id order: a counting sort by impact of
 * the id order, which is already the order within one impact except for a page's chunk indexes past 9 (id order
 * takes the chunk as a number, `comparePostings` as text), so only such runs are sorted. Undefined when an impact
 * is not an integer from 0 to IMPACT_SCALE.
 */
function impactOrder(list: readonly Posting[], positions: ArrayLike<number>): Uint32Array | undefined {
  const n = list.length;
  impactCounts.fill(0);
  for (let i = 0; i < n; i += 1) {
    const impact = list[i].impact;
    if (!Number.isInteger(impact) || impact < 0 || impact > IMPACT_SCALE) return undefined;
    impactCounts[IMPACT_SCALE - impact + 1] += 1;
  }
  for (let b = 1; b < impactCounts.length; b += 1) impactCounts[b] += impactCounts[b - 1];
  const order = new Uint32Array(n);
  for (let j = 0; j < n; j += 1) {
    const i = positions[j];
    order[impactCounts[IMPACT_SCALE - list[i].impact]++] = i;
  }
  for (let start = 0, j = 1; j <= n; j += 1) {
    if (j < n && list[order[j]].impact === list[order[start]].impact) continue;
    let inOrder = true;
    for (let k = start + 1; k < j && inOrder; k += 1) inOrder = list[order[k - 1]].id < list[order[k]].id;
    if (!inOrder) order.set(Array.from(order.subarray(start, j)).sort((a, b) => comparePostings(list[a], list[b])), start);
    start = j;
  }
  return order;
}

/** Puts `list` in impact order in place; returns its id order (positions in the reordered list), `dots`/`chunks` kept in step. */
function sortByImpact(list: Posting[], positions: ArrayLike<number>): ArrayLike<number> {
  const n = list.length;
  const order = impactOrder(list, positions);
  if (!order) {
    list.sort(comparePostings);
    return idOrder(list);
  }
  const rank = new Uint32Array(n);
  const postings = list.slice();
  const oldDots = dots.slice(0, n);
  const oldChunks = chunks.slice(0, n);
  for (let j = 0; j < n; j += 1) {
    const i = order[j];
    rank[i] = j;
    list[j] = postings[i];
    dots[j] = oldDots[i];
    chunks[j] = oldChunks[i];
  }
  const reordered = new Uint32Array(n);
  for (let j = 0; j < n; j += 1) reordered[j] = rank[positions[j]];
  return reordered;
}

/** A list's packed size as `encodePieces` gives it to `piecesOf`, in base64 characters. */
export interface PackedSize {
  /** An upper bound, found without sorting or packing. */
  atMost(): number;
  /** The size itself: the whole list packed once (kept when the list is its own piece). */
  exact(): number;
}

/**
 * Packs a list's pieces, sorting its ids once: `piecesOf(size)` is told the whole list's packed size and returns
 * where each piece ends (consecutive pieces from position 0); the first `packed` of them are packed. A piece's id
 * order is the part of the whole list's id order that falls in it, so it needs no sort of its own. With
 * `byImpact`, a list cut into more than one piece is first put in impact order (`comparePostings`, in place): a
 * packing's size does not depend on the order, so a list that is its own piece is packed as it comes. `sorted`:
 * how many of the list's first postings are already in id order (as a decoded block is), so only the rest is sorted.
 *
 * @example
 * const { pieces } = encodePieces(list, () => [500, 1000], 2); // pieces[1] === encodeBlock(list.slice(500, 1000))
 */
export function encodePieces(list: Posting[], piecesOf: (size: PackedSize) => number[], packed: number, byImpact = false, sorted = 0): { ends: number[]; pieces: string[] } {
  if (list.length === 0) return { ends: [], pieces: [] };
  let positions = idOrder(list, sorted);
  let size = -1;
  const exact = (): number => {
    if (size < 0) size = packPositions(list, positions);
    return 4 * Math.ceil(size / 3);
  };
  const ends = piecesOf({ atMost: () => packedBound(list), exact });
  if (packed >= 1 && ends.length === 1 && ends[0] === list.length) {
    // The list is its own piece: its packing (already made if its size was asked for).
    if (size < 0) size = packPositions(list, positions);
    return { ends, pieces: [Buffer.from(scratch.buffer, scratch.byteOffset, size).toString('base64')] };
  }
  if (byImpact && ends.length > 1) positions = sortByImpact(list, positions);
  const count = Math.min(packed, ends.length);
  const own: Uint32Array[] = [];
  const filled: number[] = [];
  const pieceOf = new Int32Array(list.length).fill(-1);
  for (let k = 0, start = 0; k < count; start = ends[k], k += 1) {
    own.push(new Uint32Array(ends[k] - start));
    filled.push(0);
    pieceOf.fill(k, start, ends[k]);
  }
  for (let j = 0; j < positions.length; j += 1) {
    const i = positions[j];
    const k = pieceOf[i];
    if (k >= 0) own[k][filled[k]++] = i;
  }
  const pieces = own.map((order) => {
    const size = packPositions(list, order);
    return size === 0 ? '' : Buffer.from(scratch.buffer, scratch.byteOffset, size).toString('base64');
  });
  return { ends, pieces };
}

/** The two characters a byte of page-id digits packs (high nibble first), as `encodeBlock` wrote them. */
const DIGIT_PAIRS: string[] = Array.from({ length: 256 }, (_, b) => String.fromCharCode(48 + (b >> 4), 48 + (b & 15)));

/**
 * The term frequencies of the one-byte form, shared by every decoded posting that has them: most postings have one
 * of these few triples, so decoding allocates no array for them. A posting's fields are read, never edited (not
 * frozen: V8 reads a frozen array's elements more slowly, and packing reads every posting's).
 */
const SMALL_TFS: FieldTriple[] = Array.from({ length: 255 }, (_, t): FieldTriple => [Math.floor(t / 45), Math.floor(t / 15) % 3, t % 15]);

/** Slots of `sharedLength`'s cache (a power of two). */
const LENGTH_SLOTS = 1 << 14;
const lengths: Array<FieldTriple | undefined> = new Array<FieldTriple | undefined>(LENGTH_SLOTS);

/**
 * A `[title, heading, body]` length triple, shared (read, never edited, like SMALL_TFS): a chunk's postings all have
 * its lengths, in every term's blocks, so decoding reuses the triple made last for the same lengths (a
 * direct-mapped cache) instead of allocating one per posting (the garbage collector's work in a merge).
 */
function sharedLength(lt: number, lh: number, lb: number): FieldTriple {
  const slot = (((lt * 31 + lh) * 1021 + lb) >>> 0) & (LENGTH_SLOTS - 1);
  const hit = lengths[slot];
  if (hit !== undefined && hit[2] === lb && hit[0] === lt && hit[1] === lh) return hit;
  const made: FieldTriple = [lt, lh, lb];
  lengths[slot] = made;
  return made;
}

/** The postings of a packed block, impacts recomputed; '' is an empty block. */
export function decodeBlock(packed: string): Posting[] {
  if (!packed) return [];
  const bytes = Buffer.from(packed, 'base64');
  let at = 0;
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[at++];
      // Past the end, a garbled block would loop here forever: fail as a corrupt value instead.
      if (b === undefined) throw new AppError('corrupt', 'A postings block does not decode.');
      n += (b & 127) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
  };
  const out: Posting[] = [];
  let previous = '';
  while (at < bytes.length) {
    const header = varint();
    const shared = header % 20;
    const suffixLength = Math.floor(header / 20);
    let suffix = '';
    for (let i = 0; i + 1 < suffixLength; i += 2) suffix += DIGIT_PAIRS[bytes[at++]];
    if (suffixLength % 2 === 1) suffix += String.fromCharCode(48 + (bytes[at++] >> 4));
    const pageId = previous.slice(0, shared) + suffix;
    const chunk = varint();
    let tf: FieldTriple;
    const t = bytes[at++];
    if (t === 255) tf = [varint(), varint(), varint()];
    else tf = SMALL_TFS[t];
    let lt: number;
    let lh: number;
    const l = bytes[at++];
    if (l === 255) {
      lt = varint();
      lh = varint();
    } else {
      lt = l >> 4;
      lh = l & 15;
    }
    const len = sharedLength(lt, lh, varint());
    out.push({ id: `${pageId}.${chunk}`, impact: impactOf(tf, len), tf, len });
    previous = pageId;
  }
  return out;
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
/** Highest integer weighted tf `frontierOf` buckets by value rather than sorting (a chunk has at most 400 words). */
const FRONTIER_BUCKETS = 4096;

/**
 * The block's best (weighted tf, weighted length) pairs under `weights`: every posting is matched or beaten by a
 * point (higher or equal tf, lower or equal length). BM25F's tf part rises with tf and falls with length for any
 * k1, b and average length, so the best score in the block is the best over these few points: an exact block max
 * where `maxTf`/`minLen` (taken field by field, from different postings) can be far above any real posting.
 * Flattened as `[t1, dl1, t2, dl2, ...]`, tf descending, length descending.
 */
export function frontierOf(list: Posting[], weights: FieldTriple): number[] {
  const n = list.length;
  ensureWeightedRoom(n);
  let maxT = 0;
  let small = true;
  for (let i = 0; i < n; i += 1) {
    const { tf, len } = list[i];
    const t = weights[0] * tf[0] + weights[1] * tf[1] + weights[2] * tf[2];
    weightedTf[i] = t;
    weightedLen[i] = weights[0] * len[0] + weights[1] * len[1] + weights[2] * len[2];
    if (t > maxT) maxT = t;
    if (!(Number.isInteger(t) && t >= 0)) small = false;
  }
  return frontierPoints(n, maxT, small);
}

/** Per-posting weighted tf and length for `frontierPoints`, reused across calls (grown on demand). */
let weightedTf = new Float64Array(1024);
let weightedLen = new Float64Array(1024);

function ensureWeightedRoom(n: number): void {
  if (n <= weightedTf.length) return;
  const size = Math.max(n, weightedTf.length * 2);
  weightedTf = new Float64Array(size);
  weightedLen = new Float64Array(size);
}

/** The frontier of the first `n` points of `weightedTf`/`weightedLen`; `small`: every tf an integer, 0 to `maxT`. */
function frontierPoints(n: number, maxT: number, small: boolean): number[] {
  const kept: number[][] = [];
  if (small && maxT <= FRONTIER_BUCKETS) {
    // Integer weighted tfs (integer weights, as the default ranking's): the shortest length per tf value, then a scan
    // from the highest tf down keeps each that is shorter than every kept one; the same points as sorting them all.
    const shortest = new Float64Array(maxT + 1).fill(Infinity);
    for (let i = 0; i < n; i += 1) if (weightedLen[i] < shortest[weightedTf[i]]) shortest[weightedTf[i]] = weightedLen[i];
    for (let t = maxT; t >= 0; t -= 1) {
      const dl = shortest[t];
      if (dl !== Infinity && (kept.length === 0 || dl < kept[kept.length - 1][1])) kept.push([t, dl]);
    }
  } else {
    const points = Array.from({ length: n }, (_, i) => [weightedTf[i], weightedLen[i]]);
    points.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [t, dl] of points) {
      if (kept.length === 0 || dl < kept[kept.length - 1][1]) kept.push([t, dl]);
    }
  }
  while (kept.length > MAX_FRONTIER_POINTS) {
    // Merge the neighbours whose merged point loses least (smallest tf step), keeping a dominating point.
    let best = 0;
    for (let i = 1; i < kept.length - 1; i += 1) if (kept[i][0] - kept[i + 1][0] < kept[best][0] - kept[best + 1][0]) best = i;
    kept.splice(best, 2, [kept[best][0], kept[best + 1][1]]);
  }
  return kept.flat();
}

/** What a block's entry in its head records of its postings (term-update.ts `meta`). */
export interface BlockSummary extends BlockBound {
  /** The first and last postings in impact order (`comparePostings`), whatever order the list is in. */
  first: Posting | undefined;
  last: Posting | undefined;
  /** `frontierOf(list, weights)`. */
  frontier: number[];
}

/**
 * `boundOf`, `frontierOf` and the impact-order ends of a block in one pass over its postings: a merge summarises
 * every block it writes, and a block is packed in id order, so its list need not be sorted by impact.
 *
 * @example
 * const { first, maxTf, frontier } = summarize(list, [2, 1, 1]);
 */
export function summarize(list: Posting[], weights: FieldTriple): BlockSummary {
  const n = list.length;
  ensureWeightedRoom(n);
  const maxTf: FieldTriple = [0, 0, 0];
  const minLen: FieldTriple = [Infinity, Infinity, Infinity];
  let first = list[0];
  let last = list[0];
  let maxT = 0;
  let small = true;
  for (let i = 0; i < n; i += 1) {
    const p = list[i];
    const { tf, len } = p;
    if (tf[0] > maxTf[0]) maxTf[0] = tf[0];
    if (tf[1] > maxTf[1]) maxTf[1] = tf[1];
    if (tf[2] > maxTf[2]) maxTf[2] = tf[2];
    if (len[0] < minLen[0]) minLen[0] = len[0];
    if (len[1] < minLen[1]) minLen[1] = len[1];
    if (len[2] < minLen[2]) minLen[2] = len[2];
    const t = weights[0] * tf[0] + weights[1] * tf[1] + weights[2] * tf[2];
    weightedTf[i] = t;
    weightedLen[i] = weights[0] * len[0] + weights[1] * len[1] + weights[2] * len[2];
    if (t > maxT) maxT = t;
    if (!(Number.isInteger(t) && t >= 0)) small = false;
    if (i > 0) {
      if (comparePostings(p, first) < 0) first = p;
      else if (comparePostings(p, last) > 0) last = p;
    }
  }
  return { maxTf, minLen: minLen.map((x) => (Number.isFinite(x) ? x : 0)) as FieldTriple, first, last, frontier: frontierPoints(n, maxT, small) };
}
