import type { KeyValueStore, StoredEntry } from '../ports';
import type { ResolvedConfig } from './config';
import { FRONTIER_WEIGHTS } from './bm25';
import { decodeBlock, encodeBlock, encodePieces, summarize, type PackedSize, type Posting, type PostingKey } from './postings';
import type { BlockMeta, TermBlock, TermHead } from './records';

/** What one merge changes in one term's postings. Removals are located by the key they were written with. */
export interface TermChange {
  removes: Posting[];
  adds: Posting[];
}

/** What updating a group of terms writes and deletes; the caller writes first, then deletes (blocks before heads). */
export interface TermWrites {
  writes: Array<StoredEntry<unknown>>;
  deleteBlocks: string[];
  deleteHeads: string[];
}

/** Whether a stored key `[impact, id]` sorts at or before `key` in impact order (`comparePostings(k, key) <= 0`). */
function atOrBefore(k: [number, string], key: PostingKey): boolean {
  return k[0] > key.impact || (k[0] === key.impact && k[1] <= key.id);
}

/** Position (in `main`) of the main block whose range holds `key`: the last whose first key sorts at or before it. */
function locateMain(main: BlockMeta[], key: PostingKey): number {
  let lo = 1;
  let hi = main.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrBefore(main[mid].k, key)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Whether a fresh block's range (first to last key, both included) holds `key`. */
function freshHolds(block: BlockMeta, key: PostingKey): boolean {
  const last = block.e ?? block.k;
  return atOrBefore(block.k, key) && (key.impact > last[0] || (key.impact === last[0] && key.id <= last[1]));
}

/** A block's entry in its head; `ends` (first and last in impact order) found by a pass over `list` unless given. */
function meta(id: number, r: number, list: Posting[], ends?: [Posting | undefined, Posting | undefined]): BlockMeta {
  const summary = summarize(list, FRONTIER_WEIGHTS);
  const [first, last] = ends ?? [summary.first, summary.last];
  const m: BlockMeta = { id, r, n: list.length, k: [first?.impact ?? 0, first?.id ?? ''], maxTf: summary.maxTf, minLen: summary.minLen, f: summary.frontier };
  if (r > 0) m.e = [last?.impact ?? 0, last?.id ?? ''];
  return m;
}

/**
 * Packed forms of lists `cut` measured and kept whole, so a block is encoded once: `cut` must pack a list to know
 * its size, and most lists it sees fit in one piece, which is then written as is.
 */
const packedLists = new WeakMap<Posting[], string>();

/** `encodeBlock(list)`, reusing the packing `cut` already did for this very list. */
function pack(list: Posting[]): string {
  return packedLists.get(list) ?? encodeBlock(list);
}

/**
 * Cuts a list into even pieces of impact order of at most `fill` times the limits (one piece, the list as it
 * is, if it fits the limits; else the list is sorted first), packing the first `packed` pieces for the write as it
 * goes (the list's ids are sorted once for all; its first `sorted` postings are in id order already).
 */
function cut(list: Posting[], maxPostings: number, maxBytes: number, fill: number, packed = Infinity, sorted = 0): Posting[][] {
  if (list.length === 0) return [];
  const n = list.length;
  /** The most postings a piece may hold for a list of this size (the count, or the bytes, bound first). */
  const limitFor = (bytes: number): number => Math.min(maxPostings, maxBytes / Math.max(1, bytes / n));
  const piecesOf = (size: PackedSize): number[] => {
    if (n <= maxPostings && size.exact() <= maxBytes) return [n];
    // A list past the count limit whose size's upper bound already leaves the count as the limit is not packed whole:
    // the exact size (at most the bound) would give the same limit. The bound counts each posting's page id in full
    // (about 14 characters a posting), so it is worth computing only where the byte limit allows more than that per
    // posting (a block's 21.8, not the inline block's 10.2).
    const boundMayDo = n > maxPostings && maxBytes > BOUND_CHARS_PER_POSTING * maxPostings;
    const limit = boundMayDo && limitFor(size.atMost()) === maxPostings ? maxPostings : limitFor(size.exact());
    const target = Math.max(1, Math.floor(limit * fill));
    // Even pieces: a short remainder would be one more value for a query to read, for few postings.
    const count = Math.ceil(n / target);
    return Array.from({ length: count }, (_, k) => Math.floor(((k + 1) * n) / count));
  };
  const { ends, pieces } = encodePieces(list, piecesOf, packed, true, sorted);
  if (ends.length === 1) {
    packedLists.set(list, pieces[0]);
    return [list];
  }
  const out = ends.map((end, k) => list.slice(k === 0 ? 0 : ends[k - 1], end));
  pieces.forEach((s, k) => packedLists.set(out[k], s));
  return out;
}

/** About what `PackedSize.atMost` counts per posting (base64 characters of ~10 bytes). */
const BOUND_CHARS_PER_POSTING = 14;

interface Plan {
  term: string;
  head: TermHead;
  change: TermChange;
  main: BlockMeta[];
  fresh: BlockMeta[];
  fold: boolean;
  /** Block ids to read. */
  read: Set<number>;
  /** Per add (same positions as `change.adds`), the position in `main` of the block whose range holds it. */
  addAt: Int32Array;
}

function emptyHead(): TermHead {
  return { df: 0, nextId: 1, g: -1, blocks: [], p: '' };
}

/**
 * Plans one term's update: LSM-style, a merge writes a term's new postings as a fresh run (a few full blocks of
 * their own) instead of editing the main run's blocks they fall among; postings in the head's inline range go to
 * the head, which is rewritten anyway. Fresh runs fold into the main run once they hold more than
 * `freshFraction` of it, or once there would be more than `maxFreshRuns` of them.
 */
function plan(config: ResolvedConfig, term: string, stored: TermHead | undefined, change: TermChange): Plan {
  const head = stored ?? emptyHead();
  const main = head.blocks.filter((b) => b.r === 0);
  if (main.length === 0) main.push(meta(0, 0, []));
  const fresh = head.blocks.filter((b) => b.r > 0);
  const addAt = new Int32Array(change.adds.length);
  let toFresh = 0;
  if (main.length > 1) {
    change.adds.forEach((x, i) => {
      addAt[i] = locateMain(main, x);
      if (addAt[i] > 0) toFresh += 1;
    });
  }
  const mainN = main.reduce((n, b) => n + b.n, 0);
  const freshN = fresh.reduce((n, b) => n + b.n, 0) + toFresh;
  const runs = new Set(fresh.map((b) => b.r)).size + (toFresh > 0 ? 1 : 0);
  const fold = freshN > 0 && (freshN > config.freshFraction * mainN || runs > config.maxFreshRuns);
  const read = new Set<number>();
  if (fold) for (const b of [...main, ...fresh]) read.add(b.id);
  else {
    for (const p of change.removes) {
      read.add(main[locateMain(main, p)].id);
      for (const b of fresh) if (freshHolds(b, p)) read.add(b.id);
    }
  }
  read.delete(0);
  return { term, head, change, main, fresh, fold, read, addAt };
}

/** Applies one planned update to the postings read, adding its writes and deletes to `out`. */
async function apply(store: KeyValueStore, config: ResolvedConfig, p: Plan, blocks: Map<number, string>, epoch: number, out: TermWrites): Promise<void> {
  const keys = config.keys;
  const { head, main, fresh, change } = p;
  // Removals first, by block: a block's postings are decoded without them, then this merge's adds join them. A
  // chunk's posting of a term is in exactly one block, and an add never repeats a stored posting it does not remove.
  const removedIn = new Map<number, Set<string>>();
  const removeFrom = (id: number, postingId: string): void => {
    let ids = removedIn.get(id);
    if (!ids) removedIn.set(id, (ids = new Set()));
    ids.add(postingId);
  };
  for (const r of change.removes) {
    removeFrom(main[locateMain(main, r)].id, r.id);
    for (const b of fresh) if (freshHolds(b, r)) removeFrom(b.id, r.id);
  }
  /** Blocks this update rewrites, by id: their postings (any order), decoded on first use. */
  const content = new Map<number, Posting[]>();
  /** How many of a block's postings in `content` were decoded (in id order, as packed), before the adds. */
  const decoded = new Map<number, number>();
  const contentOf = (id: number): Posting[] => {
    let c = content.get(id);
    if (!c) {
      c = decodeBlock(id === 0 ? head.p : (blocks.get(id) ?? ''));
      const gone = removedIn.get(id);
      if (gone) c = c.filter((x) => !gone.has(x.id));
      content.set(id, c);
      decoded.set(id, c.length);
    }
    return c;
  };
  const sameWeights = head.fw !== undefined && head.fw.every((w, f) => w === FRONTIER_WEIGHTS[f]);
  // The inline block is decoded only when a change lands in its range (or its frontier must be recomputed under new
  // weights): most merges send a common term's postings to fresh runs and leave the head's packed block as it was.
  if (!sameWeights || removedIn.has(0)) contentOf(0);
  for (const id of p.read) contentOf(id);
  /** The main block whose range holds the posting at `at` in `main`, decoded (the inline block on first use; others were read). */
  const mainContent = (at: number): Posting[] | undefined => {
    const id = main[at].id;
    return id === 0 ? contentOf(0) : content.get(id);
  };
  const freshAdds: Posting[] = [];
  if (p.fold) {
    const moving = fresh.flatMap((b) => content.get(b.id) ?? []);
    for (const b of fresh) content.set(b.id, []);
    for (const x of moving) mainContent(locateMain(main, x))?.push(x);
    change.adds.forEach((x, i) => mainContent(p.addAt[i])?.push(x));
  } else {
    change.adds.forEach((x, i) => {
      if (p.addAt[i] === 0) contentOf(0).push(x);
      else freshAdds.push(x);
    });
  }

  const replaced: number[] = [];
  const keep = (old: BlockMeta): BlockMeta =>
    // A frontier under other weights would not bound this query's scores: drop it, `maxTf`/`minLen` still do.
    sameWeights || old.f === undefined ? old : { id: old.id, r: old.r, n: old.n, k: old.k, e: old.e, maxTf: old.maxTf, minLen: old.minLen };
  let nextId = head.nextId;
  const start = out.writes.length;
  const written = new Map<number, Posting[]>();
  const write = (r: number, list: Posting[]): BlockMeta => {
    const id = nextId++;
    written.set(id, list);
    out.writes.push({ key: keys.termBlock(p.term, id), value: { p: pack(list) } satisfies TermBlock });
    return meta(id, r, list);
  };

  // The main run: block 0 inline (cut to half the inline limit once it outgrows it), then its other blocks.
  const mainOut: BlockMeta[] = [];
  let inline: Posting[] = [];
  // Unchanged inline block: the head keeps its packed postings and their meta as they were.
  let inlinePacked: string | undefined = content.has(0) ? undefined : head.p;
  main.forEach((old, i) => {
    const c = content.get(old.id);
    if (!c) {
      mainOut.push(keep(old));
      return;
    }
    if (i === 0) {
      const pieces = cut(c, Math.min(config.maxInlinePostings, config.maxBlockPostings), Math.min(config.maxInlineBytes, config.maxBlockBytes), 0.5, 1, decoded.get(0));
      inline = pieces[0] ?? [];
      mainOut.push(meta(0, 0, inline));
      for (const piece of cut(pieces.slice(1).flat(), config.maxBlockPostings, config.maxBlockBytes, 0.5)) mainOut.push(write(0, piece));
      return;
    }
    replaced.push(old.id);
    for (const piece of cut(c, config.maxBlockPostings, config.maxBlockBytes, 0.5, Infinity, decoded.get(old.id))) mainOut.push(write(0, piece));
  });
  if (inline.length === 0 && mainOut.length > 1 && content.has(0)) {
    // The inline block emptied: the next main block moves into the head, so a query still finds the best postings there.
    const next = mainOut[1];
    let list = written.get(next.id);
    let ends: [Posting | undefined, Posting | undefined] | undefined;
    if (list) out.writes.splice(out.writes.findIndex((w) => w.key === keys.termBlock(p.term, next.id)), 1);
    else {
      const packed = blocks.get(next.id) ?? (await store.get<TermBlock>(keys.termBlock(p.term, next.id)))?.p;
      list = decodeBlock(packed ?? '');
      // As read (id order): the head records this block's first key as its first posting in that order.
      ends = [list[0], list[list.length - 1]];
      replaced.push(next.id);
    }
    inline = list;
    inlinePacked = undefined;
    mainOut.splice(0, 2, meta(0, 0, list, ends));
  }

  // Fresh runs: kept, rewritten without their removed postings, dropped when folded; then this merge's own run.
  const freshOut: BlockMeta[] = [];
  for (const old of fresh) {
    const c = content.get(old.id);
    if (!c) {
      freshOut.push(keep(old));
      continue;
    }
    replaced.push(old.id);
    if (c.length > 0) freshOut.push(write(old.r, c));
  }
  const run = fresh.reduce((n, b) => Math.max(n, b.r), 0) + 1;
  for (const piece of cut(freshAdds, config.maxBlockPostings, config.maxBlockBytes, 1)) freshOut.push(write(run, piece));

  const all = [...mainOut, ...freshOut];
  const df = all.reduce((n, b) => n + b.n, 0);
  if (df === 0) {
    out.writes.splice(start);
    out.deleteBlocks.push(...head.blocks.filter((b) => b.id !== 0).map((b) => keys.termBlock(p.term, b.id)));
    out.deleteHeads.push(keys.termHead(p.term));
    return;
  }
  const value: TermHead = { df, fw: FRONTIER_WEIGHTS, nextId, g: epoch, blocks: all, p: inlinePacked ?? pack(inline) };
  if (replaced.length > 0) value.x = replaced;
  out.writes.push({ key: keys.termHead(p.term), value });
  out.deleteBlocks.push(...replaced.map((id) => keys.termBlock(p.term, id)));
}

/**
 * Applies changes to a group of terms: reads each term's head and only the blocks the changes need (all of a
 * term's blocks when its fresh runs fold), and plans the writes. Blocks are copy-on-write: a changed block is
 * written under a new id and the old one deleted after the head that stops listing it, so a merge killed at any
 * write leaves heads that list only complete blocks. Heads whose `g` is `skipEpoch` were already written by the
 * killed merge being finished: only their replaced blocks are deleted (again). Only the merger (one at a time,
 * under a lease) calls this, so read-modify-write is safe.
 */
export async function updateTerms(
  store: KeyValueStore,
  config: ResolvedConfig,
  changes: Map<string, TermChange>,
  epoch: number,
  skipEpoch?: number,
): Promise<TermWrites> {
  const keys = config.keys;
  const terms = [...changes.keys()];
  const heads = await store.getMany<TermHead>(terms.map((t) => keys.termHead(t)));
  const out: TermWrites = { writes: [], deleteBlocks: [], deleteHeads: [] };
  const plans: Plan[] = [];
  for (const term of terms) {
    const head = heads.get(keys.termHead(term));
    if (head && skipEpoch !== undefined && head.g === skipEpoch) {
      out.deleteBlocks.push(...(head.x ?? []).map((id) => keys.termBlock(term, id)));
      continue;
    }
    plans.push(plan(config, term, head, changes.get(term) as TermChange));
  }
  const wanted = plans.flatMap((p) => [...p.read].map((id) => keys.termBlock(p.term, id)));
  // The inline block may empty and need the next main block: read it with the others when the change could do that.
  for (const p of plans) {
    const main = p.main;
    if (main.length > 1 && p.change.removes.length >= main[0].n && !p.read.has(main[1].id)) {
      p.read.add(main[1].id);
      wanted.push(keys.termBlock(p.term, main[1].id));
    }
  }
  const fetched = await store.getMany<TermBlock>(wanted);
  for (const p of plans) {
    const blocks = new Map<number, string>();
    for (const id of p.read) blocks.set(id, fetched.get(keys.termBlock(p.term, id))?.p ?? '');
    await apply(store, config, p, blocks, epoch, out);
  }
  return out;
}
