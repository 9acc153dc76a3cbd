import type { KeyValueStore, StoredEntry } from '../ports';
import { listByPrefix } from '../store/list-by-prefix';
import { ANALYZER_VERSION } from './analyzer';
import type { ResolvedConfig } from './config';
import { chunkTerms } from './document';
import { samePosting, type FieldTriple, type Posting } from './postings';
import type { ChunkRecord, InboxEntry, IndexStats, JournalPart, MergeJournal, PageRecord } from './records';
import { generationOfChunkKey } from './keys';
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
  | { kind: 'upsert'; version: number; chunkCount: number; generation: number }
  | { kind: 'remove'; removedAt: number }
  | { kind: 'none' };

/** What a page's queued entries come to: its newest version (of those, the latest queued), or its removal. */
function decide(entries: InboxEntry[], applied: PageRecord | undefined): Decision {
  let upsert: Extract<InboxEntry, { op: 'upsert' }> | undefined;
  let removeAt = -Infinity;
  for (const e of entries) {
    if (e.op === 'remove') removeAt = Math.max(removeAt, e.at);
    else if (!upsert || e.version > upsert.version || (e.version === upsert.version && e.at > upsert.at)) upsert = e;
  }
  if (removeAt > -Infinity && (!upsert || removeAt >= upsert.at)) return { kind: 'remove', removedAt: removeAt };
  if (upsert && (!applied || upsert.version > applied.version)) return { kind: 'upsert', version: upsert.version, chunkCount: upsert.chunkCount, generation: upsert.g ?? 0 };
  return { kind: 'none' };
}

function chunkKeys(config: ResolvedConfig, pageId: string, version: number, count: number, generation: number): string[] {
  return Array.from({ length: count }, (_, i) => config.keys.chunk(pageId, version, i, generation));
}

const EMPTY_STATS: IndexStats = { chunks: 0, pages: 0, sumLen: [0, 0, 0] };

/** Pages per journal part: about 25 bytes each, so a part stays near 50 KB. */
const JOURNAL_PART_PAGES = 2000;

/** A version of a page as the index holds it: its number, how many chunks, and their keys' generation (keys.ts `chunk`). */
type StoredVersion = [version: number, chunks: number, generation: number];

/** One page's change as a merge applies it: from the version its record holds to the one it will (0: none). */
interface PageChange {
  pageId: string;
  from: StoredVersion;
  to: StoredVersion;
  /** The space its record listed it under before this change (none for a page new to the index). */
  fromSpace?: string;
  /** A removal: when it was queued (chunks of a generation after it were written by a writer since, and stay). */
  removedAt?: number;
}

function versionField([version, , generation]: StoredVersion): string {
  return generation > 0 ? `${version}.${generation}` : String(version);
}

function storedVersion(field: string, chunks: string): StoredVersion {
  const [version, generation] = field.split('.');
  return [Number(version), Number(chunks), Number(generation ?? 0)];
}

// Space keys hold no `,` or `;` (Confluence keys are letters and digits; a personal space's starts with `~`), and
// are never empty, so an empty field is "none". A journal written before generations decodes with generation 0.
function encodePageChanges(pages: PageChange[]): string {
  return pages
    .map((p) => {
      const fields = [p.pageId, versionField(p.from), p.from[1], versionField(p.to), p.to[1]];
      if (p.fromSpace !== undefined || p.removedAt !== undefined) fields.push(p.fromSpace ?? '');
      if (p.removedAt !== undefined) fields.push(p.removedAt);
      return fields.join(',');
    })
    .join(';');
}

function decodePageChanges(s: string): PageChange[] {
  if (!s) return [];
  return s.split(';').map((item) => {
    const [pageId, fv, fn, tv, tn, fromSpace, removedAt] = item.split(',');
    return {
      pageId,
      from: storedVersion(fv, fn),
      to: storedVersion(tv, tn),
      ...(fromSpace ? { fromSpace } : {}),
      ...(removedAt ? { removedAt: Number(removedAt) } : {}),
    };
  });
}

