/**
 * Reading how long Confluence asks us to wait. Cloud's 429 and some 503 responses carry `Retry-After`
 * (seconds or an HTTP date), `Beta-Retry-After` (seconds) and `X-RateLimit-Reset` (an ISO 8601 instant,
 * `yyyy-MM-ddTHH:mmZ`): Atlassian's rate-limiting docs, developer.atlassian.com/cloud/confluence/rate-limiting.
 * Cloud has sent absurd waits (a `Retry-After` too large for a timestamp: atlassian-api/atlassian-python-api#1593;
 * waits of up to 10 hours: dust-tt/dust#10230), so every value is clamped.
 */
import { QUEUE_LIMITS } from '../platform/limits';

/** Forge's longest queue delay (`delayInSeconds`, platform/limits.ts): a sane ceiling for any wait. */
export const MAX_RETRY_AFTER_SECONDS = QUEUE_LIMITS.maxDelaySeconds;

interface HeaderSource {
  get(name: string): string | null;
}

/** Seconds in a `Retry-After`-style value: a non-negative number, or an HTTP date measured from `nowMs`. */
export function parseDelaySeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text); // may be huge or Infinity; clamped by the caller
  if (/^-/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - nowMs) / 1000);
}

/** Seconds until an `X-RateLimit-Reset` instant (ISO 8601; an all-digit value is read as epoch seconds). */
export function parseResetSeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const at = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, (at - nowMs) / 1000);
}

export interface RetryHint {
  /** Whole seconds to wait, 0..maxSeconds. */
  seconds: number;
  header: 'Retry-After' | 'Beta-Retry-After' | 'X-RateLimit-Reset';
  /** True when the header asked for more than maxSeconds. */
  clamped: boolean;
}

/**
 * The wait Cloud asks for, or undefined when no header names one. Headers are read in order
 * Retry-After, Beta-Retry-After, X-RateLimit-Reset; the first whose value is within `maxSeconds` wins, so an absurd
 * Retry-After beside a sensible Beta-Retry-After takes the sensible one. If every value is absurd the result is
 * `maxSeconds`.
 */
export function retryHint(
  headers: HeaderSource,
  nowMs: number,
  maxSeconds: number = MAX_RETRY_AFTER_SECONDS,
): RetryHint | undefined {
  const candidates: Array<[RetryHint['header'], number | undefined]> = [
    ['Retry-After', parseDelaySeconds(headers.get('Retry-After'), nowMs)],
    ['Beta-Retry-After', parseDelaySeconds(headers.get('Beta-Retry-After'), nowMs)],
    ['X-RateLimit-Reset', parseResetSeconds(headers.get('X-RateLimit-Reset'), nowMs)],
  ];
  let firstOversized: RetryHint['header'] | undefined;
  for (const [header, seconds] of candidates) {
    if (seconds === undefined) continue;
    if (seconds <= maxSeconds) return { header, seconds: Math.ceil(seconds), clamped: false };
    firstOversized ??= header;
  }
  return firstOversized ? { header: firstOversized, seconds: maxSeconds, clamped: true } : undefined;
}
