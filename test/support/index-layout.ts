/**
 * The one place the fault, soak and figure tests know how the app stores a Library and its index in KVS (see the
 * README, "The search index: layout over Forge KVS"). When src/core/index or src/core/library change their keys
 * or records, this file alone is adapted; the oracle (oracle.ts) only sees the decoded snapshot below.
 *
 * ```ts
 * const snapshot = readIndex(sb.host, libraryId);   // pages, chunks, postings, inbox, stats, odd keys
 * ```
 */
import { IndexKeys, spaceKeyPart } from '../../src/core/index/keys';
import { chunkTerms } from '../../src/core/index/document';
import { boundOf, decodeBlock, type Posting } from '../../src/core/index/postings';
import type { ChunkRecord, IndexStats, PageRecord, TermBlock, TermHead } from '../../src/core/index/records';
import type { Library } from '../../src/core/library';

/** Reads stored KVS entries by prefix without spending the app's rate budget (ForgeHost.inspectKvs). */
export interface KvsInspector {
  inspectKvs(prefix?: string): Array<{ key: string; value: unknown; bytes: number }>;
}

/** Where one Library's index lives: src/app/services `searchIndexFor` puts it under `ix.<libraryId>.` with the default `ix` index prefix. */
export function indexPrefix(libraryId: string): string {
  return `ix.${libraryId}.${new IndexKeys().prefix}:`;
}

export interface StoredPage {
  pageId: string;
  version: number;
  chunkCount: number;
  spaceKey: string;
  title: string;
}

export interface StoredChunk {
  key: string;
  pageId: string;
  version: number;
  index: number;
  len: [number, number, number];
  /** `term\u0000pageId.chunk` for every posting this chunk should have. */
  postings: string[];
}

export interface IndexSnapshot {
  stats?: { chunks: number; pages: number; sumLen: [number, number, number] };
  pages: Map<string, StoredPage>;
  chunks: StoredChunk[];
  /** Inbox entries still waiting for a merge. */
  inbox: Array<{ key: string; pageId: string }>;
  /** `term\u0000pageId.chunk` of every posting in heads and blocks. */
  postings: Set<string>;
  /** Postings stored more than once (the same term and chunk in two places). */
  duplicatePostings: string[];
  /** Term heads whose `df` differs from the postings they list. */
  badHeads: string[];
  /** Blocks no head lists, and heads' blocks that are missing. */
  strayBlocks: string[];
  missingBlocks: string[];
  /** Keys under the index prefix this layout does not know: orphans by definition. */
  unknownKeys: string[];
  /** Space listing keys (`sp:<space part>:<pageId>`), without the prefix. */
  spaceListings: string[];
  /** Whether the stats say every page is listed under its space. */
  spacesListed: boolean;
  /** A merge's journal (`j:<part>`): present only while a merge is unfinished. */
  journalKeys: string[];
  /** Every term's postings, decoded: `term -> pageId.chunk -> "tf|len"` (for comparing two indexes). */
  terms: Map<string, Map<string, string>>;
  keyCount: number;
  bytes: number;
}

/** The index of one Library, decoded. */
export function readIndex(kvs: KvsInspector, libraryId: string): IndexSnapshot {
  return readIndexAt(kvs, indexPrefix(libraryId));
}

