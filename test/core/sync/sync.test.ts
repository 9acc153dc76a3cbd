import { SourceService, FINAL_SWEEP_DELAY_SECONDS } from '../../../src/core/sync';
import { setup } from './harness';
import { runJob } from '../../../src/core/jobs';

async function librarySyncing(pageCount: number) {
  const h = setup();
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
  h.site.addSpace({ id: '20', key: 'OPS', name: 'Operations', type: 'collaboration', status: 'current' });
  h.site.addSpace({ id: '30', key: '~ada', name: 'Ada', type: 'personal', status: 'current' });
  h.site.addSpace({ id: '40', key: 'OLD', name: 'Old', type: 'global', status: 'archived' });
  const weekBefore = h.clock.now() - 7 * 86_400_000;
  for (let i = 1; i <= pageCount; i++) h.site.put({ id: String(1000 + i), spaceId: '10', title: `Page ${i}`, body: `<p>page ${i}</p>`, modifiedAt: weekBefore + i * 60_000 });
  h.site.put({ id: '5000', spaceId: '10', title: 'Draft', body: '<p>d</p>', status: 'draft' });
  const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  const service = new SourceService(h.ctx);
  return { ...h, library, service };
}

describe('full sync through the queue', () => {
  it('crawls 250 pages per request, indexes only current pages and reaches ready', async () => {
    const h = await librarySyncing(600);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    h.site.requests.length = 0;
    await h.drain();
    // Three lists, then the crawl's end checks its spaces are still indexable (one request for all of them).
    expect(h.site.requests).toEqual(['list current', 'list current', 'list current', 'get spaces']);
    expect(h.index(h.library.id).pages.size).toBe(600);
    expect(h.index(h.library.id).pages.has('5000')).toBe(false);
    const status = await h.service.status(h.library.id);
    expect(status.spaces[0]).toMatchObject({ phase: 'ready', pagesIndexed: 600, progress: 1 });
  });

  it('refuses personal and archived spaces with the reason', async () => {
    const h = await librarySyncing(1);
    await expect(h.service.selectSpaces(h.library.id, ['30'], 'admin')).rejects.toThrow(/Personal spaces are never indexed/);
    await expect(h.service.selectSpaces(h.library.id, ['40'], 'admin')).rejects.toThrow(/Archived spaces/);
    const choices = await h.service.spaceChoices(h.library.id);
    expect(choices.find((c) => c.id === '30')?.notIndexable).toMatch(/Personal/);
    expect(choices.find((c) => c.id === '10')?.notIndexable).toBeUndefined();
  });

  it('ignores duplicate and stale crawl events: nothing is indexed twice', async () => {
    const h = await librarySyncing(300);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    // Deliver every event twice, the way at-least-once delivery may.
    const first = h.queue.jobs[0];
    h.queue.jobs.push(structuredClone(first));
    await h.drain();
    const copies = h.queue.pushed.filter((j) => j.type === 'crawl-spaces' && j.step === 1);
    for (const job of copies) h.queue.jobs.push({ job: structuredClone(job), dueAt: h.clock.now() });
    await h.drain();
    expect(h.index(h.library.id).upserts).toBe(300);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain();
    expect(h.index(h.library.id).upserts).toBe(300);
  });

  it('resumes a crawl whose next step was lost, from its checkpoint', async () => {
    const h = await librarySyncing(600);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain({ max: 1 });
    h.queue.jobs.length = 0; // the push after the checkpoint was lost
    h.site.requests.length = 0;
    h.clock.t += 21 * 60_000;
    await runJob(h.ctx, { type: 'scan-library', libraryId: h.library.id });
    await h.drain();
    expect(h.index(h.library.id).pages.size).toBe(600);
    expect(h.index(h.library.id).upserts).toBe(600);
    expect(h.site.requests.filter((r) => r === 'list current')).toHaveLength(3);
  });

  it('records a page whose body cannot be indexed and syncs the rest of the space', async () => {
    const h = await librarySyncing(10);
    h.site.put({ id: '1003', spaceId: '10', title: 'Broken', body: '<<broken>>' });
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain();
    const status = await h.service.status(h.library.id);
    expect(status.spaces[0]).toMatchObject({ phase: 'ready', pagesIndexed: 9, pagesFailed: 1 });
    expect(status.spaces[0].lastError?.message).toMatch(/1003/);
  });
});

