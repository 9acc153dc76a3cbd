/**
 * Sync figures, read from the Confluence simulator's request log, with the app running in the local Forge host on
 * a stepped clock (BENCH_SYNC_PAGES synthetic pages, default 3,000):
 * - sync_requests_per_1000_pages: Confluence requests of a first sync, per 1,000 pages indexed, beside a naive
 *   crawler (list the space 25 ids at a time, then GET each page with its body) run on the same site.
 * - scan_requests_no_change: requests of one five-minute scan of a Library when nothing changed, beside a naive
 *   scan that re-lists every page with its body (250 a request).
 * - edit_to_indexed_s_events / edit_to_indexed_s_scan: sandbox-clock seconds from an edit in Confluence to the new
 *   text being answerable, through page events, and with events off (the scan alone, stepping one minute at a time; events in steps of 5 s).
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { round, type Figure } from '../figure';

const PAGES = Number(process.env.BENCH_SYNC_PAGES ?? 3000);
/** Words no synthetic page contains, so only the edited version can answer. */
const EDITED_TEXT = 'The zorblax quokkameter reading is seventeen.';

function appRequests(sb: Sandbox): number {
  return sb.sim.control.requests().byIdentity[sb.sim.appAccountId] ?? 0;
}

/**
 * Requests of the first sync itself: the crawl's list requests (newest id first, with bodies), its fetches of
 * pages left unindexed by a storage-quota wait, and the selection's read of the chosen spaces; not the five-minute
 * scans that the stepped clock also ran meanwhile (those are the next figure's), nor the admin's browsing of the
 * space picker before choosing.
 */
function syncRequests(sb: Sandbox): { sync: number; picker: number; other: Record<string, number> } {
  const mine = sb.sim.control.requests().recent.filter((r) => r.identity === sb.sim.appAccountId);
  const kind = (endpoint: string, query: string): 'sync' | 'picker' | string => {
    if (/sort=-id/.test(query) && /body-format=storage/.test(query)) return 'sync';
    // A crawl step's pages left over after a storage-quota wait: `id=`, current only (page events ask for
    // trashed and archived too).
    if (/(^|&)id=/.test(query) && /body-format=storage/.test(query) && !/trashed/.test(query)) return 'sync';
    if (endpoint.endsWith('/spaces')) return /(^|&)ids=/.test(query) ? 'sync' : 'picker';
    return `${endpoint}${/sort=-modified-date/.test(query) ? ' (scan)' : ''}`;
  };
  const out = { sync: 0, picker: 0, other: {} as Record<string, number> };
  let crawling = false;
  for (const r of mine) {
    let k = kind(r.endpoint, r.query);
    // The selection reads its spaces before the crawl starts; later reads by id are the hourly reconcile's.
    if (k === 'sync' && r.endpoint.endsWith('/spaces') && crawling) k = `${r.endpoint} (reconcile)`;
    if (/sort=-id/.test(r.query)) crawling = true;
    if (k === 'sync') out.sync += 1;
    else if (k === 'picker') out.picker += 1;
    else out.other[k] = (out.other[k] ?? 0) + 1;
  }
  return out;
}

/** Pages the Library's index can answer from (merged), read inside the host like the app would. */
async function searchablePages(sb: Sandbox): Promise<number> {
  const { libraries, searchIndexFor } = await import('../../src/app/services');
  return sb.host.withInvocation(async () => {
    const [library] = await libraries().list();
    return library ? (await searchIndexFor(library.id).index.stats()).pages : 0;
  });
}

/**
 * Starts the sandbox and lets the first sync finish: Forge's storage quotas (units per minute) spread it over
 * minutes of sandbox time, so the clock is stepped five minutes at a time until the indexed count stops moving.
 */
async function sandbox(productEvents: boolean): Promise<Sandbox> {
  const sb = await startSandbox({ seed: `synthetic:${PAGES}`, clock: new SteppedClock('2026-03-01T09:00:00Z'), dataDir: ':memory:', quiet: true, productEvents });
  // Stable for three rounds (15 minutes): longer than a merge lease (10), so a stalled merge has had its turn.
  let previous = -1;
  let stable = 0;
  for (let round = 0; round < 90 && stable < 3; round++) {
    await sb.host.drain({ advanceClock: true, timeoutMs: 600_000 });
    const indexed = await searchablePages(sb);
    stable = indexed === previous ? stable + 1 : 0;
    previous = indexed;
    (sb.clock as SteppedClock).advance(5 * 60_000);
  }
  return sb;
}

