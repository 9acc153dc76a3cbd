import type { KeyValueStore, StoredEntry } from '../ports';
import { listByPrefix } from '../store/list-by-prefix';
import { ANALYZER_VERSION } from './analyzer';
import type { ResolvedConfig } from './config';
import { chunkPostings } from './document';
import { samePosting, type FieldTriple, type Posting } from './postings';
import type { ChunkRecord, InboxEntry, IndexStats, PageRecord, PendingPage } from './records';
import { acquireLease, type Lease } from './lease';
import { updateTerms, type TermChange } from './term-update';

export interface MergeReport {
  /** Another merger held the lease: nothing was done. */
  busy: boolean;
  pagesIndexed: number;
  pagesRemoved: number;
  /** Pages left for a later run (their chunks were not all readable yet). */
  pagesDeferred: number;
  termsUpdated: number;
  /** More inbox entries may be waiting (the batch was full, or the run's time or lease ran out). */
  more: boolean;
}

/** Terms updated per read/write round: bounds memory and lets the merger extend its lease or stop between rounds. */
const TERM_GROUP = 400;
/** Queued pages whose chunks stay unreadable this long are dropped from the inbox. */
const ABANDON_AFTER_MS = 60 * 60 * 1000;

type Decision =
  | { kind: 'upsert'; version: number; chunkCount: number }
  | { kind: 'remove' }
  | { kind: 'none' };

function decide(entries: InboxEntry[], applied: PageRecord | undefined): Decision {
  let upsert: Extract<InboxEntry, { op: 'upsert' }> | undefined;
  let removeAt = -Infinity;
  for (const e of entries) {
    if (e.op === 'remove') removeAt = Math.max(removeAt, e.at);
    else if (!upsert || e.version > upsert.version) upsert = e;
  }
  if (removeAt > -Infinity && (!upsert || removeAt >= upsert.at)) return { kind: 'remove' };
  if (upsert && (!applied || upsert.version > applied.version)) return { kind: 'upsert', version: upsert.version, chunkCount: upsert.chunkCount };
  return { kind: 'none' };
}

function chunkKeys(config: ResolvedConfig, pageId: string, version: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => config.keys.chunk(pageId, version, i));
}

const EMPTY_STATS: IndexStats = { chunks: 0, pages: 0, sumLen: [0, 0, 0] };

/** Adds one pending page's change to the totals. */
function addPending(stats: IndexStats, [, , chunks, pages, ...len]: PendingPage): IndexStats {
  return {
    chunks: Math.max(0, stats.chunks + chunks),
    pages: Math.max(0, stats.pages + pages),
    sumLen: stats.sumLen.map((s, f) => Math.max(0, s + len[f])) as FieldTriple,
  };
}

/**
 * The stats with a killed merge's pending changes settled: a page counts only if its record reached the version
 * that merge was writing (absent for a removal), so the stats match the page records whichever write came last.
 */
async function settledStats(store: KeyValueStore, config: ResolvedConfig): Promise<IndexStats> {
  const stored = await store.get<IndexStats>(config.keys.stats());
  if (!stored) return EMPTY_STATS;
  const { pending, ...stats } = stored;
  if (!pending || pending.length === 0) return stats;
  const records = await store.getMany<PageRecord>(pending.map(([pageId]) => config.keys.page(pageId)));
  let settled: IndexStats = stats;
  for (const entry of pending) {
    const record = records.get(config.keys.page(entry[0]));
    if (entry[1] === -1 ? record === undefined : record?.version === entry[1]) settled = addPending(settled, entry);
  }
  await store.set(config.keys.stats(), settled);
  return settled;
}

/** One page's queued entries, the record the postings reflect now, and what this merge will do with it. */
interface PagePlan {
  pageId: string;
  entries: Array<StoredEntry<InboxEntry>>;
  applied: PageRecord | undefined;
  decision: Decision;
  /** Its new chunks are not all readable yet: left in the inbox for a later run. */
  deferred: boolean;
}

/** Step 1: the inbox batch grouped by page, with each page's applied record and decision. */
async function readInbox(store: KeyValueStore, config: ResolvedConfig): Promise<{ plans: PagePlan[]; more: boolean }> {
  const { entries, more } = await listByPrefix<InboxEntry>(store, config.keys.inboxPrefix(), { max: config.mergeBatch });
  const byPage = new Map<string, Array<StoredEntry<InboxEntry>>>();
  for (const e of entries) byPage.set(e.value.pageId, [...(byPage.get(e.value.pageId) ?? []), e]);
  const records = await store.getMany<PageRecord>([...byPage.keys()].map((id) => config.keys.page(id)));
  const plans = [...byPage].map(([pageId, pageEntries]): PagePlan => {
    const applied = records.get(config.keys.page(pageId));
    return { pageId, entries: pageEntries, applied, decision: decide(pageEntries.map((e) => e.value), applied), deferred: false };
  });
  return { plans, more };
}

