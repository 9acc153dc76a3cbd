/**
 * Forge's KVS limits and the error each breach returns, so `@forge/kvs` turns them into the same
 * `ForgeKvsAPIError` (with the same `code`) it throws on Forge.
 *
 * Sources: Forge docs "KVS and Custom Entity Store limits" (key regex, 500 chars, 240 KiB, depth 31,
 * 25 ops / 4 MB per batch or transaction, request sizes rounded up to 10 KB units), "Error handling for the
 * Key-Value Store" (INVALID_KEY, KEY_TOO_LONG, KEY_TOO_SHORT, MAX_SIZE, MAX_DEPTH, LIST_QUERY_LIMIT_EXCEEDED,
 * QUERY_WHERE_INVALID, QUERY_WHERE_FIELD_INVALID, INVALID_FILTER_CONDITION, 429 RATE_LIMIT_EXCEEDED), and
 * @forge/kvs 1.6.5 (`KEY_NOT_FOUND` is what its get/delete treat as "absent"). Codes not documented anywhere we
 * could read (KEY_ALREADY_EXISTS, CONDITION_CHECK_FAILED, BATCH_SIZE_EXCEEDED, TRANSACTION_SIZE_EXCEEDED,
 * DUPLICATE_KEYS, PAYLOAD_TOO_LARGE) are this host's names: match on the class and status, not those codes.
 */

import { KVS_LIMITS } from '../../../src/core/platform/limits';

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KvsError';
  }
}

/** The limits the host enforces: the product's one source of them (src/core/platform/limits.ts). */
export const KVS_HOST_LIMITS = {
  maxKeyLength: KVS_LIMITS.maxKeyLength,
  keyPattern: KVS_LIMITS.keyPattern,
  maxValueBytes: KVS_LIMITS.maxValueBytes,
  maxDepth: KVS_LIMITS.maxDepth,
  maxBatchOps: KVS_LIMITS.maxBatchOps,
  maxBatchBytes: KVS_LIMITS.maxBatchBytes,
  maxQueryLimit: KVS_LIMITS.maxQueryResults,
  defaultQueryLimit: KVS_LIMITS.defaultQueryResults,
  unitBytes: KVS_LIMITS.unitBytes,
} as const;

export function validateKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new KvsError(400, 'KEY_TOO_SHORT', 'The provided key needs to be at least one character.');
  }
  if (key.length > KVS_HOST_LIMITS.maxKeyLength) {
    throw new KvsError(400, 'KEY_TOO_LONG', `The provided key has exceeded the maximum ${KVS_HOST_LIMITS.maxKeyLength} characters.`);
  }
  if (!KVS_HOST_LIMITS.keyPattern.test(key)) {
    throw new KvsError(400, 'INVALID_KEY', 'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/');
  }
}

/** Nesting depth of a JSON value: a scalar is 0, `{a: 1}` is 1. */
export function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value as Record<string, unknown>)) {
    const d = depthOf(child);
    if (d > deepest) deepest = d;
    if (deepest > KVS_HOST_LIMITS.maxDepth) break;
  }
  return deepest + 1;
}

/** Checks a value and returns its serialised form, which is what the store keeps. */
export function validateValue(value: unknown): string {
  if (value === undefined) throw new KvsError(400, 'INVALID_VALUE', 'A value is required.');
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  if (bytes > KVS_HOST_LIMITS.maxValueBytes) {
    throw new KvsError(400, 'MAX_SIZE', `The provided value has exceeded the maximum size limit (${bytes} bytes > 240 KiB).`);
  }
  if (depthOf(value) > KVS_HOST_LIMITS.maxDepth) {
    throw new KvsError(400, 'MAX_DEPTH', `The provided value has exceeded the maximum object depth (${KVS_HOST_LIMITS.maxDepth}) limit.`);
  }
  return json;
}

export function validateOpCount(count: number, what: 'batch' | 'transaction'): void {
  if (count === 0) throw new KvsError(400, 'EMPTY_REQUEST', `A ${what} must contain at least one operation.`);
  if (count > KVS_HOST_LIMITS.maxBatchOps) {
    const code = what === 'batch' ? 'BATCH_SIZE_EXCEEDED' : 'TRANSACTION_SIZE_EXCEEDED';
    throw new KvsError(400, code, `A ${what} can contain a maximum of ${KVS_HOST_LIMITS.maxBatchOps} operations, got ${count}.`);
  }
}

export function validatePayloadBytes(bytes: number, what: 'batch' | 'transaction'): void {
  if (bytes > KVS_HOST_LIMITS.maxBatchBytes) {
    throw new KvsError(400, 'PAYLOAD_TOO_LARGE', `A ${what} is limited to a payload size of 4MB.`);
  }
}

/** 10 KB units, rounded up, at least one: how Forge counts reads and writes against the per-minute budget. */
export function unitsFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / KVS_HOST_LIMITS.unitBytes));
}

export interface KvsRateLimits {
  /** Read units (10 KB each) per minute per installation; Forge: 4000. */
  readUnitsPerMinute: number;
  /** Write units (10 KB each) per minute per installation; Forge: 4000. */
  writeUnitsPerMinute: number;
  /** Requests per second per installation; Forge: 1000. */
  requestsPerSecond: number;
}

export const FORGE_KVS_RATE_LIMITS: KvsRateLimits = {
  readUnitsPerMinute: KVS_LIMITS.readUnitsPerMinute,
  writeUnitsPerMinute: KVS_LIMITS.writeUnitsPerMinute,
  requestsPerSecond: KVS_LIMITS.requestsPerSecond,
};

/** Fixed-window budgets; `now` decides which clock the windows follow. */
export class KvsRateBudget {
  private minute = -1;
  private second = -1;
  private reads = 0;
  private writes = 0;
  private requests = 0;

  constructor(
    private readonly limits: KvsRateLimits,
    private readonly now: () => number,
    // Requests per second measure this process's real throughput: a stepped clock that stands still while work
    // runs would put every request into one second. Tests of waiting out the window pass a clock they move.
    private readonly secondNow: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  private roll(): void {
    const t = this.now();
    const minute = Math.floor(t / 60_000);
    const second = Math.floor(this.secondNow() / 1000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.reads = 0;
      this.writes = 0;
    }
    if (second !== this.second) {
      this.second = second;
      this.requests = 0;
    }
  }

  request(): void {
    this.roll();
    if (this.requests >= this.limits.requestsPerSecond) throw rateLimited('requests per second');
    this.requests += 1;
  }

  read(bytes: number): void {
    this.roll();
    const units = unitsFor(bytes);
    if (this.reads + units > this.limits.readUnitsPerMinute) throw rateLimited('read units per minute');
    this.reads += units;
  }

  write(bytes: number): void {
    this.roll();
    const units = unitsFor(bytes);
    if (this.writes + units > this.limits.writeUnitsPerMinute) throw rateLimited('write units per minute');
    this.writes += units;
  }

  usage(): { readUnits: number; writeUnits: number } {
    this.roll();
    return { readUnits: this.reads, writeUnits: this.writes };
  }
}

function rateLimited(what: string): KvsError {
  return new KvsError(429, 'RATE_LIMIT_EXCEEDED', `Storage rate limit exceeded: too many ${what} for this installation.`);
}
