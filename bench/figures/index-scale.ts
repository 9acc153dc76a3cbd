/**
 * The index at 100,000 pages (BENCH_SCALE_PAGES overrides), run only when asked (`BENCH_INDEX_SCALE=1 npm run
 * bench`, or `npm run bench -- index-scale`): it takes tens of minutes and several GB of memory
 * (NODE_OPTIONS=--max-old-space-size=8192). A synthetic site is streamed page by page into the in-memory store,
 * which refuses what Forge KVS would refuse (key charset and length, 240 KiB values, depth, 25-op batches), merged
 * every BENCH_SCALE_MERGE_EVERY pages (default 10,000, one merge run each: at 100,000 pages merging every 2,000 as
 * `index.ts` does takes hours, as each merge rewrites the frequent terms' blocks). The same queries (from the first 10,000 pages) are measured once 10,000 pages
 * are in and again at the end, so reads per query at both sizes come from one run of the same code.
 *
 * The run fails (no figures written) unless every planted page is in the top 10 at full size and the largest value
 * stays below a quarter of KVS's 240 KiB limit.
 */
import { indexRetriever } from '../../src/core/answer';
import { SearchIndex } from '../../src/core/index';
import { CountingStore } from '../counting-store';
import { KVS_LIMITS } from '../../src/core/ports';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { syntheticPages, syntheticQueries, type SyntheticQuery } from '../../sandbox/confluence/demo/synthetic';
import { percentile, round, type Figure } from '../figure';
import { pageDocument, type StoragePage } from '../../src/core/sync';

interface QueryFigures {
  reads: number;
  rounds: number;
  /** Per request, as Forge counts them. */
  readUnits: number;
  /** Per value read (an upper bound). */
  valueReadUnits: number;
  p50: number;
  p95: number;
  found: number;
}

const pageIdOf = (ref: string): string => ref.replace(/^syn-/, '');

/** Forge's write quota per installation (developer.atlassian.com/platform/forge/limits-kvs-ce/): units a minute. */
const WRITE_UNITS_PER_MINUTE = 4000;
/** Forge's read quota per installation (same page): units a minute. */
const READ_UNITS_PER_MINUTE = 4000;
/** The largest value may use at most this share of KVS's value limit. */
const MAX_VALUE_SHARE = 0.25;

async function measureQueries(store: MemoryKeyValueStore, index: SearchIndex, queries: SyntheticQuery[], latencyMs: number): Promise<QueryFigures> {
  store.setLatency(latencyMs);
  const ms: number[] = [];
  let reads = 0;
  let rounds = 0;
  let readUnits = 0;
  let valueReadUnits = 0;
  let found = 0;
  for (const q of queries) {
    store.resetCounters();
    const t0 = performance.now();
    const { hits } = await index.searchPages(q.query, { limit: 10 });
    ms.push(performance.now() - t0);
    reads += store.counters.keysRead;
    rounds += store.counters.readCalls;
    readUnits += store.counters.requestReadUnits;
    valueReadUnits += store.counters.readUnits;
    const relevant = new Set(q.relevantRefs.map(pageIdOf));
    if (hits.some((h) => relevant.has(h.pageId))) found += 1;
  }
  store.setLatency(0);
  const n = Math.max(1, queries.length);
  return { reads: reads / n, rounds: rounds / n, readUnits: readUnits / n, valueReadUnits: valueReadUnits / n, p50: percentile(ms, 50), p95: percentile(ms, 95), found: found / n };
}

/** What Ask reads of the index per question, as `ask_read_units` counts it (bench/figures/ask.ts: per request, 10 KB rounded up, 25 keys a batch). */
interface AskReads {
  units: number;
  byStep: Map<string, number>;
}

/**
 * Ask's reads of the index for each query (without the Library's record, which shares the heads' request): the
 * ranking of 160 chunks, the page records of the best 40 in the asked spaces, then those 40 chunks' text. No
 * permission filter: it asks Confluence, not the store.
 */
async function measureAsk(store: MemoryKeyValueStore, mergeBatch: number, queries: SyntheticQuery[], spaceKeys: string[]): Promise<AskReads> {
  const counted = new CountingStore(store);
  const retriever = indexRetriever(new SearchIndex(counted, { mergeBatch }));
  let units = 0;
  const byStep = new Map<string, number>();
  for (const q of queries) {
    counted.reset();
    await retriever.read(await retriever.rank(q.query, { spaceKeys, limit: 40 }));
    const spent = counted.reset();
    units += spent.readUnits;
    for (const [step, u] of spent.unitsBy) byStep.set(step, (byStep.get(step) ?? 0) + u);
  }
  const n = Math.max(1, queries.length);
  return { units: units / n, byStep: new Map([...byStep].map(([step, u]) => [step, u / n])) };
}

