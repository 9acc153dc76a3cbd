/**
 * The sandbox as the fault, soak and secret tests drive it: the demo site, a stepped clock, every log line
 * captured, every token the simulator issues remembered, and `converge`, which lets the app's own mechanisms
 * (events, the five-minute scan, the hourly reconcile) run minute by minute until its index matches the oracle.
 *
 * ```ts
 * const fx = await startFaultSandbox();
 * fx.sb.sim.control.injectFault({ kind: 'status', status: 503, count: 5 });
 * const { problems, seconds } = await fx.converge();   // problems: [] once converged
 * ```
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { readLibraries } from './index-layout';
import { compareWithOracle } from './oracle';

export const START = '2026-03-01T09:00:00Z';

export interface FaultSandbox {
  sb: Sandbox;
  clock: SteppedClock;
  libraryId: string;
  /** Every console line of every invocation, as the host printed it. */
  logs: string[];
  /** Every credential the simulator issued to the host (Bearer tokens), plus the seed's API tokens and passwords. */
  secrets(): string[];
  admin: { accountId: string; email: string };
  /** Calls a resolver as a user, loosely typed (the contract types are checked where the UIs use them). */
  call(accountId: string, moduleKey: string, functionKey: string, payload?: unknown): Promise<Loose>;
  /**
   * Steps the clock a minute at a time (scheduled triggers fire as it passes them), draining the queues each
   * minute, until the index matches the oracle or `maxMinutes` passed. `seconds`: sandbox time it took.
   */
  converge(options?: { maxMinutes?: number }): Promise<{ problems: string[]; seconds: number }>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface FaultSandboxOptions {
  dataDir?: string;
  clock?: SteppedClock;
  seed?: string;
  /** Create and sync the demo Library (default true); the initial sync is drained before returning. */
  bootstrap?: boolean;
  /** Drain the initial sync before returning (default true). */
  settle?: boolean;
}

/** Drains with the clock stepping to each delayed event, but never past `limitMs` of sandbox time. */
export async function drainAll(sb: Sandbox): Promise<void> {
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
}

export async function startFaultSandbox(options: FaultSandboxOptions = {}): Promise<FaultSandbox> {
  const clock = options.clock ?? new SteppedClock(START);
  const logs: string[] = [];
  const issued = new Set<string>();
  const sb = await startSandbox({ clock, dataDir: options.dataDir ?? ':memory:', seed: options.seed, bootstrap: options.bootstrap, logSink: (line) => logs.push(line) });
  const control = sb.sim.control;
  const issue = control.issueToken.bind(control);
  control.issueToken = (request) => {
    const token = issue(request);
    issued.add(token.token);
    return token;
  };
  if (options.settle !== false) await drainAll(sb);
  const admin = sb.seed.users.find((u) => u.siteAdmin)!;
  const libraryId = readLibraries(sb.host)[0]?.id ?? '';
  const fx: FaultSandbox = {
    sb,
    clock,
    libraryId,
    logs,
    admin: { accountId: admin.accountId, email: admin.email },
    secrets: () => [...issued, ...sb.seed.users.map((u) => u.apiToken).filter((t): t is string => typeof t === 'string' && t.length > 0)],
    call: (accountId, moduleKey, functionKey, payload = {}) => sb.host.invokeResolver({ moduleKey, functionKey, payload, accountId }) as Promise<Loose>,
    async converge({ maxMinutes = 130 } = {}) {
      const id = fx.libraryId || readLibraries(sb.host)[0]?.id || '';
      const started = clock.now();
      let problems = compareWithOracle(sb, id);
      for (let minute = 0; problems.length && minute < maxMinutes; minute += 1) {
        clock.advance(60_000);
        await drainAll(sb);
        problems = compareWithOracle(sb, id);
      }
      return { problems, seconds: Math.round((clock.now() - started) / 1000) };
    },
    close: () => sb.close(),
  };
  return fx;
}

/** A page of the demo site by title (ids are stable per seed). */
export function pageId(fx: FaultSandbox, title: string): string {
  const page = fx.sb.sim.control.findPage(title);
  if (!page) throw new Error(`no page "${title}" in the demo site`);
  return page.id;
}
