/**
 * Agent figures.
 * - mcp_search_p95_ms: search-library over the external endpoint (the real MCP SDK client over streamable HTTP to
 *   the endpoint's handler, a token checked in KVS, the token owner's read access checked with the Confluence
 *   simulator page by page) on a synthetic site of BENCH_ASK_PAGES (default 10,000) pages, every store round trip
 *   costing BENCH_LATENCY_MS (default 20 ms); beside the same search run in-process (the same use case, the same
 *   permission checks, no HTTP, no MCP, no token). Permission answers are not reused between queries.
 * - agent_permission_leaks: every user of the seeded permission world mints a token and asks every question through
 *   MCP in the sandbox (ask-library and search-library); passages and results from pages that user may not read
 *   (the simulator's own check). Must be 0.
 */
import { pageDocument } from '../../src/core/sync';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AgentTokens, clearOwnerAccessCache, handleAgentRequest, ownerAccess, RateLimiter } from '../../src/core/agents';
import { indexRetriever } from '../../src/core/answer';
import { ConfluenceClient } from '../../src/core/confluence';
import { SearchIndex } from '../../src/core/index';
import { LibraryRepository } from '../../src/core/library';
import type { ConfluenceTransport } from '../../src/core/ports';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { confluencePages, searchLibrary, type AgentDeps } from '../../src/core/usecases';
import { SteppedClock } from '../../sandbox/clock';
import { startSimulator } from '../../sandbox/confluence';
import { permissionWorld } from '../../sandbox/confluence/demo/permission-world';
import { syntheticQueries, syntheticSite } from '../../sandbox/confluence/demo/synthetic';
import { startSandbox } from '../../sandbox/start';
import { percentile, round, type Figure } from '../figure';

