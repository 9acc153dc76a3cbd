import type { KeyValueStore } from '../ports';
import type { ResolvedConfig } from './config';
import { listByPrefix } from '../store/list-by-prefix';

interface LeaseValue {
  /** Epoch milliseconds after which the lease is free; `0` once its holder has released it. */
  until: number;
}

export interface Lease {
  /** This grant's epoch: grows with every grant, so it names one merge run. */
  epoch: number;
  /**
   * Call before each round of writes. Extends the lease when less than half of it is left and answers whether the
   * holder may go on: false once the run has used its budget (`mergeRunMs`), the invocation is near its deadline
   * (`deadlineReserveMs` left) or the lease is too close to its end to be extended safely. Throws if the extending write fails; the holder then stops and its lease runs out.
   */
  keep(): Promise<boolean>;
  /** Marks the lease free at once. Never throws: a release that fails (e.g. write quota) leaves a short lease to expire. */
  release(): Promise<boolean>;
}

/** Epochs kept behind the current one; older lease keys are deleted when a new epoch is taken. */
const KEEP_EPOCHS = 4;

/**
 * The merge lease. KVS has no compare-and-swap, only create-if-absent, so the lease is a chain of epoch keys:
 * whoever creates `lease:<n+1>` after `lease:<n>` has expired (or was released) holds it, and two contenders for
 * the same epoch cannot both win. A grant is short (`leaseMs`, default 2 minutes) and its holder extends it
 * between rounds of work, so a holder that dies or cannot release (write quota) blocks the next merge for at most
 * one grant, not a whole run. Only the holder writes its own epoch key, and only while `leaseMarginMs` of the
 * grant are left, so an extension lands before anyone may see the grant as expired (clock skew and write
 * latency stay below the margin). A new grant checks that its epoch is still the chain's newest, so a contender
 * that stalled after listing cannot take an epoch the chain has already deleted.
 */
export async function acquireLease(store: KeyValueStore, config: ResolvedConfig): Promise<Lease | undefined> {
  const keys = config.keys;
  const { entries: epochs } = await listByPrefix<LeaseValue>(store, keys.leasePrefix());
  const latest = epochs[epochs.length - 1];
  if (latest) {
    // Listing is eventually consistent and a holder extends its grant in place: read the latest grant directly,
    // so an extension is never mistaken for the older, shorter value.
    const current = await store.get<LeaseValue>(latest.key);
    // A holder only ever writes now + leaseMs; an end further out than two grants (clock skew between instances
    // included) is no holder's: a corrupt record or a bad clock, which would otherwise block every merge for good.
    const now = config.clock.now();
    if (current && current.until > now && current.until <= now + 2 * config.leaseMs) return undefined;
  }
  const epoch = latest ? Number(latest.key.slice(keys.leasePrefix().length)) + 1 : 0;
  const key = keys.lease(epoch);
  const started = config.clock.now();
  let until = started + config.leaseMs;
  if (!(await store.setIfAbsent<LeaseValue>(key, { until }))) return undefined;
  // Old epochs are deleted (below), so create-if-absent alone cannot tell a fresh epoch from one the chain has
  // passed: a contender that listed, then stalled while KEEP_EPOCHS more merges ran, would create its deleted epoch
  // again and merge beside the real holder. The chain's newest epoch is never deleted, so one later than ours in a
  // listing now means we were late: give the grant back and stay out. (A listing that does not show our own new
  // key yet, KVS listing being eventually consistent, shows nothing later than it either: the grant stands.)
  const { entries: after } = await listByPrefix<LeaseValue>(store, keys.leasePrefix());
  const newest = after[after.length - 1];
  if (newest && Number(newest.key.slice(keys.leasePrefix().length)) > epoch) {
    await store.set<LeaseValue>(key, { until: 0 }).catch(() => undefined);
    return undefined;
  }
  const stale = epochs.slice(0, Math.max(0, epochs.length - KEEP_EPOCHS)).map((e) => e.key);
  if (stale.length > 0) await store.deleteMany(stale);
  let released = false;
  return {
    epoch,
    async keep(): Promise<boolean> {
      const now = config.clock.now();
      if (released || now - started > config.mergeRunMs || now > until - config.leaseMarginMs) return false;
      // The invocation's own deadline, read from the runtime: stop while there is time to release and hand over.
      const left = config.deadline.remainingMs();
      if (left !== undefined && left < config.deadlineReserveMs) return false;
      if (until - now < config.leaseMs / 2) {
        const next = now + config.leaseMs;
        await store.set<LeaseValue>(key, { until: next });
        until = next;
      }
      return true;
    },
    async release(): Promise<boolean> {
      released = true;
      try {
        // Released by expiring, not deleting: a deleted epoch could be created again by a merger that listed late.
        await store.set<LeaseValue>(key, { until: 0 });
        return true;
      } catch {
        return false;
      }
    },
  };
}
