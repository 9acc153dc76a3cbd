/**
 * A space's pages are listed from the index's space listing (`sp:` keys the merger keeps beside page records), so
 * reconcile, removal and sweeps read what the space holds, not every page record of the Library; an index built
 * before space listings is still listed, by its page records.
 */
import { SearchIndex } from '../../../src/core/index';
import type { IndexStats } from '../../../src/core/index/records';
import { librarySyncIndex } from '../../../src/core/sync/library-index';
import { pageDocument } from '../../../src/core/sync';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

const doc = (id: number, spaceKey: string, version = 1) =>
  pageDocument({ pageId: String(5000 + id), version, spaceKey, title: `Page ${id}`, url: `/wiki/spaces/${spaceKey}/pages/${5000 + id}`, body: `<p>words of page ${id}</p>` });

async function listAll(sync: ReturnType<typeof librarySyncIndex>, spaceKey: string): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const page = await sync.listPageIds(spaceKey, cursor);
    ids.push(...page.ids);
    cursor = page.cursor;
    calls += 1;
  } while (cursor);
  return { ids: ids.sort(), calls };
}

it("lists a space's pages from its own listing, 100 a step, following moves, removals and personal space keys", async () => {
  const memory = new MemoryKeyValueStore();
  const index = new SearchIndex(memory);
  // 150 pages in ENG, 400 in OPS, 2 in a personal space.
  for (let i = 0; i < 150; i += 1) await index.indexPage(doc(i, 'ENG'));
  for (let i = 150; i < 550; i += 1) await index.indexPage(doc(i, 'OPS'));
  for (let i = 550; i < 552; i += 1) await index.indexPage(doc(i, '~712020abc'));
  await index.mergeAll();
  const sync = librarySyncIndex(index);

  memory.resetCounters();
  const eng = await listAll(sync, 'ENG');
  expect(eng.ids).toEqual(Array.from({ length: 150 }, (_, i) => String(5000 + i)).sort());
  expect(eng.calls).toBe(2);
  // Only ENG's listing was read (the memory store counts each listed value as a read), and the stats once: not
  // the 552 page records.
  expect(memory.resetCounters()).toMatchObject({ listCalls: 2, readCalls: 1, readUnits: 150 + 1 });
  expect((await listAll(sync, '~712020abc')).ids).toEqual(['5550', '5551']);

  // Page 3 moves to OPS, page 4 is removed: both leave ENG's listing.
  await index.indexPage(doc(3, 'OPS', 2));
  await index.removePage('5004');
  await index.mergeAll();
  const after = await listAll(sync, 'ENG');
  expect(after.ids).toHaveLength(148);
  expect(after.ids).not.toContain('5003');
  expect(after.ids).not.toContain('5004');
  expect((await listAll(sync, 'OPS')).ids).toContain('5003');
});

it('lists an index from before space listings by its page records, until it is rebuilt', async () => {
  const memory = new MemoryKeyValueStore();
  const index = new SearchIndex(memory);
  for (let i = 0; i < 120; i += 1) await index.indexPage(doc(i, i % 2 ? 'ENG' : 'OPS'));
  await index.mergeAll();
  // As an older merger left it: no listings, and stats that do not claim them.
  for (const key of memory.keys().filter((k) => k.startsWith('ix:sp:'))) await memory.delete(key);
  const { spaces: _spaces, ...stats } = (await memory.get<IndexStats>('ix:stats'))!;
  await memory.set('ix:stats', stats);
  const sync = librarySyncIndex(index);

  memory.resetCounters();
  const eng = await listAll(sync, 'ENG');
  expect(eng.ids).toEqual(Array.from({ length: 60 }, (_, i) => String(5000 + 2 * i + 1)).sort());
  // The stats, then every page record (120 values in 2 lists).
  expect(memory.resetCounters()).toMatchObject({ listCalls: 2, readCalls: 1, readUnits: 1 + 120 });
  // A merge on top keeps the old way (its listing would be partial): a new page is still found.
  await index.indexPage(doc(200, 'ENG'));
  await index.mergeAll();
  expect((await memory.get<IndexStats>('ix:stats'))!.spaces).toBeUndefined();
  expect((await listAll(sync, 'ENG')).ids).toHaveLength(61);

  // Rebuilt (cleared, then indexed again): listed by space from the first merge on.
  while (!(await index.clearStep())) { /* a step at a time, as the rebuild job does */ }
  for (let i = 0; i < 120; i += 1) await index.indexPage(doc(i, i % 2 ? 'ENG' : 'OPS'));
  await index.mergeAll();
  memory.resetCounters();
  expect((await listAll(sync, 'ENG')).ids).toHaveLength(60);
  expect(memory.resetCounters()).toMatchObject({ listCalls: 1, readCalls: 1, readUnits: 1 + 60 });
});