/** The index whose keys begin with `prefix` (e.g. `ix:` for a SearchIndex on its own store), decoded. */
export function readIndexAt(kvs: KvsInspector, prefix: string): IndexSnapshot {
  const keys = new IndexKeys(prefix.slice(0, -1));
  const snapshot: IndexSnapshot = {
    pages: new Map(),
    chunks: [],
    inbox: [],
    postings: new Set(),
    duplicatePostings: [],
    badHeads: [],
    strayBlocks: [],
    missingBlocks: [],
    unknownKeys: [],
    spaceListings: [],
    spacesListed: false,
    journalKeys: [],
    terms: new Map(),
    keyCount: 0,
    bytes: 0,
  };
  const heads = new Map<string, TermHead>();
  const blocks = new Map<string, TermBlock>();
  for (const { key, value, bytes } of kvs.inspectKvs(prefix)) {
    snapshot.keyCount += 1;
    snapshot.bytes += bytes;
    const rest = key.slice(prefix.length);
    if (key === keys.stats()) {
      const stats = value as IndexStats;
      snapshot.stats = { chunks: stats.chunks, pages: stats.pages, sumLen: [...stats.sumLen] as [number, number, number] };
      snapshot.spacesListed = stats.spaces === true;
    } else if (rest.startsWith('page:')) {
      const record = value as PageRecord;
      snapshot.pages.set(record.pageId, { pageId: record.pageId, version: record.version, chunkCount: record.chunkCount, spaceKey: record.spaceKey, title: record.title });
    } else if (rest.startsWith('c:')) {
      const record = value as ChunkRecord;
      const analysed = chunkTerms(record);
      const postings = analysed.terms.map((term) => `${term}\u0000${record.pageId}.${record.index}`);
      snapshot.chunks.push({ key, pageId: record.pageId, version: record.version, index: record.index, len: [...analysed.len] as [number, number, number], postings });
    } else if (rest.startsWith('q:')) {
      snapshot.inbox.push({ key, pageId: rest.split(':')[1] ?? '' });
    } else if (rest.startsWith('h:')) {
      heads.set(rest.slice(2), value as TermHead);
    } else if (rest.startsWith('b:')) {
      blocks.set(rest.slice(2), value as TermBlock);
    } else if (rest.startsWith('sp:')) {
      snapshot.spaceListings.push(rest);
    } else if (rest.startsWith('j:')) {
      snapshot.journalKeys.push(key);
    } else if (!rest.startsWith('lease:')) {
      snapshot.unknownKeys.push(key);
    }
  }
  const listed = new Set<string>();
  for (const [termKey, head] of heads) {
    const term = decodeTermKey(termKey);
    const postings = new Map<string, string>();
    snapshot.terms.set(term, postings);
    let count = 0;
    const add = (list: Posting[], where: string, n: number) => {
      if (list.length !== n) snapshot.badHeads.push(`${term}: ${where} lists ${n} postings, holds ${list.length}`);
      for (const posting of list) {
        count += 1;
        const id = `${term}\u0000${posting.id}`;
        if (snapshot.postings.has(id)) snapshot.duplicatePostings.push(id);
        snapshot.postings.add(id);
        postings.set(posting.id, `${posting.tf.join(',')}|${posting.len.join(',')}`);
      }
      const bound = boundOf(list);
      const meta = head.blocks.find((b) => `${termKey}:${b.id}` === where || (b.id === 0 && where === 'inline'));
      if (meta && list.length > 0 && (meta.maxTf.join() !== bound.maxTf.join() || meta.minLen.join() !== bound.minLen.join())) snapshot.badHeads.push(`${term}: ${where} bounds differ from its postings`);
    };
    add(decodeBlock(head.p), 'inline', head.blocks.find((b) => b.id === 0)?.n ?? 0);
    for (const block of head.blocks) {
      if (block.id === 0) continue;
      const blockKey = `${termKey}:${block.id}`;
      listed.add(blockKey);
      const stored = blocks.get(blockKey);
      if (!stored) snapshot.missingBlocks.push(blockKey);
      else add(decodeBlock(stored.p), blockKey, block.n);
    }
    if (head.df !== count) snapshot.badHeads.push(`${term}: df ${head.df}, ${count} postings`);
  }
  for (const blockKey of blocks.keys()) if (!listed.has(blockKey)) snapshot.strayBlocks.push(blockKey);
  return snapshot;
}

/**
 * What an index holds, key by key, independent of how its merges went: every page record (without `indexedAt`,
 * the time it was merged, and `g`, its chunks' generation), chunk record (keyed without its generation) and the stats as stored, and every term's postings in id order whichever
 * block holds them; and what is wrong with its structure (stray, missing or miscounted blocks, postings stored
 * twice, keys the layout does not know, an unfinished journal, a non-empty inbox). Two indexes of the same pages
 * have equal `entries`, however they were built.
 */
