/**
 * The oracle: the index a Library should hold, computed from the Confluence simulator's own state, and a
 * key-by-key comparison with what the app stored. Every fault and soak test ends with `expectConverged`.
 *
 * Expected: every current page of the Library's selected spaces that is indexable (global, collaboration or
 * knowledge-base spaces that are not archived) and that the Source's identity may read now, at its current
 * version and title. Compared: page records (missing, extra, stale version, stale title or space), chunks (each
 * belongs to its page's applied version, none missing), postings (exactly the applied chunks' terms: none of a
 * gone page or an old version, none twice, every head's df equal to its postings), no inbox left, no stray or
 * missing block, no key the layout does not know, stats equal to a recount.
 *
 * ```ts
 * const problems = compareWithOracle(sb, libraryId);   // [] when converged
 * ```
 */
import type { Simulator } from '../../sandbox/confluence';
import { inboxSize, readIndex, spaceListingProblems, readLibraries, readPageRecords, type IndexSnapshot, type KvsInspector } from './index-layout';

const INDEXABLE_TYPES = new Set(['global', 'collaboration', 'knowledge_base']);

export interface ExpectedPage {
  pageId: string;
  version: number;
  spaceKey: string;
  title: string;
}

export interface OracleSubject {
  sim: Simulator;
  host: KvsInspector;
}

/** The pages the Library's index must hold now, by id. */
export function expectedPages(subject: OracleSubject, libraryId: string): Map<string, ExpectedPage> {
  const library = readLibraries(subject.host).find((l) => l.id === libraryId);
  const out = new Map<string, ExpectedPage>();
  if (!library?.source || library.deletingSince) return out;
  const selected = new Set(library.source.spaces.map((s) => s.id));
  const identity = library.source.identity;
  const spaces = new Map(subject.sim.control.spaces().map((s) => [s.id, s]));
  for (const page of subject.sim.control.pages()) {
    const space = spaces.get(page.spaceId);
    if (!space || !selected.has(space.id) || !INDEXABLE_TYPES.has(space.type) || space.status === 'archived') continue;
    if (page.status !== 'current') continue;
    const readable = identity.kind === 'app' ? subject.sim.control.canAppRead(page.id) : subject.sim.control.canRead(identity.accountId, page.id);
    if (!readable) continue;
    out.set(page.id, { pageId: page.id, version: page.version, spaceKey: space.key, title: page.title });
  }
  return out;
}

