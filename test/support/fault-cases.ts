/**
 * The fault matrix: each case starts a fresh sandbox on the demo site, arms a fault (Confluence, storage, the
 * queues, the invocation limits, or a change to the site made at a chosen moment of the first crawl), lets the
 * admin create the Library, and then lets the app run until its index matches the oracle. The jest matrix
 * (test/faults/matrix*.test.ts) and the bench figures (bench/figures/faults.ts) run the same list.
 *
 * ```ts
 * const result = await runFaultCase(FAULT_CASES[0]);   // {kind, problems: [], exercised: true, seconds}
 * ```
 */
import type { SandboxOptions } from '../../sandbox/start';
import { lostUpdates } from './oracle';
import { createDemoLibrary, drainAll, pageId, startFaultSandbox, type FaultSandbox } from './fault-sandbox';

export interface FaultCase {
  /** What goes wrong, in a few words: the matrix's test name and the figures' kind. */
  kind: string;
  limits?: SandboxOptions['limits'];
  productEvents?: boolean;
  /** After the Library is created and connected, before its spaces are selected: faults that hit the first crawl from its first request. */
  arm?(fx: FaultSandbox): void | Promise<void>;
  /** Runs synchronously at the n-th chunk write of the first crawl (mid-crawl, deterministically). */
  midCrawl?: { atChunkWrite: number; act(fx: FaultSandbox, spaces: Array<{ id: string; key: string }>): void };
  /** After the first crawl has drained: faults of the steady state (events, edits). */
  after?(fx: FaultSandbox, spaces: Array<{ id: string; key: string }>): void | Promise<void>;
  /** Whether the fault really happened (a case whose fault never fired proves nothing). */
  exercised(fx: FaultSandbox): boolean;
  /** Sandbox minutes allowed to converge after the fault (default 130: two reconciles). */
  maxMinutes?: number;
}

export interface FaultResult {
  kind: string;
  problems: string[];
  exercised: boolean;
  /** Sandbox seconds from the end of the fault's first drain to the oracle's match. */
  seconds: number;
  /** How far from the oracle the index was once the fault's first drain ended (0: already converged). */
  initialProblems: number;
  /** Pages whose final version is missing from the index at the end (the `lost_updates` figure). */
  lostUpdates: number;
  /** Every console line, invocation record and resolver answer of the run, for the secret scan. */
  transcript: string[];
  secrets: string[];
}

const statusCount = (fx: FaultSandbox, status: number) => fx.sb.sim.control.requests().byStatus[String(status)] ?? 0;
const hitFault = (fx: FaultSandbox) => fx.sb.sim.control.requests().recent.length >= 0 && fx.sb.sim.control.faults().every((f) => f.hits > 0);
const kvsHit = (fx: FaultSandbox) => fx.sb.host.kvsFaults.list().length === 0;
const admin = (fx: FaultSandbox) => ({ as: fx.admin.accountId });
const app = 'app';
/** The v2 page routes the crawl, the scan and page events read through. */
const PAGES = '/wiki/api/v2/pages';

/**
 * Minutes a page trashed, archived, purged or moved out mid-crawl may take to leave the index: well before the
 * hourly reconcile, since the crawl step hands pages a page event read after its listing back to an event job
 * (src/core/sync/jobs/crawl-spaces.ts). Moves and restrictions that carry descendants with them too: the page
 * that left has its old space swept (sweep-space.ts); and a space archived mid-crawl is dropped as the crawl ends.
 */
const SOONER = 15;

/** Marks that an `act` ran, for `exercised`. */
const acted = new WeakSet<FaultSandbox>();
function mark(fx: FaultSandbox, fn: () => void): void {
  fn();
  acted.add(fx);
}

