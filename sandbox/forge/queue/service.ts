/**
 * Forge async events, locally. Answers the queue requests `@forge/events` 3.0.8 sends through the app's
 * product fetch (POST `/webhook/queue/{publish|stats|cancel}/{contextAri}/...`) and delivers stored events to the
 * manifest's `consumer` functions: at-least-once, up to `concurrency` at a time, retrying on an
 * `InvocationError` (`_retry`) after its `retryAfter` seconds (clamped to 1..900) and on app errors with
 * exponential backoff, until the 24-hour retention window (host clock) runs out. A `concurrency: {key, limit}`
 * on a pushed event caps how many events with that key run at once.
 *
 * Limits (Forge docs, "Async events API" and limits; @forge/events validators): 50 events and 200 KB per push,
 * `delayInSeconds` 0..900, 500 events per minute per installation. Delays and retries follow the host clock:
 * under a SteppedClock an event becomes due when the clock is advanced past it.
 */
import { randomUUID } from 'node:crypto';
import { QUEUE_LIMITS as PLATFORM_QUEUE_LIMITS } from '../../../src/core/platform/limits';
import type { ManifestConsumer } from '../manifest';
import { isRetryRequest, type InvocationOutcome } from '../invoke';
import type { QueuedEvent, QueueStore } from './store';

/** Forge's async-event limits (src/core/platform/limits.ts) plus what only the host needs. */
export const QUEUE_LIMITS = {
  maxEventsPerPush: PLATFORM_QUEUE_LIMITS.maxEventsPerPush,
  maxPushBytes: PLATFORM_QUEUE_LIMITS.maxPushBytes,
  maxDelaySeconds: PLATFORM_QUEUE_LIMITS.maxDelaySeconds,
  maxRetryAfterSeconds: PLATFORM_QUEUE_LIMITS.maxDelaySeconds,
  eventsPerMinute: PLATFORM_QUEUE_LIMITS.eventsPerMinute,
  retentionWindowMs: 24 * 3_600_000,
  maxRetryDataBytes: 4 * 1024,
} as const;

export interface QueueReply {
  status: number;
  body?: unknown;
}

/** Test knobs: deliver each event twice, or newest first. */
export interface DeliveryMode {
  duplicates: boolean;
  newestFirst: boolean;
}

export interface QueueServiceDeps {
  store: QueueStore;
  consumers: ManifestConsumer[];
  concurrency: number;
  /** Host clock: due times, retries, retention. */
  now: () => number;
  /** Clock the 500/min push budget follows. */
  rateNow: () => number;
  /** Runs a consumer; the service decides success, retry or failure from the outcome. */
  deliver: (consumer: ManifestConsumer, event: Record<string, unknown>) => Promise<InvocationOutcome>;
  /** Give up after this many retries; default: only the retention window limits them (current Forge docs). */
  maxRetries?: number;
  /** Asks to be woken at `at` (host clock) when nothing else will wake the queue; RealClock only. */
  wakeAt: (at: number | null) => void;
}

type Dict = Record<string, unknown>;

export class QueueService {
  readonly mode: DeliveryMode = { duplicates: false, newestFirst: false };
  private running = 0;
  private readonly duplicated = new Set<number>();
  /** Running events per `PushEvent.concurrency.key` (installation-wide, across queues, as on Forge). */
  private readonly runningByKey = new Map<string, number>();
  private window = { minute: -1, events: 0 };
  private closed = false;

  constructor(private readonly deps: QueueServiceDeps) {}

  /** Answers one `@forge/events` request. */
  handle(path: string, body: unknown): QueueReply {
    const b = (body ?? {}) as Dict;
    if (path.startsWith('/webhook/queue/publish/')) return this.publish(b);
    if (path.startsWith('/webhook/queue/stats/')) return this.stats(b);
    if (path.startsWith('/webhook/queue/cancel/')) return this.cancel(b);
    return { status: 404, body: { message: `Unknown queue operation ${path}` } };
  }

  private publish(b: Dict): QueueReply {
    const queue = String(b.queueName);
    const events = Array.isArray(b.payload) ? (b.payload as Dict[]) : [];
    if (!this.deps.consumers.some((c) => c.queue === queue)) {
      return { status: 400, body: { message: `No consumer module in the manifest reads queue ${queue}` } };
    }
    if (events.length === 0 || events.length > QUEUE_LIMITS.maxEventsPerPush) {
      return { status: 400, body: { message: `A push must carry 1 to ${QUEUE_LIMITS.maxEventsPerPush} events.` } };
    }
    if (Buffer.byteLength(JSON.stringify(events)) > QUEUE_LIMITS.maxPushBytes) {
      return { status: 413, body: { errorMessage: 'The maximum payload size is 200KB.' } };
    }
    for (const e of events) {
      const delay = e.delayInSeconds;
      if (delay !== undefined && (typeof delay !== 'number' || delay < 0 || delay > QUEUE_LIMITS.maxDelaySeconds)) {
        return { status: 400, body: { message: 'The delayInSeconds setting must be between 0 and 900.' } };
      }
    }
    const minute = Math.floor(this.deps.rateNow() / 60_000);
    if (minute !== this.window.minute) this.window = { minute, events: 0 };
    if (this.window.events + events.length > QUEUE_LIMITS.eventsPerMinute) {
      return { status: 429, body: { message: 'Too many requests.' } };
    }
    this.window.events += events.length;
    const jobId = typeof b.jobId === 'string' && b.jobId ? b.jobId : randomUUID();
    this.deps.store.push(
      jobId,
      queue,
      events.map((e) => ({
        eventId: randomUUID(),
        body: e.body as Dict,
        delaySeconds: typeof e.delayInSeconds === 'number' ? e.delayInSeconds : undefined,
        concurrency: e.concurrency as { key: string; limit: number } | undefined,
      })),
      this.deps.now(),
    );
    queueMicrotask(() => this.pump());
    return { status: 201, body: { jobId } };
  }

