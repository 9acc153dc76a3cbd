/**
 * `npm run eval`: SciFact through the app's index. Options:
 *   --data DIR                 a BEIR folder (default: vendor/scifact, or SCIFACT_DIR / LIBRARIAN_SHARED_DIR)
 *   --store memory|sandbox     memory: index the corpus directly; sandbox: load SciFact as pages of a simulated
 *                              Confluence space, let the app sync it through its real crawl and queues into the
 *                              local Forge host's KVS (SQLite), and query through the app's own index
 *   --tune                     grid-search k1, b and the title weight on TRAIN and report test for the best
 *   --max-blocks N             read at most N blocks per term after its head (memory mode; default: the index's
 *                              budget), to measure what a tighter read budget costs the ranking
 * Last line: `scifact test ndcg@10=<x> recall@100=<y>`.
 */
import type { KeyValueStore } from '../src/core/ports';
import { MemoryKeyValueStore } from '../sandbox/forge/kvs/memory-store';
import { DEFAULT_RANKING, type RankingParams } from '../src/core/index';
import { scifactDir } from '../vendor/scifact/load';
import { appRanker, indexPages, loadScifact, scifactPages, scoreSplit, type ScifactData, type SplitScore } from './scifact-lib';

export interface ScifactRun {
  ranking: RankingParams;
  train: SplitScore;
  test: SplitScore;
}

/** Runs the whole evaluation over any KeyValueStore; the `host` mode passes the local Forge host's store here. */
export async function runScifactOver(store: KeyValueStore, data: ScifactData, options: { tune?: boolean; maxBlocksPerTerm?: number; log?: (line: string) => void } = {}): Promise<ScifactRun> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const index = await indexPages(store, scifactPages(data));
  log(`indexed ${data.corpus.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  let ranking = DEFAULT_RANKING;
  if (options.tune) {
    let best = { ranking, ndcg: -1 };
    for (const k1 of [0.6, 0.9, 1.2, 1.5]) {
      for (const b of [0.3, 0.4, 0.5, 0.75]) {
        for (const title of [1, 2]) {
          const candidate: RankingParams = { k1, b, weights: [title, 1, 1] };
          const train = await scoreSplit(data, 'train', appRanker(index, candidate));
          log(`tune k1=${k1} b=${b} title=${title} train ndcg@10=${train.ndcg10.toFixed(4)} recall@100=${train.recall100.toFixed(4)}`);
          if (train.ndcg10 > best.ndcg) best = { ranking: candidate, ndcg: train.ndcg10 };
        }
      }
    }
    ranking = best.ranking;
    log(`best on train: k1=${ranking.k1} b=${ranking.b} weights=${ranking.weights.join(',')}`);
  }
  const train = await scoreSplit(data, 'train', appRanker(index, ranking, options.maxBlocksPerTerm));
  const test = await scoreSplit(data, 'test', appRanker(index, ranking, options.maxBlocksPerTerm));
  return { ranking, train, test };
}

/**
 * SciFact end to end: the corpus as pages of a knowledge-base space in the Confluence simulator, synced by the app
 * (crawl, queues, merges) into the local Forge host's KVS, then ranked by the app's index read through the host.
 */
export async function runScifactThroughSandbox(data: ScifactData): Promise<ScifactRun> {
  const { SteppedClock } = await import('../sandbox/clock');
  const { startSandbox } = await import('../sandbox/start');
  const { searchIndexFor, libraries } = await import('../src/app/services');
  const started = performance.now();
  const sb = await startSandbox({ seed: 'scifact', clock: new SteppedClock('2026-03-01T09:00:00Z'), dataDir: ':memory:', quiet: true });
  try {
    // Forge's storage quotas spread the sync over minutes of sandbox time: step five minutes at a time (the scans
    // queue the merges) until the index stops growing.
    const merged = () => sb.host.withInvocation(async () => (await searchIndexFor((await libraries().list())[0].id).index.stats()).pages);
    let previous = -1;
    for (let round = 0; round < 120; round++) {
      await sb.host.drain({ advanceClock: true, timeoutMs: 3_600_000 });
      const pages = await merged();
      if (pages === previous) break;
      previous = pages;
      (sb.clock as InstanceType<typeof SteppedClock>).advance(5 * 60_000);
    }
    // The simulator numbers pages from 65537 in seed order; the seed holds the corpus in order, ref `scifact-<_id>`.
    const docOf = new Map(sb.seed.pages.map((page, i) => [String(65537 + i), page.ref.replace(/^scifact-/, '')]));
    return await sb.host.withInvocation(async () => {
      const [library] = await libraries().list();
      const index = searchIndexFor(library.id).index;
      const stats = await index.stats();
      console.log(`synced ${stats.pages} pages through the sandbox in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      // Forge's storage read quota (units per minute) binds queries too: when it runs out, let the minute turn.
      const search = async (query: string, tries = 0): Promise<Awaited<ReturnType<typeof index.searchPages>>> => {
        try {
          return await index.searchPages(query, { limit: 110 });
        } catch (error) {
          if (tries >= 5 || !/rate limit/i.test(String((error as Error)?.message))) throw error;
          (sb.clock as InstanceType<typeof SteppedClock>).advance(60_000);
          return search(query, tries + 1);
        }
      };
      const rank = async (query: string) => (await search(query)).hits.map((h) => docOf.get(h.pageId) ?? h.pageId);
      return { ranking: DEFAULT_RANKING, train: await scoreSplit(data, 'train', rank), test: await scoreSplit(data, 'test', rank) };
    });
  } finally {
    await sb.close();
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = argValue('--data') ?? scifactDir();
  const mode = argValue('--store') ?? 'memory';
  if (mode !== 'memory' && mode !== 'sandbox') throw new Error(`--store ${mode}: use memory or sandbox`);
  const blocks = argValue('--max-blocks');
  const maxBlocksPerTerm = blocks === undefined ? undefined : Number(blocks);
  if (maxBlocksPerTerm !== undefined && !(Number.isInteger(maxBlocksPerTerm) && maxBlocksPerTerm >= 0)) throw new Error(`--max-blocks ${blocks}: give a whole number of blocks, 0 or more`);
  if (maxBlocksPerTerm !== undefined && mode !== 'memory') throw new Error('--max-blocks works with --store memory only');
  const data = loadScifact(dir);
  const run = mode === 'sandbox' ? await runScifactThroughSandbox(data) : await runScifactOver(new MemoryKeyValueStore(), data, { tune: process.argv.includes('--tune'), ...(maxBlocksPerTerm !== undefined ? { maxBlocksPerTerm } : {}) });
  const fmt = (s: SplitScore): string => `ndcg@10=${s.ndcg10.toFixed(4)} recall@100=${s.recall100.toFixed(4)}`;
  console.log(`ranking k1=${run.ranking.k1} b=${run.ranking.b} weights=${run.ranking.weights.join(',')}`);
  console.log(`scifact train (${run.train.queries} queries) ${fmt(run.train)}`);
  console.log(`scifact test ${fmt(run.test)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
