import { SourceService, type SyncJob, type SyncSource } from '../../../src/core/sync';
import { setup } from './harness';
import { runJob } from '../../../src/core/jobs';

const HOUR = 3_600_000;

/** A Library with three indexable spaces: A (300 pages), B (200), C (50); ids interleave across spaces. */
async function threeSpaces() {
  const h = setup();
  h.site.addSpace({ id: '10', key: 'A', name: 'Alpha', type: 'global', status: 'current' });
  h.site.addSpace({ id: '20', key: 'B', name: 'Beta', type: 'global', status: 'current' });
  h.site.addSpace({ id: '30', key: 'C', name: 'Gamma', type: 'collaboration', status: 'current' });
  const old = h.site.now() - 30 * 86_400_000;
  let id = 1000;
  const counts: Record<string, number> = { '10': 300, '20': 200, '30': 50 };
  for (let i = 0; i < 300; i++) {
    for (const spaceId of ['10', '20', '30']) {
      if (i >= counts[spaceId]) continue;
      id += 1;
      h.site.put({ id: String(id), spaceId, title: `Page ${id}`, body: `<p>page ${id}</p>`, modifiedAt: old + id * 60_000 });
    }
  }
  const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  const service = new SourceService(h.ctx);
  const scan = () => runJob(h.ctx, { type: 'scan-library', libraryId: library.id });
  return { ...h, library, service, scan, spaceOf: (pageId: string) => h.site.pages.get(pageId)?.spaceId };
}

const quotaError = () =>
  Object.assign(new Error('Storage rate limit exceeded: too many write units per minute for this installation.'), {
    name: 'ForgeKvsAPIError',
    code: 'RATE_LIMIT_EXCEEDED',
  });

