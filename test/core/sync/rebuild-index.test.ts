/**
 * The way out of a corrupt index (issue 14, "Bad input"): a garbled index value stops the merges at once (no 20
 * pointless retries), shows on the Library's status as the index's last error, and "Rebuild index" clears the
 * index and crawls the spaces again until it holds what a fresh sync of the same pages holds.
 */
import { runJob } from '../../../src/core/jobs';
import { SearchIndex } from '../../../src/core/index';
import { IndexKeys } from '../../../src/core/index/keys';
import { librarySyncIndex } from '../../../src/core/sync/library-index';
import { SourceService } from '../../../src/core/sync';
import type { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { setup } from './harness';

const keys = new IndexKeys();
const SECRET_TEXT = 'zebracorn';

/** A Library of one space with the harness's sync state and a real index over the same store. */
async function library() {
  const h = setup();
  const index = new SearchIndex(h.store, { clock: h.clock });
  h.ctx.indexFor = () => librarySyncIndex(index);
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
  for (let i = 1; i <= 12; i++) h.site.put({ id: String(1000 + i), spaceId: '10', title: `Page ${i}`, body: `<p>rollback page ${i} ${i === 3 ? SECRET_TEXT : ''}</p>`, modifiedAt: h.clock.now() - i * 60_000 });
  const created = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(created.id, { kind: 'app' }, 'admin');
  const service = new SourceService(h.ctx);
  /** Runs sync jobs (stepping the clock to delayed ones) and the merges they queue until both queues are empty. */
  const settle = async () => {
    for (let round = 0; round < 50 && (h.queue.jobs.length || h.queue.merges.length); round++) {
      await h.drain({ advance: true });
      const merges = h.queue.merges.splice(0);
      for (const job of merges) await runJob(h.ctx, job);
    }
  };
  return { ...h, index, service, libraryId: created.id, settle };
}

/** What an index holds, for comparing two: its page records and versions, its stats, its terms' postings. */
async function contents(store: MemoryKeyValueStore, index: SearchIndex) {
  const pages = (await store.list<{ pageId: string; version: number; chunkCount: number }>(keys.page(''))).entries.map((e) => [e.value.pageId, e.value.version, e.value.chunkCount]);
  const heads = store.inspectKvs('ix:h:').map((e) => [e.key, (e.value as { df: number }).df]);
  const ranked = (await index.search('rollback page', { limit: 20 })).hits.map((h) => h.pageId).sort();
  return { pages, stats: await index.stats(), heads, ranked, leftovers: store.keys('ix:q:').length + store.keys('ix:j:').length };
}

describe('a corrupt index value, recorded and rebuilt', () => {
  it('fails the merge at once, shows on the status with its way out, and Rebuild index converges to a fresh index', async () => {
    const h = await library();
    await h.service.selectSpaces(h.libraryId, ['10'], 'admin');
    await h.settle();
    expect((await h.index.listPages()).pages).toHaveLength(12);

    // A garbled term head, then an edit whose merge must read it.
    await h.store.set(keys.termHead('rollback'), 'garbage');
    h.site.put({ id: '1001', spaceId: '10', title: 'Page 1', body: '<p>rollback page 1 edited</p>' });
    await h.ctx.indexFor(h.libraryId).upsert({ ...h.site.pages.get('1001')!, body: '<p>rollback page 1 edited</p>', spaceKey: 'ENG' });
    const outcome = await runJob(h.ctx, { type: 'merge', libraryId: h.libraryId });
    expect(outcome).toEqual({ outcome: 'failed', reason: 'The stored value ix:h:t:rollback is not a term head.' });
    expect(h.queue.merges).toEqual([]);
    const broken = await h.service.status(h.libraryId);
    expect(broken.index).toEqual({ lastError: { at: h.clock.now(), message: 'The stored value ix:h:t:rollback is not a term head.', action: 'rebuild-index' }, rebuildingSince: undefined });
    expect(JSON.stringify(broken)).not.toContain(SECRET_TEXT);

    const asked = await h.service.rebuildIndex(h.libraryId);
    expect(asked.index?.rebuildingSince).toBe(h.clock.now());
    // Asked twice, it runs once.
    await h.service.rebuildIndex(h.libraryId);
    expect(h.queue.jobs.filter((j) => j.job.type === 'rebuild-index')).toHaveLength(1);
    // While it clears, merges wait.
    h.queue.merges.push({ type: 'merge', libraryId: h.libraryId });
    await h.settle();

    expect((await h.service.status(h.libraryId)).index).toBeUndefined();
    // The oracle: a fresh Library synced from the same site holds the same index.
    const fresh = await library();
    fresh.site.put({ ...h.site.pages.get('1001')!, body: '<p>rollback page 1 edited</p>' });
    await fresh.service.selectSpaces(fresh.libraryId, ['10'], 'admin');
    await fresh.settle();
    const rebuilt = await contents(h.store, h.index);
    expect(rebuilt.heads.length).toBeGreaterThan(10);
    expect(rebuilt.ranked).toHaveLength(12);
    expect(rebuilt).toEqual(await contents(fresh.store, fresh.index));
    expect((await h.index.listPages()).pages.find((p) => p.pageId === '1001')?.version).toBe(2);
  });

  it('a merge given up on for another reason is recorded too, and the next merge that succeeds clears it', async () => {
    const h = await library();
    await h.service.selectSpaces(h.libraryId, ['10'], 'admin');
    await h.settle();
    const real = h.ctx.indexFor;
    h.ctx.indexFor = () => ({ ...real(h.libraryId), merge: async () => Promise.reject(new Error('storage answered 500')) });
    expect(await runJob(h.ctx, { type: 'merge', libraryId: h.libraryId, attempt: 20 })).toEqual({ outcome: 'failed', reason: 'storage answered 500' });
    expect((await h.service.status(h.libraryId)).index?.lastError).toMatchObject({ message: 'storage answered 500', action: 'rebuild-index' });
    h.ctx.indexFor = real;
    expect(await runJob(h.ctx, { type: 'merge', libraryId: h.libraryId })).toEqual({ outcome: 'done' });
    expect((await h.service.status(h.libraryId)).index).toBeUndefined();
  });

  it('a rebuild whose job was lost shows as stalled after an hour, and asking again starts it over', async () => {
    const h = await library();
    await h.service.selectSpaces(h.libraryId, ['10'], 'admin');
    await h.settle();
    const first = (await h.service.rebuildIndex(h.libraryId)).index?.rebuildingSince;
    h.queue.jobs.length = 0; // The job is lost (given up on, or never delivered).
    h.clock.t += 30 * 60_000;
    expect((await h.service.status(h.libraryId)).index?.stalled).toBeUndefined();
    h.clock.t += 31 * 60_000;
    expect((await h.service.status(h.libraryId)).index).toMatchObject({ rebuildingSince: first, stalled: true });
    const again = await h.service.rebuildIndex(h.libraryId);
    expect(again.index?.rebuildingSince).toBe(h.clock.now());
    // A job of the first rebuild delivered late does nothing.
    h.queue.jobs.push({ job: { type: 'rebuild-index', libraryId: h.libraryId, since: first! }, dueAt: h.clock.now() });
    await h.settle();
    expect((await h.service.status(h.libraryId)).index).toBeUndefined();
    expect((await h.index.listPages()).pages).toHaveLength(12);
    // Only the first rebuild's own push: its late job cleared nothing and queued nothing.
    expect(h.queue.pushed.filter((j) => j.type === 'rebuild-index' && j.since === first)).toHaveLength(1);
  });
});
