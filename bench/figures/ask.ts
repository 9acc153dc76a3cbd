/**
 * Ask figures on a synthetic site (BENCH_ASK_PAGES, default 10,000 pages) in the Confluence simulator, indexed with
 * the app's index into an in-memory store whose every round trip costs BENCH_LATENCY_MS (default 20 ms):
 * - ask_p95_ms: server time of an extractive answer for a member of a private Library, the permission filter
 *   checking every candidate page with Confluence as that member; beside the same questions with the filter off.
 * - ask_confluence_requests: Confluence requests per question (the bulk permission check).
 */
import { askLibrary, confluenceAccess, indexRetriever, type PageAccess } from '../../src/core/answer';
import { ConfluenceClient } from '../../src/core/confluence';
import { SearchIndex } from '../../src/core/index';
import { LibraryRepository } from '../../src/core/library';
import type { ConfluenceTransport } from '../../src/core/ports';
import { MemoryKeyValueStore } from '../../test/support/memory-store';
import { startSimulator } from '../../sandbox/confluence';
import { syntheticQueries, syntheticSite } from '../../sandbox/confluence/demo/synthetic';
import { percentile, round, type Figure } from '../figure';
import { pageDocument } from '../../src/core/sync';

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

export default async function askFigures(): Promise<Figure[]> {
  const site = syntheticSite(PAGES, { seed: 42 });
  const sim = await startSimulator({ seed: site });
  try {
    // The simulator numbers pages from 65537 in seed order: index them under those ids so Confluence can check them.
    const idOf = new Map(site.pages.map((page, i) => [page.ref, String(65537 + i)]));
    const store = new MemoryKeyValueStore();
    const index = new SearchIndex(store);
    for (const page of site.pages) {
      if ((page.status ?? 'current') !== 'current') continue;
      const pageId = idOf.get(page.ref)!;
      await index.indexPage(pageDocument({ pageId, version: page.versions ?? 1, spaceKey: page.spaceKey, title: page.title, url: `/wiki/spaces/${page.spaceKey}/pages/${pageId}`, body: page.body }));
    }
    await index.mergeAll();

    const libraries = new LibraryRepository(new MemoryKeyValueStore(), { now: () => Date.now() });
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

    store.setLatency(LATENCY_MS);
    // Each question is asked with the filter on and off back to back, so both see the same machine load.
    const on: number[] = [];
    const off: number[] = [];
    let requests = 0;
    const ask = async (pageAccess: PageAccess, question: string) => {
      const t0 = performance.now();
      await askLibrary({ libraries, access: pageAccess, retrieverFor: () => indexRetriever(index) }, { libraryId: library.id, question, accountId: member.accountId });
      return performance.now() - t0;
    };
    for (const [i, question] of questions.entries()) {
      const before = sim.control.requests().total;
      const first = i % 2 === 0;
      if (first) on.push(await ask(access, question));
      off.push(await ask(everything, question));
      if (!first) on.push(await ask(access, question));
      requests += sim.control.requests().total - before;
    }
    const filtered = { ms: on, requests: requests / questions.length };
    const open = { ms: off };
    return [
      {
        figure: 'ask_p95_ms',
        value: round(percentile(filtered.ms, 95), 1),
        unit: 'ms',
        vs: { name: 'permission filter off', value: round(percentile(open.ms, 95), 1) },
        note: `${questions.length} questions, ${PAGES} pages, ${LATENCY_MS} ms per store round trip; p50 ${round(percentile(filtered.ms, 50), 1)} ms (off: ${round(percentile(open.ms, 50), 1)} ms)`,
      },
      { figure: 'ask_confluence_requests', value: round(filtered.requests, 2), unit: 'requests/question', note: 'one bulk GET /wiki/api/v2/pages?id=... as the asker' },
    ];
  } finally {
    await sim.close();
  }
}