describe('one crawl for the spaces a selection adds', () => {
  it('lists all the spaces together, 250 pages a request, and counts each page to its own space', async () => {
    const h = await threeSpaces();
    h.site.requests.length = 0;
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    // The selection reads the chosen spaces and nothing else: no page count, no newest-page read.
    expect(h.site.requests).toEqual(['get spaces']);
    expect(h.queue.jobs.map((j) => j.job.type)).toEqual(['crawl-spaces']);

    await h.drain({ max: 1 });
    const midway = await h.service.status(h.library.id);
    expect(midway.spaces.map((s) => s.phase)).toEqual(['crawling', 'crawling', 'crawling']);
    expect(midway.spaces.reduce((n, s) => n + s.pagesIndexed, 0)).toBe(250);

    await h.drain();
    // 550 pages: three list requests in all, each naming every space.
    const crawlLists = h.site.lists.filter((l) => l.sort === '-id');
    expect(crawlLists).toHaveLength(3);
    for (const list of crawlLists) expect(list.spaceIds.sort()).toEqual(['10', '20', '30']);
    // The last 'get spaces': the crawl's end checks its spaces are still indexable (archived mid-crawl: removed).
    expect(h.site.requests).toEqual(['get spaces', 'list current', 'list current', 'list current', 'get spaces']);

    const index = h.index(h.library.id);
    expect(index.pages.size).toBe(550);
    for (const [pageId, page] of index.pages) expect(page.spaceId).toBe(h.spaceOf(pageId));
    expect([...index.pages.values()].filter((p) => p.spaceKey === 'B')).toHaveLength(200);
    const status = await h.service.status(h.library.id);
    expect(status.spaces.map((s) => [s.spaceKey, s.phase, s.pagesIndexed, s.progress])).toEqual([
      ['A', 'ready', 300, 1],
      ['B', 'ready', 200, 1],
      ['C', 'ready', 50, 1],
    ]);
  });

  it('ignores duplicate and stale crawl jobs: every page is indexed once, counts are not doubled', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    // Deliver every crawl event twice, the way at-least-once delivery may.
    for (let i = 0; i < 10 && h.queue.jobs.length; i++) {
      const [next] = h.queue.jobs;
      h.queue.jobs.push({ job: structuredClone(next.job), dueAt: next.dueAt });
      await h.drain({ max: 2 });
    }
    await h.drain();
    // A job from before the crawl moved on, replayed late.
    const first = h.queue.pushed.find((j) => j.type === 'crawl-spaces')!;
    expect(await runJob(h.ctx, first)).toEqual({ outcome: 'done' });
    expect(h.index(h.library.id).upserts).toBe(550);
    const status = await h.service.status(h.library.id);
    expect(status.spaces.map((s) => s.pagesIndexed)).toEqual([300, 200, 50]);
    expect(h.site.requests.filter((r) => r === 'list current')).toHaveLength(3);
  });

  it('stops indexing a space deselected mid-crawl, and remove-space leaves none of its pages', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    await h.drain({ max: 1 });
    await h.service.selectSpaces(h.library.id, ['10', '30'], 'admin');
    // remove-space looks once more a minute after it found nothing left (pages still in the inbox then).
    await h.drain({ advance: true });
    const index = h.index(h.library.id);
    expect([...index.pages.values()].some((p) => p.spaceKey === 'B')).toBe(false);
    expect(index.pages.size).toBe(350);
    const status = await h.service.status(h.library.id);
    expect(status.spaces.map((s) => [s.spaceKey, s.phase, s.pagesIndexed])).toEqual([
      ['A', 'ready', 300],
      ['C', 'ready', 50],
    ]);
    expect(h.store.keys('sync:space:').some((k) => k.endsWith(':20'))).toBe(false);
  });

  it('takes back what a step wrote for a space deselected while that step ran', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    const source = h.site.source();
    let deselectDuringList = true;
    const racing: SyncSource = {
      ...source,
      async listPages(query) {
        const result = await source.listPages(query);
        if (deselectDuringList && query.sort === '-id') {
          deselectDuringList = false;
          // The admin deselects B, and its removal runs to the end, while this step is indexing.
          await h.service.selectSpaces(h.library.id, ['10', '30'], 'admin');
          const removal = h.queue.jobs.filter((j) => j.job.type === 'remove-space');
          h.queue.jobs = h.queue.jobs.filter((j) => j.job.type !== 'remove-space');
          for (const { job } of removal) await runJob(h.ctx, job);
        }
        return result;
      },
    };
    h.ctx.sourceFor = async () => racing;
    await h.drain();
    const index = h.index(h.library.id);
    expect([...index.pages.values()].some((p) => p.spaceKey === 'B')).toBe(false);
    expect(index.pages.size).toBe(350);
  });

  it('waits out a storage quota without listing again: the rest of the list page is fetched by id, once', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    const index = h.index(h.library.id);
    const upsert = index.upsert.bind(index);
    let calls = 0;
    index.upsert = async (page) => {
      calls += 1;
      if (calls === 40 || calls === 300) throw quotaError();
      return upsert(page);
    };
    h.site.requests.length = 0;
    const outcomes = await h.drain({ advance: true });
    expect(outcomes.filter((o) => o.outcome !== 'done')).toEqual([]);
    // Three lists as without the waits, plus one fetch by id of the pages each wait left over.
    expect(h.site.requests).toEqual(['list current', 'get pages', 'list current', 'get pages', 'list current', 'get spaces']);
    expect(index.pages.size).toBe(550);
    expect(index.upserts).toBe(550);
    const carried = h.queue.pushed.filter((j): j is Extract<SyncJob, { type: 'crawl-spaces' }> => j.type === 'crawl-spaces' && !!j.carry);
    expect(carried).toHaveLength(2);
    // The carry holds ids and counts, never bodies; the first wait came in the first step's second slice.
    expect(carried[0].carry!.pending).toHaveLength(250 - 25);
    expect(JSON.stringify(carried[0]).length).toBeLessThan(10_000);
    expect(JSON.stringify(carried[0])).not.toMatch(/<p>/);
    const status = await h.service.status(h.library.id);
    expect(status.spaces.map((s) => [s.phase, s.pagesIndexed])).toEqual([
      ['ready', 300],
      ['ready', 200],
      ['ready', 50],
    ]);
  });

  it('finds a quota already spent before it asks Confluence anything, then spaces its steps a quota minute apart', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    const set = h.store.set.bind(h.store);
    let spent = true;
    h.store.set = async (key, value) => {
      if (spent && key.startsWith('sync:crawl:')) {
        spent = false;
        throw quotaError();
      }
      return set(key, value);
    };
    h.site.requests.length = 0;
    const t0 = h.clock.now();
    expect(await h.drain({ max: 1 })).toEqual([{ outcome: 'requeued', delaySeconds: 60, reason: 'rate-limited' }]);
    expect(h.site.requests).toEqual([]);
    const outcomes = await h.drain({ advance: true });
    expect(outcomes.every((o) => o.outcome === 'done')).toBe(true);
    expect(h.site.requests).toEqual(['list current', 'list current', 'list current', 'get spaces']);
    expect(h.index(h.library.id).pages.size).toBe(550);
    // The wait, then each next step a minute out: three minutes for three steps.
    expect(h.clock.now() - t0).toBe(3 * 60_000);
    const crawl = (await h.ctx.state.listCrawls(h.library.id))[0];
    expect(crawl).toMatchObject({ phase: 'done', paced: true, step: 3 });
  });

  it('resumes a crawl whose record was never written (a crash mid-selection), from the scan', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    for (const key of h.store.keys('sync:crawl:')) await h.store.delete(key);
    h.queue.jobs.length = 0;
    h.clock.t += 21 * 60_000;
    await h.scan();
    await h.drain();
    expect(h.index(h.library.id).pages.size).toBe(550);
    expect((await h.service.status(h.library.id)).spaces.every((s) => s.phase === 'ready')).toBe(true);
  });

  it('drops a per-space crawl event of the earlier version and restarts that space as a crawl of its own', async () => {
    const h = await threeSpaces();
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    h.queue.jobs.length = 0;
    for (const key of h.store.keys('sync:crawl:')) await h.store.delete(key);
    const state = (await h.ctx.state.getSpace(h.library.id, '10'))!;
    await h.ctx.state.putSpace({ ...state, crawlId: undefined, cursor: 'x', step: 1 });
    expect(await runJob(h.ctx, { type: 'crawl-space', libraryId: h.library.id, spaceId: '10', generation: state.generation, step: 1, cursor: 'x' })).toEqual({ outcome: 'done' });
    expect(h.index(h.library.id).pages.size).toBe(0);
    h.clock.t += 21 * 60_000;
    await h.scan();
    await h.drain();
    expect(h.index(h.library.id).pages.size).toBe(300);
  });
});