  private stats(b: Dict): QueueReply {
    const jobId = String(b.jobId);
    if (!this.deps.store.jobExists(jobId, String(b.queueName))) return { status: 404, body: { message: 'Job not found' } };
    return { status: 200, body: this.deps.store.stats(jobId) };
  }

  private cancel(b: Dict): QueueReply {
    const jobId = String(b.jobId);
    if (!this.deps.store.jobExists(jobId, String(b.queueName))) return { status: 404, body: { message: 'Job not found' } };
    this.deps.store.cancel(jobId);
    return { status: 204 };
  }

  get inFlight(): number {
    return this.running;
  }

  /** Starts every due event there is room for; call after pushes, completions and clock moves. */
  pump(): void {
    if (this.closed) return;
    // One reading of the clock for the whole pass: a due event must never look "not due" to the query and
    // "already due" to the timer decision below, or nothing would wake the queue again.
    const now = this.deps.now();
    while (this.running < this.deps.concurrency) {
      // An event whose concurrency key is at its limit waits; the next eligible one goes first.
      const next = this.deps.store.due(now, 50, this.mode.newestFirst).find((e) => this.hasRoom(e));
      if (!next) break;
      if (!this.deps.store.claim(next.seq)) continue;
      this.running += 1;
      const key = next.concurrency?.key;
      if (key !== undefined) this.runningByKey.set(key, (this.runningByKey.get(key) ?? 0) + 1);
      void this.run(next).finally(() => {
        this.running -= 1;
        if (key !== undefined) this.runningByKey.set(key, (this.runningByKey.get(key) ?? 1) - 1);
        this.pump();
      });
    }
    // Due events that found no room start when a running one finishes; only future ones need a timer.
    const next = this.deps.store.earliestPendingDue();
    this.deps.wakeAt(next !== null && next > now ? next : null);
  }

  private hasRoom(e: QueuedEvent): boolean {
    if (!e.concurrency) return true;
    return (this.runningByKey.get(e.concurrency.key) ?? 0) < Math.max(1, e.concurrency.limit);
  }

  close(): void {
    this.closed = true;
    this.deps.wakeAt(null);
  }

  private asyncEvent(e: QueuedEvent): Dict {
    return {
      body: e.body,
      queueName: e.queue,
      jobId: e.jobId,
      eventId: e.eventId,
      ...(e.delaySeconds !== null ? { delayInSeconds: e.delaySeconds } : {}),
      ...(e.concurrency ? { concurrency: e.concurrency } : {}),
      ...(e.retryCount > 0
        ? {
            retryContext: {
              retryCount: e.retryCount,
              retryReason: e.retryReason,
              retryData: e.retryData,
              retentionWindow: {
                startTime: new Date(e.enqueuedAt).toISOString(),
                remainingTimeMs: Math.max(0, e.enqueuedAt + QUEUE_LIMITS.retentionWindowMs - this.deps.now()),
              },
            },
          }
        : {}),
    };
  }

  private async run(e: QueuedEvent): Promise<void> {
    const consumer = this.deps.consumers.find((c) => c.queue === e.queue);
    if (!consumer) {
      this.deps.store.finish(e.seq, 'failed', `no consumer for queue ${e.queue}`);
      return;
    }
    const outcome = await this.deps.deliver(consumer, this.asyncEvent(e));
    // A host closed mid-delivery leaves the event `running`; the next start delivers it again.
    if (this.closed) return;
    const now = this.deps.now();
    const windowLeft = e.enqueuedAt + QUEUE_LIMITS.retentionWindowMs - now;
    if (outcome.ok && !isRetryRequest(outcome.value)) {
      if (this.mode.duplicates && !this.duplicated.has(e.seq)) {
        this.duplicated.add(e.seq);
        this.deps.store.redeliver(e.seq, now);
        return;
      }
      this.deps.store.finish(e.seq, 'success');
      return;
    }
    let delayMs: number;
    let reason: string;
    let data: unknown;
    let error: string | undefined;
    if (outcome.ok) {
      const options = isRetryRequest(outcome.value) ? (outcome.value.retryOptions ?? {}) : {};
      const after = Math.min(QUEUE_LIMITS.maxRetryAfterSeconds, Math.max(1, Number(options.retryAfter ?? 1)));
      delayMs = after * 1000;
      reason = options.retryReason ?? 'FUNCTION_RETRY_REQUEST';
      data = options.retryData;
      error = `retry requested: ${reason}`;
    } else {
      // App-level errors are retried with backoff, capped near 15 minutes (Forge docs, "Retries").
      delayMs = Math.min(QUEUE_LIMITS.maxRetryAfterSeconds, 2 ** Math.min(e.retryCount, 10) * 15) * 1000;
      reason = outcome.timedOut ? 'FUNCTION_TIME_OUT' : 'FUNCTION_ERR';
      error = `${outcome.error.name}: ${outcome.error.message}`;
    }
    if (delayMs >= windowLeft) {
      this.deps.store.finish(e.seq, 'failed', `${error}; retention window exceeded`);
      return;
    }
    if (this.deps.maxRetries !== undefined && e.retryCount >= this.deps.maxRetries) {
      this.deps.store.finish(e.seq, 'failed', `${error}; gave up after ${e.retryCount} retries`);
      return;
    }
    this.deps.store.retry(e.seq, now + delayMs, e.retryCount + 1, reason, data, error);
  }
}