async function libraryStatus(sb: Sandbox) {
  const admin = sb.seed.users.find((u) => u.siteAdmin)!;
  const listed = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'listLibraries', payload: {}, accountId: admin.accountId })) as {
    libraries: Array<{ status: { spaces: Array<{ spaceId: string; pagesIndexed: number }>; scan?: { lastScanAt?: number } } }>;
  };
  return listed.libraries[0].status;
}

/** The naive crawl: ids 25 at a time (Cloud's default limit), then one GET per page for its body. */
async function naiveCrawl(sb: Sandbox, spaceIds: string[]): Promise<number> {
  const { token } = sb.sim.control.issueToken({ kind: 'app' });
  const headers = { Authorization: `Bearer ${token}` };
  let requests = 0;
  for (const spaceId of spaceIds) {
    let next: string | undefined = `/wiki/api/v2/spaces/${spaceId}/pages?status=current`;
    while (next) {
      const response = await fetch(`${sb.sim.url}${next}`, { headers });
      requests += 1;
      const body = (await response.json()) as { results: Array<{ id: string }>; _links?: { next?: string } };
      for (const page of body.results) {
        await (await fetch(`${sb.sim.url}/wiki/api/v2/pages/${page.id}?body-format=storage`, { headers })).text();
        requests += 1;
      }
      next = body._links?.next ? `/wiki${body._links.next.replace(/^\/wiki/, '')}` : undefined;
    }
  }
  return requests;
}

/** The naive scan: every page again, with its body, 250 a request. */
async function naiveScan(sb: Sandbox, spaceIds: string[]): Promise<number> {
  const { token } = sb.sim.control.issueToken({ kind: 'app' });
  let requests = 0;
  let next: string | undefined = `/wiki/api/v2/pages?space-id=${spaceIds.join(',')}&status=current&body-format=storage&limit=250`;
  while (next) {
    const response = await fetch(`${sb.sim.url}${next}`, { headers: { Authorization: `Bearer ${token}` } });
    requests += 1;
    const body = (await response.json()) as { _links?: { next?: string } };
    next = body._links?.next ? `/wiki${body._links.next.replace(/^\/wiki/, '')}` : undefined;
  }
  return requests;
}

interface AskReply {
  citations?: Array<{ pageId: string }>;
  passages?: Array<{ text: string }>;
}

async function ask(sb: Sandbox, question: string): Promise<AskReply> {
  const admin = sb.seed.users.find((u) => u.siteAdmin)!;
  return (await sb.host.invokeResolver({ moduleKey: 'librarian-ask', functionKey: 'ask', payload: { question }, accountId: admin.accountId })) as AskReply;
}

/** The new text itself must be what is quoted, not an older version of the same page. */
function answers(reply: AskReply, pageId: string): boolean {
  const quoted = (reply.passages ?? []).some((p) => p.text.includes(EDITED_TEXT));
  return quoted && (reply.citations ?? []).some((c) => c.pageId === pageId);
}

/**
 * Steps the clock to the next scheduled scan and lets it run; done once that scan ran at its tick and left no
 * delayed work behind (a retry waiting on a quota, a merge waiting on the lease). That instant is the worst case
 * for an edit on the scan path: it waits one whole interval. Taken from the schedule itself, so the figure does
 * not depend on where the scan's five minutes stand after the sync, nor on a delayed scan job passing for one.
 */
async function settleOnScanTick(sb: Sandbox, figure: string): Promise<void> {
  const clock = sb.clock as SteppedClock;
  const tries = 6;
  for (let i = 0; i < tries; i++) {
    // Whatever is queued runs first, the clock stepping to each delayed event (and past any tick it crosses).
    await sb.host.drain({ advanceClock: true, timeoutMs: 600_000 });
    const tick = sb.host.nextScheduledRun('librarian-scan');
    if (tick === null) throw new Error(`${figure}: the manifest gives librarian-scan no schedule`);
    clock.set(tick);
    const { delayedPending } = await sb.host.drain({ timeoutMs: 600_000 });
    if (delayedPending === 0 && (await libraryStatus(sb)).scan?.lastScanAt === tick) return;
  }
  throw new Error(`${figure}: in ${tries} scheduled scans, none ran at its tick leaving the queues empty; queues: ${JSON.stringify(sb.host.queueDepth())}`);
}

