/**
 * The Ask permission sweep (ask-permission-sweep.test.ts) repeated through the external MCP endpoint: every user
 * of the seeded permission world mints their own agent token on the tokens page, then asks every question with
 * ask-library and search-library over streamable HTTP. Each passage, citation and search result is checked against
 * the simulator's own read check: no text from a page that user may not read.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SteppedClock } from '../../sandbox/clock';
import { permissionWorld } from '../../sandbox/confluence/demo/permission-world';
import { startSandbox, type Sandbox } from '../../sandbox/start';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const world = permissionWorld();
const clock = new SteppedClock('2026-03-01T09:00:00Z');
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: 'permissions' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await sb?.close();
});

// Totals over every user, checked once all users ran: each user is its own test, so no one test carries the
// whole sweep's time on a loaded machine.
const totals = { passages: 0, results: 0, withheld: 0 };

it.each(world.site.users.map((user) => [user.email, user] as const))('through MCP, %s gets zero passages and zero results from pages they may not read', async (_email, user) => {
  const leaks: Array<{ email: string; tool: string; pageId: string }> = [];
  clock.advance(60_000);
  const call = (functionKey: string, payload: unknown = {}) => sb.host.invokeResolver({ moduleKey: 'librarian-agent-tokens', functionKey, payload, accountId: user.accountId }) as Promise<Loose>;
  const access = await call('getAgentAccess');
  expect(access.libraries).toHaveLength(1);
  const minted = await call('createToken', { libraryId: access.libraries[0].id, name: 'sweep' });
  const client = new Client({ name: 'sweep', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(sb.urls.mcp), { requestInit: { headers: { authorization: `Bearer ${minted.token}` } } }));
  for (const q of world.questions) {
    // The endpoint allows a burst of 60 requests per token and 2 a second after it: let the clock refill it.
    clock.advance(30_000);
    const ask = (await client.callTool({ name: 'ask-library', arguments: { question: q.question } })).structuredContent as Loose;
    expect(ask.ok).toBe(true);
    const byNumber = new Map<number, string>(ask.answer.citations.map((c: Loose) => [c.n, c.pageId]));
    for (const passage of ask.answer.passages) {
      totals.passages += 1;
      for (const n of passage.citations) {
        const pageId = byNumber.get(n)!;
        if (!sb.sim.control.canRead(user.accountId, pageId)) leaks.push({ email: user.email, tool: 'ask-library', pageId });
      }
    }
    const search = (await client.callTool({ name: 'search-library', arguments: { query: q.question, limit: 20 } })).structuredContent as Loose;
    expect(search.ok).toBe(true);
    for (const r of search.results) {
      totals.results += 1;
      if (!sb.sim.control.canRead(user.accountId, r.pageId)) leaks.push({ email: user.email, tool: 'search-library', pageId: r.pageId });
    }
    // The filter had work to do: pages of the question this user may not read, which the admin is shown.
    const others = q.pageTitles.map((t) => sb.sim.control.pages().find((p) => p.title === t)!).filter((p) => !sb.sim.control.canRead(user.accountId, p.id));
    totals.withheld += others.length;
    for (const page of others) {
      const read = (await client.callTool({ name: 'read-page', arguments: { pageId: page.id } })).structuredContent as Loose;
      expect(read.error?.code).toBe('NOT_FOUND');
    }
  }
  await client.close();
  expect(leaks).toEqual([]);
}, 120_000);

it('the sweep had work to do: passages and results came back, and pages were withheld', () => {
  expect(totals.passages).toBeGreaterThanOrEqual(120);
  expect(totals.results).toBeGreaterThanOrEqual(150);
  expect(totals.withheld).toBeGreaterThan(20);
});