/** The journal of a merge that did not finish (killed, or out of time), if any: part 0 is written last. */
async function readJournal(store: KeyValueStore, config: ResolvedConfig): Promise<MergeJournal | undefined> {
  const head = await store.get<MergeJournal>(config.keys.journal(0));
  if (!head || head.parts <= 1) return head;
  const rest = await store.getMany<JournalPart>(Array.from({ length: head.parts - 1 }, (_, i) => config.keys.journal(i + 1)));
  const pages = [head.pages, ...Array.from({ length: head.parts - 1 }, (_, i) => rest.get(config.keys.journal(i + 1))?.pages ?? '')];
  return { ...head, pages: pages.filter((x) => x).join(';') };
}

async function writeJournal(store: KeyValueStore, config: ResolvedConfig, journal: MergeJournal, pages: PageChange[]): Promise<void> {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; i += JOURNAL_PART_PAGES) parts.push(encodePageChanges(pages.slice(i, i + JOURNAL_PART_PAGES)));
  if (parts.length === 0) parts.push('');
  const entries: Array<StoredEntry<unknown>> = parts.slice(1).map((p, i) => ({ key: config.keys.journal(i + 1), value: { pages: p } satisfies JournalPart }));
  entries.push({ key: config.keys.journal(0), value: { ...journal, parts: parts.length, pages: parts[0] } satisfies MergeJournal });
  await store.setMany(entries);
}

function chunkKeysOf(config: ResolvedConfig, pageId: string, [version, count, generation]: StoredVersion): string[] {
  return version > 0 ? chunkKeys(config, pageId, version, count, generation) : [];
}

function sameVersion(a: StoredVersion, b: StoredVersion): boolean {
  return a[0] === b[0] && a[2] === b[2];
}

/** Whether two chunk records of one page analyse identically: same position, title, heading path and text. */
function sameText(a: ChunkRecord, b: ChunkRecord): boolean {
  return a.index === b.index && a.title === b.title && a.text === b.text && a.headingPath.length === b.headingPath.length && a.headingPath.every((h, i) => h === b.headingPath[i]);
}

