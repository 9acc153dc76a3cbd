/**
 * SciFact (BEIR layout) as Confluence pages, indexed and searched through the app's own index code, scored with
 * nDCG@10 and Recall@100. The store and the page source are parameters so the same run can go over the local
 * Forge host's KVS and the simulator's crawl.
 */
import type { KeyValueStore } from '../src/core/ports';
import { scifactDir, scifactQrels, scifactRecords } from '../vendor/scifact/load';
import { SearchIndex, type IndexConfig, type RankingParams } from '../src/core/index';
import { pageDocument, type StoragePage } from '../src/core/sync';

export interface ScifactData {
  corpus: Array<{ id: string; title: string; text: string }>;
  queries: Map<string, string>;
  /** split -> query id -> corpus id -> gain */
  qrels: Record<'train' | 'test', Map<string, Map<string, number>>>;
}

export interface SplitScore {
  queries: number;
  ndcg10: number;
  recall100: number;
}

/** SciFact from `dir` (default: the vendored copy, see vendor/scifact/load.ts); bad files throw ScifactDataError. */
export function loadScifact(dir: string = scifactDir()): ScifactData {
  const corpus = Array.from(scifactRecords<{ _id: string; title: string; text: string }>('corpus.jsonl', dir), (d) => ({ id: d._id, title: d.title, text: d.text }));
  const queries = new Map(Array.from(scifactRecords<{ _id: string; text: string }>('queries.jsonl', dir), (q) => [q._id, q.text]));
  return { corpus, queries, qrels: { train: scifactQrels('train', dir), test: scifactQrels('test', dir) } };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page source of the in-memory mode: each document becomes a page whose body is `<p>abstract</p>`. */
export function scifactPages(data: ScifactData, spaceKey = 'SCI'): StoragePage[] {
  return data.corpus.map((d) => ({
    pageId: d.id,
    version: 1,
    spaceKey,
    title: d.title,
    url: `https://scifact.example/wiki/spaces/${spaceKey}/pages/${d.id}`,
    body: `<p>${escapeXml(d.text)}</p>`,
  }));
}

/** Indexes pages through the app's writer and merger. */
export async function indexPages(store: KeyValueStore, pages: Iterable<StoragePage>, config: Partial<IndexConfig> = {}): Promise<SearchIndex> {
  const index = new SearchIndex(store, config);
  let queued = 0;
  for (const page of pages) {
    await index.indexPage(pageDocument(page));
    queued += 1;
    if (queued % 2000 === 0) await index.mergeAll();
  }
  await index.mergeAll();
  return index;
}

/** nDCG@k with gain = judged score and a log2 discount, against the ideal ordering of the judgments. */
export function ndcgAt(k: number, ranked: string[], judged: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += (judged.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(k: number, ranked: string[], judged: Map<string, number>): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Ranks every judged query of a split through `rank` (page ids, best first) and averages the two measures. */
export async function scoreSplit(
  data: ScifactData,
  split: 'train' | 'test',
  rank: (query: string, queryId: string) => Promise<string[]>,
): Promise<SplitScore> {
  let ndcg = 0;
  let recall = 0;
  let n = 0;
  for (const [qid, judged] of data.qrels[split]) {
    const text = data.queries.get(qid);
    if (text === undefined) continue;
    // As in the published runs, a document never answers the query that shares its id.
    const ranked = (await rank(text, qid)).filter((id) => id !== qid);
    ndcg += ndcgAt(10, ranked, judged);
    recall += recallAt(100, ranked, judged);
    n += 1;
  }
  return { queries: n, ndcg10: n ? ndcg / n : 0, recall100: n ? recall / n : 0 };
}

/**
 * The app's search as a ranker of page ids. `maxBlocksPerTerm` caps the blocks read per term after its head (the
 * index's budget otherwise): `--max-blocks` measures what a tighter budget would cost the ranking.
 */
export function appRanker(index: SearchIndex, ranking?: RankingParams, maxBlocksPerTerm?: number): (query: string) => Promise<string[]> {
  return async (query) =>
    (await index.searchPages(query, { limit: 110, ...(ranking ? { ranking } : {}), ...(maxBlocksPerTerm !== undefined ? { maxBlocksPerTerm } : {}) })).hits.map((h) => h.pageId);
}