const PAGES = Number(process.env.BENCH_ASK_PAGES ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const QUERIES = 100;

function transport(url: string, authorization: string): ConfluenceTransport {
  return {
    async request(_identity, path, init = {}) {
      const response = await fetch(`${url}${path}`, { method: init.method ?? 'GET', headers: { ...init.headers, Authorization: authorization }, body: init.body });
      return { status: response.status, headers: { get: (name: string) => response.headers.get(name) }, text: () => response.text() };
    },
  };
}

async function searchFigure(): Promise<Figure> {
  const site = syntheticSite(PAGES, { seed: 42 });
  const sim = await startSimulator({ seed: site });
  const server = createServer();
  try {
    // Indexed as bench/figures/ask.ts does: the simulator numbers pages from 65537 and spaces from 32769 in seed order.
    const idOf = new Map(site.pages.map((page, i) => [page.ref, String(65537 + i)]));
    const store = new MemoryKeyValueStore();
    const index = new SearchIndex(store);
    for (const page of site.pages) {
      if ((page.status ?? 'current') !== 'current') continue;
      const pageId = idOf.get(page.ref)!;
      await index.indexPage(pageDocument({ pageId, version: page.versions ?? 1, spaceKey: page.spaceKey, title: page.title, url: `/wiki/spaces/${page.spaceKey}/pages/${pageId}`, body: page.body }));
    }
    await index.mergeAll();
    const clock = { now: () => Date.now() };
    const libraries = new LibraryRepository(new MemoryKeyValueStore(), clock);
    const library = await libraries.create({ name: 'Bench' }, 'admin');
    await libraries.connectSource(library.id, { kind: 'app' }, 'admin');
    const spaces = site.spaces.filter((space) => space.type !== 'personal' && (space.status ?? 'current') === 'current');
    await libraries.setSpaces(library.id, spaces.map((space) => ({ id: String(32769 + site.spaces.indexOf(space)), key: space.key, name: space.name })), 'admin');

    const member = site.users.find((user) => !user.siteAdmin) ?? site.users[0]!;
    const { token: appToken } = sim.control.issueToken({ kind: 'app' });
    const app = () => ConfluenceClient.create(transport(sim.url, `Bearer ${appToken}`), 'app');
    const deps: AgentDeps = {
      libraries,
      retrieverFor: () => indexRetriever(index),
      access: ownerAccess(app, clock, 'bench-installation'),
      pages: confluencePages(app),
    };
    const tokenStore = new MemoryKeyValueStore();
    const tokens = new AgentTokens(tokenStore, clock, { siteTag: '0badcafe' });
    const { token } = await tokens.mint(member.accountId, { libraryId: library.id, name: 'bench' });

    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        void handleAgentRequest(
          { tokens, settings: async () => ({ externalAccess: true }), agentDeps: () => deps, licensed: true, limiter: new RateLimiter(clock, 1e9, 1e9), version: 'bench' },
          { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, headers, body: Buffer.concat(chunks).toString('utf8') },
        ).then((r) => res.writeHead(r.status, r.headers).end(r.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));

    store.setLatency(LATENCY_MS);
    tokenStore.setLatency(LATENCY_MS);
    const queries = syntheticQueries(site, QUERIES).map((q) => q.query);
    const external: number[] = [];
    const inProcess: number[] = [];
    // Back to back per query, alternating which goes first, so both see the same machine load.
    for (const [i, query] of queries.entries()) {
      const viaMcp = async () => {
        clearOwnerAccessCache();
        const t0 = performance.now();
        const result = await client.callTool({ name: 'search-library', arguments: { query, limit: 8 } });
        external.push(performance.now() - t0);
        if (result.isError) throw new Error(`search over MCP failed: ${JSON.stringify(result.content)}`);
      };
      const direct = async () => {
        clearOwnerAccessCache();
        const t0 = performance.now();
        const result = await searchLibrary(deps, { accountId: member.accountId, libraryScope: library.id }, { query, limit: 8 });
        inProcess.push(performance.now() - t0);
        if (!result.ok) throw new Error(`search failed: ${result.error.message}`);
      };
      if (i % 2 === 0) {
        await viaMcp();
        await direct();
      } else {
        await direct();
        await viaMcp();
      }
    }
    await client.close();
    return {
      figure: 'mcp_search_p95_ms',
      value: round(percentile(external, 95), 1),
      unit: 'ms',
      vs: { name: 'same search in-process', value: round(percentile(inProcess, 95), 1) },
      note: `${QUERIES} queries, top 8, ${PAGES} pages, private Library (token owner's access checked per page with Confluence), ${LATENCY_MS} ms per store round trip; p50 ${round(percentile(external, 50), 1)} ms (in-process ${round(percentile(inProcess, 50), 1)} ms)`,
    };
  } finally {
    server.close();
    await sim.close();
  }
}

async function leakFigure(): Promise<Figure> {
  const world = permissionWorld();
  const clock = new SteppedClock('2026-03-01T09:00:00Z');
  const sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: 'permissions' });
  let leaks = 0;
  let shown = 0;
  try {
    await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
    for (const user of world.site.users) {
      clock.advance(60_000);
      const call = (functionKey: string, payload: unknown = {}) => sb.host.invokeResolver({ moduleKey: 'librarian-agent-tokens', functionKey, payload, accountId: user.accountId }) as Promise<Record<string, never>>;
      const access = (await call('getAgentAccess')) as unknown as { libraries: Array<{ id: string }> };
      const minted = (await call('createToken', { libraryId: access.libraries[0]!.id, name: 'bench' })) as unknown as { token: string };
      const client = new Client({ name: 'bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(sb.urls.mcp), { requestInit: { headers: { authorization: `Bearer ${minted.token}` } } }));
      for (const q of world.questions) {
        clock.advance(30_000);
        const ask = (await client.callTool({ name: 'ask-library', arguments: { question: q.question } })).structuredContent as { answer: { citations: Array<{ n: number; pageId: string }>; passages: Array<{ citations: number[] }> } };
        const byNumber = new Map(ask.answer.citations.map((c) => [c.n, c.pageId]));
        for (const passage of ask.answer.passages) {
          shown += 1;
          if (passage.citations.some((n) => !sb.sim.control.canRead(user.accountId, byNumber.get(n)!))) leaks += 1;
        }
        const search = (await client.callTool({ name: 'search-library', arguments: { query: q.question, limit: 20 } })).structuredContent as { results: Array<{ pageId: string }> };
        for (const r of search.results) {
          shown += 1;
          if (!sb.sim.control.canRead(user.accountId, r.pageId)) leaks += 1;
        }
      }
      await client.close();
    }
  } finally {
    await sb.close();
  }
  return {
    figure: 'agent_permission_leaks',
    value: leaks,
    unit: 'passages or results',
    note: `${world.site.users.length} users x ${world.questions.length} questions through MCP with each user's own token (ask-library + search-library): ${shown} passages and results shown, each checked against the simulator's read rules`,
  };
}

export default async function agentFigures(): Promise<Figure[]> {
  return [await leakFigure(), await searchFigure()];
}
