import { AskBudget, type Hit, type PageAccess } from '../../../src/core/answer';
import { LibraryRepository } from '../../../src/core/library';
import { askLibrary, searchLibrary, type AgentDeps, type PageFacts } from '../../../src/core/usecases';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function hit(pageId: string, score: number): Hit {
  return { score, chunk: { pageId, version: 1, spaceKey: 'ENG', title: `Page ${pageId}`, headingPath: ['Overview'], url: `/wiki/spaces/ENG/pages/${pageId}`, index: 0, text: `Text of ${pageId}` } };
}

/** 32 ranked candidates on 32 pages; `unreadable` pages are restricted for the member. */
async function world(unreadable: Set<string>) {
  const store = new MemoryKeyValueStore();
  const libraries = new LibraryRepository(store, { now: () => 1 });
  const library = await libraries.create({ name: 'Docs', visibility: 'private', confirmPublic: true }, 'admin');
  await libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  await libraries.setSpaces(library.id, [{ id: '1', key: 'ENG', name: 'Eng' }], 'admin');
  const hits = Array.from({ length: 32 }, (_, i) => hit(String(100 + i), 100 - i));
  const checked: string[][] = [];
  const access: PageAccess = {
    readableBy: async (_who, ids) => (checked.push(ids), new Set(ids.filter((id) => !unreadable.has(id)))),
    isGuest: async () => false,
    stillCurrent: async (ids) => new Set(ids),
  };
  const deps: AgentDeps = {
    libraries,
    access,
    retrieverFor: () => ({
      rank: async () => hits.map((h) => ({ pageId: h.chunk.pageId, version: 1, chunkIndex: 0, spaceKey: 'ENG', score: h.score })),
      // Text is read only for candidates of pages the member may read.
      read: async (candidates: Array<{ pageId: string }>) => candidates.map((c) => {
        if (unreadable.has(c.pageId)) throw new Error(`read the text of unreadable page ${c.pageId}`);
        return hits.find((h) => h.chunk.pageId === c.pageId)!;
      }),
    }),
    pages: {
      current: async (_library, ids) => new Map(ids.map((id): [string, PageFacts] => [id, { id, title: `Page ${id}`, spaceId: '1', version: 1 }])),
      withBody: async () => undefined,
    },
  };
  return { deps, checked, libraryId: library.id, store };
}

describe('search-library permission checks', () => {
  it('checks pages in rank order only until the limit is filled, one batch of 8 when the best pages are readable', async () => {
    const { deps, checked } = await world(new Set());
    const result = (await searchLibrary(deps, { accountId: 'member' }, { query: 'deploy', limit: 8 })) as Loose;
    expect(result.results.map((r: Loose) => r.pageId)).toEqual(Array.from({ length: 8 }, (_, i) => String(100 + i)));
    expect(checked).toEqual([Array.from({ length: 8 }, (_, i) => String(100 + i))]);
  });

  it('asks the next batch when unreadable pages leave the limit unfilled, and never returns an unreadable page', async () => {
    const unreadable = new Set(['100', '101', '103', '104', '105', '106', '107', '108', '109']);
    const { deps, checked } = await world(unreadable);
    const result = (await searchLibrary(deps, { accountId: 'member' }, { query: 'deploy', limit: 5 })) as Loose;
    const ids = result.results.map((r: Loose) => r.pageId);
    expect(ids).toEqual(['102', '110', '111', '112', '113']);
    expect(checked.flat()).toHaveLength(16);
    expect(checked.map((batch) => batch.length)).toEqual([8, 8]);
  });

  it('checks every candidate when few are readable, and stops at the candidates', async () => {
    const all = new Set(Array.from({ length: 32 }, (_, i) => String(100 + i)));
    all.delete('131');
    const { deps, checked } = await world(all);
    const result = (await searchLibrary(deps, { accountId: 'member' }, { query: 'deploy', limit: 8 })) as Loose;
    expect(result.results.map((r: Loose) => r.pageId)).toEqual(['131']);
    expect(checked.flat()).toHaveLength(32);
  });
});

describe('the question budget on the agent tools', () => {
  it('search-library and ask-library spend the Ask macro\'s per-person budget, then answer BUSY with when to retry and read nothing more', async () => {
    const { deps, store } = await world(new Set());
    let now = 1_000_000;
    // The macro's buckets, smaller: 3 questions a person, one more every 10 s; the installation's stays wide.
    const budget = new AskBudget(store, { now: () => now }, { account: { capacity: 3, refillMs: 10_000 }, installation: { capacity: 100, refillMs: 10 } });
    let ranked = 0;
    const retrieverFor = deps.retrieverFor;
    const budgeted: AgentDeps = { ...deps, budget, retrieverFor: (id) => { const r = retrieverFor(id); return { ...r, rank: (...args) => ((ranked += 1), r.rank(...args)) }; } };
    expect(((await searchLibrary(budgeted, { accountId: 'member' }, { query: 'deploy' })) as Loose).ok).toBe(true);
    expect(((await askLibrary(budgeted, { accountId: 'member' }, { question: 'How do we deploy?' })) as Loose).ok).toBe(true);
    expect(((await searchLibrary(budgeted, { accountId: 'member' }, { query: 'deploy' })) as Loose).ok).toBe(true);
    expect(ranked).toBe(3);
    now += 4_000;
    store.resetCounters();
    for (const refused of [await searchLibrary(budgeted, { accountId: 'member' }, { query: 'deploy' }), await askLibrary(budgeted, { accountId: 'member' }, { question: 'How do we deploy?' })]) {
      expect(refused).toEqual({ ok: false, error: { code: 'BUSY', message: expect.stringMatching(/^You are asking too fast\. Try again in \d+ s\.$/), retryAfterSeconds: expect.any(Number) } });
    }
    // Refused before the Library or the index is read: only the budget's own slot listing.
    expect(ranked).toBe(3);
    const counters = store.resetCounters();
    expect(counters.keysRead).toBe(0);
    expect(counters.listCalls).toBe(2);
    // Someone else is still answered.
    expect(((await searchLibrary(budgeted, { accountId: 'admin' }, { query: 'deploy' })) as Loose).ok).toBe(true);
  });
});