describe('the five-minute scan', () => {
  async function ready(pageCount = 50) {
    const h = await librarySyncing(pageCount);
    await h.service.selectSpaces(h.library.id, ['10', '20'], 'admin');
    await h.drain();
    h.clock.t += 5 * 60_000;
    return h;
  }

  it('costs two requests when nothing changed, whatever the page count', async () => {
    const h = await ready(2000);
    h.site.requests.length = 0;
    await runJob(h.ctx, { type: 'scan-library', libraryId: h.library.id });
    expect(h.site.requests).toEqual(['list current', 'list trashed,archived']);
  });

  it('indexes new and updated pages, including ones with equal timestamps, and removes trashed and archived ones', async () => {
    const h = await ready(20);
    const t = h.clock.now();
    h.site.put({ id: '1001', spaceId: '10', title: 'Page 1 v2', body: '<p>new</p>', modifiedAt: t });
    h.site.put({ id: '7000', spaceId: '20', title: 'New', body: '<p>n</p>', modifiedAt: t });
    h.site.put({ id: '7001', spaceId: '20', title: 'Same instant', body: '<p>n</p>', modifiedAt: t });
    h.site.put({ id: '1002', spaceId: '10', title: 'Page 2', status: 'trashed', modifiedAt: t });
    h.site.put({ id: '1003', spaceId: '10', title: 'Page 3', status: 'archived', modifiedAt: t });
    await runJob(h.ctx, { type: 'scan-library', libraryId: h.library.id });
    const index = h.index(h.library.id);
    expect(index.pages.get('1001')?.version).toBe(2);
    expect(index.pages.has('7000') && index.pages.has('7001')).toBe(true);
    expect(index.pages.has('1002') || index.pages.has('1003')).toBe(false);
    // A page committed late with an earlier timestamp is still inside the overlap window of the next scan.
    h.site.put({ id: '7002', spaceId: '20', title: 'Late', body: '<p>l</p>', modifiedAt: t - 60_000 });
    h.clock.t += 5 * 60_000;
    await runJob(h.ctx, { type: 'scan-library', libraryId: h.library.id });
    expect(index.pages.has('7002')).toBe(true);
  });

  it('stops on a lapsed authorization, tells the admins once, and reconnect resumes from the checkpoint', async () => {
    const h = await librarySyncing(600);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain({ max: 1 });
    h.site.unauthorized = true;
    const outcomes = await h.drain();
    expect(outcomes).toEqual([{ outcome: 'stopped', reason: expect.stringMatching(/authorization/) }]);
    await h.ctx.queue.push([{ type: 'scan-library', libraryId: h.library.id }]);
    await h.drain();
    expect(h.notices).toEqual([h.library.id]);
    expect((await h.service.status(h.library.id)).health.state).toBe('needs_reauthorization');
    expect(h.queue.jobs).toHaveLength(0);

    h.site.unauthorized = false;
    h.site.requests.length = 0;
    await h.service.reconnect(h.library.id, 'admin');
    await h.drain();
    expect(h.index(h.library.id).pages.size).toBe(600);
    expect(h.index(h.library.id).upserts).toBe(600);
    expect((await h.service.status(h.library.id)).health.state).toBe('ok');
  });

  it('honours a 429 by re-queueing with the clamped Retry-After and loses nothing in a storm', async () => {
    const h = await librarySyncing(600);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    for (let i = 0; i < 30; i++) {
      h.site.failNext.push(() => Object.assign(new Error('429'), { kind: 'rate-limited', status: 429, retryAfterSeconds: i === 0 ? Number("9223372036854775807") : 7 }));
    }
    const outcomes = await h.drain({ advance: true });
    expect(outcomes[0]).toEqual({ outcome: 'requeued', delaySeconds: 900, reason: 'rate-limited' });
    expect(outcomes.filter((o) => o.outcome === 'requeued')).toHaveLength(30);
    expect(h.index(h.library.id).pages.size).toBe(600);
  });
});

