/**
 * Mentions in indexed text through the sync: the batch's mentioned people are named once through the People
 * directory, and passages read "@Display Name"; when Confluence cannot name them they read as account ids and
 * the pages are indexed all the same.
 */
import { SearchIndex } from '../../../src/core/index';
import type { PersonName } from '../../../src/core/confluence';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { PeopleDirectory, SourceService, librarySyncIndex, type SourcePage } from '../../../src/core/sync';
import { upsertPages } from '../../../src/core/sync/upsert-pages';
import { ManualClock, setup } from './harness';
import { runJob } from '../../../src/core/jobs';

const mention = (id: string): string => `<ac:link><ri:user ri:account-id="${id}" /></ac:link>`;
const PEOPLE = Array.from({ length: 20 }, (_, i) => ({ accountId: `557058:person-${String(i).padStart(2, '0')}`, displayName: `Person${i} Surname${i}` }));

function lookupCounting(people: PersonName[]) {
  const calls: string[][] = [];
  const lookup = async (ids: string[]) => {
    calls.push(ids);
    return people.filter((p) => ids.includes(p.accountId));
  };
  return { calls, lookup };
}

function libraryIndex() {
  const store = new MemoryKeyValueStore();
  const index = new SearchIndex(store, { clock: { now: () => 1_700_000_000_000 } });
  return { index, sync: librarySyncIndex(index) };
}

async function passages(index: SearchIndex, query: string): Promise<string[]> {
  await index.mergeAll();
  const { hits } = await index.search(query, { limit: 5 });
  return (await index.cite(hits)).map((h) => h.text);
}

describe('upsertPages with the People directory', () => {
  it('names everyone a crawl of 1000 pages mentions with one lookup in all', async () => {
    const { calls, lookup } = lookupCounting(PEOPLE);
    const people = new PeopleDirectory({ store: new MemoryKeyValueStore(), clock: new ManualClock(), lookup });
    const { index, sync } = libraryIndex();
    const pages: SourcePage[] = Array.from({ length: 1000 }, (_, i) => ({
      id: String(1000 + i),
      spaceId: '10',
      title: `Page ${i}`,
      status: 'current',
      version: 1,
      modifiedAt: 0,
      body: `<p>Owner of ${i % 7 === 0 ? 'zebra' : 'plain'} service ${i}: ${mention(PEOPLE[i % 20].accountId)}</p>`,
    }));
    for (let i = 0; i < pages.length; i += 250) {
      const outcome = await upsertPages(sync, pages.slice(i, i + 250), 'ENG', { people });
      expect(outcome).toEqual({ indexed: 250, unchanged: 0, failed: [] });
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(20);
    const found = await passages(index, 'Surname7');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/^Owner of (zebra|plain) service \d+: @Person7 Surname7$/);
    expect(await passages(index, 'person')).toEqual([]);
  });

  it('parses a page that mentions people once: the index reads the tree the mention pass parsed', async () => {
    const { lookup } = lookupCounting(PEOPLE);
    const people = new PeopleDirectory({ store: new MemoryKeyValueStore(), clock: new ManualClock(), lookup });
    const { sync } = libraryIndex();
    const given: Array<{ id: string; parsed?: string }> = [];
    const recording: typeof sync = {
      ...sync,
      upsert: async (page, options = {}) => {
        given.push({ id: page.id, ...(options.parsed ? { parsed: options.parsed.source } : {}) });
        await sync.upsert(page, options);
      },
    };
    const body = (id: string, text: string): SourcePage => ({ id, spaceId: '10', title: `Page ${id}`, status: 'current', version: 1, modifiedAt: 0, body: text });
    const mentioning = `<p>Owner: ${mention(PEOPLE[3].accountId)}</p>`;
    const outcome = await upsertPages(recording, [body('1', mentioning), body('2', '<p>Nobody here.</p>')], 'ENG', { people });
    expect(outcome).toEqual({ indexed: 2, unchanged: 0, failed: [] });
    expect(given).toEqual([{ id: '1', parsed: mentioning }, { id: '2' }]);
  });

  it('indexes with account ids when the lookup fails, and without a directory', async () => {
    const people = new PeopleDirectory({
      store: new MemoryKeyValueStore(),
      clock: new ManualClock(),
      lookup: async () => {
        throw Object.assign(new Error('429 Too Many Requests'), { name: 'RateLimitedError' });
      },
    });
    const { index, sync } = libraryIndex();
    const page = (id: string): SourcePage => ({ id, spaceId: '10', title: 'Deploys', status: 'current', version: 1, modifiedAt: 0, body: `<p>Ask ${mention('557058:abc-123')}</p>` });
    expect(await upsertPages(sync, [page('1')], 'ENG', { people })).toEqual({ indexed: 1, unchanged: 0, failed: [] });
    expect(await upsertPages(sync, [page('2')], 'ENG')).toEqual({ indexed: 1, unchanged: 0, failed: [] });
    expect(await passages(index, 'ask')).toEqual(['Ask @557058:abc-123', 'Ask @557058:abc-123']);
  });
});

describe('a page event through the sync harness', () => {
  it('indexes an edited page with the mentioned person’s display name', async () => {
    const h = setup();
    const { index, sync } = libraryIndex();
    h.ctx.indexFor = () => sync;
    const { calls, lookup } = lookupCounting([{ accountId: '712020:ada', displayName: 'Ada Lovelace' }]);
    h.ctx.people = new PeopleDirectory({ store: h.store, clock: h.clock, lookup });
    h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
    h.site.put({ id: '1001', spaceId: '10', title: 'Release train', body: '<p>Release captain: nobody yet.</p>' });
    const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
    await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
    await new SourceService(h.ctx).selectSpaces(library.id, ['10'], 'admin');
    await h.drain();

    h.site.put({ id: '1001', spaceId: '10', title: 'Release train', body: `<p>Release captain: ${mention('712020:ada')}.</p>` });
    await runJob(h.ctx, { type: 'index-pages', libraryId: library.id, pageIds: ['1001'] });
    expect(await passages(index, 'captain')).toEqual(['Release captain: @Ada Lovelace.']);
    expect(calls).toEqual([['712020:ada']]);
  });
});