function stepsOf(reads: AskReads): string {
  return ['heads', 'blocks', 'pages', 'text'].map((step) => `${step} ${round(reads.byStep.get(step) ?? 0, 2)}`).join(', ');
}

/** The largest values of the index, by kind of key, to show each stays under the KVS value limit. */
async function valueSizes(store: MemoryKeyValueStore): Promise<{ maxValue: { key: string; bytes: number }; maxHead: { key: string; bytes: number; blocks: number; df: number }; maxBlock: { key: string; bytes: number } }> {
  let maxValue = { key: '', bytes: 0 };
  let maxHead = { key: '', bytes: 0, blocks: 0, df: 0 };
  let maxBlock = { key: '', bytes: 0 };
  for (const key of store.keys()) {
    const value = await store.get<{ df?: number; blocks?: unknown[] }>(key);
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > maxValue.bytes) maxValue = { key, bytes };
    if (key.startsWith('ix:h:') && bytes > maxHead.bytes) maxHead = { key, bytes, blocks: value?.blocks?.length ?? 0, df: value?.df ?? 0 };
    if (key.startsWith('ix:b:') && bytes > maxBlock.bytes) maxBlock = { key, bytes };
  }
  return { maxValue, maxHead, maxBlock };
}

export default async function indexScaleFigures(): Promise<Figure[]> {
  const pageCount = Number(process.env.BENCH_SCALE_PAGES ?? 100_000);
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
  const small = Math.min(10_000, pageCount);
  const mergeEvery = Number(process.env.BENCH_SCALE_MERGE_EVERY ?? 10_000);
  const store = new MemoryKeyValueStore();
  const index = new SearchIndex(store, { mergeBatch: mergeEvery });
  const queries = syntheticQueries({ pages: syntheticPages(small, { seed: 42 }) }, 200);

  let indexed = 0;
  let atSmall: QueryFigures | undefined;
  let askSmall: AskReads | undefined;
  const spaceKeys = new Set<string>();
  const started = performance.now();
  for (const seed of syntheticPages(pageCount, { seed: 42 })) {
    if ((seed.status ?? 'current') === 'current') {
      const pageId = pageIdOf(seed.ref);
      const page: StoragePage = {
        pageId,
        version: seed.versions ?? 1,
        spaceKey: seed.spaceKey,
        title: seed.title,
        url: `https://bench.atlassian.net/wiki/spaces/${seed.spaceKey}/pages/${pageId}`,
        body: seed.body,
      };
      await index.indexPage(pageDocument(page));
      spaceKeys.add(seed.spaceKey);
      indexed += 1;
      if (indexed % mergeEvery === 0) await index.mergeAll();
    }
    const i = Number(pageIdOf(seed.ref)) + 1;
    if (i === small) {
      await index.mergeAll();
      const counters = { ...store.counters };
      atSmall = await measureQueries(store, index, queries, latencyMs);
      askSmall = await measureAsk(store, mergeEvery, queries, [...spaceKeys]);
      store.counters = counters;
    }
    if (i % 10_000 === 0) console.error(`index-scale: ${i} pages, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  await index.mergeAll();
  const written = { bytes: store.counters.bytesWritten, units: store.counters.writeUnits, readUnits: store.counters.readUnits, requestReadUnits: store.counters.requestReadUnits };
  const total = store.storedBytes();
  const keys = store.keyCount();
  const { maxValue, maxHead, maxBlock } = await valueSizes(store);
  const atLarge = await measureQueries(store, index, queries, latencyMs);
  const askLarge = await measureAsk(store, mergeEvery, queries, [...spaceKeys]);
  const small10k = atSmall as QueryFigures;
  const ask10k = askSmall as AskReads;
  const label = `${indexed} pages`;
  if (atLarge.found < 1) throw new Error(`index-scale: only ${round(atLarge.found * 100, 1)}% of planted pages in the top 10 at ${label}`);
  if (maxValue.bytes > KVS_LIMITS.maxValueBytes * MAX_VALUE_SHARE) throw new Error(`index-scale: largest value ${maxValue.key} is ${maxValue.bytes} bytes, over ${MAX_VALUE_SHARE} of the KVS limit`);
  return [
    { figure: 'index_100k_pages', value: indexed, unit: 'pages', note: `current pages of a ${pageCount}-page synthetic site, streamed and merged every ${mergeEvery} pages` },
    { figure: 'index_100k_bytes_total', value: total, unit: 'bytes', note: `keys + UTF-8 JSON values of the whole index at ${label}; Forge states no total-size quota for KVS (limits page of Dec 2025)` },
    { figure: 'index_100k_bytes_per_page', value: Math.round(total / indexed), unit: 'bytes', note: label },
    { figure: 'index_100k_keys', value: keys, unit: 'keys', note: label },
    { figure: 'index_100k_max_value_bytes', value: maxValue.bytes, unit: 'bytes', note: `largest value (${maxValue.key}); KVS limit ${KVS_LIMITS.maxValueBytes}` },
    { figure: 'index_100k_max_head_bytes', value: maxHead.bytes, unit: 'bytes', note: `largest term head (${maxHead.key}: df ${maxHead.df}, ${maxHead.blocks} blocks)` },
    { figure: 'index_100k_max_block_bytes', value: maxBlock.bytes, unit: 'bytes', note: `largest postings block (${maxBlock.key})` },
    { figure: 'index_100k_written_bytes_per_page', value: Math.round(written.bytes / indexed), unit: 'bytes', note: `value bytes written while indexing and merging every ${mergeEvery} pages / pages` },
    { figure: 'index_100k_write_units_per_page', value: round(written.units / indexed, 2), unit: '10KB-units/page', note: 'Forge write units per page (per request, 10 KB rounded up); 4,000 a minute per installation' },
    { figure: 'index_100k_written_to_stored', value: round(written.bytes / total, 2), unit: 'ratio', note: 'value bytes written while indexing and merging / bytes stored at the end (write amplification)' },
    { figure: 'first_sync_100k_quota_minutes', value: round(written.units / WRITE_UNITS_PER_MINUTE, 1), unit: 'minutes', note: `Forge write quota the first sync of ${label} spends (measured write units / ${WRITE_UNITS_PER_MINUTE} a minute per installation)` },
    { figure: 'index_100k_read_units_per_page', value: round(written.requestReadUnits / indexed, 2), unit: '10KB-units/page', note: `Forge read units of writing and merging per page, per request as Forge counts them (10 KB rounded up, 25 keys a batch); counted per value (an upper bound): ${round(written.readUnits / indexed, 2)}; 4,000 a minute per installation` },
    { figure: 'first_sync_100k_read_quota_minutes', value: round(written.requestReadUnits / READ_UNITS_PER_MINUTE, 1), unit: 'minutes', vs: { name: 'write quota (first_sync_100k_quota_minutes)', value: round(written.units / WRITE_UNITS_PER_MINUTE, 1) }, note: `Forge read quota the first sync of ${label} spends: measured read units of writing and merging, per request (10 KB rounded up, 25 keys a batch), / ${READ_UNITS_PER_MINUTE} a minute per installation` },
    { figure: 'query_store_reads_10k', value: round(small10k.reads, 2), unit: 'values/query', note: `${queries.length} queries from the first ${small} pages, top 10 pages, same run as the 100k figure` },
    { figure: 'query_store_reads_100k', value: round(atLarge.reads, 2), unit: 'values/query', note: `the same ${queries.length} queries at ${label}` },
    { figure: 'query_store_rounds_100k', value: round(atLarge.rounds, 2), unit: 'round trips/query', vs: { name: `at ${small} pages`, value: round(small10k.rounds, 2) } },
    { figure: 'query_read_units_100k', value: round(atLarge.readUnits, 2), unit: '10KB-units/query', vs: { name: `at ${small} pages`, value: round(small10k.readUnits, 2) }, note: `per request (10 KB rounded up, 25 keys a batch); counted per value: ${round(atLarge.valueReadUnits, 2)} (${round(small10k.valueReadUnits, 2)} at ${small})` },
    { figure: 'query_p95_ms_100k', value: round(atLarge.p95, 1), unit: 'ms', vs: { name: `at ${small} pages`, value: round(small10k.p95, 1) }, note: `${latencyMs} ms per store round trip; p50 ${round(atLarge.p50, 1)} ms (${round(small10k.p50, 1)} ms at ${small})` },
    { figure: 'ask_read_units_100k', value: round(askLarge.units, 2), unit: '10KB-units/question', vs: { name: `at ${small} pages`, value: round(ask10k.units, 2) }, note: `Ask's reads of the index per question (ranking of 160 chunks, page records, text of 40; per request, 10 KB rounded up), the same ${queries.length} queries; by step at ${label}: ${stepsOf(askLarge)} (at ${small}: ${stepsOf(ask10k)})` },
    { figure: 'synthetic_success_at_10_100k', value: round(atLarge.found, 4), unit: 'fraction', vs: { name: `at ${small} pages`, value: round(small10k.found, 4) }, note: 'queries whose planted page is in the top 10' },
  ];
}
