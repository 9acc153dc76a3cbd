/**
 * Ask figures on a synthetic site (BENCH_ASK_PAGES, default 10,000 pages) in the Confluence simulator, indexed with
 * the app's index into an in-memory store whose every round trip costs BENCH_LATENCY_MS (default 20 ms); the
 * Library's record lives in the same store, as it does on Forge. Each figure is beside today's order of reads
 * measured in the same run on the same questions (bench/ask-cite-all-first.ts: every ranked chunk's records read
 * before the filters):
 * - ask_p95_ms: server time of an extractive answer for a member of a private Library, the permission filter
 *   checking every candidate page with Confluence as that member.
 * - ask_store_rounds: store round trips one after another per question (batches sent at once count once),
 *   the Library's record reads included.
 * The notes also give the same order with the ranking started only after the Library's record is read (as Ask
 * did before it ranked in parallel with that read), measured on the same questions in the same run.
 * - ask_read_units: Forge KVS read units per question. Forge counts each request's size rounded up to 10 KB, at
 *   least one ("KVS and Custom Entity Store limits", developer.atlassian.com/platform/forge/limits-kvs-ce/:
 *   4,000 such units a minute per installation); a batch of 25 keys is one request, as the local Forge host
 *   (sandbox/forge/kvs) counts it too. The note breaks them down by step (the key a request reads: stepOf).
 *   Today's order reads the Library's record and the index through one SharedReads, as the app does.
 * - ask_confluence_requests: Confluence requests per question (the bulk permission check).
 */
import { askLibrary, confluenceAccess, indexRetriever, type PageAccess, type Retriever } from '../../src/core/answer';
import { ConfluenceClient } from '../../src/core/confluence';
import { SearchIndex } from '../../src/core/index';
import { LibraryRepository } from '../../src/core/library';
import type { ConfluenceTransport } from '../../src/core/ports';
import { CountingStore } from '../counting-store';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { SharedReads } from '../../src/core/store/shared-reads';
import { startSimulator } from '../../sandbox/confluence';
import { syntheticQueries, syntheticSite } from '../../sandbox/confluence/demo/synthetic';
import { percentile, round, type Figure } from '../figure';
import { pageDocument } from '../../src/core/sync';
import { citeAllFirstRetriever } from '../ask-cite-all-first';

const PAGES = Number(process.env.BENCH_ASK_PAGES ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);

function transport(url: string, authorization: string): ConfluenceTransport {
  return {
    async request(_identity, path, init = {}) {
      const response = await fetch(`${url}${path}`, { method: init.method ?? 'GET', headers: { ...init.headers, Authorization: authorization }, body: init.body });
      return { status: response.status, headers: { get: (name: string) => response.headers.get(name) }, text: () => response.text() };
    },
  };
}

interface Measured {
  ms: number[];
  rounds: number[];
  units: number[];
  /** Of `units`, those the ranking itself read (term heads and blocks). */
  searchUnits: number[];
  /** Each question's passages and citations, to check that the orders answer alike. */
  answers: string[];
  /** Read units summed over the questions by step (stepOf). */
  unitsBy: Map<string, number>;
}

