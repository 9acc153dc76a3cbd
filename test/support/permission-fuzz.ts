/**
 * Permission fuzzing: from a seed, a random site (users in random groups, guests outside `confluence-users`,
 * spaces readable by random groups and named users, random page trees whose read restrictions name users and
 * groups and are inherited by every descendant), synced into a Library through the queues; then every user asks
 * every question through every surface that returns text, and each answer is checked against "may read",
 * computed here from the generated permissions (space permission, then the page's and each ancestor's
 * restriction) and cross-checked page by page with the simulator's own model.
 *
 * Surfaces: the Ask resolver; the Rovo action handlers (search-library, ask-library, read-page, list-libraries);
 * the same four MCP tools through the external endpoint with the user's own agent token; the CLI's JSON API
 * (`/api/v1/tools/<tool>`); the Review byline dialog and space queue resolvers, over proposals the admin made on
 * random pages. Then restrictions are added to pages the users were just shown, and the next question of each
 * user through Ask, the actions, MCP and the CLI must already respect them.
 *
 * A leak is a page id the user may not read anywhere in an answer, or that page's tag (a word only its title,
 * body and proposals carry) anywhere in the answer's text.
 *
 * ```ts
 * const run = await runPermissionFuzz({ seed: 11 });   // {leaks: [], asks, checks, withheld, ...}
 * ```
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SteppedClock } from '../../sandbox/clock';
import { mulberry32 } from '../../sandbox/confluence/demo/synthetic';
import type { Principal, SeedPage, SeedSpace, SeedUser, SiteSeed } from '../../sandbox/confluence/seed-types';
import { startSandbox } from '../../sandbox/start';
import type { Loose } from './fault-sandbox';

export interface FuzzSize {
  users: number;
  spaces: number;
  pagesPerSpace: number;
  questions: number;
}

export const TEST_SIZE: FuzzSize = { users: 6, spaces: 3, pagesPerSpace: 7, questions: 4 };

interface FuzzPage {
  ref: string;
  spaceKey: string;
  title: string;
  /** The word only this page's title, body and proposals carry. */
  tag: string;
  parentRef?: string;
  read: Principal[];
  question: number;
  /** The sentence the page answers with (a proposal's target). */
  fact: string;
}

export interface FuzzWorld {
  seed: number;
  site: SiteSeed;
  pages: FuzzPage[];
  questions: string[];
}

export interface Leak {
  seed: number;
  surface: string;
  email: string;
  pageRef: string;
  how: 'page id' | 'tag';
}

export interface FuzzRun {
  seed: number;
  leaks: Leak[];
  /** Pages where this file's "may read" and the simulator's disagree (the oracle itself is wrong then). */
  oracleMismatches: string[];
  /** Answers checked, per surface. */
  checks: Record<string, number>;
  /** User x question pairs asked (each through every surface). */
  asks: number;
  /** Pages a user was shown (readable ones) and pages held back from them (tags of unreadable pages of the question). */
  shown: number;
  withheld: number;
  /** Answers that were errors instead of answers (busy, refused): coverage lost, not leaks. */
  errors: string[];
  /** Proposals the admin made (the Review surfaces' material). */
  proposals: number;
}

