import type { SyncContext } from './context';
import type { SyncJob } from './types';

/**
 * A sweep lists the merged index: a minute's delay lets the merge the runner queues after a crawl step or an event
 * job (no delay) fold the pages just written first, so descendants a crawl wrote moments ago are among those read.
 */
export const SWEEP_DELAY_SECONDS = 60;

/**
 * The slot a sweep asked for at `now` runs in: slots are `windowMs` long, and a sweep runs at the end of the first
 * slot that ends at least `SWEEP_DELAY_SECONDS` from now. Every request whose time plus the delay falls in one slot
 * shares that slot's single sweep, which starts no sooner than the delay after each of them.
 *
 * ```ts
 * sweepSlot(125_000, 60_000); // { slot: 4, runAt: 240_000 }: asked at 125 s, runs at 240 s (>= 185 s)
 * ```
 */
export function sweepSlot(now: number, windowMs: number): { slot: number; runAt: number } {
  const slot = Math.ceil((now + SWEEP_DELAY_SECONDS * 1000) / windowMs);
  return { slot, runAt: slot * windowMs };
}

/**
 * Queues a sweep (sweep-space.ts) of each named space of one Library, coalesced: at most one sweep per Library,
 * space and slot (`settings.sweepWindowMs`; 0 queues one per call, as before coalescing). A permission change on
 * 500 pages of one space (500 `permissions_updated` events, each an `index-pages` job whose page left the index)
 * then reads that space again once per slot the events span, not 500 times.
 *
 * Each slot is claimed with a create-if-absent mark (`SyncStateStore.claimSweep`), so of several jobs at once only
 * one queues the sweep. Why no change is lost: a request that finds its slot's mark taken was made at least
 * `SWEEP_DELAY_SECONDS` before that slot's sweep runs (`sweepSlot`), and that sweep lists the index and reads every
 * listed page from Confluence after it starts, so it sees the change. A request made after that sweep started falls
 * in a later slot, whose mark is free: it gets a sweep of its own, even if the running one has listed past its
 * pages. The running sweep also deletes its own mark as it starts (before listing), so a request for its slot that
 * a late-running clock still places there claims again instead of joining a sweep that may have listed past it.
 * If the push fails, the marks just claimed are released (best effort) so the job's retry can claim them again.
 *
 * ```ts
 * await queueSweeps(ctx, 'lib1', ['ENG']); // one sweep-space job, or none if ENG's next sweep is already queued
 * ```
 */
export async function queueSweeps(ctx: SyncContext, libraryId: string, spaceKeys: string[]): Promise<void> {
  const keys = [...new Set(spaceKeys)];
  if (!keys.length) return;
  const windowMs = ctx.settings.sweepWindowMs;
  if (!(windowMs > 0)) {
    await ctx.queue.push(keys.map((spaceKey): SyncJob => ({ type: 'sweep-space', libraryId, spaceKey })), { delaySeconds: SWEEP_DELAY_SECONDS });
    return;
  }
  const now = ctx.clock.now();
  const { slot, runAt } = sweepSlot(now, windowMs);
  const claimed: string[] = [];
  for (const spaceKey of keys) if (await ctx.state.claimSweep(libraryId, spaceKey, slot, runAt)) claimed.push(spaceKey);
  if (!claimed.length) return;
  try {
    await ctx.queue.push(
      claimed.map((spaceKey): SyncJob => ({ type: 'sweep-space', libraryId, spaceKey, slot })),
      { delaySeconds: Math.ceil((runAt - now) / 1000) },
    );
  } catch (error) {
    await Promise.all(claimed.map((spaceKey) => ctx.state.releaseSweep(libraryId, spaceKey, slot).catch(() => undefined)));
    throw error;
  }
}
