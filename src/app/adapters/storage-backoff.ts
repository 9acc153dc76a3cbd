/**
 * Waits out Forge storage's per-second request limit. Forge KVS refuses a burst with 429 `RATE_LIMIT_EXCEEDED`
 * (Forge docs, "Error handling for the Key-Value Store"; the per-second limit is in "KVS and Custom Entity Store
 * limits"); the refused request changed nothing, so sending it again after a pause is safe. The pauses double
 * up to a total of 2.5 s: longer than one fixed one-second window twice over, and short enough for a resolver's
 * 25 s. A per-minute quota outlasts them; the last refusal is then thrown unchanged, so queue consumers re-queue
 * with a delay and resolvers answer "busy, try again" (`errorKind` is 'quota').
 *
 * @example
 *   const value = await withStorageBackoff(() => kvs.get('key'));
 */
import { errorKind } from '../../core/errors';

export interface StorageBackoff {
  /** Pauses before each new attempt, in ms; one attempt more than pauses. */
  delaysMs: readonly number[];
  /** How to pause; tests pass a sleeper that moves their clock instead of waiting. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_STORAGE_BACKOFF: StorageBackoff = {
  delaysMs: [100, 200, 400, 800, 1000],
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** No waiting: queue consumers re-queue with a delay instead of pausing (the app's rule for background work). */
export const NO_STORAGE_BACKOFF: StorageBackoff = { delaysMs: [], sleep: async () => undefined };

/** Runs `request`, again after each pause while storage refuses it for its rate limit. */
export async function withStorageBackoff<T>(request: () => Promise<T>, backoff: StorageBackoff = DEFAULT_STORAGE_BACKOFF): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const pause = backoff.delaysMs[attempt];
      if (pause === undefined || errorKind(error) !== 'quota') throw error;
      await backoff.sleep(pause);
    }
  }
}