export const FAULT_CASES: FaultCase[] = [
  {
    kind: '429 storm with an absurd Retry-After (2^63-1 s)',
    arm: (fx) => void fx.sb.sim.control.injectFault({ kind: 'status', status: 429, count: 12, retryAfter: '9223372036854775807', match: { identity: app, path: PAGES } }),
    exercised: (fx) => statusCount(fx, 429) >= 12,
  },
  {
    kind: '429s with unreadable Retry-After values (negative, words, 1e309, empty)',
    arm: (fx) => {
      for (const retryAfter of ['-5', 'soon', '1e309', '']) fx.sb.sim.control.injectFault({ kind: 'status', status: 429, count: 2, retryAfter, match: { identity: app, path: PAGES } });
    },
    exercised: (fx) => statusCount(fx, 429) >= 8,
  },
  {
    kind: '5xx burst (502, 503, 504) on the crawl\'s requests',
    arm: (fx) => {
      for (const status of [502, 503, 504]) fx.sb.sim.control.injectFault({ kind: 'status', status, count: 3, match: { identity: app, path: PAGES } });
    },
    exercised: (fx) => statusCount(fx, 502) + statusCount(fx, 503) + statusCount(fx, 504) >= 9,
  },
  {
    kind: 'slow Confluence (every app request delayed)',
    arm: (fx) => void fx.sb.sim.control.injectFault({ kind: 'latency', ms: 150, count: 15, match: { identity: app } }),
    after: (fx) => fx.sb.sim.control.updatePage(pageId(fx, 'Help Center'), { as: fx.admin.accountId, body: '<p>Ask us anything, slowly.</p>' }),
    exercised: hitFault,
  },
  {
    kind: 'points-per-hour budget spent mid-crawl (429 until the next hour)',
    arm: (fx) => fx.sb.sim.control.setRateBudget({ pointsPerHour: 1, identity: app }),
    exercised: (fx) => statusCount(fx, 429) >= 1,
  },
  {
    kind: 'credentials expire mid-crawl, then the admin reconnects',
    midCrawl: { atChunkWrite: 10, act: (fx) => mark(fx, () => fx.sb.sim.control.expireCredentials(fx.sb.sim.appAccountId, fx.sb.sim.control.now())) },
    async after(fx) {
      // The next scan meets the 401 and stops syncing until an admin reconnects.
      let health = 'ok';
      for (let minute = 0; minute < 10 && health === 'ok'; minute += 1) {
        fx.clock.advance(60_000);
        await drainAll(fx.sb);
        const listed = await fx.call(fx.admin.accountId, 'librarian-settings', 'listLibraries');
        health = listed.libraries?.[0]?.library?.source?.health?.state ?? listed.libraries?.[0]?.status?.health?.state ?? 'unknown';
      }
      if (health === 'ok') throw new Error('the Source still looks healthy after its credentials expired');
      fx.sb.sim.control.expireCredentials(fx.sb.sim.appAccountId, null);
      const reconnected = await fx.call(fx.admin.accountId, 'librarian-settings', 'reconnect', { libraryId: fx.libraryId });
      if (reconnected.error) throw new Error(`reconnect answered ${JSON.stringify(reconnected.error)}`);
    },
    exercised: (fx) => acted.has(fx) && statusCount(fx, 401) >= 1,
  },
  {
    kind: 'KVS RATE_LIMIT_EXCEEDED on index writes',
    midCrawl: { atChunkWrite: 1, act: (fx) => void fx.sb.host.kvsFaults.add({ code: 'RATE_LIMIT_EXCEEDED', status: 429, op: 'write', keyPrefix: 'ix.', count: 15 }) },
    exercised: kvsHit,
  },
  {
    kind: 'KVS RATE_LIMIT_EXCEEDED on reads',
    midCrawl: { atChunkWrite: 1, act: (fx) => void fx.sb.host.kvsFaults.add({ code: 'RATE_LIMIT_EXCEEDED', status: 429, op: 'read', count: 15 }) },
    exercised: kvsHit,
  },
  {
    kind: 'KVS write quota of the minute spent (real unit budget)',
    // Below what one crawl-and-merge of the demo site writes in a minute (the index writes ~2 units a page), so the quota is spent.
    limits: { kvs: { writeUnitsPerMinute: 40 } },
    exercised: (fx) => fx.logs.some((l) => /rate-limited|quota|RATE_LIMIT/i.test(l)),
  },
  {
    kind: 'KVS outage (500 on writes)',
    midCrawl: { atChunkWrite: 1, act: (fx) => void fx.sb.host.kvsFaults.add({ code: 'INTERNAL_SERVER_ERROR', status: 500, op: 'write', keyPrefix: 'ix.', count: 6 }) },
    exercised: kvsHit,
  },
  {
    kind: 'every queue event delivered twice',
    arm: (fx) => fx.sb.host.setDeliveryMode({ duplicates: true }),
    after: (fx) => {
      const page = pageId(fx, 'Runbook: Postgres failover');
      fx.sb.sim.control.updatePage(page, { ...admin(fx), body: '<p>Failover now takes ninety seconds.</p>' });
    },
    exercised: (fx) => fx.sb.host.invocations().filter((i) => i.kind === 'consumer').length > 4,
  },
  {
    kind: 'queue events delivered newest first',
    arm: (fx) => fx.sb.host.setDeliveryMode({ newestFirst: true }),
    after: (fx) => {
      const page = pageId(fx, 'Runbook: Postgres failover');
      for (const n of [1, 2, 3]) fx.sb.sim.control.updatePage(page, { ...admin(fx), body: `<p>Edit number ${n}.</p>` });
    },
    exercised: (fx) => fx.sb.host.invocations().length > 4,
  },
  {
    kind: 'page events dropped (only the scan sees the edits)',
    productEvents: false,
    after: (fx) => {
      fx.sb.sim.control.updatePage(pageId(fx, 'Service Level Objectives'), { ...admin(fx), body: '<p>Availability target 99.95 percent.</p>' });
      fx.sb.sim.control.trashPage(pageId(fx, 'Alert Catalogue'), admin(fx));
      fx.sb.sim.control.createPage({ ...admin(fx), spaceKey: 'KB', title: 'How to reset a YubiKey', body: '<p>Hold the button.</p>' });
    },
    exercised: (fx) => !fx.sb.host.invocations().some((i) => i.kind === 'trigger'),
  },
  {
    kind: 'duplicate page events (each delivered three times)',
    productEvents: false,
    async after(fx) {
      const id = pageId(fx, 'Service Level Objectives');
      const since = fx.sb.sim.control.events().length;
      fx.sb.sim.control.updatePage(id, { ...admin(fx), body: '<p>Latency target 300 ms.</p>' });
      for (const event of fx.sb.sim.control.events(since)) for (let i = 0; i < 3; i += 1) await fx.sb.host.deliverProductEvent(event as never);
    },
    exercised: (fx) => fx.sb.host.invocations().filter((i) => i.kind === 'trigger').length >= 3,
  },
  {
    kind: 'page events out of order (trash, edit, create delivered newest first)',
    productEvents: false,
    async after(fx) {
      const since = fx.sb.sim.control.events().length;
      const a = pageId(fx, 'On-call Handbook');
      fx.sb.sim.control.updatePage(a, { ...admin(fx), body: '<p>First edit.</p>' });
      fx.sb.sim.control.updatePage(a, { ...admin(fx), body: '<p>Second edit.</p>' });
      fx.sb.sim.control.trashPage(pageId(fx, 'Runbook: Runbook: Postgres failover'.replace('Runbook: Runbook', 'Runbook')), admin(fx));
      const created = fx.sb.sim.control.createPage({ ...admin(fx), spaceKey: 'SRE', title: 'Pager etiquette', body: '<p>Acknowledge within five minutes.</p>' });
      fx.sb.sim.control.updatePage(created.id, { ...admin(fx), body: '<p>Acknowledge within three minutes.</p>' });
      for (const event of fx.sb.sim.control.events(since).reverse()) await fx.sb.host.deliverProductEvent(event as never);
    },
    exercised: (fx) => fx.sb.host.invocations().filter((i) => i.kind === 'trigger').length >= 5,
  },
  {
    // Forge stops a consumer at its `timeoutSeconds` (300 s here, src/core/platform/limits.ts) and redelivers the
    // event (retryReason FUNCTION_TIME_OUT, Forge "Async events API"). The slow answers move the stepped clock, so
    // the crawl step passes its limit mid-request on every machine, however loaded: the first two page listings
    // take 310 s each, so the crawl step and its first redelivery are both killed.
    kind: 'invocation timeouts at the consumer limit (page listings answered after 310 s, twice)',
    arm: (fx) => void fx.sb.sim.control.injectFault({ kind: 'latency', ms: 310_000, count: 2, match: { identity: app, path: PAGES } }),
    exercised: (fx) => fx.sb.host.invocations().filter((i) => i.kind === 'consumer' && i.outcome === 'timeout').length >= 2,
  },
  {
    kind: 'page edited mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.updatePage(pageId(fx, 'Engineering Home'), { ...admin(fx), body: '<p>New home text, written mid-crawl.</p>' })) },
    exercised: (fx) => acted.has(fx),
  },
  {
    kind: 'page moved between selected spaces mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.movePageToSpace(pageId(fx, 'Runbooks'), { ...admin(fx), spaceKey: 'KB' })) },
    exercised: (fx) => acted.has(fx),
  },
  {
    kind: 'page moved to an unselected space mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.movePageToSpace(pageId(fx, 'API Documentation'), { ...admin(fx), spaceKey: 'TEMPLATES' })) },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'page restricted (the app excluded) mid-crawl, its five descendants with it',
    midCrawl: {
      atChunkWrite: 5,
      act: (fx) => mark(fx, () => fx.sb.sim.control.setRestrictions(pageId(fx, 'Onboarding'), { ...admin(fx), read: [{ type: 'user', accountId: fx.admin.accountId }] })),
    },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'page moved to an unselected space mid-crawl, its five descendants with it',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.movePageToSpace(pageId(fx, 'Architecture'), { ...admin(fx), spaceKey: 'TEMPLATES' })) },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'page restricted after the crawl, its fifteen descendants with it',
    after: (fx) => mark(fx, () => fx.sb.sim.control.setRestrictions(pageId(fx, 'SRE Home'), { ...admin(fx), read: [{ type: 'user', accountId: fx.admin.accountId }] })),
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'page archived mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.archivePage(pageId(fx, 'Engineering Glossary'), admin(fx))) },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'page trashed mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.trashPage(pageId(fx, 'Release Notes'), admin(fx))) },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'trashed page restored mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.restorePage(pageId(fx, 'Escalation policy (2024, replaced)'), admin(fx))) },
    exercised: (fx) => acted.has(fx),
  },
  {
    kind: 'page purged mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.purgePage(pageId(fx, 'Troubleshooting Local Setup'), admin(fx))) },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
  {
    kind: 'page created mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.createPage({ ...admin(fx), spaceKey: 'ENG', title: 'Created mid-crawl', body: '<p>Fresh.</p>' })) },
    exercised: (fx) => acted.has(fx),
  },
  {
    kind: 'space deselected mid-crawl',
    midCrawl: {
      atChunkWrite: 5,
      act: (fx, spaces) =>
        mark(fx, () => {
          void fx.call(fx.admin.accountId, 'librarian-settings', 'selectSpaces', { libraryId: fx.libraryId, spaceIds: spaces.filter((s) => s.key !== 'SRE').map((s) => s.id) });
        }),
    },
    exercised: (fx) => acted.has(fx),
  },
  {
    kind: 'space archived mid-crawl',
    midCrawl: { atChunkWrite: 5, act: (fx) => mark(fx, () => fx.sb.sim.control.setSpaceStatus('KB', 'archived')) },
    exercised: (fx) => acted.has(fx),
    maxMinutes: SOONER,
  },
];

