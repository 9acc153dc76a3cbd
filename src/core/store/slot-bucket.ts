/**
 * A token bucket kept in the key-value store, shared by every function instance: time is cut into slots of
 * `refillMs`, each slot holds at most one use, and a use may take any free slot among the last `capacity` (the
 * oldest first, which is a token bucket's refill). Taking a slot is a create-if-absent write, so two uses racing
 * for one never both get it (the loser tries the next free one), which a read-then-write counter would allow.
 * Cost per use: one list and one small write; a refused use costs one list. Expired slot keys are deleted on the
 * bucket's next use.
 *
 * @example
 *   const slot = await takeSlot(store, 'askb:u.a123:', { capacity: 20, refillMs: 6_000 }, clock.now());
 *   if (typeof slot === 'number') throw new Error(`retry in ${slot} s`);
 */
import type { KeyValueStore } from '../ports';
import { KVS_LIMITS } from '../platform/limits';

export interface BucketShape {
  /** Uses that may happen at once after a pause. */
  capacity: number;
  /** One more use every this many milliseconds. */
  refillMs: number;
}

/** Free slots a use tries when others take them first. */
const MAX_TRIES = 8;

/**
 * Takes a free slot of the bucket whose keys start with `prefix` (it must end with a separator no id holds):
 * the slot's key, or the seconds until one frees. `start` spreads concurrent users over the free slots.
 */
export async function takeSlot(store: KeyValueStore, prefix: string, shape: BucketShape, now: number, start = 0): Promise<{ key: string } | number> {
  const current = Math.floor(now / shape.refillMs);
  const oldest = current - shape.capacity + 1;
  const taken = new Set<number>();
  const stale: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<unknown>(prefix, { limit: KVS_LIMITS.maxQueryResults, ...(cursor ? { cursor } : {}) });
    for (const { key } of page.entries) {
      const n = Number(key.slice(prefix.length));
      if (n < oldest) stale.push(key);
      else taken.add(n);
    }
    cursor = page.cursor;
  } while (cursor);
  if (stale.length) await store.deleteMany(stale).catch(() => undefined);
  const free: number[] = [];
  for (let n = oldest; n <= current; n += 1) if (!taken.has(n)) free.push(n);
  for (let i = 0; i < Math.min(free.length, MAX_TRIES); i += 1) {
    const n = free[(start + i) % free.length]!;
    const key = `${prefix}${String(n).padStart(12, '0')}`;
    if (await store.setIfAbsent(key, { at: now })) return { key };
  }
  // Every slot of the window is taken (or was taken while we tried): the next one starts when the current one ends.
  return Math.max(1, Math.ceil(((current + 1) * shape.refillMs - now) / 1000));
}
