import { SourceService, syncSettings, type SyncJob } from '../../../src/core/sync';
import { runJob } from '../../../src/core/jobs';
import { sweepSlot } from '../../../src/core/sync/sweeps';
import { setup } from './harness';

/**
 * Sweeps are coalesced (src/core/sync/sweeps.ts): a storm of page events on one space (a space admin restricting
 * 500 pages sends 500 `permissions_updated` events) reads the space again once per minute-long slot, not once per
 * event; a change made after a sweep started still gets a sweep of its own; spaces are independent; the marks go
 * with the sweep that starts and with the Library.
 */
const MINUTE = 60_000;

async function synced(pages: { ENG: number; OPS?: number }) {
  const h = setup();
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
  h.site.addSpace({ id: '20', key: 'OPS', name: 'Operations', type: 'global', status: 'current' });
  for (let i = 0; i < pages.ENG; i++) h.site.put({ id: String(10_000 + i), spaceId: '10', title: `Eng ${i}`, body: `<p>eng ${i}</p>` });
  for (let i = 0; i < (pages.OPS ?? 1); i++) h.site.put({ id: String(20_000 + i), spaceId: '20', title: `Ops ${i}`, body: `<p>ops ${i}</p>` });
  const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  const service = new SourceService(h.ctx);
  await service.selectSpaces(library.id, ['10', '20'], 'admin');
  await h.drain({ advance: true });
  // Start on a whole minute plus a second, so which slots the events fall in is plain arithmetic.
  h.clock.t = Math.ceil(h.clock.t / MINUTE) * MINUTE + 1000;
  h.queue.pushed.length = 0;
  h.site.requests.length = 0;
  return { ...h, library, service };
}

/** A sweep's first step, as queued (later steps carry a cursor). */
const sweepsQueued = (pushed: SyncJob[], spaceKey?: string) =>
  pushed.filter((j): j is Extract<SyncJob, { type: 'sweep-space' }> => j.type === 'sweep-space' && !j.cursor && (!spaceKey || j.spaceKey === spaceKey));

async function marks(h: ReturnType<typeof setup>, prefix = 'sync:sweepq:'): Promise<string[]> {
  return (await h.store.list(prefix, { limit: 100 })).entries.map((e) => e.key);
}

/** A permission change on these pages: the app may no longer read them, and Confluence sends one event each. */
async function restrict(h: ReturnType<typeof setup>, libraryId: string, ids: string[]): Promise<void> {
  for (const id of ids) h.site.pages.delete(id);
  for (const id of ids) await runJob(h.ctx, { type: 'index-pages', libraryId, pageIds: [id] });
}

it('500 permission events on one space at once queue one sweep, which reads the rest of the space once', async () => {
  const h = await synced({ ENG: 1000 });
  const restricted = Array.from({ length: 500 }, (_, i) => String(10_000 + i));
  await restrict(h, h.library.id, restricted);
  expect(sweepsQueued(h.queue.pushed)).toEqual([{ type: 'sweep-space', libraryId: h.library.id, spaceKey: 'ENG', slot: expect.any(Number) }]);
  const eventReads = h.site.requests.filter((r) => r === 'get pages').length;
  expect(eventReads).toBe(500);
  await h.drain({ advance: true });
  // The sweep re-read the 500 pages still indexed in ENG once: 5 listing steps of 100, each one request of 100 ids.
  expect(h.site.requests.filter((r) => r === 'get pages').length - eventReads).toBe(5);
  expect([...h.index(h.library.id).pages.keys()].filter((id) => id.startsWith('1'))).toHaveLength(500);
  expect(await marks(h)).toEqual([]);
});

it('a storm spread over five minutes sweeps once per slot it spans, not once per event', async () => {
  const h = await synced({ ENG: 600 });
  const start = h.clock.now();
  const slots = new Set<number>();
  for (let i = 0; i < 500; i++) {
    h.clock.t = start + i * 600; // one event every 0.6 s: 300 s in all
    slots.add(sweepSlot(h.clock.now(), syncSettings.sweepWindowMs).slot);
    await restrict(h, h.library.id, [String(10_000 + i)]);
    await h.drain(); // sweeps that come due run between events, as they would on Forge
  }
  await h.drain({ advance: true });
  // Events from 1 s to 300.4 s past a whole minute ask for slots ending 2 to 7 minutes past it: six sweeps.
  expect(slots.size).toBe(6);
  expect(sweepsQueued(h.queue.pushed)).toHaveLength(6);
  expect([...h.index(h.library.id).pages.keys()].filter((id) => id.startsWith('1'))).toHaveLength(100);
  expect(await marks(h)).toEqual([]);
});

it('without a window (sweepWindowMs 0) every event queues its own sweep, as before coalescing', async () => {
  const h = await synced({ ENG: 50 });
  h.ctx.settings = { ...syncSettings, sweepWindowMs: 0 };
  await restrict(h, h.library.id, ['10000', '10001', '10002']);
  expect(sweepsQueued(h.queue.pushed)).toHaveLength(3);
  expect(await marks(h)).toEqual([]);
});