/**
 * Edits a page right after a scheduled scan (settleOnScanTick), then steps the clock by `stepMs` (running whatever
 * comes due) until the new text is answerable. Throws, saying what it saw, if it never is within `maxSteps`.
 */
async function editToIndexed(sb: Sandbox, figure: string, stepMs: number, maxSteps: number): Promise<number> {
  const clock = sb.clock as SteppedClock;
  const page = sb.sim.control.pages().find((p) => p.status === 'current' && sb.seed.spaces.some((s) => s.key === p.spaceKey && s.type !== 'personal'))!;
  await settleOnScanTick(sb, figure);
  sb.sim.control.updatePage(page.id, { body: `<p>${EDITED_TEXT}</p>` });
  const start = clock.now();
  let last: AskReply | undefined;
  for (let i = 0; i < maxSteps; i++) {
    await sb.host.drain({ timeoutMs: 600_000 });
    last = await ask(sb, 'What is the zorblax quokkameter reading?');
    if (answers(last, page.id)) return (clock.now() - start) / 1000;
    clock.advance(stepMs);
  }
  const failed = sb.host.invocations().filter((r) => r.outcome !== 'success' && r.outcome !== 'running');
  throw new Error(
    `${figure}: page ${page.id}'s edit was not answerable after ${(maxSteps * stepMs) / 60_000} minutes of sandbox time; ` +
      `last reply: ${JSON.stringify(last).slice(0, 300)}; queues: ${JSON.stringify(sb.host.queueDepth())}; ` +
      `failed events: ${sb.host.failedEvents().length}; invocations not successful: ${failed.length}` +
      (failed.length ? ` (last: ${failed[failed.length - 1].functionKey} ${failed[failed.length - 1].outcome} ${failed[failed.length - 1].error ?? ''})` : ''),
  );
}

export default async function syncFigures(): Promise<Figure[]> {
  const sb = await sandbox(true);
  const status = await libraryStatus(sb);
  const indexed = await searchablePages(sb);
  const counted = syncRequests(sb);
  const syncCount = counted.sync;
  if (process.env.BENCH_VERBOSE) console.log('first sync requests', JSON.stringify(counted));
  const spaceIds = status.spaces.map((space) => space.spaceId);

  sb.sim.control.resetRequests();
  const naiveSync = await naiveCrawl(sb, spaceIds);
  sb.sim.control.resetRequests();
  await sb.host.runScheduledTrigger('librarian-scan');
  await sb.host.drain({ timeoutMs: 600_000 });
  const scanRequests = appRequests(sb);
  const naiveScanRequests = await naiveScan(sb, spaceIds);
  const viaEvents = await editToIndexed(sb, 'edit_to_indexed_s_events', 5000, 360);
  await sb.close();

  const quiet = await sandbox(false);
  const viaScan = await editToIndexed(quiet, 'edit_to_indexed_s_scan', 60_000, 60);
  await quiet.close();

  return [
    {
      figure: 'sync_requests_per_1000_pages',
      value: round((syncCount / indexed) * 1000),
      unit: 'requests',
      vs: { name: 'naive: list 25 ids a request, GET each page', value: round((naiveSync / indexed) * 1000) },
      note: `${indexed} pages in ${spaceIds.length} spaces; ${syncCount} requests (crawl and space selection; the space picker's ${counted.picker} listing, and scans, reconciles and event jobs run meanwhile, are not counted)`,
    },
    {
      figure: 'scan_requests_no_change',
      value: scanRequests,
      unit: 'requests',
      vs: { name: 'naive: re-list every page with its body', value: naiveScanRequests },
      note: `one Library, ${indexed} pages`,
    },
    { figure: 'edit_to_indexed_s_events', value: round(viaEvents, 1), unit: 's', note: 'sandbox clock, page event path, edit right after a scheduled scan ran with the queues empty' },
    { figure: 'edit_to_indexed_s_scan', value: round(viaScan, 1), unit: 's', note: 'sandbox clock, events off, edit right after a scheduled scan ran with the queues empty, stepped a minute at a time' },
  ];
}
