import type { KeyValueStore, StoredEntry } from '../ports';
import type { ResolvedConfig } from './config';
import { FRONTIER_WEIGHTS } from './bm25';
import { boundOf, comparePostings, decodePostings, encodePosting, frontierOf, type Posting } from './postings';
import type { BlockMeta, TermBlock, TermHead } from './records';

/** What one merge run changes in one term's postings. Removals are located by the key they were written with. */
export interface TermChange {
  removes: Posting[];
  adds: Posting[];
}

/** Index of the block whose range holds `key`: the last block whose first posting sorts at or before it. */
function locate(blocks: BlockMeta[], key: { impact: number; id: string }): number {
  let lo = 1;
  let hi = blocks.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePostings(blocks[mid].top, key) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function meta(id: number, list: Posting[]): BlockMeta {
  const bound = boundOf(list);
  return { id, n: list.length, top: { impact: list[0]?.impact ?? 0, id: list[0]?.id ?? '' }, ...bound, f: frontierOf(list, FRONTIER_WEIGHTS) };
}

/** Cuts an over-full block into pieces filled to half the limits, so the next additions don't split it again. */
function split(list: Posting[], config: ResolvedConfig): Array<{ postings: Posting[]; packed: string }> {
  const encoded = list.map(encodePosting);
  const bytes = encoded.reduce((sum, e) => sum + e.length + 1, 0);
  if (list.length <= config.maxBlockPostings && bytes <= config.maxBlockBytes) return [{ postings: list, packed: encoded.join(' ') }];
  const perPosting = Math.max(1, bytes / Math.max(1, list.length));
  const target = Math.max(1, Math.floor(Math.min(config.maxBlockPostings, config.maxBlockBytes / perPosting) / 2));
  // Even pieces: a short remainder would be one more value for a query to read, for few postings.
  const count = Math.ceil(list.length / target);
  const pieces: Array<{ postings: Posting[]; packed: string }> = [];
  for (let k = 0; k < count; k += 1) {
    const from = Math.floor((k * list.length) / count);
    const to = Math.floor(((k + 1) * list.length) / count);
    pieces.push({ postings: list.slice(from, to), packed: encoded.slice(from, to).join(' ') });
  }
  return pieces;
}

/**
 * Applies changes to a group of terms: reads each term's head and only the blocks the changes fall in, edits them,
 * splits blocks that outgrow the limits and writes back only what changed. Only the merger (one at a time, under a
 * lease) calls this, so read-modify-write is safe.
 */
export async function updateTerms(store: KeyValueStore, config: ResolvedConfig, changes: Map<string, TermChange>): Promise<void> {
  const keys = config.keys;
  const terms = [...changes.keys()];
  const heads = await store.getMany<TermHead>(terms.map((t) => keys.termHead(t)));
  const blockKeys: string[] = [];
  const plans = terms.map((term) => {
    const head = heads.get(keys.termHead(term)) ?? { df: 0, nextId: 1, blocks: [], p0: '' };
    if (head.blocks.length === 0) head.blocks = [meta(0, [])];
    const change = changes.get(term) as TermChange;
    const touched = new Set<number>();
    for (const p of [...change.removes, ...change.adds]) touched.add(locate(head.blocks, p));
    for (const i of touched) if (i > 0) blockKeys.push(keys.termBlock(term, head.blocks[i].id));
    return { term, head, change, touched };
  });
  const fetched = await store.getMany<TermBlock>(blockKeys);
  const writes: Array<StoredEntry<unknown>> = [];
  const deletes: string[] = [];
  for (const { term, head, change, touched } of plans) {
    const byId = new Map<number, Map<string, Posting>>();
    for (const i of touched) {
      const raw = i === 0 ? head.p0 : (fetched.get(keys.termBlock(term, head.blocks[i].id))?.p ?? '');
      byId.set(i, new Map(decodePostings(raw).map((p) => [p.id, p])));
    }
    for (const p of change.removes) byId.get(locate(head.blocks, p))?.delete(p.id);
    for (const p of change.adds) byId.get(locate(head.blocks, p))?.set(p.id, p);
    const blocks: BlockMeta[] = [];
    let p0 = head.p0;
    const sameWeights = head.fw !== undefined && head.fw.every((w, f) => w === FRONTIER_WEIGHTS[f]);
    head.blocks.forEach((old, i) => {
      const postings = byId.get(i);
      if (!postings) {
        // A frontier under other weights would not bound this query's scores: drop it, `maxTf`/`minLen` still do.
        if (sameWeights || old.f === undefined) blocks.push(old);
        else blocks.push({ id: old.id, n: old.n, top: old.top, maxTf: old.maxTf, minLen: old.minLen });
        return;
      }
      const list = [...postings.values()].sort(comparePostings);
      if (list.length === 0 && i > 0) {
        deletes.push(keys.termBlock(term, old.id));
        return;
      }
      split(list, config).forEach((piece, n) => {
        const id = n === 0 ? old.id : head.nextId++;
        blocks.push(meta(id, piece.postings));
        if (id === 0) p0 = piece.packed;
        else writes.push({ key: keys.termBlock(term, id), value: { p: piece.packed } satisfies TermBlock });
      });
    });
    const df = blocks.reduce((sum, b) => sum + b.n, 0);
    if (df === 0) {
      deletes.push(keys.termHead(term));
      continue;
    }
    if (blocks[0].n === 0 && blocks.length > 1) {
      // The inline block emptied: the next block moves into the head so a query still finds the best postings there.
      const next = blocks[1];
      const nextKey = keys.termBlock(term, next.id);
      const pending = writes.findIndex((w) => w.key === nextKey);
      if (pending >= 0) p0 = (writes.splice(pending, 1)[0].value as TermBlock).p;
      else p0 = fetched.get(nextKey)?.p ?? (await store.get<TermBlock>(nextKey))?.p ?? '';
      deletes.push(nextKey);
      blocks.splice(0, 2, { ...next, id: 0 });
    }
    writes.push({ key: keys.termHead(term), value: { df, fw: FRONTIER_WEIGHTS, nextId: head.nextId, blocks, p0 } satisfies TermHead });
  }
  const written = new Set(writes.map((w) => w.key));
  await store.setMany(writes);
  await store.deleteMany(deletes.filter((k) => !written.has(k)));
}
