/**
 * How the sync reacts to a failure. The Confluence client's errors carry a `kind`; the sync only needs to know
 * which of three reactions a failure calls for.
 */
export type FailureKind =
  /** Rate limited: wait `retryAfterSeconds` by re-queueing, never by sleeping. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** The Source's authorization lapsed: stop syncing and tell the admins. */
  | { kind: 'unauthorized'; message: string }
  /** Anything else: retry a few times with backoff, then record the error. */
  | { kind: 'transient'; message: string };

/** Forge's longest queue delay; also the clamp for absurd Retry-After values. */
export const MAX_DELAY_SECONDS = 900;

export function classifyFailure(error: unknown): FailureKind {
  const e = error as { name?: string; message?: string; kind?: string; status?: number; code?: string; retryAfterSeconds?: number } | undefined;
  if (isStorageQuotaError(error)) {
    // Forge storage's own quota (read and write units per minute): the window turns within a minute.
    return { kind: 'rate-limited', retryAfterSeconds: 60 };
  }
  if (e?.kind === 'rate-limited' || e?.status === 429) {
    const seconds = Number(e?.retryAfterSeconds);
    return { kind: 'rate-limited', retryAfterSeconds: clampDelay(Number.isFinite(seconds) && seconds > 0 ? seconds : 60) };
  }
  if (e?.kind === 'authorization' || e?.status === 401) {
    return { kind: 'unauthorized', message: 'Confluence no longer accepts the Source\'s authorization.' };
  }
  return { kind: 'transient', message: safeMessage(error) };
}

/** Forge storage refused for its per-minute read/write units (or a store raising the same codes): it turns within a minute. */
export function isStorageQuotaError(error: unknown): boolean {
  const e = error as { name?: string; message?: string; code?: string } | undefined;
  if (e?.code === 'RATE_LIMIT_EXCEEDED' || e?.code === 'TOO_MANY_REQUESTS') return true;
  return /^ForgeKvs/.test(e?.name ?? '') && /rate limit/i.test(e?.message ?? '');
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
