/**
 * Durable storage of async events (one row per pushed event) and their jobs. States: `pending` (waiting for its
 * due time), `running`, `success`, `failed` (gave up), `cancelled`. A host that stops mid-delivery finds its
 * `running` rows again at start and delivers them again: at-least-once, as Forge promises.
 */
import type { HostDatabase } from '../db';

export interface QueuedEvent {
  seq: number;
  eventId: string;
  jobId: string;
  queue: string;
  body: Record<string, unknown>;
  delaySeconds: number | null;
  concurrency: { key: string; limit: number } | null;
  enqueuedAt: number;
  dueAt: number;
  retryCount: number;
  retryReason: string | null;
  retryData: unknown;
}

interface RawEvent {
  seq: number;
  event_id: string;
  job_id: string;
  queue: string;
  body: string;
  delay_seconds: number | null;
  concurrency: string | null;
  enqueued_at: number;
  due_at: number;
  retry_count: number;
  retry_reason: string | null;
  retry_data: string | null;
}

const toEvent = (r: RawEvent): QueuedEvent => ({
  seq: r.seq,
  eventId: r.event_id,
  jobId: r.job_id,
  queue: r.queue,
  body: JSON.parse(r.body) as Record<string, unknown>,
  delaySeconds: r.delay_seconds,
  concurrency: r.concurrency ? (JSON.parse(r.concurrency) as { key: string; limit: number }) : null,
  enqueuedAt: r.enqueued_at,
  dueAt: r.due_at,
  retryCount: r.retry_count,
  retryReason: r.retry_reason,
  retryData: r.retry_data ? (JSON.parse(r.retry_data) as unknown) : undefined,
});

export interface NewEvent {
  eventId: string;
  body: Record<string, unknown>;
  delaySeconds?: number;
  concurrency?: { key: string; limit: number };
}

export interface JobStats {
  success: number;
  inProgress: number;
  failed: number;
}

export class QueueStore {
  constructor(private readonly db: HostDatabase) {
    // Deliveries cut short by a stop are owed again.
    db.prepare("UPDATE queue_events SET state = 'pending' WHERE state = 'running'").run();
  }

  push(jobId: string, queue: string, events: NewEvent[], now: number): void {
    const insertJob = this.db.prepare('INSERT INTO queue_jobs (job_id, queue, pushed_at) VALUES (?, ?, ?)');
    const insertEvent = this.db.prepare(
      `INSERT INTO queue_events (event_id, job_id, queue, body, delay_seconds, concurrency, enqueued_at, due_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    this.db.transaction(() => {
      insertJob.run(jobId, queue, now);
      for (const e of events) {
        const delay = e.delaySeconds ?? 0;
        insertEvent.run(
          e.eventId,
          jobId,
          queue,
          JSON.stringify(e.body),
          e.delaySeconds ?? null,
          e.concurrency ? JSON.stringify(e.concurrency) : null,
          now,
          now + delay * 1000,
        );
      }
    })();
  }

  /** Due pending events, oldest first (or newest first for out-of-order delivery), not yet claimed. */
  due(now: number, limit: number, newestFirst: boolean): QueuedEvent[] {
    const order = newestFirst ? 'due_at DESC, seq DESC' : 'due_at ASC, seq ASC';
    return this.db
      .prepare<[number, number], RawEvent>(`SELECT * FROM queue_events WHERE state = 'pending' AND due_at <= ? ORDER BY ${order} LIMIT ?`)
      .all(now, limit)
      .map(toEvent);
  }

  /** Marks an event running; false if someone else took it first. */
  claim(seq: number): boolean {
    return this.db.prepare("UPDATE queue_events SET state = 'running' WHERE seq = ? AND state = 'pending'").run(seq).changes === 1;
  }

  finish(seq: number, state: 'success' | 'failed', error?: string): void {
    this.db.prepare('UPDATE queue_events SET state = ?, last_error = ? WHERE seq = ?').run(state, error ?? null, seq);
  }

  /** Puts an event back for another delivery at `dueAt`. */
  retry(seq: number, dueAt: number, retryCount: number, reason: string, data: unknown, error?: string): void {
    this.db
      .prepare("UPDATE queue_events SET state = 'pending', due_at = ?, retry_count = ?, retry_reason = ?, retry_data = ?, last_error = ? WHERE seq = ?")
      .run(dueAt, retryCount, reason, data === undefined ? null : JSON.stringify(data), error ?? null, seq);
  }

  /** Delivers a successful event once more, unchanged: the duplicate-delivery test knob. */
  redeliver(seq: number, dueAt: number): void {
    this.db.prepare("UPDATE queue_events SET state = 'pending', due_at = ? WHERE seq = ?").run(dueAt, seq);
  }

  jobExists(jobId: string, queue: string): boolean {
    return this.db.prepare('SELECT 1 FROM queue_jobs WHERE job_id = ? AND queue = ?').get(jobId, queue) !== undefined;
  }

  stats(jobId: string): JobStats {
    const rows = this.db
      .prepare<[string], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM queue_events WHERE job_id = ? GROUP BY state')
      .all(jobId);
    const count = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { success: count('success'), failed: count('failed') + count('cancelled'), inProgress: count('pending') + count('running') };
  }

  cancel(jobId: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE queue_jobs SET cancelled = 1 WHERE job_id = ?').run(jobId);
      this.db.prepare("UPDATE queue_events SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'").run(jobId);
    })();
  }

  /** Pending and running events per queue. */
  depth(): Array<{ queue: string; pending: number; running: number; nextDueAt: number | null }> {
    return this.db
      .prepare<[], { queue: string; pending: number; running: number; next_due: number | null }>(
        `SELECT queue,
                SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) AS pending,
                SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END) AS running,
                MIN(CASE WHEN state = 'pending' THEN due_at END) AS next_due
         FROM queue_events WHERE state IN ('pending', 'running') GROUP BY queue ORDER BY queue`,
      )
      .all()
      .map((r) => ({ queue: r.queue, pending: r.pending, running: r.running, nextDueAt: r.next_due }));
  }

  earliestPendingDue(): number | null {
    const row = this.db.prepare<[], { d: number | null }>("SELECT MIN(due_at) AS d FROM queue_events WHERE state = 'pending'").get();
    return row?.d ?? null;
  }

  /** Events that ended in `failed`, newest first: what a developer would look for in Forge's logs. */
  failures(limit = 50): Array<{ eventId: string; queue: string; retryCount: number; lastError: string | null }> {
    return this.db
      .prepare<[number], { event_id: string; queue: string; retry_count: number; last_error: string | null }>(
        "SELECT event_id, queue, retry_count, last_error FROM queue_events WHERE state = 'failed' ORDER BY seq DESC LIMIT ?",
      )
      .all(limit)
      .map((r) => ({ eventId: r.event_id, queue: r.queue, retryCount: r.retry_count, lastError: r.last_error }));
  }
}