/** Step 2: the chunk records the decisions need, old (to undo) and new (to add). */
async function readChunks(store: KeyValueStore, config: ResolvedConfig, plans: PagePlan[]): Promise<Map<string, ChunkRecord>> {
  const wanted: string[] = [];
  for (const { pageId, applied, decision } of plans) {
    if (applied && decision.kind !== 'none') wanted.push(...chunkKeys(config, pageId, applied.version, applied.chunkCount));
    if (decision.kind === 'upsert') wanted.push(...chunkKeys(config, pageId, decision.version, decision.chunkCount));
  }
  return store.getMany<ChunkRecord>(wanted);
}

/**
 * Step 3: per term, the postings to remove and add, and per page its change to the stats. Pages whose new chunks
 * are missing are deferred, or dropped from the plan once queued longer than ABANDON_AFTER_MS.
 */
function planTermUpdates(config: ResolvedConfig, plans: PagePlan[], chunks: Map<string, ChunkRecord>, now: number): { changes: Map<string, TermChange>; pending: PendingPage[] } {
  const changes = new Map<string, TermChange>();
  const change = (term: string): TermChange => {
    let c = changes.get(term);
    if (!c) changes.set(term, (c = { removes: [], adds: [] }));
    return c;
  };
  const pending: PendingPage[] = [];
  for (const plan of plans) {
    const { pageId, applied, decision } = plan;
    if (decision.kind === 'none') continue;
    const delta = { chunks: 0, pages: 0, sumLen: [0, 0, 0] as FieldTriple };
    const fresh = decision.kind === 'upsert' ? chunkKeys(config, pageId, decision.version, decision.chunkCount).map((k) => chunks.get(k)) : [];
    if (fresh.some((c) => c === undefined)) {
      const queuedAt = Math.max(...plan.entries.map((e) => e.value.at));
      // A writer that queued a page and lost its chunks (removed meanwhile, or died) must not block the inbox forever.
      if (now - queuedAt > ABANDON_AFTER_MS) plan.decision = { kind: 'none' };
      else plan.deferred = true;
      continue;
    }
    const before = new Map<string, { term: string; posting: Posting }>();
    if (applied) {
      for (const key of chunkKeys(config, pageId, applied.version, applied.chunkCount)) {
        const record = chunks.get(key);
        if (!record) continue;
        for (const [term, p] of chunkPostings(record)) before.set(`${term}\u0000${p.id}`, { term, posting: p });
        delta.chunks -= 1;
        for (let f = 0; f < 3; f += 1) delta.sumLen[f] -= record.len[f];
      }
      delta.pages -= 1;
    }
    const after = new Map<string, Posting>();
    for (const record of fresh as ChunkRecord[]) {
      for (const [term, p] of chunkPostings(record)) {
        const k = `${term}\u0000${p.id}`;
        after.set(k, p);
        const old = before.get(k);
        if (!old || !samePosting(old.posting, p)) change(term).adds.push(p);
      }
      delta.chunks += 1;
      for (let f = 0; f < 3; f += 1) delta.sumLen[f] += record.len[f];
    }
    if (decision.kind === 'upsert') delta.pages += 1;
    for (const [k, { term, posting }] of before) {
      const current = after.get(k);
      if (!current || !samePosting(current, posting)) change(term).removes.push(posting);
    }
    if (delta.chunks !== 0 || delta.pages !== 0 || delta.sumLen.some((n) => n !== 0)) {
      pending.push([pageId, decision.kind === 'upsert' ? decision.version : -1, delta.chunks, delta.pages, ...delta.sumLen]);
    }
  }
  return { changes, pending };
}

/** Step 4: the term heads and blocks, TERM_GROUP terms a round; false when the lease ran out between rounds. */
async function writeTerms(store: KeyValueStore, config: ResolvedConfig, lease: Lease, changes: Map<string, TermChange>, report: MergeReport): Promise<boolean> {
  const terms = [...changes.keys()];
  for (let i = 0; i < terms.length; i += TERM_GROUP) {
    if (!(await lease.keep())) return false;
    const group = new Map(terms.slice(i, i + TERM_GROUP).map((t) => [t, changes.get(t) as TermChange]));
    await updateTerms(store, config, group);
    report.termsUpdated += group.size;
  }
  return true;
}

interface PageWrites {
  records: Array<StoredEntry<PageRecord>>;
  /** Page records of removed pages. */
  removed: string[];
  /** Chunk records no page record points at any more. */
  obsolete: string[];
  /** Inbox entries this merge has applied. */
  inboxDone: string[];
}

