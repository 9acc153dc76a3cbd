/**
 * Sweep figures, from the Confluence simulator's request log, with the app in the local Forge host on a stepped
 * clock (BENCH_SWEEP_PAGES synthetic pages in 10 spaces, default 3,000; BENCH_SWEEP_EVENTS, default 200):
 * - sweep_requests_per_permission_storm: the app's Confluence requests from a space admin restricting N pages of
 *   one space away from the app (N `permissions_updated` events) until the queues are empty, with sweeps
 *   coalesced (src/core/sync/sweeps.ts: one per space and minute); beside the same storm on another space of the
 *   same site and size in the same run with coalescing off (`sweepWindowMs` 0: one sweep per event, as before).
 *   Both counts include the event jobs' own reads (one request per event) and any five-minute scan that ran meanwhile.
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { syncSettings } from '../../src/core/sync';
import { type Figure } from '../figure';

const PAGES = Number(process.env.BENCH_SWEEP_PAGES ?? 3000);
const EVENTS = Number(process.env.BENCH_SWEEP_EVENTS ?? 200);

function appRequests(sb: Sandbox): number {
  return sb.sim.control.requests().byIdentity[sb.sim.appAccountId] ?? 0;
}

/** Pages the Library's index holds, read inside the host like the app would. */
async function indexedPages(sb: Sandbox): Promise<number> {
  const { libraries, searchIndexFor } = await import('../../src/app/services');
  return sb.host.withInvocation(async () => {
    const [library] = await libraries().list();
    return library ? (await searchIndexFor(library.id).index.stats()).pages : 0;
  });
}

/** The first sync, stepped five minutes at a time until the indexed count stops moving (as bench/figures/sync.ts). */
async function synced(): Promise<Sandbox> {
  const sb = await startSandbox({ seed: `synthetic:${PAGES}`, clock: new SteppedClock('2026-03-01T09:00:00Z'), dataDir: ':memory:', quiet: true, productEvents: true });
  let previous = -1;
  let stable = 0;
  for (let round = 0; round < 90 && stable < 3; round++) {
    await sb.host.drain({ advanceClock: true, timeoutMs: 600_000 });
    const indexed = await indexedPages(sb);
    stable = indexed === previous ? stable + 1 : 0;
    previous = indexed;
    (sb.clock as SteppedClock).advance(5 * 60_000);
  }
  return sb;
}

/** N current pages of the space restricted to the site admin alone (the app excluded), then the queues drained. */
async function storm(sb: Sandbox, spaceKey: string): Promise<{ requests: number; events: number; before: number; after: number }> {
  const admin = sb.seed.users.find((u) => u.siteAdmin)!;
  const pages = sb.sim.control.pages(spaceKey).filter((p) => p.status === 'current').slice(0, EVENTS);
  if (pages.length < EVENTS) throw new Error(`sweep_requests_per_permission_storm: space ${spaceKey} has ${pages.length} current pages, fewer than ${EVENTS}`);
  const before = await indexedPages(sb);
  sb.sim.control.resetRequests();
  for (const page of pages) sb.sim.control.setRestrictions(page.id, { as: admin.accountId, read: [{ type: 'user', accountId: admin.accountId }] });
  await sb.host.drain({ advanceClock: true, timeoutMs: 600_000 });
  return { requests: appRequests(sb), events: pages.length, before, after: await indexedPages(sb) };
}

export default async function sweepFigures(): Promise<Figure[]> {
  const sb = await synced();
  // Two spaces of the same size (page i is in space i % 10): the first and the second of the seed.
  const [first, second] = sb.seed.spaces.filter((s) => s.type !== 'personal').map((s) => s.key);
  const window = syncSettings.sweepWindowMs;
  const coalesced = await storm(sb, first!);
  let uncoalesced;
  try {
    // The app runs in this process (the host loads the handlers here), so its sync reads this same setting.
    syncSettings.sweepWindowMs = 0;
    uncoalesced = await storm(sb, second!);
  } finally {
    syncSettings.sweepWindowMs = window;
  }
  await sb.close();
  if (process.env.BENCH_VERBOSE) console.log('sweep storms', JSON.stringify({ coalesced, uncoalesced }));
  if (coalesced.after >= coalesced.before || uncoalesced.after >= uncoalesced.before) throw new Error('sweep_requests_per_permission_storm: a storm took no page out of the index');
  return [
    {
      figure: 'sweep_requests_per_permission_storm',
      value: coalesced.requests,
      unit: 'requests',
      vs: { name: 'one sweep per event (sweepWindowMs 0), same run, same-size space', value: uncoalesced.requests },
      note: `${coalesced.events} permissions_updated events on one space of a ${PAGES}-page site; index ${coalesced.before} -> ${coalesced.after} pages (uncoalesced storm: ${uncoalesced.before} -> ${uncoalesced.after})`,
    },
  ];
}
