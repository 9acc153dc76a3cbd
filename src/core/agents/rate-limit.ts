import type { Clock } from '../ports';

/**
 * A token bucket per agent token, in memory: a burst past `capacity` is answered BUSY (429) at once instead of
 * spending the installation's storage and Confluence quotas. Per warm function instance, so it bounds each
 * instance, not the site (Forge's own per-installation invocation limits bound the rest).
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
