import { SearchIndex } from '../../../src/core/index';
import { frontierBound, tfPart, type RankingParams } from '../../../src/core/index/bm25';
import { frontierOf, type FieldTriple, type Posting } from '../../../src/core/index/postings';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { pageDocument, type StoragePage } from '../../../src/core/sync';

const clock = { now: () => 1_700_000_000_000 };

function page(id: string, body: string, title = `Page ${id}`): StoragePage {
  return { pageId: id, version: 1, spaceKey: 'ENG', title, url: `https://acme.atlassian.net/wiki/spaces/ENG/pages/${id}`, body };
}

/** Deterministic pseudo-random integers, so a failure can be replayed. */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

describe('block frontiers', () => {
  it('bound every posting of the block for any k1, b and average length, and reach the best one', () => {
    const next = rng(11);
    for (let round = 0; round < 200; round += 1) {
      const list: Posting[] = Array.from({ length: 1 + next(60) }, (_, i) => ({
        id: `${i}.0`,
        impact: 0,
        tf: [next(3), next(3), next(12)] as FieldTriple,
        len: [1 + next(12), next(8), 1 + next(400)] as FieldTriple,
      }));
      const weights: FieldTriple = [2, 1, 1];
      const frontier = frontierOf(list, weights);
      expect(frontier.length).toBeLessThanOrEqual(12);
      const params: RankingParams = { k1: 0.5 + next(15) / 10, b: next(11) / 10, weights };
      const avg = 20 + next(300);
      const best = Math.max(...list.map((p) => tfPart(params, p.tf, p.len, avg)));
      const bound = frontierBound(params, frontier, avg);
      expect(bound).toBeGreaterThanOrEqual(best);
      // With few distinct points the frontier is exact; merged points may only overestimate.
      if (frontier.length < 12) expect(bound).toBe(best);
    }
  });
});

describe('block frontiers, integer weights', () => {
  /** The frontier as sorting every point finds it (tf descending, then length ascending), before merging. */
  function sortedFrontier(list: Posting[], weights: FieldTriple): number[] {
    const points = list.map((p) => [weights[0] * p.tf[0] + weights[1] * p.tf[1] + weights[2] * p.tf[2], weights[0] * p.len[0] + weights[1] * p.len[1] + weights[2] * p.len[2]]);
    points.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const kept: number[][] = [];
    for (const [t, dl] of points) if (kept.length === 0 || dl < kept[kept.length - 1][1]) kept.push([t, dl]);
    return kept.flat();
  }

  it('keeps the points sorting them all keeps, whether the weighted tfs are bucketed (integers) or sorted', () => {
    const next = rng(23);
    for (let round = 0; round < 300; round += 1) {
      const list: Posting[] = Array.from({ length: 1 + next(80) }, (_, i) => ({
        id: `${i}.0`,
        impact: 0,
        tf: [next(3), next(3), next(round % 2 ? 5 : 40)] as FieldTriple,
        len: [next(6), next(5), next(round % 3 ? 30 : 400)] as FieldTriple,
      }));
      for (const weights of [[2, 1, 1], [1, 1, 1], [1.5, 1, 0.5]] as FieldTriple[]) {
        const expected = sortedFrontier(list, weights);
        // Few enough points that no merge happens: the frontier is exactly the sorted one.
        if (expected.length <= 12) expect(frontierOf(list, weights)).toEqual(expected);
        else expect(frontierOf(list, weights).length).toBe(12);
      }
    }
  });
});