it('a change after a sweep has listed past its pages gets a sweep of its own', async () => {
  const h = await synced({ ENG: 250 });
  // A first restriction queues a sweep of ENG.
  await restrict(h, h.library.id, ['10249']);
  const [first] = sweepsQueued(h.queue.pushed);
  expect(first).toBeDefined();
  // The sweep starts: its first step lists 100 ids, and their index-pages job reads them, all still readable.
  await h.drain({ advance: true, max: 2 });
  expect(h.queue.pushed.filter((j) => j.type === 'index-pages' && j.sweep)).toHaveLength(1);
  expect(await marks(h)).toEqual([]);
  // Now a parent outside the listed range is restricted, and its child 10001 (listed and read already) with it.
  h.site.put({ id: '9000', spaceId: '10', title: 'Parent', body: '<p>parent</p>' });
  await runJob(h.ctx, { type: 'index-pages', libraryId: h.library.id, pageIds: ['9000'] });
  h.site.pages.delete('9000');
  h.site.pages.delete('10001');
  await runJob(h.ctx, { type: 'index-pages', libraryId: h.library.id, pageIds: ['9000'] });
  // The event names only the parent; the running sweep is past the child, so a second sweep is queued.
  expect(sweepsQueued(h.queue.pushed)).toHaveLength(2);
  await h.drain({ advance: true });
  expect(h.index(h.library.id).pages.has('10001')).toBe(false);
  expect(h.index(h.library.id).pages.has('10002')).toBe(true);
  expect(await marks(h)).toEqual([]);
});

it('a sweep run before its slot ends (a queue or clock running early) frees the slot as it starts', async () => {
  const h = await synced({ ENG: 250 });
  await restrict(h, h.library.id, ['10249']);
  const queued = h.queue.jobs.splice(0);
  expect(queued.map((q) => q.job)).toEqual(sweepsQueued(h.queue.pushed));
  // Delivered at once instead of at the end of its slot: it lists 100 ids and they are read.
  await runJob(h.ctx, queued[0].job);
  await h.drain({ max: 1 });
  // The same second, so the same slot: the child 10001, listed and read already, goes with its restricted parent.
  h.site.pages.delete('10001');
  h.site.pages.delete('10002');
  await restrict(h, h.library.id, ['10002']);
  expect(sweepsQueued(h.queue.pushed)).toHaveLength(2);
  await h.drain({ advance: true });
  expect(h.index(h.library.id).pages.has('10001')).toBe(false);
});

it('two spaces are coalesced apart: a storm in each queues one sweep each', async () => {
  const h = await synced({ ENG: 100, OPS: 100 });
  for (let i = 0; i < 50; i++) {
    await restrict(h, h.library.id, [String(10_000 + i)]);
    await restrict(h, h.library.id, [String(20_000 + i)]);
  }
  expect(sweepsQueued(h.queue.pushed, 'ENG')).toHaveLength(1);
  expect(sweepsQueued(h.queue.pushed, 'OPS')).toHaveLength(1);
  await h.drain({ advance: true });
  expect(h.index(h.library.id).pages.size).toBe(100);
});

it('a claim whose push failed is given back, so the retried event job still queues the sweep', async () => {
  const h = await synced({ ENG: 20 });
  h.site.pages.delete('10000');
  const push = h.queue.push.bind(h.queue);
  let failed = 0;
  h.queue.push = async (events, options) => {
    if (!failed && events.some((e) => e.type === 'sweep-space')) {
      failed += 1;
      throw new Error('queue unavailable');
    }
    return push(events, options);
  };
  const outcome = await runJob(h.ctx, { type: 'index-pages', libraryId: h.library.id, pageIds: ['10000'] });
  expect(outcome.outcome).toBe('requeued');
  expect(failed).toBe(1);
  // Nothing was written before the sweep was asked for: the page is still held, and the mark was given back.
  expect(h.index(h.library.id).pages.has('10000')).toBe(true);
  expect(await marks(h)).toEqual([]);
  await h.drain({ advance: true });
  expect(sweepsQueued(h.queue.pushed)).toHaveLength(1);
  expect(h.index(h.library.id).pages.has('10000')).toBe(false);
  expect(await marks(h)).toEqual([]);
});

it('a mark left by a sweep that never ran is removed when the next sweep of the space starts', async () => {
  const h = await synced({ ENG: 20 });
  const { slot: lost } = sweepSlot(h.clock.now() - 10 * MINUTE, syncSettings.sweepWindowMs);
  expect(await h.ctx.state.claimSweep(h.library.id, 'ENG', lost, 0)).toBe(true);
  expect(await h.ctx.state.claimSweep(h.library.id, 'OPS', lost, 0)).toBe(true);
  await restrict(h, h.library.id, ['10000']);
  expect(await marks(h)).toHaveLength(3);
  await h.drain({ advance: true });
  // ENG's sweep removed its own mark and ENG's lost one; OPS's waits for OPS's next sweep (or the Library's deletion).
  expect(await marks(h)).toEqual([`sync:sweepq:${h.library.id}:kOPS:${lost}`]);
});

it('deleting the Library removes its sweep marks, queued and lost alike', async () => {
  const h = await synced({ ENG: 20 });
  const other = await h.ctx.libraries.create({ name: 'Other' }, 'admin');
  expect(await h.ctx.state.claimSweep(other.id, 'ENG', 1, 0)).toBe(true);
  await h.ctx.state.claimSweep(h.library.id, 'OPS', 1, 0);
  await restrict(h, h.library.id, ['10000']);
  expect(await marks(h, `sync:sweepq:${h.library.id}:`)).toHaveLength(2);
  await h.service.deleteLibrary(h.library.id, 'admin');
  await h.drain({ advance: true });
  expect(await h.ctx.libraries.get(h.library.id)).toBeUndefined();
  expect(await marks(h, `sync:sweepq:${h.library.id}:`)).toEqual([]);
  expect(await marks(h, `sync:sweep:${h.library.id}`)).toEqual([]);
  // Another Library's marks are its own.
  expect(await marks(h)).toEqual([`sync:sweepq:${other.id}:kENG:1`]);
});
