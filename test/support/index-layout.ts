/**
 * The one place the fault, soak and figure tests know how the app stores a Library and its index in KVS (see the
 * README, "The search index: layout over Forge KVS"). When src/core/index or src/core/library change their keys
 * or records, this file alone is adapted; the oracle (oracle.ts) only sees the decoded snapshot below.
 *
 * ```ts
 * const snapshot = readIndex(sb.host, libraryId);   // pages, chunks, postings, inbox, stats, odd keys
 * ```
 */
import { IndexKeys } from '../../src/core/index/keys';
import { chunkPostings } from '../../src/core/index/document';
import { decodePostings } from '../../src/core/index/postings';
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
  keyCount: number;
  bytes: number;
}

/** The index of one Library, decoded. */
export function readIndex(kvs: KvsInspector, libraryId: string): IndexSnapshot {
  const prefix = indexPrefix(libraryId);
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
    } else if (rest.startsWith('page:')) {
      const record = value as PageRecord;
      snapshot.pages.set(record.pageId, { pageId: record.pageId, version: record.version, chunkCount: record.chunkCount, spaceKey: record.spaceKey, title: record.title });
    } else if (rest.startsWith('c:')) {
      const record = value as ChunkRecord;
      const postings = [...chunkPostings(record).keys()].map((term) => `${term}\u0000${record.pageId}.${record.index}`);
      snapshot.chunks.push({ key, pageId: record.pageId, version: record.version, index: record.index, len: [...record.len] as [number, number, number], postings });
    } else if (rest.startsWith('q:')) {
      snapshot.inbox.push({ key, pageId: rest.split(':')[1] ?? '' });
    } else if (rest.startsWith('h:')) {
      heads.set(rest.slice(2), value as TermHead);
    } else if (rest.startsWith('b:')) {
      blocks.set(rest.slice(2), value as TermBlock);
    } else if (!rest.startsWith('lease:')) {
      snapshot.unknownKeys.push(key);
    }
  }
  const listed = new Set<string>();
  for (const [termKey, head] of heads) {
    const term = decodeTermKey(termKey);
    let count = 0;
    const add = (packed: string) => {
      for (const posting of decodePostings(packed)) {
        count += 1;
        const id = `${term}\u0000${posting.id}`;
        if (snapshot.postings.has(id)) snapshot.duplicatePostings.push(id);
        snapshot.postings.add(id);
      }
    };
    add(head.p0);
    for (const block of head.blocks) {
      if (block.id === 0) continue;
      const blockKey = `${termKey}:${block.id}`;
      listed.add(blockKey);
      const stored = blocks.get(blockKey);
      if (!stored) snapshot.missingBlocks.push(blockKey);
      else add(stored.p);
    }
    if (head.df !== count) snapshot.badHeads.push(`${term}: df ${head.df}, ${count} postings`);
  }
  for (const blockKey of blocks.keys()) if (!listed.has(blockKey)) snapshot.strayBlocks.push(blockKey);
  return snapshot;
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