describe("the scan's watermark comes from Confluence's clock only", () => {
  for (const skew of [3 * HOUR, -3 * HOUR, 400 * 86_400_000]) {
    it(`misses no edit made during or after the crawl when Confluence's clock is ${skew / HOUR} hours off the app's`, async () => {
      const h = await threeSpaces();
      h.site.skewMs = skew;
      // Page timestamps follow Confluence's clock: move the existing pages onto it.
      for (const page of h.site.pages.values()) page.modifiedAt += skew;
      await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
      await h.drain({ max: 1 }); // the newest 250 pages are in

      // During the crawl: an edit to a page already crawled, an edit to one not yet crawled, a new page.
      h.clock.t += 60_000;
      h.site.put({ id: '1550', spaceId: h.spaceOf('1550')!, title: 'Crawled, then edited', body: '<p>edited during</p>' });
      h.site.put({ id: '1001', spaceId: h.spaceOf('1001')!, title: 'Edited before its turn', body: '<p>edited early</p>' });
      h.site.put({ id: '9000', spaceId: '20', title: 'Created during', body: '<p>new</p>' });
      await h.drain({ max: 1 });
      h.clock.t += 5 * 60_000;
      await h.scan();
      await h.drain();

      // After the crawl, through later scans.
      h.clock.t += 5 * 60_000;
      await h.scan();
      h.clock.t += 60_000;
      h.site.put({ id: '1200', spaceId: h.spaceOf('1200')!, title: 'Edited after', body: '<p>edited after</p>' });
      h.site.put({ id: '9001', spaceId: '10', title: 'Created after', body: '<p>new after</p>' });
      h.clock.t += 5 * 60_000;
      await h.scan();

      const index = h.index(h.library.id);
      for (const page of h.site.pages.values()) expect([page.id, index.pages.get(page.id)?.version]).toEqual([page.id, page.version]);
      expect(index.pages.size).toBe(552);
      // Once every crawl is covered, a quiet scan costs two requests.
      h.clock.t += 5 * 60_000;
      await h.scan();
      h.site.requests.length = 0;
      await h.scan();
      expect(h.site.requests).toEqual(['list current', 'list trashed,archived']);
      expect(h.store.keys('sync:crawl:')).toEqual([]);
    });
  }

  it('adding spaces to a Library with a watermark keeps it, and the new spaces miss nothing either', async () => {
    const h = await threeSpaces();
    h.site.skewMs = -5 * HOUR;
    for (const page of h.site.pages.values()) page.modifiedAt -= 5 * HOUR;
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain();
    h.clock.t += 5 * 60_000;
    await h.scan();
    const watermark = (await h.ctx.state.getScan(h.library.id))!.watermark!;
    expect(watermark).toBeLessThanOrEqual(h.site.now());

    h.clock.t += 60 * 60_000;
    await h.service.selectSpaces(h.library.id, ['10', '20', '30'], 'admin');
    await h.drain({ max: 1 });
    h.clock.t += 60_000;
    h.site.put({ id: '1003', spaceId: h.spaceOf('1003')!, title: 'Edited during', body: '<p>during</p>' });
    await h.drain();
    h.clock.t += 5 * 60_000;
    await h.scan();
    expect(h.index(h.library.id).pages.get('1003')?.version).toBe(2);
    expect(h.index(h.library.id).pages.size).toBe(550);
  });
});
