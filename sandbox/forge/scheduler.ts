/**
 * Fires the manifest's `scheduledTrigger`s on the host clock. Ticks fall every interval after an anchor (the
 * first start of this data directory, kept in the database). Under a SteppedClock each advance fires every tick
 * it crossed, once per crossing, in time order; under a RealClock a timer fires the next tick and missed ticks
 * are not made up, as on Forge. Failures are recorded, never retried (Forge does not retry scheduled triggers).
 */
import type { HostDatabase } from './db';
import type { ManifestScheduledTrigger, ScheduleInterval } from './manifest';

export const INTERVAL_MS: Record<ScheduleInterval, number> = {
  fiveMinute: 5 * 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

export interface SchedulerDeps {
  db: HostDatabase;
  triggers: ManifestScheduledTrigger[];
  now: () => number;
  /** Whether ticks missed while the clock jumped should all fire (stepped) or only the latest (real). */
  catchUp: boolean;
  fire: (trigger: ManifestScheduledTrigger, tickAt: number) => Promise<void>;
}

export class Scheduler {
  private readonly lastTick = new Map<string, number>();
  private readonly anchor: number;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: SchedulerDeps) {
    const { db } = deps;
    const row = db.prepare<[], { value: string }>("SELECT value FROM host_meta WHERE name = 'scheduler.anchor'").get();
    this.anchor = row ? Number(row.value) : deps.now();
    if (!row) db.prepare("INSERT INTO host_meta (name, value) VALUES ('scheduler.anchor', ?)").run(String(this.anchor));
    for (const t of deps.triggers) {
      const stored = db.prepare<[string], { value: string }>('SELECT value FROM host_meta WHERE name = ?').get(`scheduler.last.${t.key}`);
      this.lastTick.set(t.key, stored ? Number(stored.value) : this.anchor);
    }
  }

  private tickBefore(trigger: ManifestScheduledTrigger, at: number): number {
    const every = INTERVAL_MS[trigger.interval];
    return this.anchor + Math.floor((at - this.anchor) / every) * every;
  }

  /** Fires whatever is due now; returns when those invocations finished. */
  check(): Promise<void> {
    if (this.closed) return this.chain;
    const now = this.deps.now();
    const fires: Array<{ trigger: ManifestScheduledTrigger; at: number }> = [];
    for (const t of this.deps.triggers) {
      const every = INTERVAL_MS[t.interval];
      if (!every) continue;
      const last = this.lastTick.get(t.key) ?? this.anchor;
      const latest = this.tickBefore(t, now);
      if (latest <= last) continue;
      const first = this.deps.catchUp ? last + every : latest;
      for (let at = first; at <= latest; at += every) fires.push({ trigger: t, at });
      this.remember(t.key, latest);
    }
    fires.sort((a, b) => a.at - b.at);
    for (const f of fires) this.chain = this.chain.then(() => this.deps.fire(f.trigger, f.at));
    this.arm();
    return this.chain;
  }

  /** Runs a trigger now, outside its schedule. */
  runNow(key: string): Promise<void> {
    const trigger = this.deps.triggers.find((t) => t.key === key);
    if (!trigger) return Promise.reject(new Error(`No scheduledTrigger with key ${key} in the manifest`));
    this.chain = this.chain.then(() => this.deps.fire(trigger, this.deps.now()));
    return this.chain;
  }

  /** The next time any trigger is due, or only the trigger with module key `key`. */
  nextTickAt(key?: string): number | null {
    let next: number | null = null;
    for (const t of this.deps.triggers) {
      if (key !== undefined && t.key !== key) continue;
      const every = INTERVAL_MS[t.interval];
      if (!every) continue;
      const at = (this.lastTick.get(t.key) ?? this.anchor) + every;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** Resolves when every fired trigger finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** RealClock only: a timer for the next tick. */
  startTimer(): void {
    this.arm(true);
  }

  private armed = false;
  private arm(enable = this.armed): void {
    this.armed = enable;
    if (!enable || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.nextTickAt();
    if (next === null) return;
    this.timer = setTimeout(() => void this.check(), Math.max(0, next - this.deps.now()));
    this.timer.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private remember(key: string, tick: number): void {
    this.lastTick.set(key, tick);
    this.deps.db
      .prepare('INSERT INTO host_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value')
      .run(`scheduler.last.${key}`, String(tick));
  }
}