describe('leaving the index', () => {
  it('removes a deselected space, and a deleted Library leaves nothing behind even with a crawl in flight', async () => {
    const h = await librarySyncing(300);
    h.site.put({ id: '8000', spaceId: '20', title: 'Ops', body: '<p>o</p>' });
    await h.service.selectSpaces(h.library.id, ['10', '20'], 'admin');
    await h.drain();
    await h.service.selectSpaces(h.library.id, ['20'], 'admin');
    await h.drain();
    expect([...h.index(h.library.id).pages.keys()]).toEqual(['8000']);

    await h.service.selectSpaces(h.library.id, ['10', '20'], 'admin');
    await h.drain({ max: 1 }); // a crawl step is under way
    const inFlight = h.queue.jobs.splice(0); // ...and its follow-up runs late, after deletion started
    await h.service.deleteLibrary(h.library.id, 'admin');
    await h.drain();
    for (const j of inFlight) h.queue.jobs.push(j);
    await h.drain({ advance: true });
    expect(h.queue.pushed.some((j) => j.type === 'delete-library' && j.finalSweep)).toBe(true);
    expect(h.index(h.library.id).pages.size).toBe(0);
    expect(h.store.keys()).toEqual([]);
    expect(FINAL_SWEEP_DELAY_SECONDS).toBe(900);
  });

  it('reconcile prunes purged pages only after a complete enumeration', async () => {
    const h = await librarySyncing(300);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain();
    h.site.pages.delete('1001'); // purged: no event reached us, the scan cannot see it
    const state = (await h.ctx.state.getSpace(h.library.id, '10'))!;
    // A failing second step aborts the run: nothing is pruned.
    await h.ctx.queue.push([{ type: 'reconcile-space', libraryId: h.library.id, spaceId: '10', generation: state.generation, runId: 'r1', step: 0 }]);
    await h.drain({ max: 1 });
    for (let i = 0; i < 5; i++) h.site.failNext.push(() => new Error('500 Internal Server Error'));
    await h.drain({ advance: true });
    expect(h.index(h.library.id).pages.has('1001')).toBe(true);
    expect((await h.service.status(h.library.id)).spaces[0].lastError?.message).toMatch(/500/);

    await h.ctx.queue.push([{ type: 'reconcile-space', libraryId: h.library.id, spaceId: '10', generation: state.generation, runId: 'r2', step: 0 }]);
    await h.drain({ advance: true });
    expect(h.index(h.library.id).pages.has('1001')).toBe(false);
    expect(h.index(h.library.id).pages.size).toBe(299);
    expect(h.store.keys('sync:seen:')).toEqual([]);
  });
});

describe('failure classification', () => {
  it('waits out Forge storage quotas like a 429, and never sleeps past the queue maximum', async () => {
    const { classifyFailure } = await import('../../../src/core/sync');
    const quota = Object.assign(new Error('Storage rate limit exceeded: too many read units per minute for this installation.'), { name: 'ForgeKvsAPIError', code: 'RATE_LIMIT_EXCEEDED' });
    expect(classifyFailure(quota)).toEqual({ kind: 'rate-limited', retryAfterSeconds: 60 });
    expect(classifyFailure({ kind: 'rate-limited', retryAfterSeconds: 9e18 })).toEqual({ kind: 'rate-limited', retryAfterSeconds: 900 });
    expect(classifyFailure({ kind: 'authorization', status: 401 }).kind).toBe('unauthorized');
    expect(classifyFailure(new Error('Bearer abc.def.ghi leaked'))).toEqual({ kind: 'transient', message: 'Bearer [redacted] leaked' });
  });
});
