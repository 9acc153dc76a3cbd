/**
 * Ask over one SharedReads (as the app wires it, src/app/services askReads): the Library's record goes out in the
 * same request as the term heads and its re-check in the same request as the chunk text, so neither costs a read
 * unit of its own; the text of a page the permission filter drops is never in any request.
 */
import { askLibrary, indexRetriever, type PageAccess } from '../../../src/core/answer';
import { SearchIndex } from '../../../src/core/index';
import { LibraryRepository } from '../../../src/core/library';
import { SharedReads } from '../../../src/core/store/shared-reads';
import { pageDocument } from '../../../src/core/sync';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

const pages = [
  { pageId: '101', title: 'Deploys', body: '<h2>Rollback</h2><p>Roll back a deploy with the rollback job in the release pipeline.</p>' },
  { pageId: '102', title: 'Secret deploys', body: '<h2>Rollback</h2><p>Roll back a secret deploy with the hidden rollback job.</p>' },
];

async function setUp() {
  const store = new MemoryKeyValueStore();
  const index = new SearchIndex(store);
  for (const p of pages) await index.indexPage(pageDocument({ pageId: p.pageId, version: 1, spaceKey: 'ENG', title: p.title, url: `/wiki/spaces/ENG/pages/${p.pageId}`, body: p.body }));
  await index.mergeAll();
  const repository = new LibraryRepository(store, { now: () => 1 });
  const library = await repository.create({ name: 'Docs' }, 'admin');
  await repository.connectSource(library.id, { kind: 'app' }, 'admin');
  await repository.setSpaces(library.id, [{ id: '1', key: 'ENG', name: 'Eng' }], 'admin');
  const requests: string[][] = [];
  const getMany = store.getMany.bind(store);
  store.getMany = <T>(keys: string[]) => {
    requests.push([...keys]);
    return getMany<T>(keys);
  };
  const get = store.get.bind(store);
  store.get = <T>(key: string) => {
    requests.push([key]);
    return get<T>(key);
  };
  const reads = new SharedReads(store);
  return { store, library, requests, libraries: new LibraryRepository(reads, { now: () => 1 }), index: new SearchIndex(reads), plain: { libraries: repository, index } };
}

/** Everyone may read page 101 only. */
const onlyFirst: PageAccess = {
  readableBy: async (_who, ids) => new Set(ids.filter((id) => id === '101')),
  isGuest: async () => false,
  stillCurrent: async (ids) => new Set(ids),
};

it('sends the Library record with the term heads and its re-check with the text, and never the filtered page text', async () => {
  const { library, requests, libraries, index, plain } = await setUp();
  const input = { libraryId: library.id, question: 'How do I roll back a deploy?', accountId: 'u1' };
  const answer = await askLibrary({ libraries, retrieverFor: () => indexRetriever(index), access: onlyFirst }, input);
  const recordKey = `lib:${library.id}`;
  expect(requests[0]).toEqual(expect.arrayContaining([recordKey, 'ix:stats', 'ix:h:t:deploi']));
  const textRequests = requests.filter((keys) => keys.some((k) => k.startsWith('ix:c:')));
  expect(textRequests).toHaveLength(1);
  expect(textRequests[0]).toContain(recordKey);
  // The record is in no request of its own: two requests carry it, both shared with index keys.
  expect(requests.filter((keys) => keys.includes(recordKey)).every((keys) => keys.length > 1)).toBe(true);
  expect(requests.flat().filter((k) => k.startsWith('ix:c:102:'))).toEqual([]);
  expect(answer.citations.map((c) => c.pageId)).toEqual(['101']);

  // The same answer as over the store itself, one read at a time.
  requests.length = 0;
  const alone = await askLibrary({ libraries: plain.libraries, retrieverFor: () => indexRetriever(plain.index), access: onlyFirst }, input);
  expect(alone).toEqual(answer);
  expect(requests.filter((keys) => keys.includes(recordKey)).every((keys) => keys.length === 1)).toBe(true);
});

it('refuses an answer when the re-check read with the text finds the Library deleted meanwhile', async () => {
  const { store, library, libraries, index } = await setUp();
  const access: PageAccess = {
    ...onlyFirst,
    readableBy: async (who, ids) => {
      // Deleted while the permission check was in flight.
      await store.delete(`lib:${library.id}`);
      return onlyFirst.readableBy(who, ids);
    },
  };
  await expect(askLibrary({ libraries, retrieverFor: () => indexRetriever(index), access }, { libraryId: library.id, question: 'roll back a deploy', accountId: 'u1' })).rejects.toThrow(/deleted while/);
});
