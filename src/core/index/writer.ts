import { AppError } from '../errors';
import type { KeyValueStore } from '../ports';
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
 * The same version twice is `unchanged`, unless a removal was queued after it: then it is queued again, later
 * than the removal, so "indexed, removed, indexed again" ends indexed.
 */
export async function writePage(
  store: KeyValueStore,
  config: ResolvedConfig,
  page: IndexDocument,
): Promise<IndexOutcome> {
  if (!isValidPageId(page.pageId)) throw new IndexInputError(`page id ${JSON.stringify(String(page.pageId).slice(0, 80))} is not a Confluence page id`);
  if (!Number.isInteger(page.version) || page.version < 1) throw new IndexInputError(`page ${page.pageId}: version must be a positive integer`);
  const keys = config.keys;
  const inboxKey = keys.inboxUpsert(page.pageId, page.version);
  const found = await store.getMany<PageRecord | InboxEntry>([keys.page(page.pageId), inboxKey]);
  const applied = found.get(keys.page(page.pageId)) as PageRecord | undefined;
  if (applied && applied.version > page.version) return 'stale';
  let at = config.clock.now();
  const queued = found.get(inboxKey) as InboxEntry | undefined;
  if ((applied && applied.version === page.version) || queued) {
    const removedAt = await latestQueuedRemoval(store, config, page.pageId);
    if (removedAt === undefined || (queued && queued.at > removedAt)) return 'unchanged';
    at = Math.max(at, removedAt + 1);
  }
  const records = chunkRecords(page);
  const entry: InboxEntry = { op: 'upsert', pageId: page.pageId, version: page.version, chunkCount: records.length, at };
  await store.setMany([...records.map((r) => ({ key: keys.chunk(r.pageId, r.version, r.index), value: r as unknown })), { key: inboxKey, value: entry }]);
  return 'queued';
}

/** When the latest removal of a page still in the inbox was queued (undefined: none). */
async function latestQueuedRemoval(store: KeyValueStore, config: ResolvedConfig, pageId: string): Promise<number | undefined> {
  const { entries } = await store.list<InboxEntry>(config.keys.inboxRemovePrefix(pageId), { limit: 100 });
  let latest: number | undefined;
  for (const e of entries) if (e.value.op === 'remove' && (latest === undefined || e.value.at > latest)) latest = e.value.at;
  return latest;
}

/** Queues a page's removal; the merger takes out its postings, chunks and record. */
export async function queueRemoval(store: KeyValueStore, config: ResolvedConfig, pageId: string): Promise<void> {
  if (!isValidPageId(pageId)) throw new IndexInputError(`page id ${JSON.stringify(String(pageId).slice(0, 80))} is not a Confluence page id`);
  const at = config.clock.now();
  const entry: InboxEntry = { op: 'remove', pageId, at };
  await store.set(config.keys.inboxRemove(pageId, at), entry);
}
