/**
 * `npm run eval`: SciFact through the app's index. Options:
 *   --data DIR | SCIFACT_DIR   the BEIR folder (default ../shared/eval/scifact from the repo root)
 *   --store memory|host        where the index lives (host: the local Forge host's KVS, wired in by the lead)
 *   --tune                     grid-search k1, b and the title weight on TRAIN and report test for the best
 * Last line: `scifact test ndcg@10=<x> recall@100=<y>`.
 */
import { resolve } from 'node:path';
import type { KeyValueStore } from '../src/core/ports';
import { MemoryKeyValueStore } from '../src/core/store/memory-store';
import { DEFAULT_RANKING, type RankingParams } from '../src/core/index';
import { appRanker, indexPages, loadScifact, scifactPages, scoreSplit, type ScifactData, type SplitScore } from './scifact-lib';

export interface ScifactRun {
  ranking: RankingParams;
  train: SplitScore;
  test: SplitScore;
}

/** Runs the whole evaluation over any KeyValueStore; the `host` mode passes the local Forge host's store here. */
export async function runScifactOver(store: KeyValueStore, data: ScifactData, options: { tune?: boolean; log?: (line: string) => void } = {}): Promise<ScifactRun> {
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
  const train = await scoreSplit(data, 'train', appRanker(index, ranking));
  const test = await scoreSplit(data, 'test', appRanker(index, ranking));
  return { ranking, train, test };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = argValue('--data') ?? process.env.SCIFACT_DIR ?? resolve(__dirname, '..', '..', 'shared', 'eval', 'scifact');
  const mode = argValue('--store') ?? 'memory';
  if (mode !== 'memory') {
    throw new Error(`--store ${mode}: only "memory" is wired here; call runScifactOver(store, data) with the host's KeyValueStore`);
  }
  const data = loadScifact(dir);
  const run = await runScifactOver(new MemoryKeyValueStore(), data, { tune: process.argv.includes('--tune') });
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
