import type { KeyValueStore } from '../ports';
import type { ResolvedConfig } from './config';

interface LeaseValue {
  /** Epoch milliseconds after which the lease is free; a holder stops starting work `leaseMarginMs` before it. */
  until: number;
}

export interface Lease {
  /** When the holder must stop starting new work. */
  deadline: number;
  release(): Promise<void>;
}

/** Epochs kept behind the current one; older lease keys are deleted when a new epoch is taken. */
const KEEP_EPOCHS = 4;

/**
 * The merge lease. KVS has no compare-and-swap, only create-if-absent, so the lease is a chain of epoch keys:
 * whoever creates `lease:<n+1>` after `lease:<n>` has expired (or was released) holds it, and two contenders for
 * the same epoch cannot both win. Each holder gets the full `leaseMs` budget, wherever in time it starts.
 */
export async function acquireLease(store: KeyValueStore, config: ResolvedConfig): Promise<Lease | undefined> {
  const keys = config.keys;
  const epochs: Array<{ key: string; value: LeaseValue }> = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<LeaseValue>(keys.leasePrefix(), { limit: 100, ...(cursor ? { cursor } : {}) });
    epochs.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  const latest = epochs[epochs.length - 1];
  const now = config.clock.now();
  if (latest && latest.value.until > now) return undefined;
  const epoch = latest ? Number(latest.key.slice(keys.leasePrefix().length)) + 1 : 0;
  const key = keys.lease(epoch);
  const until = now + config.leaseMs;
  if (!(await store.setIfAbsent<LeaseValue>(key, { until }))) return undefined;
  const stale = epochs.slice(0, Math.max(0, epochs.length - KEEP_EPOCHS)).map((e) => e.key);
  if (stale.length > 0) await store.deleteMany(stale);
  return {
    deadline: until - config.leaseMarginMs,
    // Released by expiring, not deleting: a deleted epoch could be created again by a merger that listed late.
    release: () => store.set<LeaseValue>(key, { until: 0 }),
  };
}
