import { buildShipChange, signShipRequest } from '../../src/core/ship';
import { addSandboxInstallation, type SandboxInstallation } from '../../sandbox/start';
import type { ForgeHost } from '../../sandbox/forge';
import { readLibraries } from '../support/index-layout';
import { startFaultSandbox, type FaultSandbox, type Loose } from '../support/fault-sandbox';

jest.setTimeout(240_000);

/**
 * Two installations of the app in one Forge host (one process, one handlers module, one clock), each on its own
 * simulated site built from the same demo seed: the same page ids and account ids on both sites, so whatever the
 * app keeps in shared module state, or keys only by page or account, would show up on the other site. Every
 * surface is tried across the pair: resolvers, Ask, the agent endpoint, ship ingest, page events and the queues,
 * and a scan of every stored key.
 */
let fx: FaultSandbox;
let b: SandboxInstallation;
let a: ForgeHost;
const A_MARK = 'quokka-alpha';
const B_MARK = 'borealis-beta';
let pageId: string;

const admin = () => fx.sb.seed.users.find((u) => u.siteAdmin)!;
const member = () => fx.sb.seed.users.find((u) => u.email === 'member@example.com')!;
const call = (host: ForgeHost, accountId: string, moduleKey: string, functionKey: string, payload: unknown = {}) =>
  host.invokeResolver({ moduleKey, functionKey, payload, accountId }) as Promise<Loose>;
const libraryOf = (host: ForgeHost) => readLibraries(host)[0]!.id;

/** Drains both installations (the clock is shared) until neither has queued work. */
async function drainBoth(): Promise<void> {
  for (;;) {
    await a.drain({ advanceClock: true, timeoutMs: 120_000 });
    await b.host.drain({ advanceClock: true, timeoutMs: 120_000 });
    if (![a, b.host].some((h) => h.queueDepth().some((q) => q.pending + q.running > 0))) return;
  }
}

async function agent(url: string, token: string, tool: string, input: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${url}/api/v1/tools/${tool}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: res.status, body: (await res.json()) as Loose };
}

beforeAll(async () => {
  fx = await startFaultSandbox();
  a = fx.sb.host;
  const seed = fx.sb.seed;
  b = await addSandboxInstallation(fx.sb, {
    installationId: 'second-installation',
    seed: { ...seed, site: { ...seed.site, name: 'Borealis Research', cloudId: 'b2d4f6a8-bore-4d00-9e00-000000000002' } },
  });
  await drainBoth();
  // The same page (same id on both sites) says something different on each.
  pageId = fx.sb.sim.control.pages('ENG').find((p) => p.status === 'current')!.id;
  expect(b.sim.control.page(pageId)?.title).toBe(fx.sb.sim.control.page(pageId)?.title);
  fx.sb.sim.control.updatePage(pageId, { as: admin().accountId, body: `<p>The ${A_MARK} rotation runs every hour.</p>` });
  b.sim.control.updatePage(pageId, { as: admin().accountId, body: `<p>The ${B_MARK} rotation runs every day.</p>` });
  await drainBoth();
});
afterAll(async () => {
  await b?.close();
  await fx?.close();
});

it('runs two installations with their own identity, site and web trigger URLs', () => {
  expect(a.installations()).toEqual([a, b.host]);
  expect(b.host.identity.installationId).toBe('second-installation');
  expect(b.host.identity.cloudId).not.toBe(a.identity.cloudId);
  expect(b.host.identity.siteUrl).toBe(b.sim.url);
  expect(b.host.webTriggerId('librarian-agents')).not.toBe(a.webTriggerId('librarian-agents'));
  expect(b.host.webTriggerId('librarian-ship')).not.toBe(a.webTriggerId('librarian-ship'));
  expect(b.urls.agents).not.toBe(fx.sb.urls.agents);
  expect(libraryOf(b.host)).not.toBe(libraryOf(a));
});

