import { AppError } from '../errors';
import type { KeyValueStore } from '../ports';
import { isValidPageId } from './keys';
import { analyseDocument, type IndexDocument } from './document';
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
 * Writes a page's chunks under keys of its own and queues it for the merger. Writers never touch shared postings,
 * so any number of them can run at once on different pages without losing anything.
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
  if (applied && applied.version === page.version) return 'unchanged';
  if (found.has(inboxKey)) return 'unchanged';
  const records = analyseDocument(page);
  await store.setMany(records.map((r) => ({ key: keys.chunk(r.pageId, r.version, r.index), value: r })));
  const entry: InboxEntry = { op: 'upsert', pageId: page.pageId, version: page.version, chunkCount: records.length, at: config.clock.now() };
  await store.set(inboxKey, entry);
  return 'queued';
}

/** Queues a page's removal; the merger takes out its postings, chunks and record. */
export async function queueRemoval(store: KeyValueStore, config: ResolvedConfig, pageId: string): Promise<void> {
  if (!isValidPageId(pageId)) throw new IndexInputError(`page id ${JSON.stringify(String(pageId).slice(0, 80))} is not a Confluence page id`);
  const at = config.clock.now();
  const entry: InboxEntry = { op: 'remove', pageId, at };
  await store.set(config.keys.inboxRemove(pageId, at), entry);
}