/** Step 5: the page records to write and delete, the chunks they leave behind, and the inbox entries done. */
async function planPageWrites(store: KeyValueStore, config: ResolvedConfig, plans: PagePlan[], chunks: Map<string, ChunkRecord>, report: MergeReport): Promise<PageWrites> {
  const writes: PageWrites = { records: [], removed: [], obsolete: [], inboxDone: [] };
  for (const { pageId, entries, applied, decision, deferred } of plans) {
    if (deferred) {
      report.pagesDeferred += 1;
      continue;
    }
    writes.inboxDone.push(...entries.map((e) => e.key));
    const keep = decision.kind === 'upsert' ? decision.version : applied && decision.kind === 'none' ? applied.version : -1;
    if (applied && applied.version !== keep) writes.obsolete.push(...chunkKeys(config, pageId, applied.version, applied.chunkCount));
    for (const e of entries) {
      if (e.value.op === 'upsert' && e.value.version !== keep) writes.obsolete.push(...chunkKeys(config, pageId, e.value.version, e.value.chunkCount));
    }
    if (decision.kind === 'upsert') {
      const first = chunks.get(config.keys.chunk(pageId, decision.version, 0)) as ChunkRecord;
      writes.records.push({
        key: config.keys.page(pageId),
        value: {
          pageId,
          version: decision.version,
          chunkCount: decision.chunkCount,
          spaceKey: first.spaceKey,
          title: first.title,
          url: first.url.split('#')[0],
          analyzer: ANALYZER_VERSION,
          indexedAt: config.clock.now(),
        },
      });
      report.pagesIndexed += 1;
    } else if (decision.kind === 'remove') {
      writes.removed.push(config.keys.page(pageId));
      // Chunks of versions never queued (a writer that died before queuing) are found by listing the page's prefix.
      const { entries: stored } = await listByPrefix<ChunkRecord>(store, config.keys.chunkPrefix(pageId));
      writes.obsolete.push(...stored.map((e) => e.key));
      report.pagesRemoved += 1;
    }
  }
  return writes;
}

/**
 * Step 6: stats with the batch pending, then the page records, then the stats with it counted: a kill between any
 * two leaves what `settledStats` resolves against the page records, so no batch is counted twice or lost.
 */
async function writePagesAndStats(store: KeyValueStore, config: ResolvedConfig, base: IndexStats, pending: PendingPage[], writes: PageWrites): Promise<void> {
  if (pending.length > 0) await store.set(config.keys.stats(), { ...base, pending });
  await store.setMany(writes.records);
  await store.deleteMany(writes.removed);
  if (pending.length > 0) await store.set(config.keys.stats(), pending.reduce(addPending, base));
}

/** Step 7: superseded chunk records, then the applied inbox entries (last, so a kill before it re-runs the batch). */
async function clearInbox(store: KeyValueStore, writes: PageWrites): Promise<void> {
  await store.deleteMany([...new Set(writes.obsolete)]);
  await store.deleteMany(writes.inboxDone);
}

/**
 * Folds queued page changes into the shared postings. One merger runs at a time: it takes the merge lease (a
 * create-if-absent write, see lease.ts), so concurrent calls return `busy` instead of racing.
 * Re-running after a crash is safe: removals and additions are keyed by chunk id, so applying twice changes nothing,
 * and the stats count a page's change only once its record is written (see `settledStats`).
 *
 * @example
 * const report = await mergeInbox(store, config);
 * if (report.more) await mergeInbox(store, config);
 */
export async function mergeInbox(store: KeyValueStore, config: ResolvedConfig): Promise<MergeReport> {
  const report: MergeReport = { busy: false, pagesIndexed: 0, pagesRemoved: 0, pagesDeferred: 0, termsUpdated: 0, more: false };
  const now = config.clock.now();
  // An idle index costs one list and no write: most scheduled merges find nothing to do.
  if ((await store.list(config.keys.inboxPrefix(), { limit: 1 })).entries.length === 0) return report;
  const lease = await acquireLease(store, config);
  if (!lease) return { ...report, busy: true };
  try {
    const base = await settledStats(store, config);
    const { plans, more } = await readInbox(store, config);
    report.more = more;
    if (plans.length === 0) return report;
    const chunks = await readChunks(store, config, plans);
    const { changes, pending } = planTermUpdates(config, plans, chunks, now);
    if (!(await writeTerms(store, config, lease, changes, report)) || !(await lease.keep())) {
      report.more = true;
      return report;
    }
    const writes = await planPageWrites(store, config, plans, chunks, report);
    await writePagesAndStats(store, config, base, pending, writes);
    await clearInbox(store, writes);
    return report;
  } finally {
    await lease.release();
  }
}