/** Every way the stored index differs from the oracle; empty when it has converged. */
export function compareWithOracle(subject: OracleSubject, libraryId: string, snapshot: IndexSnapshot = readIndex(subject.host, libraryId)): string[] {
  const expected = expectedPages(subject, libraryId);
  const problems: string[] = [];
  for (const [id, want] of expected) {
    const got = snapshot.pages.get(id);
    if (!got) problems.push(`missing page ${id} "${want.title}" v${want.version}`);
    else {
      if (got.version !== want.version) problems.push(`page ${id} at v${got.version}, Confluence has v${want.version}`);
      if (got.title !== want.title) problems.push(`page ${id} titled "${got.title}", Confluence says "${want.title}"`);
      if (got.spaceKey !== want.spaceKey) problems.push(`page ${id} in ${got.spaceKey}, Confluence says ${want.spaceKey}`);
    }
  }
  for (const id of snapshot.pages.keys()) if (!expected.has(id)) problems.push(`page ${id} is indexed but should not be`);

  // Chunks: exactly 0..chunkCount-1 of each page record's version; nothing else.
  const wantedChunks = new Set<string>();
  for (const page of snapshot.pages.values()) for (let i = 0; i < page.chunkCount; i += 1) wantedChunks.add(`${page.pageId}:${page.version}:${i}`);
  const seenChunks = new Set<string>();
  const wantedPostings = new Set<string>();
  const recount = { chunks: 0, sumLen: [0, 0, 0] };
  for (const chunk of snapshot.chunks) {
    const id = `${chunk.pageId}:${chunk.version}:${chunk.index}`;
    if (!wantedChunks.has(id)) {
      problems.push(`orphan chunk ${chunk.key}`);
      continue;
    }
    seenChunks.add(id);
    recount.chunks += 1;
    for (let f = 0; f < 3; f += 1) recount.sumLen[f] += chunk.len[f];
    for (const p of chunk.postings) wantedPostings.add(p);
  }
  for (const id of wantedChunks) if (!seenChunks.has(id)) problems.push(`chunk ${id} missing`);

  // Postings: exactly the applied chunks' terms.
  let extra = 0;
  let missing = 0;
  for (const p of snapshot.postings) {
    if (wantedPostings.has(p)) continue;
    if (extra++ < 5) problems.push(`posting ${p.replace('\u0000', ' -> ')} of no applied chunk`);
  }
  for (const p of wantedPostings) {
    if (snapshot.postings.has(p)) continue;
    if (missing++ < 5) problems.push(`posting ${p.replace('\u0000', ' -> ')} missing`);
  }
  if (extra > 5) problems.push(`... ${extra} postings of no applied chunk in all`);
  if (missing > 5) problems.push(`... ${missing} postings missing in all`);
  for (const p of snapshot.duplicatePostings.slice(0, 5)) problems.push(`posting ${p.replace('\u0000', ' -> ')} stored twice`);
  for (const h of snapshot.badHeads.slice(0, 5)) problems.push(`term head ${h}`);
  problems.push(...spaceListingProblems(snapshot).slice(0, 5));
  for (const b of snapshot.strayBlocks.slice(0, 5)) problems.push(`stray block ${b}`);
  for (const b of snapshot.missingBlocks.slice(0, 5)) problems.push(`missing block ${b}`);
  for (const k of snapshot.unknownKeys.slice(0, 5)) problems.push(`unknown key ${k}`);
  for (const k of snapshot.journalKeys.slice(0, 5)) problems.push(`unfinished merge journal ${k}`);
  if (snapshot.inbox.length) problems.push(`${snapshot.inbox.length} inbox entries left (${snapshot.inbox.slice(0, 3).map((e) => e.pageId).join(', ')})`);

  // Stats: equal to a recount of what is stored.
  const stats = snapshot.stats ?? { chunks: 0, pages: 0, sumLen: [0, 0, 0] };
  if (stats.pages !== snapshot.pages.size) problems.push(`stats count ${stats.pages} pages, ${snapshot.pages.size} stored`);
  if (stats.chunks !== recount.chunks) problems.push(`stats count ${stats.chunks} chunks, ${recount.chunks} stored`);
  if (stats.sumLen.some((n, f) => n !== recount.sumLen[f])) problems.push(`stats sumLen ${stats.sumLen.join(',')}, recount ${recount.sumLen.join(',')}`);
  return problems;
}

/**
 * The cheap part of the comparison (page records and the inbox only): a converge loop runs it every step and
 * the full comparison only once this one passes.
 */
export function quickCompare(subject: OracleSubject, libraryId: string): string[] {
  const expected = expectedPages(subject, libraryId);
  const stored = readPageRecords(subject.host, libraryId);
  const problems: string[] = [];
  for (const [id, want] of expected) {
    const got = stored.get(id);
    if (!got || got.version !== want.version || got.title !== want.title || got.spaceKey !== want.spaceKey) problems.push(`page ${id} not as Confluence has it`);
  }
  for (const id of stored.keys()) if (!expected.has(id)) problems.push(`page ${id} is indexed but should not be`);
  if (inboxSize(subject.host, libraryId) > 0) problems.push('inbox not empty');
  return problems;
}

/** Pages whose final version Confluence has but the index does not (the `lost_updates` figure). */
export function lostUpdates(subject: OracleSubject, libraryId: string, snapshot: IndexSnapshot = readIndex(subject.host, libraryId)): string[] {
  const lost: string[] = [];
  for (const [id, want] of expectedPages(subject, libraryId)) if (snapshot.pages.get(id)?.version !== want.version) lost.push(id);
  return lost;
}