/** The ranking started only once the space keys (the Library's record) are known: Ask's order before it overlapped them. */
function libraryFirst(inner: Retriever): Retriever {
  return {
    async rank(question, options) {
      const spaceKeys = await options.spaceKeys;
      return inner.rank(question, { limit: options.limit, ...(spaceKeys ? { spaceKeys } : {}) });
    },
    read: (candidates) => inner.read(candidates),
  };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

export default async function askFigures(): Promise<Figure[]> {
  const site = syntheticSite(PAGES, { seed: 42 });
  const sim = await startSimulator({ seed: site });
  try {
    // The simulator numbers pages from 65537 in seed order: index them under those ids so Confluence can check them.
    const idOf = new Map(site.pages.map((page, i) => [page.ref, String(65537 + i)]));
    const memory = new MemoryKeyValueStore();
    const store = new CountingStore(memory);
    const index = new SearchIndex(store);
    for (const page of site.pages) {
      if ((page.status ?? 'current') !== 'current') continue;
      const pageId = idOf.get(page.ref)!;
      await index.indexPage(pageDocument({ pageId, version: page.versions ?? 1, spaceKey: page.spaceKey, title: page.title, url: `/wiki/spaces/${page.spaceKey}/pages/${pageId}`, body: page.body }));
    }
    await index.mergeAll();

    const libraries = new LibraryRepository(store, { now: () => Date.now() });
    const library = await libraries.create({ name: 'Bench' }, 'admin');
    await libraries.connectSource(library.id, { kind: 'app' }, 'admin');
    const spaces = site.spaces.filter((space) => space.type !== 'personal' && (space.status ?? 'current') === 'current');
    await libraries.setSpaces(library.id, spaces.map((space, i) => ({ id: String(32769 + i), key: space.key, name: space.name })), 'admin');

    const member = site.users.find((user) => !user.siteAdmin) ?? site.users[0];
    const { token } = sim.control.issueToken({ kind: 'app' });
    const memberAuth = `Basic ${Buffer.from(`${member.email}:${member.apiToken}`).toString('base64')}`;
    const access = confluenceAccess({
      asUser: () => ConfluenceClient.create(transport(sim.url, memberAuth), 'user'),
      asApp: () => ConfluenceClient.create(transport(sim.url, `Bearer ${token}`), 'app'),
    });
    const everything: PageAccess = { readableBy: async (_who, ids) => new Set(ids), isGuest: async () => false, stillCurrent: async (ids) => new Set(ids) };
    const questions = syntheticQueries(site, 150).map((q) => q.query);

    memory.setLatency(LATENCY_MS);
    store.reset();
    const fresh = (): Measured => ({ ms: [], rounds: [], units: [], searchUnits: [], answers: [], unitsBy: new Map() });
    const now = fresh();
    const today = fresh();
    const sequential = fresh();
    const open = fresh();
    let requests = 0;
    // Ask's reads as the app wires them (src/app/services askReads): the Library's record and the index over one
    // SharedReads, so reads of the same moment share a request.
    const reads = new SharedReads(store);
    const shared = { libraries: new LibraryRepository(reads, { now: () => Date.now() }), index: new SearchIndex(reads) };
    const ask = async (into: Measured, retriever: Retriever, pageAccess: PageAccess, question: string, libs: Pick<LibraryRepository, 'get'> = libraries) => {
      // The ranking's own cost, read alone first (no latency): Ask adds the records and the text to it.
      memory.setLatency(0);
      store.reset();
      await index.search(question, { limit: 160 });
      const searchUnits = store.reset().readUnits;
      memory.setLatency(LATENCY_MS);
      const t0 = performance.now();
      const answer = await askLibrary({ libraries: libs, access: pageAccess, retrieverFor: () => retriever }, { libraryId: library.id, question, accountId: member.accountId });
      into.ms.push(performance.now() - t0);
      into.answers.push(JSON.stringify([answer.passages, answer.citations]));
      const counted = store.reset();
      into.rounds.push(counted.rounds);
      into.units.push(counted.readUnits);
      for (const [step, units] of counted.unitsBy) into.unitsBy.set(step, (into.unitsBy.get(step) ?? 0) + units);
      into.searchUnits.push(searchUnits);
    };
    // Each question is asked both ways back to back, in alternating order, so both see the same machine load.
    for (const [i, question] of questions.entries()) {
      const order = i % 2 === 0 ? [now, today, sequential] : [sequential, today, now];
      for (const into of order) {
        const before = sim.control.requests().total;
        const retriever = into === now ? indexRetriever(shared.index) : into === today ? citeAllFirstRetriever(index, store) : libraryFirst(indexRetriever(index));
        await ask(into, retriever, access, question, into === now ? shared.libraries : libraries);
        if (into === now) requests += sim.control.requests().total - before;
      }
      await ask(open, indexRetriever(shared.index), everything, question, shared.libraries);
    }
    const n = questions.length;
    const alike = now.answers.filter((a, i) => a === today.answers[i]).length;
    // What a tighter read budget for the ranking would save, and what it would cost: the same questions with at most
    // `blocks` blocks per term after its head, answers compared with the full ranking's (no latency: units only).
    memory.setLatency(0);
    const budgets = [];
    for (const blocks of [0, 2, 4]) {
      const budgeted = fresh();
      for (const question of questions) await ask(budgeted, indexRetriever(shared.index, { maxBlocksPerTerm: blocks }), access, question, shared.libraries);
      budgets.push(`${blocks} blocks per term: ${round(mean(budgeted.units), 2)} units, answers identical on ${budgeted.answers.filter((a, i) => a === now.answers[i]).length} of ${n}`);
    }
    const perStep = (m: Measured) => ['library', 'heads', 'blocks', 'pages', 'text', 'other'].filter((step) => m.unitsBy.has(step)).map((step) => `${step} ${round((m.unitsBy.get(step) ?? 0) / n, 2)}`).join(', ');
    const setting = `${n} questions, ${PAGES} pages, ${LATENCY_MS} ms per store round trip, permission filter on`;
    return [
      {
        figure: 'ask_p95_ms',
        value: round(percentile(now.ms, 95), 1),
        unit: 'ms',
        vs: { name: 'every ranked chunk read before the filters (previous order)', value: round(percentile(today.ms, 95), 1) },
        note: `${setting}; p50 ${round(percentile(now.ms, 50), 1)} ms (previous ${round(percentile(today.ms, 50), 1)} ms); ranking after the Library's record: p95 ${round(percentile(sequential.ms, 95), 1)} ms, p50 ${round(percentile(sequential.ms, 50), 1)} ms; filter off: p95 ${round(percentile(open.ms, 95), 1)} ms`,
      },
      {
        figure: 'ask_store_rounds',
        value: round(mean(now.rounds), 2),
        unit: 'rounds/question',
        vs: { name: 'previous order', value: round(mean(today.rounds), 2) },
        note: `${setting}; passages and citations identical to the previous order's on ${alike} of ${n} questions; max ${Math.max(...now.rounds)} (previous ${Math.max(...today.rounds)}); ranking after the Library's record ${round(mean(sequential.rounds), 2)}; the Library's record with the ranking's first round, then the ranking's blocks, page records, text with the Library re-check`,
      },
      {
        figure: 'ask_read_units',
        value: round(mean(now.units), 2),
        unit: '10KB-units/question',
        vs: { name: 'previous order', value: round(mean(today.units), 2) },
        note: `${setting}; per request, 10 KB rounded up; of which the ranking ${round(mean(now.searchUnits), 2)}, so records and text ${round(mean(now.units) - mean(now.searchUnits), 2)} (previous ${round(mean(today.units) - mean(today.searchUnits), 2)}); by step: ${perStep(now)} (previous: ${perStep(today)}); a tighter block budget for the ranking: ${budgets.join('; ')}`,
      },
      { figure: 'ask_confluence_requests', value: round(requests / n, 2), unit: 'requests/question', note: 'one bulk GET /wiki/api/v2/pages?id=... as the asker' },
    ];
  } finally {
    await sim.close();
  }
}
