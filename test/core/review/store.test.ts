import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { ProposalStore } from '../../../src/core/review/store';
import { ReviewError } from '../../../src/core/review/errors';
import type { Proposal } from '../../../src/core/review/types';

let now = 1_000;
const clock = { now: () => now };

function proposal(id: string, pageId: string, path: number[], createdAt: number, spaceKey = 'ENG'): Proposal {
  return {
    id, libraryId: 'lib1', pageId, pageTitle: 'Deploy', spaceKey, baseVersion: 3,
    operations: [{ op: 'replaceCode', target: { path, fingerprint: 'f', before: 'old', kind: 'ac:structured-macro' }, code: 'new' }],
    reason: { text: 'renamed', links: [] }, origin: { kind: 'agent', name: 'Claude' }, author: { name: 'Ada' },
    modelWritten: false, state: 'pending', revision: 0, createdAt, updatedAt: createdAt, history: [],
  };
}

describe('ProposalStore', () => {
  it('lists per page and per space, newest first, without reading other pages', async () => {
    const kvs = new MemoryKeyValueStore();
    const store = new ProposalStore(kvs, clock);
    await store.create(proposal('aaaaaaaaaaaaaaa1', '10', [1], 100));
    await store.create(proposal('aaaaaaaaaaaaaaa2', '10', [2], 200));
    await store.create(proposal('aaaaaaaaaaaaaaa3', '11', [1], 300, '~ada'));
    expect((await store.listPage('10')).map((s) => s.id)).toEqual(['aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa1']);
    expect((await store.listSpace('ENG')).map((s) => s.id)).toEqual(['aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa1']);
    expect((await store.listSpace('~ada')).map((s) => s.id)).toEqual(['aaaaaaaaaaaaaaa3']);
  });

  it('supersedes an older pending proposal on the same node, not one on another node', async () => {
    const store = new ProposalStore(new MemoryKeyValueStore(), clock);
    await store.create(proposal('bbbbbbbbbbbbbbb1', '10', [1], 100));
    await store.create(proposal('bbbbbbbbbbbbbbb2', '10', [2], 150));
    const superseded = await store.create(proposal('bbbbbbbbbbbbbbb3', '10', [1], 200));
    expect(superseded).toEqual(['bbbbbbbbbbbbbbb1']);
    expect((await store.require('bbbbbbbbbbbbbbb1')).state).toBe('superseded');
    expect((await store.require('bbbbbbbbbbbbbbb2')).state).toBe('pending');
    expect((await store.listPage('10', { states: ['pending'] })).map((s) => s.id)).toEqual(['bbbbbbbbbbbbbbb3', 'bbbbbbbbbbbbbbb2']);
  });

  it('lets only one of two racing transitions win', async () => {
    const store = new ProposalStore(new MemoryKeyValueStore(), clock);
    await store.create(proposal('ccccccccccccccc1', '10', [1], 100));
    const entry = { at: 1, byName: 'Ada', action: 'declined' as const };
    const results = await Promise.allSettled([
      store.transition('ccccccccccccccc1', ['pending'], 'declined', entry),
      store.transition('ccccccccccccccc1', ['pending'], 'applied', { ...entry, action: 'applied' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ReviewError);
    expect((await store.require('ccccccccccccccc1')).history).toHaveLength(1);
  });

  it('holds one apply lock at a time and frees a stale one', async () => {
    const store = new ProposalStore(new MemoryKeyValueStore(), clock);
    expect(await store.lock('ddddddddddddddd1', 'a')).toBe(true);
    expect(await store.lock('ddddddddddddddd1', 'b')).toBe(false);
    now += 61_000;
    expect(await store.lock('ddddddddddddddd1', 'b')).toBe(true);
  });
});
