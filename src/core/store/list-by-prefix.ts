import type { KeyValueStore, StoredEntry } from '../ports';

/** Entries read per `list` call: the most a KVS query returns in one page. */
const PAGE = 100;

/**
 * Every entry whose key begins with `prefix`, in key order, read page by page through the list cursor. With `max`,
 * stops after the page that reaches `max` entries (so up to 99 more may be returned) and `more` says entries remain.
 *
 * @example
 * const { entries } = await listByPrefix<Library>(store, 'library:');
 * const { entries: batch, more } = await listByPrefix<InboxEntry>(store, keys.inboxPrefix(), { max: 1000 });
 */
export async function listByPrefix<T>(store: KeyValueStore, prefix: string, options: { max?: number } = {}): Promise<{ entries: Array<StoredEntry<T>>; more: boolean }> {
  const entries: Array<StoredEntry<T>> = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<T>(prefix, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor && (options.max === undefined || entries.length < options.max));
  return { entries, more: cursor !== undefined };
}
