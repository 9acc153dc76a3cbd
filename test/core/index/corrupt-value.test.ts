import { SearchIndex } from '../../../src/core/index';
import { IndexKeys } from '../../../src/core/index/keys';
import { errorKind } from '../../../src/core/errors';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { pageDocument, type StoragePage } from '../../../src/core/sync';

const clock = { now: () => 1_700_000_000_000 };
const keys = new IndexKeys();
const SECRET_TEXT = 'zebracorn';

function page(id: string, version: number, body: string): StoragePage {
  return { pageId: id, version, spaceKey: 'ENG', title: `Page ${id}`, url: `https://acme.atlassian.net/wiki/spaces/ENG/pages/${id}`, body };
}

/** An index of two merged pages, and a third queued so the next merge has work. */
async function indexed(): Promise<{ store: MemoryKeyValueStore; index: SearchIndex }> {
  const store = new MemoryKeyValueStore();
  const index = new SearchIndex(store, { clock });
  await index.indexPage(pageDocument(page('1', 1, `<p>rollback ${SECRET_TEXT} canary</p>`)));
  await index.indexPage(pageDocument(page('2', 1, '<p>rollback holiday</p>')));
  await index.mergeAll();
  await index.indexPage(pageDocument(page('3', 1, '<p>rollback deploy</p>')));
  return { store, index };
}

async function mergeError(index: SearchIndex): Promise<unknown> {
  return index.merge().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('a corrupt index value', () => {
  // Before: a garbled head was a TypeError deep in the merge (kind unknown, so "transient": retried and dropped,
  // forever); a base64 block whose bytes end mid-number looped for ever in decodeBlock.
  it.each([
    ['a term head that is not an object', keys.termHead('rollback'), 'garbage', 'is not a term head'],
    ['a term head whose packed block is not base64', keys.termHead('rollback'), { df: 1, nextId: 1, g: 1, blocks: [], p: '!!not base64!!' }, 'is not a term head'],
    ['a page record that is not an object', keys.page('3'), 42, 'is not a page record'],
    ['garbled stats', keys.stats(), { chunks: 'many' }, 'is not the index statistics'],
  ])('%s fails the merge as corrupt, naming the key and no page text', async (_name, key, value, problem) => {
    const { store, index } = await indexed();
    await store.set(key, value);
    const error = await mergeError(index);
    expect(errorKind(error)).toBe('corrupt');
    expect((error as Error).message).toBe(`The stored value ${key} ${problem}.`);
    expect((error as Error).message).not.toContain(SECRET_TEXT);
  });

  it('a block whose bytes end mid-posting fails as corrupt instead of looping', async () => {
    const { store, index } = await indexed();
    const head = (await store.get<{ p: string }>(keys.termHead('rollback')))!;
    // 0xff: a varint that says "more bytes follow", then nothing.
    await store.set(keys.termHead('rollback'), { ...head, p: Buffer.from([0xff]).toString('base64') });
    expect(errorKind(await mergeError(index))).toBe('corrupt');
  });

  it('clearing the index is not stopped by the corrupt value, and a fresh index of the pages searches again', async () => {
    const { store, index } = await indexed();
    await store.set(keys.termHead('rollback'), 'garbage');
    expect(errorKind(await mergeError(index))).toBe('corrupt');
    while (!(await index.clearStep()));
    expect((await store.list(keys.all())).entries).toEqual([]);
    for (const id of ['1', '2', '3']) await index.indexPage(pageDocument(page(id, 1, id === '1' ? '<p>rollback canary</p>' : '<p>rollback holiday</p>')));
    await index.mergeAll();
    expect((await index.search('rollback')).hits.map((h) => h.pageId).sort()).toEqual(['1', '2', '3']);
  });
});