/** Runs one case from a fresh sandbox to convergence (or to its time limit). Never throws for the app's failures. */
export async function runFaultCase(c: FaultCase): Promise<FaultResult> {
  const fx = await startFaultSandbox({ bootstrap: false, limits: c.limits, productEvents: c.productEvents });
  const transcript: string[] = [];
  try {
    let spaces: Array<{ id: string; key: string }> = [];
    if (c.midCrawl) {
      const { atChunkWrite, act } = c.midCrawl;
      let writes = 0;
      fx.sb.host.kvsFaults.onWrite = (facts) => {
        if (facts.keys.some((k) => /:c:/.test(k)) && ++writes === atChunkWrite) act(fx, spaces);
      };
    }
    spaces = await createDemoLibrary(fx, { beforeSelect: () => c.arm?.(fx) });
    await drainAll(fx.sb);
    fx.sb.host.kvsFaults.onWrite = undefined;
    await c.after?.(fx, spaces);
    const { problems, seconds, initialProblems } = await fx.converge({ maxMinutes: c.maxMinutes });
    const status = await fx.call(fx.admin.accountId, 'librarian-settings', 'listLibraries');
    transcript.push(...fx.logs, JSON.stringify(status), JSON.stringify(fx.sb.host.invocations()), JSON.stringify(fx.sb.host.failedEvents()));
    return { kind: c.kind, problems, exercised: c.exercised(fx), seconds, initialProblems, lostUpdates: lostUpdates(fx.sb, fx.libraryId).length, transcript, secrets: fx.secrets() };
  } finally {
    await fx.close();
  }
}
