import type { KeyValueStore, StoredEntry } from '../ports';

/** Entries read per `list` call: the most a KVS query returns in one page. */
const PAGE = 100;

/**
 * Every entry whose key begins with `prefix`, in key order, read page by page through the list cursor. With `max`,
 * stops after the page that reaches `max` entries (so up to 99 more may be returned) and `more` says entries remain.
 * With `keep`, only the entries it accepts are returned and counted towards `max` (a filter applied while reading,
 * so a caller wanting the first n matches reads no page past the one holding the n-th).
 *
 * @example
 * const { entries } = await listByPrefix<Library>(store, 'library:');
 * const { entries: batch, more } = await listByPrefix<InboxEntry>(store, keys.inboxPrefix(), { max: 1000 });
 * const { entries: open } = await listByPrefix<Summary>(store, 'p:', { max: 200, keep: (e) => e.value.open });
 */
export async function listByPrefix<T>(store: KeyValueStore, prefix: string, options: { max?: number; keep?: (entry: StoredEntry<T>) => boolean } = {}): Promise<{ entries: Array<StoredEntry<T>>; more: boolean }> {
  const entries: Array<StoredEntry<T>> = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<T>(prefix, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    entries.push(...(options.keep ? page.entries.filter(options.keep) : page.entries));
    cursor = page.cursor;
  } while (cursor && (options.max === undefined || entries.length < options.max));
  return { entries, more: cursor !== undefined };
}
