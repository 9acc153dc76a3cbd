/**
 * Keyset cursors, like Cloud's opaque ones: a cursor names the last item's sort key, so the next page starts
 * right after it even if items were added or removed meanwhile. A cursor that does not decode is a 400.
 */
import { badRequest } from './errors';

export type SortKey = Array<string | number>;

export function compareKeys(a: SortKey, b: SortKey, dirs: Array<1 | -1>): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    if (c !== 0) return c * (dirs[i] ?? 1);
  }
  return 0;
}

export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify({ k: key })).toString('base64url');

export function decodeCursor(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (Array.isArray(parsed.k) && parsed.k.every((v) => typeof v === 'string' || typeof v === 'number')) return parsed.k;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest(`Invalid cursor: ${cursor.slice(0, 64)}`, 'INVALID_CURSOR');
}

/** Sorts `items` by `keyOf` and returns one page of them plus the cursor of the next page, if any. */
export function paginate<T>(
  items: T[],
  keyOf: (item: T) => SortKey,
  dirs: Array<1 | -1>,
  cursor: string | null,
  limit: number,
): { page: T[]; next?: string } {
  const after = cursor ? decodeCursor(cursor) : null;
  // Drop what the cursor has passed before sorting: later pages of a long walk get cheaper.
  const keyed = items
    .map((item) => ({ item, key: keyOf(item) }))
    .filter((k) => !after || compareKeys(k.key, after, dirs) > 0)
    .sort((a, b) => compareKeys(a.key, b.key, dirs));
  const slice = keyed.slice(0, limit);
  const more = limit < keyed.length;
  return { page: slice.map((k) => k.item), next: more && slice.length ? encodeCursor(slice[slice.length - 1].key) : undefined };
}