export function canonicalIndex(kvs: KvsInspector, prefix: string): { entries: Record<string, string>; problems: string[] } {
  const snapshot = readIndexAt(kvs, prefix);
  const entries: Record<string, string> = {};
  for (const { key, value } of kvs.inspectKvs(prefix)) {
    const rest = key.slice(prefix.length);
    if (rest === 'stats' || rest.startsWith('sp:')) entries[rest] = JSON.stringify(value);
    // A version queued again after a removal stores its chunks under a generation (keys.ts `chunk`): where they are
    // kept, not what they hold, so the comparison takes the key without it. Two generations of one version's chunk
    // are two entries where a rebuild has one, so a stray copy still shows as a difference.
    else if (rest.startsWith('c:')) {
      const plain = rest.replace(/^(c:[^:]+:\d{10})\.\d+:/, '$1:');
      entries[plain in entries ? rest : plain] = JSON.stringify(value);
    } else if (rest.startsWith('page:')) {
      const { indexedAt: _at, g: _generation, ...record } = value as PageRecord;
      entries[rest] = JSON.stringify(record);
    }
  }
  for (const [term, postings] of snapshot.terms) {
    entries[`term:${term}`] = [...postings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, p]) => `${id}=${p}`).join(' ');
  }
  const listingProblems = spaceListingProblems(snapshot);
  const problems = [
    ...listingProblems,
    ...snapshot.badHeads.map((h) => `term head ${h}`),
    ...snapshot.duplicatePostings.map((p) => `posting ${p.replace('\u0000', ' -> ')} stored twice`),
    ...snapshot.strayBlocks.map((b) => `stray block ${b}`),
    ...snapshot.missingBlocks.map((b) => `missing block ${b}`),
    ...snapshot.unknownKeys.map((k) => `unknown key ${k}`),
    ...snapshot.journalKeys.map((k) => `unfinished merge journal ${k}`),
    ...snapshot.inbox.map((e) => `inbox entry ${e.key}`),
  ];
  return { entries, problems };
}

/**
 * Once the stats say every page is listed under its space, the listings and the page records must agree: each
 * page listed under its record's space, no listing of a page that is not there (or moved away). Before that, no
 * listing at all.
 */
export function spaceListingProblems(snapshot: IndexSnapshot): string[] {
  const listingOf = (page: StoredPage) => `sp:${spaceKeyPart(page.spaceKey)}:${page.pageId}`;
  if (!snapshot.spacesListed) return snapshot.spaceListings.map((listing) => `space listing ${listing} in an index without space listings`);
  const listings = new Set(snapshot.spaceListings);
  const pages = new Set([...snapshot.pages.values()].map(listingOf));
  return [
    ...[...snapshot.pages.values()].filter((page) => !listings.has(listingOf(page))).map((page) => `page ${page.pageId} missing from the listing of space ${page.spaceKey}`),
    ...[...listings].filter((listing) => !pages.has(listing)).map((listing) => `space listing ${listing} names no page of that space`),
  ];
}

/** `t:<term>` or `u:<hex UTF-8>` back to the term (keys.ts `termKeyPart`). */
function decodeTermKey(part: string): string {
  if (part.startsWith('t:')) return part.slice(2);
  if (part.startsWith('u:')) return Buffer.from(part.slice(2), 'hex').toString('utf8');
  return part;
}

/** Only the page records of a Library's index (cheap: a converge loop reads them every step). */
export function readPageRecords(kvs: KvsInspector, libraryId: string): Map<string, StoredPage> {
  const out = new Map<string, StoredPage>();
  for (const { value } of kvs.inspectKvs(`${indexPrefix(libraryId)}page:`)) {
    const record = value as PageRecord;
    out.set(record.pageId, { pageId: record.pageId, version: record.version, chunkCount: record.chunkCount, spaceKey: record.spaceKey, title: record.title });
  }
  return out;
}

/** How many inbox entries wait for a merge. */
export function inboxSize(kvs: KvsInspector, libraryId: string): number {
  return kvs.inspectKvs(`${indexPrefix(libraryId)}q:`).length;
}

/** The Libraries as stored (`lib:<id>`, src/core/library/repository.ts). */
export function readLibraries(kvs: KvsInspector): Library[] {
  return kvs
    .inspectKvs('lib:')
    .map((entry) => entry.value as Library)
    .filter((library) => library && typeof library.id === 'string');
}

/** Every key and its size: the soak watches the total for unbounded growth. */
export function storedBytes(kvs: KvsInspector, prefix = ''): { keys: number; bytes: number } {
  const entries = kvs.inspectKvs(prefix);
  return { keys: entries.length, bytes: entries.reduce((n, e) => n + e.bytes, 0) };
}