it('resolvers list only their own Libraries and refuse the other installation\'s ids', async () => {
  const [libA, libB] = [libraryOf(a), libraryOf(b.host)];
  const listedA = await call(a, admin().accountId, 'librarian-settings', 'listLibraries');
  const listedB = await call(b.host, admin().accountId, 'librarian-settings', 'listLibraries');
  expect(listedA.libraries.map((l: Loose) => l.library.id)).toEqual([libA]);
  expect(listedB.libraries.map((l: Loose) => l.library.id)).toEqual([libB]);
  const choices = await call(a, admin().accountId, 'librarian-settings', 'listSpaceChoices', { libraryId: libB });
  expect(choices.error?.code).toBe('not_found');
  const renamed = await call(b.host, admin().accountId, 'librarian-settings', 'updateLibrary', { libraryId: libA, name: 'Taken over' });
  expect(renamed.error?.code).toBe('not_found');
  const secret = await call(a, admin().accountId, 'librarian-settings', 'rotateCiSecret', { libraryId: libB });
  expect(secret.secret).toBeUndefined();
  expect(secret.error?.code).toBe('not_found');
});

it('Ask answers each site from its own pages only, and refuses the other installation\'s Library', async () => {
  const askA = (q: string, extra: object = {}) => call(a, member().accountId, 'librarian-ask', 'ask', { question: q, ...extra });
  const askB = (q: string, extra: object = {}) => call(b.host, member().accountId, 'librarian-ask', 'ask', { question: q, ...extra });
  const own = await askA(`How often does the ${A_MARK} rotation run?`);
  expect(own.kind).toBe('answer');
  expect(own.citations[0].pageId).toBe(pageId);
  expect(JSON.stringify(own)).not.toContain(B_MARK);
  // The same page id on site B says "every day": nothing of it reaches site A's askers.
  const other = await askA(`How often does the ${B_MARK} rotation run?`);
  expect(other.citations).toEqual([]);
  expect(JSON.stringify(other)).not.toContain('every day');
  const ownB = await askB(`How often does the ${B_MARK} rotation run?`);
  expect(ownB.kind).toBe('answer');
  expect(JSON.stringify(ownB)).not.toContain(A_MARK);
  const crossLibrary = await askA(`How often does the ${B_MARK} rotation run?`, { libraryId: libraryOf(b.host) });
  expect(JSON.stringify(crossLibrary)).not.toContain('every day');
  expect(JSON.stringify(crossLibrary)).not.toContain('Borealis');
  expect(crossLibrary.citations ?? []).toEqual([]);
});

it('the agent endpoint refuses a token of the other installation as it refuses a malformed one', async () => {
  expect(fx.sb.agentToken && b.agentToken).toBeTruthy();
  const malformed = await agent(b.urls.agents, 'lbr_not-a-token', 'list-libraries', {});
  const foreign = await agent(b.urls.agents, fx.sb.agentToken!, 'list-libraries', {});
  expect(malformed.status).toBe(401);
  expect(foreign.status).toBe(401);
  expect(foreign.body.ok).toBe(false);
  expect(foreign.body.error.code).toBe(malformed.body.error.code);
  expect(JSON.stringify(foreign.body)).not.toContain(libraryOf(a));
  expect(JSON.stringify(foreign.body)).not.toContain(libraryOf(b.host));
  const reverse = await agent(fx.sb.urls.agents, b.agentToken!, 'search-library', { query: B_MARK });
  expect(reverse.status).toBe(401);
  // Each token still works where it was minted.
  const ownA = await agent(fx.sb.urls.agents, fx.sb.agentToken!, 'search-library', { query: A_MARK });
  expect(ownA.status).toBe(200);
  expect(ownA.body.results.map((r: Loose) => r.pageId)).toContain(pageId);
});

it('a permission answer for a page on one site is never reused for the page of the same id on the other', async () => {
  // The member may read the page on site A (and the app remembers that for a while); on site B the same page id is
  // now restricted to the admin (the app still reads it, so it stays indexed there).
  const onA = await agent(fx.sb.urls.agents, fx.sb.agentToken!, 'search-library', { query: A_MARK });
  expect(onA.body.results.map((r: Loose) => r.pageId)).toContain(pageId);
  b.sim.control.setRestrictions(pageId, { as: admin().accountId, read: [{ type: 'user', accountId: admin().accountId }, { type: 'app' }] });
  expect(b.sim.control.canRead(member().accountId, pageId)).toBe(false);
  const onB = await agent(b.urls.agents, b.agentToken!, 'search-library', { query: B_MARK });
  expect(onB.status).toBe(200);
  expect(onB.body.results.map((r: Loose) => r.pageId)).not.toContain(pageId);
  expect(JSON.stringify(onB.body.results)).not.toContain('every day');
  b.sim.control.setRestrictions(pageId, { as: admin().accountId, read: [] });
  await drainBoth();
});

