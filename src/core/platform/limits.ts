/**
 * Forge's platform limits, in one place: the product keeps inside them (stores, queues, the merge's run time)
 * and the sandbox enforces the same numbers (sandbox/forge), so code that passes locally fits on Forge.
 * Sources (developer.atlassian.com/platform/forge/): "KVS and Custom Entity Store limits" and "Storage API
 * limits" (storage/), "Async events API" (runtime-reference/async-events-api/), "Platform quotas and limits"
 * (platform-quotas-and-limits/), and the `timeoutSeconds` this app's manifest.yml gives its functions.
 *
 * @example
 * if (!KVS_LIMITS.keyPattern.test(key) || key.length > KVS_LIMITS.maxKeyLength) throw new Error('not a KVS key');
 */

/** Forge KVS: keys, values, batches and listing. */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  /** The documented key pattern: these characters, and not only whitespace. */
  keyPattern: /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/,
  maxValueBytes: 240 * 1024,
  /** Deepest nesting of a JSON value. */
  maxDepth: 31,
  /** Operations in one batch or transaction. */
  maxBatchOps: 25,
  /** Payload of one batch or transaction. */
  maxBatchBytes: 4 * 1024 * 1024,
  /** Entries one list query returns at most (and its default when no limit is given). */
  maxQueryResults: 100,
  defaultQueryResults: 10,
  /** Reads and writes are counted in units of this many bytes, rounded up. */
  unitBytes: 10 * 1024,
  /** Read units and write units per minute per installation. */
  readUnitsPerMinute: 4000,
  writeUnitsPerMinute: 4000,
  requestsPerSecond: 1000,
} as const;

/** Forge async events (@forge/events queues). */
export const QUEUE_LIMITS = {
  maxEventsPerPush: 50,
  maxPushBytes: 200 * 1024,
  /** `delayInSeconds` and a consumer's `retryAfter` at most. */
  maxDelaySeconds: 900,
  eventsPerMinute: 500,
} as const;

/** Invocation time. */
export const INVOCATION_LIMITS = {
  /** A UI resolver or an action (no `timeoutSeconds` in the manifest may lengthen it). */
  resolverSeconds: 25,
  /** A function without `timeoutSeconds`. */
  defaultFunctionSeconds: 55,
  /** The most `timeoutSeconds` may ask for. */
  maxFunctionSeconds: 900,
  /**
   * The `timeoutSeconds` manifest.yml gives both queue consumers (`sync-consumer`, `merge-consumer`);
   * `npm run check:forge` fails when the manifest says otherwise.
   */
  consumerSeconds: 300,
} as const;

/**
 * How long one merge run may work: two thirds of the consumer's timeout, so its last round, the lease release and
 * the follow-up push land well before Forge stops the function. The runtime's own deadline (`Deadline`) can stop
 * it sooner.
 */
export const MERGE_RUN_MS = Math.floor((INVOCATION_LIMITS.consumerSeconds * 1000 * 2) / 3);

/** What an invocation has left before the platform stops it, read from the runtime; undefined outside one. */
export interface Deadline {
  remainingMs(): number | undefined;
}

/** No deadline known (tests, tools): work stops on its own budgets only. */
export const NO_DEADLINE: Deadline = { remainingMs: () => undefined };
