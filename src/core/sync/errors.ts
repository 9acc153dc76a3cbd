import { errorKind } from '../errors';
import { QUEUE_LIMITS } from '../platform/limits';

/**
 * How a job reacts to a failure. Errors carry a kind (`errorKind`, src/core/errors.ts); a job only needs to know
 * which of four reactions a failure calls for.
 */
export type FailureKind =
  /** Rate limited: wait `retryAfterSeconds` by re-queueing, never by sleeping. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** The Source's authorization lapsed: stop syncing and tell the admins. */
  | { kind: 'unauthorized'; message: string }
  /** Another worker holds the work (the merge lease): look again shortly. */
  | { kind: 'busy'; message: string }
  /** A stored value does not decode: retrying reads the same bytes, so stop at once and record it for the admins. */
  | { kind: 'corrupt'; message: string }
  /** Anything else: retry a few times with backoff, then record the error. */
  | { kind: 'transient'; message: string };

/** Forge's longest queue delay; also the clamp for absurd Retry-After values. */
export const MAX_DELAY_SECONDS = QUEUE_LIMITS.maxDelaySeconds;

export function classifyFailure(error: unknown): FailureKind {
  const kind = errorKind(error);
  if (kind === 'quota') {
    // Forge storage's own quota (read and write units per minute): the window turns within a minute.
    return { kind: 'rate-limited', retryAfterSeconds: 60 };
  }
  if (kind === 'rate-limited') {
    const seconds = Number((error as { retryAfterSeconds?: unknown }).retryAfterSeconds);
    return { kind: 'rate-limited', retryAfterSeconds: clampDelay(Number.isFinite(seconds) && seconds > 0 ? seconds : 60) };
  }
  if (kind === 'unauthorized') {
    return { kind: 'unauthorized', message: 'Confluence no longer accepts the Source\'s authorization.' };
  }
  if (kind === 'busy') return { kind: 'busy', message: safeMessage(error) };
  if (kind === 'corrupt') return { kind: 'corrupt', message: safeMessage(error) };
  return { kind: 'transient', message: safeMessage(error) };
}

export function clampDelay(seconds: number): number {
  return Math.max(1, Math.min(MAX_DELAY_SECONDS, Math.ceil(seconds)));
}

/** A message fit for the settings page: never a token, never a stack; at most 300 characters. */
export function safeMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw
    .replace(/(authorization|bearer|basic|token|password|secret)[^\s,;]*[\s:=]+\S+/gi, '$1 [redacted]')
    .slice(0, 300);
}