it('ship ingest refuses the other installation\'s CI secret', async () => {
  const body = JSON.stringify({ change: buildShipChange({ diff: '', base: 'a'.repeat(40), head: 'b'.repeat(40), subjects: ['Nothing to see'] }) });
  const ship = async (url: string, libraryId: string, secret: string) =>
    (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signShipRequest({ libraryId, secret, body, now: fx.clock.now() }) } })).status;
  const [shipA, shipB] = [fx.sb.ship!, b.ship!];
  expect(shipA.url).not.toBe(shipB.url);
  expect(await ship(shipB.url, shipA.libraryId, shipA.secret)).toBe(401);
  expect(await ship(shipB.url, shipB.libraryId, shipA.secret)).toBe(401);
  expect(await ship(shipA.url, shipB.libraryId, shipB.secret)).toBe(401);
  expect(await ship(shipA.url, shipA.libraryId, shipA.secret)).toBe(202);
  expect(await ship(shipB.url, shipB.libraryId, shipB.secret)).toBe(202);
  await drainBoth();
});

it('a page event of one site runs in that installation only, and its queued work stays there', async () => {
  const before = b.host.invocations().length;
  const triggersBefore = a.invocations().filter((i) => i.kind === 'trigger').length;
  fx.sb.sim.control.updatePage(pageId, { as: admin().accountId, body: `<p>The ${A_MARK} rotation now runs every minute.</p>` });
  await a.drain({ timeoutMs: 60_000 });
  expect(a.invocations().filter((i) => i.kind === 'trigger').length).toBeGreaterThan(triggersBefore);
  // Nothing ran in B: no trigger, no consumer (the clock did not move, so no scheduled trigger either).
  expect(b.host.invocations().length).toBe(before);
  expect(b.host.queueDepth().every((q) => q.pending === 0 && q.running === 0)).toBe(true);
  await drainBoth();
  const askB = await call(b.host, admin().accountId, 'librarian-ask', 'ask', { question: `How often does the ${A_MARK} rotation run?` });
  expect(JSON.stringify(askB)).not.toContain('every minute');
  const askA = await call(a, admin().accountId, 'librarian-ask', 'ask', { question: `How often does the ${A_MARK} rotation run?` });
  expect(JSON.stringify(askA)).toContain('every minute');
});

it('no stored key or value of one installation names anything of the other', () => {
  const dump = (host: ForgeHost) => host.inspectKvs('').map((e) => `${e.key}\u0000${JSON.stringify(e.value)}`);
  const [kvA, kvB] = [dump(a), dump(b.host)];
  expect(kvA.length).toBeGreaterThan(0);
  expect(kvB.length).toBeGreaterThan(0);
  const markersOf = (host: ForgeHost, sb: { agentToken: string | null; ship: { secret: string } | null }, mark: string, cloudId: string) => [
    libraryOf(host),
    mark,
    cloudId,
    sb.agentToken!.split('_')[2]!,
    sb.ship!.secret,
  ];
  const ofA = markersOf(a, fx.sb, A_MARK, a.identity.cloudId);
  const ofB = markersOf(b.host, b, B_MARK, b.host.identity.cloudId);
  for (const marker of ofB) expect(kvA.filter((line) => line.includes(marker))).toEqual([]);
  for (const marker of ofA) expect(kvB.filter((line) => line.includes(marker))).toEqual([]);
  // And each holds its own (the scan would find a leak: it is looking at the right data).
  expect(kvA.some((line) => line.includes(libraryOf(a)))).toBe(true);
  expect(kvB.some((line) => line.includes(libraryOf(b.host)))).toBe(true);
});
