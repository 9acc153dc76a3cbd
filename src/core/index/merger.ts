import type { KeyValueStore } from '../ports';
import { ANALYZER_VERSION } from './analyzer';
import type { ResolvedConfig } from './config';
import { chunkPostings } from './document';
import { samePosting, type FieldTriple, type Posting } from './postings';
import type { ChunkRecord, InboxEntry, IndexStats, PageRecord, PendingPage } from './records';
import { acquireLease } from './lease';
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

async function listInbox(store: KeyValueStore, config: ResolvedConfig): Promise<{ entries: Array<{ key: string; value: InboxEntry }>; more: boolean }> {
  const entries: Array<{ key: string; value: InboxEntry }> = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<InboxEntry>(config.keys.inboxPrefix(), { limit: 100, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor && entries.length < config.mergeBatch);
  return { entries, more: cursor !== undefined };
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

/**
 * Folds queued page changes into the shared postings. One merger runs at a time: it takes the merge lease (a
 * create-if-absent write, see lease.ts), so concurrent calls return `busy` instead of racing.
 * Re-running after a crash is safe: removals and additions are keyed by chunk id, so applying twice changes nothing,
 * and the stats count a page's change only once its record is written (see `settledStats`).
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
    const { entries, more } = await listInbox(store, config);
    report.more = more;
    if (entries.length === 0) return report;
    const byPage = new Map<string, Array<{ key: string; value: InboxEntry }>>();
    for (const e of entries) byPage.set(e.value.pageId, [...(byPage.get(e.value.pageId) ?? []), e]);
    const pageIds = [...byPage.keys()];
    const records = await store.getMany<PageRecord>(pageIds.map((id) => config.keys.page(id)));

    const decisions = new Map<string, Decision>();
    const wanted: string[] = [];
    for (const pageId of pageIds) {
      const applied = records.get(config.keys.page(pageId));
      const decision = decide((byPage.get(pageId) ?? []).map((e) => e.value), applied);
      decisions.set(pageId, decision);
      if (applied && decision.kind !== 'none') wanted.push(...chunkKeys(config, pageId, applied.version, applied.chunkCount));
      if (decision.kind === 'upsert') wanted.push(...chunkKeys(config, pageId, decision.version, decision.chunkCount));
    }
    const chunks = await store.getMany<ChunkRecord>(wanted);

    const changes = new Map<string, TermChange>();
    const change = (term: string): TermChange => {
      let c = changes.get(term);
      if (!c) changes.set(term, (c = { removes: [], adds: [] }));
      return c;
    };
    const deferred = new Set<string>();
    const pending: PendingPage[] = [];
    for (const pageId of pageIds) {
      const delta = { chunks: 0, pages: 0, sumLen: [0, 0, 0] as FieldTriple };
      const decision = decisions.get(pageId) as Decision;
      if (decision.kind === 'none') continue;
      const applied = records.get(config.keys.page(pageId));
      const fresh = decision.kind === 'upsert' ? chunkKeys(config, pageId, decision.version, decision.chunkCount).map((k) => chunks.get(k)) : [];
      if (fresh.some((c) => c === undefined)) {
        const queuedAt = Math.max(...(byPage.get(pageId) ?? []).map((e) => e.value.at));
        // A writer that queued a page and lost its chunks (removed meanwhile, or died) must not block the inbox forever.
        if (now - queuedAt > ABANDON_AFTER_MS) decisions.set(pageId, { kind: 'none' });
        else deferred.add(pageId);
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
        const now = after.get(k);
        if (!now || !samePosting(now, posting)) change(term).removes.push(posting);
      }
      if (delta.chunks !== 0 || delta.pages !== 0 || delta.sumLen.some((n) => n !== 0)) {
        pending.push([pageId, decision.kind === 'upsert' ? decision.version : -1, delta.chunks, delta.pages, ...delta.sumLen]);
      }
    }

    const terms = [...changes.keys()];
    for (let i = 0; i < terms.length; i += TERM_GROUP) {
      if (!(await lease.keep())) {
        report.more = true;
        return report;
      }
      const group = new Map(terms.slice(i, i + TERM_GROUP).map((t) => [t, changes.get(t) as TermChange]));
      await updateTerms(store, config, group);
      report.termsUpdated += group.size;
    }

    if (!(await lease.keep())) {
      report.more = true;
      return report;
    }
    const pageWrites: Array<{ key: string; value: PageRecord }> = [];
    const pageDeletes: string[] = [];
    const obsolete: string[] = [];
    const inboxDone: string[] = [];
    for (const pageId of pageIds) {
      if (deferred.has(pageId)) {
        report.pagesDeferred += 1;
        continue;
      }
      const decision = decisions.get(pageId) as Decision;
      const applied = records.get(config.keys.page(pageId));
      const pageEntries = byPage.get(pageId) ?? [];
      inboxDone.push(...pageEntries.map((e) => e.key));
      const keep = decision.kind === 'upsert' ? decision.version : applied && decision.kind === 'none' ? applied.version : -1;
      if (applied && applied.version !== keep) obsolete.push(...chunkKeys(config, pageId, applied.version, applied.chunkCount));
      for (const e of pageEntries) {
        if (e.value.op === 'upsert' && e.value.version !== keep) obsolete.push(...chunkKeys(config, pageId, e.value.version, e.value.chunkCount));
      }
      if (decision.kind === 'upsert') {
        const first = chunks.get(config.keys.chunk(pageId, decision.version, 0)) as ChunkRecord;
        pageWrites.push({
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
        pageDeletes.push(config.keys.page(pageId));
        // Chunks of versions never queued (a writer that died before queuing) are found by listing the page's prefix.
        let cursor: string | undefined;
        do {
          const page = await store.list<ChunkRecord>(config.keys.chunkPrefix(pageId), { limit: 100, ...(cursor ? { cursor } : {}) });
          obsolete.push(...page.entries.map((e) => e.key));
          cursor = page.cursor;
        } while (cursor);
        report.pagesRemoved += 1;
      }
    }
    // Stats with the batch pending, then the page records, then the stats with it counted: a kill between any two
    // leaves what `settledStats` resolves against the page records, so no batch is counted twice or lost.
    const counted = pending.filter(([pageId]) => !deferred.has(pageId));
    if (counted.length > 0) await store.set(config.keys.stats(), { ...base, pending: counted });
    await store.setMany(pageWrites);
    await store.deleteMany(pageDeletes);
    if (counted.length > 0) await store.set(config.keys.stats(), counted.reduce(addPending, base));
    await store.deleteMany([...new Set(obsolete)]);
    await store.deleteMany(inboxDone);
    return report;
  } finally {
    await lease.release();
  }
}