const APP: Principal = { type: 'app' };
const TEAMS = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
const ATTRIBUTES = ['launch window', 'budget owner', 'escalation contact', 'retention period', 'preferred vendor', 'risk rating', 'kickoff city', 'headcount target'];
const VALUES = ['the second week of March', 'the finance controller', 'the duty manager', 'eighteen months', 'Northwind Traders', 'amber', 'Lisbon', 'twelve engineers'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ru', 'te', 'vo', 'xa', 'zu', 'bri', 'dan', 'fel', 'gor', 'hax', 'jin', 'pol', 'qua'];

/** A random world of the given size; everything follows from `seed`. */
export function fuzzWorld(seed: number, size: FuzzSize = TEST_SIZE): FuzzWorld {
  const rng = mulberry32(seed);
  const chance = (p: number) => rng() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const some = <T>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(rng() * max) }, () => pick(items)))];

  const users: SeedUser[] = [{ accountId: 'fz-admin', email: 'admin@example.com', displayName: 'Ada Admin', apiToken: 'admin-token', siteAdmin: true, groups: ['confluence-users', 'site-admins'] }];
  for (let i = 1; i <= size.users; i += 1) {
    // About one in four is a guest: outside `confluence-users`, in at most one team.
    const guest = chance(0.25);
    const teams = guest ? (chance(0.5) ? [pick(TEAMS)] : []) : some(TEAMS, 2);
    users.push({ accountId: `fz-user-${i}`, email: `user${i}@example.com`, displayName: `User ${i}`, apiToken: `user${i}-token`, groups: [...(guest ? [] : ['confluence-users']), ...teams] });
  }
  const byName = (u: SeedUser): Principal => ({ type: 'user', accountId: u.accountId });
  const group = (name: string): Principal => ({ type: 'group', name });
  const others = users.slice(1);

  const spaces: SeedSpace[] = [];
  for (let s = 0; s < size.spaces; s += 1) {
    const readers: Principal[] = [APP, group('site-admins')];
    if (chance(0.4)) readers.push(group('confluence-users'));
    for (const team of some(TEAMS, 2)) readers.push(group(team));
    if (chance(0.5)) readers.push(byName(pick(others)));
    const key = `FZ${String.fromCharCode(65 + s)}`;
    spaces.push({ key, name: `Fuzz space ${key}`, type: 'global', permissions: readers.map((principal) => ({ principal, operations: principal.type === 'group' && principal.name === 'site-admins' ? ['read', 'write', 'admin'] : ['read'] })) });
  }

  const codes: string[] = [];
  while (codes.length < size.questions) {
    const code = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`.replace(/^./, (c) => c.toUpperCase());
    if (!codes.includes(code)) codes.push(code);
  }
  const questions = codes.map((code, q) => `What is the ${ATTRIBUTES[q % ATTRIBUTES.length]} for project ${code}?`);

  const pages: FuzzPage[] = [];
  for (const space of spaces) {
    const inSpace: FuzzPage[] = [];
    for (let n = 0; n < size.pagesPerSpace; n += 1) {
      const index = pages.length;
      const q = n < size.questions ? (index % size.questions) : Math.floor(rng() * size.questions);
      const code = codes[q] as string;
      const tag = `zt${String(seed).padStart(4, '0')}p${String(index).padStart(3, '0')}q`;
      const parent = inSpace.length && chance(0.65) ? pick(inSpace) : undefined;
      const read: Principal[] = [];
      if (chance(0.4)) {
        for (const u of chance(0.6) ? some(others, 2) : []) read.push(byName(u));
        for (const team of chance(0.6) || read.length === 0 ? some(TEAMS, 2) : []) read.push(group(team));
        // Mostly the app is let in too; without it the page is never indexed (and must never be shown anyway).
        if (chance(0.9)) read.push(APP);
      }
      const fact = `The ${ATTRIBUTES[q % ATTRIBUTES.length]} for project ${code} is ${pick(VALUES)}, says record ${tag}.`;
      const page: FuzzPage = { ref: `fz-${index}`, spaceKey: space.key, title: `${code} ${pick(['plan', 'brief', 'notes', 'review'])} ${tag}`, tag, parentRef: parent?.ref, read, question: q, fact };
      inSpace.push(page);
      pages.push(page);
    }
  }
  const seedPages: SeedPage[] = pages.map((p, i) => ({
    ref: p.ref,
    spaceKey: p.spaceKey,
    title: p.title,
    ...(p.parentRef ? { parentRef: p.parentRef } : {}),
    authorAccountId: 'fz-admin',
    createdAt: new Date(Date.UTC(2026, 0, 5) + i * 3_600_000).toISOString(),
    body: `<h2>${p.title}</h2><p>${p.fact}</p><p>Owner notes for ${p.tag}.</p>`,
    ...(p.read.length ? { restrictions: { read: p.read } } : {}),
  }));
  return {
    seed,
    site: { site: { name: `Fuzz world ${seed}`, timeZone: 'UTC' }, users, groups: ['confluence-users', 'site-admins', ...TEAMS].map((name) => ({ name })), spaces, pages: seedPages },
    pages,
    questions,
  };
}

/** "May read", from the generated permissions alone: the space, then the page's and every ancestor's restriction. */
export function mayRead(world: FuzzWorld, accountId: string, page: FuzzPage): boolean {
  const user = world.site.users.find((u) => u.accountId === accountId);
  const groups = user?.groups ?? [];
  const matches = (p: Principal) => (p.type === 'user' ? p.accountId === accountId : p.type === 'group' ? groups.includes(p.name) : p.type === 'anonymous');
  const space = world.site.spaces.find((s) => s.key === page.spaceKey)!;
  if (!space.permissions.some((p) => p.operations.includes('read') && matches(p.principal))) return false;
  for (let at: FuzzPage | undefined = page; at; at = world.pages.find((p) => p.ref === at!.parentRef)) {
    if (at.read.length && !at.read.some(matches)) return false;
  }
  return true;
}

/** Every `pageId` value anywhere in a JSON answer. */
function pageIdsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) pageIdsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'pageId' || k === 'contentId') && (typeof v === 'string' || typeof v === 'number')) out.add(String(v));
      else pageIdsIn(v, out);
    }
  }
  return out;
}

export interface FuzzOptions {
  seed: number;
  size?: FuzzSize;
  /** Pages restricted after the first sweep (default 3). */
  restrictAfter?: number;
  /**
   * The Library's visibility (default private). Organization-wide, members may be answered from every page the
   * Library indexes (that is what organization-wide means), guests only from pages they may read themselves.
   */
  visibility?: 'private' | 'organization';
}

/** Whether the app (the Library's Source identity) reads a page: what the Library can index at all. */
function appMayRead(world: FuzzWorld, page: FuzzPage): boolean {
  const space = world.site.spaces.find((s) => s.key === page.spaceKey)!;
  if (!space.permissions.some((p) => p.operations.includes('read') && p.principal.type === 'app')) return false;
  for (let at: FuzzPage | undefined = page; at; at = world.pages.find((p) => p.ref === at!.parentRef)) {
    if (at.read.length && !at.read.some((p) => p.type === 'app')) return false;
  }
  return true;
}

/** Confluence guests are outside the site's member group. */
function isGuest(world: FuzzWorld, accountId: string): boolean {
  return !(world.site.users.find((u) => u.accountId === accountId)?.groups ?? []).includes('confluence-users');
}

/**
 * What an answer may show `accountId` of `page` in a Library of this visibility: a private Library (and any guest)
 * only pages they may read; an organization-wide one, to a member, any page it indexes.
 */
export function mayBeShown(world: FuzzWorld, accountId: string, page: FuzzPage, visibility: 'private' | 'organization'): boolean {
  if (mayRead(world, accountId, page)) return true;
  return visibility === 'organization' && !isGuest(world, accountId) && appMayRead(world, page);
}

export async function runPermissionFuzz(options: FuzzOptions): Promise<FuzzRun> {
  const world = fuzzWorld(options.seed, options.size);
  const clock = new SteppedClock('2026-03-01T09:00:00Z');
  const sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: world.site });
  const run: FuzzRun = { seed: world.seed, leaks: [], oracleMismatches: [], checks: {}, asks: 0, shown: 0, withheld: 0, errors: [], proposals: 0 };
  const clients: Client[] = [];
  try {
    await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
    const idOf = new Map(world.pages.map((p) => [p.ref, sb.sim.control.findPage(p.title, p.spaceKey)?.id ?? '']));
    const refOf = new Map([...idOf].map(([ref, id]) => [id, ref]));
    const pageByRef = new Map(world.pages.map((p) => [p.ref, p]));
    const spaceIds = new Map(sb.sim.control.spaces().map((s) => [s.key, s.id]));
    const admin = world.site.users.find((u) => u.siteAdmin)!;
    const visibility = options.visibility ?? 'private';
    if (visibility !== 'private') {
      const listed = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'listLibraries', payload: {}, accountId: admin.accountId })) as Loose;
      const libraryId = listed.libraries[0].library.id;
      const updated = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'updateLibrary', payload: { libraryId, visibility }, accountId: admin.accountId })) as Loose;
      if (updated.error || updated.library?.visibility !== visibility) throw new Error(`updateLibrary answered ${JSON.stringify(updated).slice(0, 200)}`);
    }

    const crossCheck = () => {
      for (const u of world.site.users)
        for (const p of world.pages)
          if (mayRead(world, u.accountId, p) !== sb.sim.control.canRead(u.accountId, idOf.get(p.ref)!)) run.oracleMismatches.push(`${u.email} ${p.ref}`);
    };
    crossCheck();

    /**
     * Checks one answer for `user`. `askedAbout`: the page the caller's own context named (the byline dialog's
     * page), whose id an answer may echo back; its title, text and proposals it may not.
     */
    const check = (surface: string, user: SeedUser, answer: unknown, askedAbout?: string): void => {
      run.checks[surface] = (run.checks[surface] ?? 0) + 1;
      const text = JSON.stringify(answer ?? null);
      if (/"error"/.test(text) && /busy|RATE|LIMIT|too many/i.test(text)) run.errors.push(`${surface} ${user.email}: ${text.slice(0, 160)}`);
      for (const id of pageIdsIn(answer)) {
        if (id === askedAbout) continue;
        const page = pageByRef.get(refOf.get(id) ?? '');
        if (page && !mayBeShown(world, user.accountId, page, visibility)) run.leaks.push({ seed: world.seed, surface, email: user.email, pageRef: page.ref, how: 'page id' });
      }
      for (const page of world.pages) {
        if (!text.includes(page.tag)) continue;
        if (mayBeShown(world, user.accountId, page, visibility)) run.shown += 1;
        else run.leaks.push({ seed: world.seed, surface, email: user.email, pageRef: page.ref, how: 'tag' });
      }
    };
    const resolver = (user: SeedUser, moduleKey: string, functionKey: string, payload: unknown = {}, extension?: Record<string, unknown>) =>
      sb.host.invokeResolver({ moduleKey, functionKey, payload, accountId: user.accountId, ...(extension ? { extension } : {}) }) as Promise<Loose>;

    // Proposals the admin makes on random indexed pages: their text carries the page's tag.
    const rng = mulberry32(options.seed ^ 0x5eed);
    const proposed = world.pages.filter((p) => p.read.length === 0 || p.read.includes(APP)).filter(() => rng() < 0.3);
    for (const p of proposed) {
      const made = (await sb.host.invokeAction('propose-update', { pageId: idOf.get(p.ref), change: `Correct the record ${p.tag}.`, target: p.fact, replacement: `${p.fact} Confirmed for ${p.tag}.` }, admin.accountId)) as Loose;
      if (made?.ok !== false && !made?.error) run.proposals += 1;
    }
    await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });

    // Each user's agent token, MCP client and CLI API.
    const agents = new Map<string, { mcp: Client; api: (tool: string, input: unknown) => Promise<unknown> }>();
    for (const user of world.site.users) {
      const access = await resolver(user, 'librarian-agent-tokens', 'getAgentAccess');
      const libraryId = access.libraries?.[0]?.id;
      if (!libraryId) continue; // no Library this user may use: nothing to ask through agents
      const minted = await resolver(user, 'librarian-agent-tokens', 'createToken', { libraryId, name: 'fuzz' });
      const headers = { authorization: `Bearer ${minted.token}` };
      const mcp = new Client({ name: 'fuzz', version: '1.0.0' });
      await mcp.connect(new StreamableHTTPClientTransport(new URL(sb.urls.mcp), { requestInit: { headers } }));
      clients.push(mcp);
      const api = async (tool: string, input: unknown) => {
        const response = await fetch(`${sb.urls.agents}/api/v1/tools/${tool}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
        return response.json();
      };
      agents.set(user.accountId, { mcp, api });
    }

    const mcpCall = async (client: Client, name: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args });
      return { structured: result.structuredContent, content: result.content };
    };

    /** One question of one user, through every surface that answers questions. */
    const askEverywhere = async (user: SeedUser, q: number, phase: string) => {
      run.asks += 1;
      const question = world.questions[q] as string;
      // The ask budget and the endpoint's token bucket refill on the clock.
      clock.advance(30_000);
      check(`${phase} Ask`, user, await resolver(user, 'librarian-ask', 'ask', { question }));
      check(`${phase} action search-library`, user, await sb.host.invokeAction('search-library', { query: question, limit: 20 }, user.accountId));
      check(`${phase} action ask-library`, user, await sb.host.invokeAction('ask-library', { question }, user.accountId));
      const agent = agents.get(user.accountId);
      if (agent) {
        check(`${phase} MCP search-library`, user, await mcpCall(agent.mcp, 'search-library', { query: question, limit: 20 }));
        check(`${phase} MCP ask-library`, user, await mcpCall(agent.mcp, 'ask-library', { question }));
        check(`${phase} CLI search-library`, user, await agent.api('search-library', { query: question, limit: 20 }));
      }
      // Pages of this question the user may not read: read-page must give nothing of them, on every surface.
      for (const page of world.pages.filter((p) => p.question === q && !mayRead(world, user.accountId, p))) {
        run.withheld += 1;
        const pageId = idOf.get(page.ref);
        check(`${phase} action read-page`, user, await sb.host.invokeAction('read-page', { pageId }, user.accountId));
        if (agent) {
          clock.advance(1_000);
          check(`${phase} MCP read-page`, user, await mcpCall(agent.mcp, 'read-page', { pageId }));
          check(`${phase} CLI read-page`, user, await agent.api('read-page', { pageId }));
        }
      }
    };

    for (const user of world.site.users) {
      clock.advance(60_000);
      check('action list-libraries', user, await sb.host.invokeAction('list-libraries', {}, user.accountId));
      const agent = agents.get(user.accountId);
      if (agent) {
        check('MCP list-libraries', user, await mcpCall(agent.mcp, 'list-libraries', {}));
        check('CLI list-libraries', user, await agent.api('list-libraries', {}));
      }
      for (let q = 0; q < world.questions.length; q += 1) await askEverywhere(user, q, 'indexed');
      // Review: every space's queue, and the byline dialog of every proposed page, readable or not.
      for (const space of world.site.spaces) {
        check('Review space queue', user, await resolver(user, 'librarian-review', 'listSpaceQueue', {}, { space: { key: space.key, id: spaceIds.get(space.key) } }));
      }
      for (const p of proposed) {
        const extension = { content: { id: idOf.get(p.ref), type: 'page' }, space: { key: p.spaceKey, id: spaceIds.get(p.spaceKey) } };
        check('Review byline dialog', user, await resolver(user, 'librarian-review-byline', 'listPageProposals', {}, extension), idOf.get(p.ref));
      }
    }

    // Restrictions added after indexing, to pages users were shown: the next question must respect them at once.
    const shownPages = world.pages.filter((p) => world.site.users.some((u) => !u.siteAdmin && mayRead(world, u.accountId, p)) && p.read.length === 0);
    const restricted = shownPages.filter(() => rng() < 0.5).slice(0, options.restrictAfter ?? 3);
    for (const p of restricted) {
      p.read = [{ type: 'user', accountId: admin.accountId }, APP];
      sb.sim.control.setRestrictions(idOf.get(p.ref)!, { as: admin.accountId, read: p.read });
    }
    crossCheck();
    for (const user of world.site.users.filter((u) => !u.siteAdmin)) {
      for (const q of new Set(restricted.map((p) => p.question))) await askEverywhere(user, q, 'restricted later');
    }
    return run;
  } finally {
    for (const c of clients) await c.close().catch(() => undefined);
    await sb.close();
  }
}

/** Sums runs (the bench and the test's totals). */
export function totalChecks(runs: FuzzRun[]): number {
  return runs.reduce((n, r) => n + Object.values(r.checks).reduce((a, b) => a + b, 0), 0);
}
