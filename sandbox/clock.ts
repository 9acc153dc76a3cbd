/**
 * The sandbox's shared clock: the Confluence simulator and the local Forge host read the same one, so
 * "five minutes later" means the same thing to both. Real time under `npm start`; stepped in tests and benches.
 */
export interface SandboxClock {
  now(): number;
}

/** Wall-clock time. */
export class RealClock implements SandboxClock {
  now(): number {
    return Date.now();
  }
}

/** A clock that moves only when told to: tests and benches step it instead of waiting. */
export class SteppedClock implements SandboxClock {
  private current: number;
  private readonly listeners = new Set<(now: number) => void>();

  constructor(start: number | string = '2026-03-01T09:00:00Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  /** Moves forward by `ms` (never backwards) and tells listeners, e.g. the scheduler and the CQL index lag. */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new Error(`clock can only move forward, got ${ms} ms`);
    this.current += ms;
    for (const listener of this.listeners) listener(this.current);
    return this.current;
  }

  set(epochMs: number): number {
    return this.advance(epochMs - this.current);
  }

  onAdvance(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
