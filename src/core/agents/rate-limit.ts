import type { Clock, KeyValueStore } from '../ports';
import { takeSlot, type BucketShape } from '../store/slot-bucket';

/**
 * A token bucket per agent token, in memory: a burst past `capacity` is answered BUSY (429) at once, before any
 * storage read. Per warm function instance, so it only bounds each instance; TokenRate (below) is the limit that
 * holds across instances.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 60,
    private readonly perSecond = 2,
  ) {}

  /** Takes one request's worth from `key`'s bucket; false when it is empty. */
  take(key: string): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const refilled = Math.min(this.capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.perSecond);
    if (this.buckets.size > 10_000) this.buckets.clear();
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return false;
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    return true;
  }
}

/** Requests per agent token across every function instance: 60 at once, then 2 a second. */
export const TOKEN_RATE: BucketShape = { capacity: 60, refillMs: 500 };

/**
 * The per-token rate that binds: a token bucket in the key-value store (time slots taken with create-if-absent,
 * src/core/store/slot-bucket.ts, as the Ask budget does), so a burst spread over many function instances is
 * counted once. Checked after the token is verified, so only real tokens get slot keys (at most `capacity` tiny
 * keys per token, cleared on its next request). The in-memory RateLimiter stays in front of it as a free first
 * gate for a burst that lands on one warm instance.
 *
 * @example
 *   const rate = new TokenRate(store, clock);
 *   const wait = await rate.take(record.id); // true, or the seconds until the next request may go
 */
export class TokenRate {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly shape: BucketShape = TOKEN_RATE,
  ) {}

  async take(tokenId: string): Promise<true | number> {
    if (!/^[0-9a-f]{16}$/.test(tokenId)) return 1;
    // A random first slot per request: a burst's concurrent requests spread over the free slots instead of all
    // racing for the same ones (each lost race is a wasted write).
    const slot = await takeSlot(this.store, `agent-rate:${tokenId}:`, this.shape, this.clock.now(), Math.floor(Math.random() * this.shape.capacity));
    return typeof slot === 'number' ? slot : true;
  }
}