describe('queries over split postings', () => {
  async function build(): Promise<{ split: SearchIndex; whole: SearchIndex; splitStore: MemoryKeyValueStore }> {
    const splitStore = new MemoryKeyValueStore();
    const split = new SearchIndex(splitStore, { clock, maxBlocksPerTerm: Infinity, maxBlockPostings: 20, maxBlockBytes: 100_000 });
    const whole = new SearchIndex(new MemoryKeyValueStore(), { clock });
    const next = rng(5);
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma'];
    const pages = Array.from({ length: 240 }, (_, i) => {
      const para = () => Array.from({ length: 3 + next(40) }, () => words[next(words.length)]).join(' ');
      const body = `<h2>${words[next(6)]} notes</h2><p>${para()}</p><h2>More</h2><p>${para()} ${'filler '.repeat(next(300))}</p>`;
      return page(String(100 + i), body, `${words[next(6)]} ${words[next(6)]} page`);
    });
    for (const p of pages) {
      await split.indexPage(pageDocument(p));
      await whole.indexPage(pageDocument(p));
    }
    await split.mergeAll();
    await whole.mergeAll();
    return { split, whole, splitStore };
  }

  it('find exactly the top pages a full read of unsplit postings finds, each page by its best chunk', async () => {
    const { split, whole } = await build();
    for (const q of ['alpha', 'beta gamma', 'omega sigma delta', 'alpha notes', 'filler more beta']) {
      const all = (await whole.search(q, { limit: 1000 })).hits;
      const best = new Map<string, number>();
      for (const h of all) if (!best.has(h.pageId)) best.set(h.pageId, h.score);
      const expected = [...best.entries()].slice(0, 10);
      const { hits } = await split.searchPages(q, { limit: 10 });
      // Membership is exact; a hit's score may lack terms whose unread blocks could not change the top set.
      expect([q, new Set(hits.map((h) => h.pageId))]).toEqual([q, new Set(expected.map(([id]) => id))]);
      for (const h of hits) expect(h.score).toBeLessThanOrEqual((best.get(h.pageId) ?? 0) + 1e-9);
      expect(new Set(hits.map((h) => h.pageId)).size).toBe(hits.length);
    }
  });

  it('stops early, reading blocks of several terms in one round', async () => {
    const { split, splitStore } = await build();
    const heads = await Promise.all(['alpha', 'beta', 'gamma'].map((t) => splitStore.get<{ blocks: unknown[] }>(`ix:h:t:${t}`)));
    const blocks = heads.reduce((n, h) => n + (h?.blocks.length ?? 1) - 1, 0);
    splitStore.resetCounters();
    const { stats } = await split.searchPages('alpha beta gamma', { limit: 5 });
    expect(stats.earlyStop).toBe(true);
    expect(stats.blocksRead).toBeLessThan(blocks);
    // Each round reads several values at once: far fewer rounds than values.
    expect(stats.rounds).toBeLessThan(stats.valuesRead / 2);
    expect(splitStore.counters.keysRead).toBe(stats.valuesRead);
  });

  it('splits an over-full block into even pieces, none a short remainder', async () => {
    const store = new MemoryKeyValueStore();
    const index = new SearchIndex(store, { clock, maxBlocksPerTerm: Infinity, maxBlockPostings: 30, maxBlockBytes: 100_000 });
    for (let i = 0; i < 200; i += 1) await index.indexPage(pageDocument(page(String(1000 + i), `<p>common ${'pad '.repeat(i % 17)}</p>`)));
    await index.mergeAll();
    const head = await store.get<{ blocks: Array<{ n: number }> }>('ix:h:t:common');
    const sizes = head?.blocks.map((b) => b.n) ?? [];
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(sizes.length).toBe(14);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe('the block budget', () => {
  it('bounds a query\'s reads by its terms however long the postings, and still finds the strongest pages', async () => {
    const store = new MemoryKeyValueStore();
    // 600 chunks of a common word in blocks of 10: 60 blocks a term, far more than the budget of 3.
    const index = new SearchIndex(store, { clock, maxBlocksPerTerm: 3, maxBlockPostings: 10, maxBlockBytes: 100_000 });
    for (let i = 0; i < 600; i += 1) await index.indexPage(pageDocument(page(String(1000 + i), `<p>common word ${'pad '.repeat(1 + (i % 40))}</p>`)));
    // The strongest pages for "common": short, and saying it often.
    for (let i = 0; i < 3; i += 1) await index.indexPage(pageDocument(page(String(5000 + i), `<p>common word common word</p>`)));
    await index.mergeAll();
    store.resetCounters();
    const { hits, stats } = await index.searchPages('common word', { limit: 3 });
    // stats + 2 heads + at most 3 blocks per term.
    expect(stats.valuesRead).toBeLessThanOrEqual(1 + 2 * (1 + 3));
    expect(store.counters.keysRead).toBe(stats.valuesRead);
    expect(hits.map((h) => h.pageId).sort()).toEqual(['5000', '5001', '5002']);

    const exact = await index.searchPages('common word', { limit: 10, maxBlocksPerTerm: Infinity });
    expect(exact.stats.truncated).toBe(false);
    expect(exact.stats.valuesRead).toBeGreaterThan(stats.valuesRead);
  });
});
