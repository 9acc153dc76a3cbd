import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { appRanker, indexPages, loadScifact, ndcgAt, recallAt, scifactPages, scoreSplit, type ScifactData } from '../../../eval/scifact-lib';

describe('eval measures', () => {
  it('computes nDCG@10 and Recall@100 as BEIR does', () => {
    const judged = new Map([['a', 1], ['b', 1]]);
    expect(ndcgAt(10, ['a', 'b', 'c'], judged)).toBeCloseTo(1, 10);
    expect(ndcgAt(10, ['c', 'a'], judged)).toBeCloseTo((1 / Math.log2(3)) / (1 + 1 / Math.log2(3)), 10);
    expect(recallAt(100, ['x', 'a'], judged)).toBe(0.5);
  });
});

describe('ranking sanity on a ~270-document SciFact subset', () => {
  it('puts judged documents near the top for most test queries', async () => {
    const full = loadScifact();
    // Every document judged for the first 150 test queries, plus unjudged ones as distractors.
    const queries = [...full.qrels.test.keys()].slice(0, 150);
    const judged = new Set(queries.flatMap((q) => [...(full.qrels.test.get(q) as Map<string, number>).keys()]));
    const corpus = full.corpus.filter((d, i) => judged.has(d.id) || i % 40 === 0).slice(0, 320);
    const kept = new Set(corpus.map((d) => d.id));
    const test = new Map(queries.filter((q) => [...(full.qrels.test.get(q) as Map<string, number>).keys()].every((d) => kept.has(d))).map((q) => [q, full.qrels.test.get(q) as Map<string, number>]));
    const data: ScifactData = { corpus, queries: full.queries, qrels: { train: new Map(), test } };
    const index = await indexPages(new MemoryKeyValueStore(), scifactPages(data));
    const score = await scoreSplit(data, 'test', appRanker(index));
    expect(score.queries).toBeGreaterThan(100);
    // A small corpus is easier than the full one (0.68 there); this subset measures 0.89 / 0.99 today.
    expect(score.ndcg10).toBeGreaterThan(0.85);
    expect(score.recall100).toBeGreaterThan(0.97);
  });
});
