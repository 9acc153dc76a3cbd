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
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/start';
import { readLibraries } from './index-layout';
import { compareWithOracle, quickCompare } from './oracle';

export const START = '2026-03-01T09:00:00Z';

export interface FaultSandbox {
  sb: Sandbox;
  clock: SteppedClock;
  /** The Library under test (the bootstrapped one, or the one `createDemoLibrary` made). */
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
  converge(options?: { maxMinutes?: number }): Promise<{ problems: string[]; seconds: number; initialProblems: number }>;
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
  limits?: SandboxOptions['limits'];
  /** Deliver the simulator's page events to the app (default true). */
  productEvents?: boolean;
}

/** Drains with the clock stepping to each delayed event, but never past `limitMs` of sandbox time. */
export async function drainAll(sb: Sandbox): Promise<void> {
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
}

export async function startFaultSandbox(options: FaultSandboxOptions = {}): Promise<FaultSandbox> {
  const clock = options.clock ?? new SteppedClock(START);
  const logs: string[] = [];
  const issued = new Set<string>();
  const sb = await startSandbox({
    clock,
    dataDir: options.dataDir ?? ':memory:',
    seed: options.seed,
    bootstrap: options.bootstrap,
    limits: options.limits,
    productEvents: options.productEvents,
    logSink: (line) => logs.push(line),
  });
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
      await drainAll(sb);
      const check = () => {
        const quick = quickCompare(sb, id);
        return quick.length ? quick : compareWithOracle(sb, id);
      };
      let problems = check();
      const initialProblems = problems.length;
      // A minute at a time for the first ten (events, retries, the first scans), then ten minutes at a time (two
      // scans each; the hourly reconcile is met within ten minutes of its time).
      for (let minute = 0; problems.length && (clock.now() - started) / 60_000 < maxMinutes; minute += 1) {
        clock.advance(minute < 10 ? 60_000 : 600_000);
        await drainAll(sb);
        problems = check();
      }
      // What the quick check let through is never the verdict: the full comparison is.
      if (!problems.length) problems = compareWithOracle(sb, id);
      return { problems, seconds: Math.round((clock.now() - started) / 1000), initialProblems };
    },
    close: () => sb.close(),
  };
  return fx;
}

/**
 * What a site admin does on the settings page for a new install: creates a Library, connects Confluence with the
 * app account and selects every indexable space (the same resolver calls as `npm start`'s bootstrap).
 * Returns the selected spaces; the crawl is under way (not drained) when it returns.
 */
export async function createDemoLibrary(fx: FaultSandbox, options: { except?: string[]; beforeSelect?: () => void | Promise<void> } = {}): Promise<Array<{ id: string; key: string }>> {
  const admin = fx.admin.accountId;
  const created = await fx.call(admin, 'librarian-settings', 'createLibrary', { name: 'Fault Library' });
  const libraryId = created.library?.id as string;
  if (!libraryId) throw new Error(`createLibrary answered ${JSON.stringify(created)}`);
  fx.libraryId = libraryId;
  await fx.call(admin, 'librarian-settings', 'connectSource', { libraryId, identity: 'app' });
  const choices = await fx.call(admin, 'librarian-settings', 'listSpaceChoices', { libraryId });
  const spaces = (choices.spaces as Array<{ id: string; key: string; notIndexable?: string }>).filter((s) => !s.notIndexable && !options.except?.includes(s.key));
  await options.beforeSelect?.();
  const selected = await fx.call(admin, 'librarian-settings', 'selectSpaces', { libraryId, spaceIds: spaces.map((s) => s.id) });
  if (selected.error) throw new Error(`selectSpaces answered ${JSON.stringify(selected.error)}`);
  return spaces.map((s) => ({ id: s.id, key: s.key }));
}

/** A page of the demo site by title (ids are stable per seed). */
export function pageId(fx: FaultSandbox, title: string): string {
  const page = fx.sb.sim.control.findPage(title);
  if (!page) throw new Error(`no page "${title}" in the demo site`);
  return page.id;
}