/** Per term, the postings a batch of page changes removes and adds, and what the changes do to the stats. */
function termChanges(config: ResolvedConfig, pages: PageChange[], chunks: Map<string, ChunkRecord>, base: IndexStats): { changes: Map<string, TermChange>; after: IndexStats } {
  const changes = new Map<string, TermChange>();
  const change = (term: string): TermChange => {
    let c = changes.get(term);
    if (!c) changes.set(term, (c = { removes: [], adds: [] }));
    return c;
  };
  const after: IndexStats = { chunks: base.chunks, pages: base.pages, sumLen: [...base.sumLen] as FieldTriple };
  for (const page of pages) {
    const before = new Map<string, { term: string; posting: Posting }>();
    const newKeys = chunkKeysOf(config, page.pageId, page.to);
    // A chunk whose text, title and headings are the same in both versions has the same postings (same id, same
    // analysis): it changes nothing, so neither side of it is analysed (an edit of one section of a long page).
    const same = new Set<number>();
    chunkKeysOf(config, page.pageId, page.from).forEach((key, i) => {
      const record = chunks.get(key);
      if (!record) return;
      const next = i < newKeys.length ? chunks.get(newKeys[i]) : undefined;
      if (next && sameText(record, next)) {
        same.add(i);
        return;
      }
      const { len, terms, postings } = chunkTerms(record);
      terms.forEach((term, t) => before.set(`${term}\u0000${postings[t].id}`, { term, posting: postings[t] }));
      after.chunks -= 1;
      for (let f = 0; f < 3; f += 1) after.sumLen[f] -= len[f];
    });
    if (page.from[0] > 0) after.pages -= 1;
    const now = new Map<string, Posting>();
    for (let j = 0; j < newKeys.length; j += 1) {
      if (same.has(j)) continue;
      const record = chunks.get(newKeys[j]) as ChunkRecord;
      const { len, terms, postings } = chunkTerms(record);
      // A page new to the index (the common case in a first sync) has nothing to compare with: no keys to build.
      if (before.size === 0) terms.forEach((term, t) => change(term).adds.push(postings[t]));
      else {
        for (let t = 0; t < terms.length; t += 1) {
          const term = terms[t];
          const p = postings[t];
          const k = `${term}\u0000${p.id}`;
          now.set(k, p);
          const old = before.get(k);
          if (!old || !samePosting(old.posting, p)) change(term).adds.push(p);
        }
      }
      after.chunks += 1;
      for (let f = 0; f < 3; f += 1) after.sumLen[f] += len[f];
    }
    if (page.to[0] > 0) after.pages += 1;
    for (const [k, { term, posting }] of before) {
      const current = now.get(k);
      if (!current || !samePosting(current, posting)) change(term).removes.push(posting);
    }
  }
  after.chunks = Math.max(0, after.chunks);
  after.pages = Math.max(0, after.pages);
  after.sumLen = after.sumLen.map((x) => Math.max(0, x)) as FieldTriple;
  return { changes, after };
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

/** Step 2: the chunk records the changes need, old (to undo) and new (to add). */
function readChunks(store: KeyValueStore, config: ResolvedConfig, pages: PageChange[]): Promise<Map<string, ChunkRecord>> {
  return store.getMany<ChunkRecord>(pages.flatMap((p) => [...chunkKeysOf(config, p.pageId, p.from), ...chunkKeysOf(config, p.pageId, p.to)]));
}

/**
 * Step 3: what each decided page changes. Pages whose new chunks are missing are deferred, or dropped from the
 * plan once queued longer than ABANDON_AFTER_MS; their entries stay queued or are cleared.
 */
async function planChanges(store: KeyValueStore, config: ResolvedConfig, plans: PagePlan[], now: number): Promise<{ pages: PageChange[]; chunks: Map<string, ChunkRecord> }> {
  const decided = plans.filter((p) => p.decision.kind !== 'none');
  const wanted = decided.map((p): PageChange => ({
    pageId: p.pageId,
    from: p.applied ? [p.applied.version, p.applied.chunkCount, p.applied.g ?? 0] : [0, 0, 0],
    to: p.decision.kind === 'upsert' ? [p.decision.version, p.decision.chunkCount, p.decision.generation] : [0, 0, 0],
    ...(p.applied ? { fromSpace: p.applied.spaceKey } : {}),
    ...(p.decision.kind === 'remove' ? { removedAt: p.decision.removedAt } : {}),
  }));
  const chunks = await readChunks(store, config, wanted);
  const pages: PageChange[] = [];
  decided.forEach((plan, i) => {
    const change = wanted[i];
    if (chunkKeysOf(config, plan.pageId, change.to).some((k) => !chunks.has(k))) {
      const queuedAt = Math.max(...plan.entries.map((e) => e.value.at));
      // A writer that queued a page and lost its chunks (removed meanwhile, or died) must not block the inbox forever.
      if (now - queuedAt > ABANDON_AFTER_MS) plan.decision = { kind: 'none' };
      else plan.deferred = true;
      return;
    }
    pages.push(change);
  });
  return { pages, chunks };
}

/**
 * Steps 4 to 7 for one journal: the term heads and blocks (TERM_GROUP terms a round), the page records, the chunks
 * the changes left behind, the stats, then the journal is deleted. False when the lease ran out between rounds:
 * the journal stays, and the next merge finishes it. Heads already written under this journal's epoch (a killed
 * run of it) are skipped when `finishing`.
 */
async function applyJournal(store: KeyValueStore, config: ResolvedConfig, lease: Lease, journal: MergeJournal, pages: PageChange[], chunks: Map<string, ChunkRecord>, changes: Map<string, TermChange>, finishing: boolean, report: MergeReport): Promise<boolean> {
  const terms = [...changes.keys()];
  for (let i = 0; i < terms.length; i += TERM_GROUP) {
    if (!(await lease.keep())) return false;
    const group = new Map(terms.slice(i, i + TERM_GROUP).map((t) => [t, changes.get(t) as TermChange]));
    const out = await updateTerms(store, config, group, journal.epoch, finishing ? journal.epoch : undefined);
    await store.setMany(out.writes);
    await store.deleteMany([...out.deleteBlocks, ...out.deleteHeads]);
    report.termsUpdated += group.size;
  }
  if (!(await lease.keep())) return false;
  const records: Array<StoredEntry<PageRecord | 1>> = [];
  const removed: string[] = [];
  const obsolete: string[] = [];
  const swept: string[] = [];
  // A finishing run sweeps a removed page again only while its record is still there: the sweep comes before the
  // record's deletion, so a record already gone means its sweep is done, and a writer that found no record since
  // may have written the page's chunks again under the same keys (writer.ts: no generation for a page it has not).
  const removals = pages.filter((page) => page.to[0] === 0 && page.from[0] > 0);
  const present = finishing && removals.length ? await store.getMany<PageRecord>(removals.map((page) => config.keys.page(page.pageId))) : undefined;
  for (const page of pages) {
    if (page.to[0] > 0) {
      if (page.from[0] > 0 && !sameVersion(page.from, page.to)) obsolete.push(...chunkKeysOf(config, page.pageId, page.from));
      const [version, chunkCount, generation] = page.to;
      const first = chunks.get(config.keys.chunk(page.pageId, version, 0, generation)) as ChunkRecord;
      records.push({
        key: config.keys.page(page.pageId),
        value: { pageId: page.pageId, version, chunkCount, ...(generation > 0 ? { g: generation } : {}), spaceKey: first.spaceKey, title: first.title, url: first.url.split('#')[0], analyzer: ANALYZER_VERSION, indexedAt: config.clock.now() },
      });
      // Listed under its space with its record; a page that changed space leaves the old space's listing. Only the
      // merger (one at a time, by the lease) writes these, so no writer can race it.
      records.push({ key: config.keys.spacePage(first.spaceKey, page.pageId), value: 1 });
      if (page.fromSpace !== undefined && page.fromSpace !== first.spaceKey) removed.push(config.keys.spacePage(page.fromSpace, page.pageId));
    } else {
      removed.push(config.keys.page(page.pageId));
      if (page.fromSpace !== undefined) removed.push(config.keys.spacePage(page.fromSpace, page.pageId));
      if (present && page.from[0] > 0 && !present.has(config.keys.page(page.pageId))) continue;
      // The version the record names goes whatever its generation; the listing finds the rest.
      swept.push(...chunkKeysOf(config, page.pageId, page.from));
      // Chunks of versions never queued (a writer that died before queuing) are found by listing the page's prefix.
      // Those of a generation after the removal were written by a writer while this merge ran (writer.ts): they
      // belong to an inbox entry this merge did not read, and stay for the next one. A page the index never held
      // keeps its chunks without a generation: a writer that finds neither a record nor a queued version writes
      // those (its queued versions' chunks go with their entries, inboxDone).
      const { entries: stored } = await listByPrefix<ChunkRecord>(store, config.keys.chunkPrefix(page.pageId));
      const removedAt = page.removedAt ?? Infinity;
      swept.push(
        ...stored
          .map((e) => e.key)
          .filter((key) => {
            const generation = generationOfChunkKey(key) ?? 0;
            return generation <= removedAt && (generation > 0 || page.from[0] > 0);
          }),
      );
    }
  }
  await store.setMany(records);
  // A removed page's chunks go before its record: a writer that still finds the record queues under a generation.
  await store.deleteMany([...new Set(swept)]);
  await store.deleteMany(removed);
  // Superseded chunks go while the journal still names them, so a kill here leaves nothing no one deletes.
  await store.deleteMany([...new Set(obsolete)]);
  if (pages.length > 0 || finishing) await store.set(config.keys.stats(), journal.after);
  await store.deleteMany(Array.from({ length: journal.parts }, (_, i) => config.keys.journal(i)));
  return true;
}

/** Finishes a merge that stopped between its journal and its stats, exactly as it was planned. */
async function finishJournal(store: KeyValueStore, config: ResolvedConfig, lease: Lease, journal: MergeJournal, report: MergeReport): Promise<boolean> {
  const pages = decodePageChanges(journal.pages);
  const chunks = await readChunks(store, config, pages);
  const { changes } = termChanges(config, pages, chunks, journal.before);
  if (!(await applyJournal(store, config, lease, journal, pages, chunks, changes, true, report))) return false;
  for (const page of pages) {
    if (page.to[0] > 0) report.pagesIndexed += 1;
    else report.pagesRemoved += 1;
  }
  return true;
}

/** Inbox entries a merge has applied, and the chunks of queued versions it did not keep. */
function inboxDone(config: ResolvedConfig, plans: PagePlan[], report: MergeReport): { done: string[]; obsolete: string[] } {
  const done: string[] = [];
  const obsolete: string[] = [];
  for (const { entries, applied, decision, deferred } of plans) {
    if (deferred) {
      report.pagesDeferred += 1;
      continue;
    }
    done.push(...entries.map((e) => e.key));
    // The version (and generation) whose chunks the page record now names; every other queued one's chunks go.
    const keep: [number, number] | undefined =
      decision.kind === 'upsert' ? [decision.version, decision.generation] : applied && decision.kind === 'none' ? [applied.version, applied.g ?? 0] : undefined;
    for (const e of entries) {
      if (e.value.op !== 'upsert') continue;
      const generation = e.value.g ?? 0;
      if (!keep || e.value.version !== keep[0] || generation !== keep[1]) obsolete.push(...chunkKeys(config, e.value.pageId, e.value.version, e.value.chunkCount, generation));
    }
    if (decision.kind === 'upsert') report.pagesIndexed += 1;
    else if (decision.kind === 'remove') report.pagesRemoved += 1;
  }
  return { done, obsolete };
}

/**
 * Folds queued page changes into the shared postings. One merger runs at a time: it takes the merge lease (a
 * create-if-absent write, see lease.ts), so concurrent calls return `busy` instead of racing. Before its first
 * term write a merge writes its plan (the journal: which page goes from which version to which, and the stats
 * before and after); a merge killed at any write is finished from it by the next one, which skips the term heads
 * already written under the journal's epoch and redoes the rest identically (blocks are copy-on-write).
 *
 * @example
 * const report = await mergeInbox(store, config);
 * if (report.more) await mergeInbox(store, config);
 */
export async function mergeInbox(store: KeyValueStore, config: ResolvedConfig): Promise<MergeReport> {
  const report: MergeReport = { busy: false, pagesIndexed: 0, pagesRemoved: 0, pagesDeferred: 0, termsUpdated: 0, more: false };
  const now = config.clock.now();
  // An idle index costs one list and no write: most scheduled merges find nothing to do (a journal implies an inbox).
  if ((await store.list(config.keys.inboxPrefix(), { limit: 1 })).entries.length === 0) return report;
  const lease = await acquireLease(store, config);
  if (!lease) return { ...report, busy: true };
  try {
    const unfinished = await readJournal(store, config);
    if (unfinished && !(await finishJournal(store, config, lease, unfinished, report))) {
      report.more = true;
      return report;
    }
    const before = (await store.get<IndexStats>(config.keys.stats())) ?? EMPTY_STATS;
    const { plans, more } = await readInbox(store, config);
    report.more = more;
    if (plans.length === 0) return report;
    const { pages, chunks } = await planChanges(store, config, plans, now);
    if (pages.length > 0) {
      const { changes, after: counted } = termChanges(config, pages, chunks, before);
      // Space listings are complete when every page came through a merger that writes them: from an empty index
      // on (an index from before them keeps listing spaces by reading its page records, until it is rebuilt).
      const spaces = before.spaces === true || (before.pages === 0 && before.chunks === 0);
      const after: IndexStats = spaces ? { ...counted, spaces: true } : counted;
      const journal: MergeJournal = { epoch: lease.epoch, parts: Math.max(1, Math.ceil(pages.length / JOURNAL_PART_PAGES)), before, after, pages: '' };
      if (!(await lease.keep())) {
        report.more = true;
        return report;
      }
      await writeJournal(store, config, journal, pages);
      if (!(await applyJournal(store, config, lease, journal, pages, chunks, changes, false, report))) {
        report.more = true;
        return report;
      }
    }
    const { done, obsolete } = inboxDone(config, plans, report);
    await store.deleteMany([...new Set(obsolete)]);
    await store.deleteMany(done);
    return report;
  } finally {
    await lease.release();
  }
}
