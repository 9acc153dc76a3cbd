import type { Clock } from '../ports';
import { systemClock } from '../ports';
import { MERGE_RUN_MS, NO_DEADLINE, type Deadline } from '../platform/limits';
import { DEFAULT_RANKING, type RankingParams } from './bm25';
import { IndexKeys } from './keys';

/** Tunables of one index. Tests lower the block sizes to exercise splitting with few pages. */
export interface IndexConfig {
  /** Key prefix, so several indexes can share a store. */
  prefix: string;
  /** Most postings in one block (a term in every chunk of a 100,000-page site spans several blocks). */
  maxBlockPostings: number;
  /** Most bytes of packed postings in one block; keeps every value far below KVS's 240 KiB. */
  maxBlockBytes: number;
  /** Most postings and bytes held inline in a term's head (its main run's first block): the head is what every query reads. */
  maxInlinePostings: number;
  maxInlineBytes: number;
  /** A term's fresh runs fold into its main run once they hold more than this fraction of it... */
  freshFraction: number;
  /** ...or once a merge would leave more fresh runs than this (each is one more block a query may read). */
  maxFreshRuns: number;
  /** How long one grant of the merge lease lasts; its holder extends it between rounds (see lease.ts). */
  leaseMs: number;
  /** A holder neither extends nor writes once less than this is left of its grant. */
  leaseMarginMs: number;
  /** How long one merge run may work before it stops starting rounds and leaves the rest to the next run. */
  mergeRunMs: number;
  /** What the invocation has left (read from the runtime); a merge stops once less than `deadlineReserveMs` is. */
  deadline: Deadline;
  deadlineReserveMs: number;
  /**
   * Most blocks a query reads per term after its head: bounds a query's reads by its terms whatever the index
   * size (blocks are impact-ordered, so what stays unread holds a term's weakest postings). Infinity = exact.
   */
  maxBlocksPerTerm: number;
  /** Inbox entries one merge run takes at most. */
  mergeBatch: number;
  ranking: RankingParams;
  clock: Clock;
}

export const DEFAULT_INDEX_CONFIG: IndexConfig = {
  prefix: 'ix',
  maxBlockPostings: 3000,
  maxBlockBytes: 32 * 1024,
  maxInlinePostings: 400,
  maxInlineBytes: 4096,
  freshFraction: 1,
  maxFreshRuns: 3,
  leaseMs: 120_000,
  leaseMarginMs: 30_000,
  // Two thirds of the consumer's timeout (platform/limits.ts): a merge stops well before Forge stops it.
  mergeRunMs: MERGE_RUN_MS,
  deadline: NO_DEADLINE,
  deadlineReserveMs: 60_000,
  // Each merge rewrites the heads it touches: 2,000 pages a run (one journal part) halves that against 1,000.
  mergeBatch: 2000,
  // A query then reads at most 2 + 9 values per term. At 10,000 pages the early stop settles well before it.
  maxBlocksPerTerm: 8,
  ranking: DEFAULT_RANKING,
  clock: systemClock,
};

export function resolveConfig(partial: Partial<IndexConfig> = {}): IndexConfig & { keys: IndexKeys } {
  const config = { ...DEFAULT_INDEX_CONFIG, ...partial };
  return { ...config, keys: new IndexKeys(config.prefix) };
}

export type ResolvedConfig = ReturnType<typeof resolveConfig>;
