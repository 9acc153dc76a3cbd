import { AppError } from '../errors';
import type { KeyValueStore } from '../ports';
import { listByPrefix } from '../store/list-by-prefix';
import { isValidPageId } from './keys';
import { chunkRecords, type IndexDocument } from './document';
import type { ResolvedConfig } from './config';
import type { InboxEntry, PageRecord } from './records';

export type IndexOutcome = 'queued' | 'unchanged' | 'stale';

/** Raised for input the index cannot hold (an id that can't be a key); nothing is written. Kind `invalid-input`. */
export class IndexInputError extends AppError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'IndexInputError';
  }
}

/**
 * Writes a page's chunks under keys of its own and queues it for the merger, in one request when the page has
 * fewer than 25 chunks (the inbox entry last, so it never lands before them; the merger defers a page whose chunks
 * are not all readable yet). Writers never touch shared postings, so any number of them can run at once.
 *
 * A page the index neither holds nor has queued at this version (every page of a first sync) is written under
 * plain keys, read in one request: duplicate writers of it write the same keys. Any other is written under a
 * generation, the time it was queued (keys.ts `chunk`), after one more request lists the page's inbox entries: a
 * merge applying a removal of the page may be running at that very moment, deleting the page's chunks and the inbox
 * entries it read, and it spares chunks of a generation after the removal and entries it did not read. A version
 * queued while a removal waits is queued later than it, so "indexed, removed, indexed again" ends indexed. The same
 * version twice is `unchanged` unless a removal was queued after it; an older one than the index holds is `stale`.
 */
export async function writePage(
  store: KeyValueStore,
  config: ResolvedConfig,
  page: IndexDocument,
): Promise<IndexOutcome> {
  if (!isValidPageId(page.pageId)) throw new IndexInputError(`page id ${JSON.stringify(String(page.pageId).slice(0, 80))} is not a Confluence page id`);
  if (!Number.isInteger(page.version) || page.version < 1) throw new IndexInputError(`page ${page.pageId}: version must be a positive integer`);
  const keys = config.keys;
  const first = keys.inboxUpsert(page.pageId, page.version);
  const found = await store.getMany<PageRecord | InboxEntry>([keys.page(page.pageId), first]);
  const applied = found.get(keys.page(page.pageId)) as PageRecord | undefined;
  if (applied && applied.version > page.version) return 'stale';
  const records = chunkRecords(page);
  if (!applied && !found.has(first)) {
    const entry: InboxEntry = { op: 'upsert', pageId: page.pageId, version: page.version, chunkCount: records.length, at: config.clock.now() };
    await store.setMany([...records.map((r) => ({ key: keys.chunk(r.pageId, r.version, r.index), value: r as unknown })), { key: first, value: entry }]);
    return 'queued';
  }
  const queued = await queuedFor(store, config, page.pageId);
  const latest = queued.upserts.filter((e) => e.version === page.version).reduce((max, e) => Math.max(max, e.at), -Infinity);
  const held = applied?.version === page.version || latest > -Infinity;
  if (held && (queued.removedAt === undefined || latest > queued.removedAt)) return 'unchanged';
  // Later than any queued removal (and so than any queued entry of this version: a distinct generation).
  const at = Math.max(config.clock.now(), (queued.removedAt ?? -Infinity) + 1);
  const entry: InboxEntry = { op: 'upsert', pageId: page.pageId, version: page.version, chunkCount: records.length, at, g: at };
  await store.setMany([
    ...records.map((r) => ({ key: keys.chunk(r.pageId, r.version, r.index, at), value: r as unknown })),
    { key: keys.inboxUpsert(page.pageId, page.version, at), value: entry },
  ]);
  return 'queued';
}

/** What the inbox holds for one page: its queued versions (any generation) and when its latest removal was queued. */
async function queuedFor(store: KeyValueStore, config: ResolvedConfig, pageId: string): Promise<{ upserts: Array<Extract<InboxEntry, { op: 'upsert' }>>; removedAt?: number }> {
  const { entries } = await listByPrefix<InboxEntry>(store, config.keys.inboxPagePrefix(pageId));
  const upserts: Array<Extract<InboxEntry, { op: 'upsert' }>> = [];
  let removedAt: number | undefined;
  for (const { value } of entries) {
    if (value.op === 'upsert') upserts.push(value);
    else if (removedAt === undefined || value.at > removedAt) removedAt = value.at;
  }
  return { upserts, ...(removedAt !== undefined ? { removedAt } : {}) };
}

/** Queues a page's removal; the merger takes out its postings, chunks and record. */
export async function queueRemoval(store: KeyValueStore, config: ResolvedConfig, pageId: string): Promise<void> {
  if (!isValidPageId(pageId)) throw new IndexInputError(`page id ${JSON.stringify(String(pageId).slice(0, 80))} is not a Confluence page id`);
  const at = config.clock.now();
  const entry: InboxEntry = { op: 'remove', pageId, at };
  await store.set(config.keys.inboxRemove(pageId, at), entry);
}
