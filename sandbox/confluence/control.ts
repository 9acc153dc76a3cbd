/**
 * The control API: what tests, benchmarks, `npm start` and the local Forge host use to drive the site from
 * outside Confluence's own API. `Control` is the in-process surface; `controlHandler` serves the same
 * operations over HTTP under /__sim/ (JSON in, JSON out; no authentication: loopback only).
 * Control actions are not permission-checked: `as` only names who the change is attributed to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SteppedClock } from '../clock';
import type { IssueTokenRequest, IssuedToken } from './auth';
import type { SimulatorCore } from './core';
import { SimError, badRequest, notFound } from './errors';
import type { Fault, FaultSpec, RateBudget } from './faults';
import { compileTemplate, matchRoute, parseJson, readBody, type Reply } from './http';
import { latest, Site, type PageRecord, type SpaceRecord, type UserRecord } from './model';
import type { ProductEvent } from './events';
import type { CommentRecord, Notification } from './comments';
import type { RequestCounts } from './request-log';
import { pageViewFor, type PageView } from './page-view';
import { canReadPage, canUpdatePage } from './permissions';
import { macroConfigOf, withMacroConfig } from './forge-macro';
import type { Principal, SeedSpace, SiteSeed, SpaceStatus } from './seed-types';
import { send } from './server';

export interface PageSummary {
  id: string;
  spaceId: string;
  spaceKey: string;
  parentId: string | null;
  status: PageRecord['status'];
  title: string;
  version: number;
  body: string;
  modifiedAt: number;
  restrictions: PageRecord['restrictions'];
  labels: string[];
}

export interface CreatePageInput {
  as?: string;
  spaceKey?: string;
  spaceId?: string;
  title: string;
  body?: string;
  parentId?: string | null;
  status?: 'current' | 'draft';
  labels?: string[];
}

export class Control {
  constructor(
    private readonly core: SimulatorCore,
    private readonly appAccountId: string,
  ) {}

  private get site(): Site {
    return this.core.site;
  }

  private actor(as: string | undefined, page?: PageRecord): string {
    if (as) return as;
    return page?.authorId ?? this.site.data.users[0]?.accountId ?? this.appAccountId;
  }

  summary(page: PageRecord): PageSummary {
    const v = latest(page);
    return {
      id: page.id,
      spaceId: page.spaceId,
      spaceKey: this.site.space(page.spaceId)?.key ?? '',
      parentId: page.parentId,
      status: page.status,
      title: v.title,
      version: v.number,
      body: v.body,
      modifiedAt: v.createdAt,
      restrictions: structuredClone(page.restrictions),
      labels: [...page.labels],
    };
  }

  // ---- site ----

  /** Replaces the whole site with a new seed (credentials and faults stay). */
  seed(seed: SiteSeed): void {
    this.core.load(Site.fromSeed(seed, this.core.clock, this.appAccountId));
  }

  state(): { site: Site['data']['site']; appAccountId: string; now: number; users: number; spaces: number; pages: Record<string, number>; indexPending: number } {
    const pages: Record<string, number> = {};
    for (const p of this.site.pages()) pages[p.status] = (pages[p.status] ?? 0) + 1;
    return {
      site: { ...this.site.data.site },
      appAccountId: this.appAccountId,
      now: this.core.clock.now(),
      users: this.site.data.users.length,
      spaces: this.site.spaces().length,
      pages,
      indexPending: this.core.index.pendingCount,
    };
  }

  setTimeZone(zone: string): void {
    try {
      this.site.setTimeZone(zone);
    } catch {
      throw badRequest(`Unknown time zone ${zone}`);
    }
  }

  // ---- pages ----

  page(id: string): PageSummary | undefined {
    const page = this.site.page(id);
    return page && this.summary(page);
  }

  /** Every page (any status), optionally in one space: handy for tests and the demo. */
  pages(spaceKey?: string): PageSummary[] {
    const space = spaceKey ? this.site.spaceByKey(spaceKey) : undefined;
    if (spaceKey && !space) throw notFound(`No space ${spaceKey}`);
    return this.site.pages().filter((p) => !space || p.spaceId === space.id).map((p) => this.summary(p));
  }

  findPage(title: string, spaceKey?: string): PageSummary | undefined {
    return this.pages(spaceKey).find((p) => p.title === title);
  }

  /** Whether the person may read the page now: the same check every REST read applies (permissions.ts). */
  canRead(accountId: string, pageId: string): boolean {
    const page = this.site.page(pageId);
    return page !== undefined && canReadPage(this.site, { kind: 'user', accountId }, page);
  }

  /** The value of a page's content property `key` (what a byline item with `contentPropertyKey` shows). */
  pageProperty(pageId: string, key: string): unknown {
    return this.site.pageProperties(pageId).find((p) => p.key === key)?.value;
  }

  /** Whether the installed app's own account may read the page now (what an `asApp()` Source indexes). */
  canAppRead(pageId: string): boolean {
    const page = this.site.page(pageId);
    return page !== undefined && canReadPage(this.site, { kind: 'app', accountId: this.appAccountId }, page);
  }

  /** Every space as stored (type, status, permissions): what tests compute the expected index from. */
  spaces(): SpaceRecord[] {
    return structuredClone(this.site.spaces());
  }

  /** The page as the person sees it in the web UI (title, sections as text); undefined when not theirs to read. */
  pageView(accountId: string, pageId: string): PageView | undefined {
    return pageViewFor(this.site, accountId, pageId);
  }

  createPage(input: CreatePageInput): PageSummary {
    const space = input.spaceId ? this.site.space(input.spaceId) : input.spaceKey ? this.site.spaceByKey(input.spaceKey) : undefined;
    if (!space) throw notFound(`No space ${input.spaceKey ?? input.spaceId ?? ''}`);
    const page = this.site.createPage({
      actorId: this.actor(input.as),
      spaceId: space.id,
      title: input.title,
      body: input.body ?? '',
      parentId: input.parentId ?? null,
      status: input.status,
      labels: input.labels,
    });
    return this.summary(page);
  }

  updatePage(id: string, input: { as?: string; title?: string; body?: string; message?: string; minorEdit?: boolean }): PageSummary {
    const page = this.site.requirePage(id);
    return this.summary(this.site.updatePage({ ...input, actorId: this.actor(input.as, page), id }));
  }

  /** The saved config of the page's Forge macro `moduleKey` (from its storage body); undefined if never configured. */
  macroConfig(pageId: string, moduleKey: string): Record<string, unknown> | undefined {
    const page = this.site.page(pageId);
    return page ? macroConfigOf(latest(page).body, moduleKey) : undefined;
  }

  /**
   * Saves a Forge macro's config with the page, as the editor's publish does: a new version whose body carries the
   * macro's parameters. Refused (403) for someone who may not edit the page.
   */
  saveMacroConfig(pageId: string, moduleKey: string, config: Record<string, unknown>, as: string): PageSummary {
    const page = this.site.requirePage(pageId);
    if (!canUpdatePage(this.site, { kind: 'user', accountId: as }, page)) throw new SimError(403, 'FORBIDDEN', `${as} may not edit page ${pageId}`);
    return this.updatePage(pageId, { as, body: withMacroConfig(latest(page).body, moduleKey, config), message: 'Macro settings', minorEdit: true });
  }

  movePage(id: string, input: { as?: string; parentId: string | null }): PageSummary {
    const page = this.site.requirePage(id);
    return this.summary(this.site.movePage(this.actor(input.as, page), id, input.parentId));
  }

  /** Moves the page and its descendants to the top of another space. */
  movePageToSpace(id: string, input: { as?: string; spaceKey: string }): PageSummary {
    const page = this.site.requirePage(id);
    const space = this.site.spaceByKey(input.spaceKey);
    if (!space) throw notFound(`No space ${input.spaceKey}`);
    return this.summary(this.site.movePageToSpace(this.actor(input.as, page), id, space.id));
  }

  archivePage(id: string, input: { as?: string } = {}): PageSummary {
    return this.summary(this.site.archivePage(this.actor(input.as, this.site.requirePage(id)), id));
  }

  trashPage(id: string, input: { as?: string } = {}): PageSummary {
    return this.summary(this.site.trashPage(this.actor(input.as, this.site.requirePage(id)), id));
  }

  restorePage(id: string, input: { as?: string } = {}): PageSummary {
    return this.summary(this.site.restorePage(this.actor(input.as, this.site.requirePage(id)), id));
  }

  /** Trashes first if needed, then purges: the page is gone (404) afterwards. */
  purgePage(id: string, input: { as?: string } = {}): void {
    const page = this.site.requirePage(id);
    const actor = this.actor(input.as, page);
    if (page.status !== 'trashed') this.site.trashPage(actor, id);
    this.site.purgePage(actor, id);
  }

  setRestrictions(id: string, input: { as?: string; read?: Principal[]; update?: Principal[] }): PageSummary {
    const page = this.site.requirePage(id);
    return this.summary(this.site.setRestrictions(this.actor(input.as, page), id, input));
  }

  setLabels(id: string, labels: string[]): PageSummary {
    return this.summary(this.site.setLabels(id, labels));
  }

  // ---- people and spaces ----

  addUser(user: { accountId: string; email: string; displayName: string; apiToken: string; siteAdmin?: boolean; groups?: string[] }): UserRecord {
    return structuredClone(this.site.addUser(user));
  }

  addGroup(name: string): void {
    this.site.addGroup(name);
  }

  setMembership(accountId: string, group: string, member: boolean): UserRecord {
    return structuredClone(this.site.setMembership(accountId, group, member));
  }

  addSpace(input: { key: string; name: string; type: SeedSpace['type']; status?: SpaceStatus; description?: string; ownerAccountId?: string; permissions: SeedSpace['permissions']; as?: string }): SpaceRecord {
    const space = this.site.addSpace(
      {
        key: input.key,
        name: input.name,
        type: input.type,
        status: input.status ?? 'current',
        description: input.description ?? '',
        ownerAccountId: input.ownerAccountId,
        permissions: structuredClone(input.permissions),
      },
      this.actor(input.as ?? input.ownerAccountId),
    );
    return structuredClone(space);
  }

  setSpacePermissions(key: string, permissions: SeedSpace['permissions']): SpaceRecord {
    return structuredClone(this.site.setSpacePermissions(key, permissions));
  }

  setSpaceStatus(key: string, status: SpaceStatus): SpaceRecord {
    return structuredClone(this.site.setSpaceStatus(key, status));
  }

  // ---- clock and index ----

  now(): number {
    return this.core.clock.now();
  }

  private stepped(): SteppedClock {
    if (!(this.core.clock instanceof SteppedClock)) throw new SimError(409, 'CONFLICT', 'The simulator runs on a real clock; start it with a SteppedClock to move time');
    return this.core.clock;
  }

  advanceClock(ms: number): number {
    return this.stepped().advance(ms);
  }

  setClock(epochMs: number): number {
    return this.stepped().set(epochMs);
  }

  /** Makes every pending change searchable now, ignoring the lag. */
  flushIndex(): void {
    this.core.index.flush();
  }

  setIndexLag(ms: number): void {
    this.core.index.lagMs = ms;
  }

  // ---- faults ----

  injectFault(spec: FaultSpec): Fault {
    return structuredClone(this.core.faults.add(spec));
  }

  faults(): Fault[] {
    return this.core.faults.list();
  }

  removeFault(id: string): boolean {
    return this.core.faults.remove(id);
  }

  /** Removes every fault rule and rate budget. */
  clearFaults(): void {
    this.core.faults.clear();
  }

  setRateBudget(budget: RateBudget): void {
    this.core.faults.setBudget(budget);
  }

  clearRateBudgets(): void {
    this.core.faults.clearBudgets();
  }

  /** Every credential of the account (API token, Bearer tokens) stops working at `at` (epoch ms; null lifts it). */
  expireCredentials(accountId: string, at: number | null): void {
    this.core.credentials.expireAccountAt(accountId, at);
  }

  // ---- tokens ----

  issueToken(request: IssueTokenRequest): IssuedToken {
    return { ...this.core.credentials.issue(request) };
  }

  revokeToken(by: { token?: string; accountId?: string }): number {
    return this.core.credentials.revoke(by);
  }

  // ---- comments and notifications ----

  /** A page's footer comments, oldest first (any identity's; no permission check). */
  footerComments(pageId: string): CommentRecord[] {
    this.site.requirePage(pageId);
    return structuredClone(this.site.footerComments(pageId));
  }

  /** The emails Confluence would have sent for @-mentions in comments, oldest first. */
  notifications(): Notification[] {
    return this.core.notifications.list();
  }

  clearNotifications(): void {
    this.core.notifications.clear();
  }

  // ---- request log and events ----

  requests(): RequestCounts {
    return this.core.log.snapshot();
  }

  resetRequests(): void {
    this.core.log.reset();
  }

  /** Every event emitted so far (index = position), from `since`. */
  events(since = 0): ProductEvent[] {
    return this.core.feed.log.slice(since);
  }
}

// ---- HTTP ----

interface ControlRoute {
  method: string;
  template: string;
  handle(control: Control, params: Record<string, string>, body: Record<string, unknown>, url: URL): unknown;
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v) throw badRequest(`'${name}' is required`);
  return v;
};
const num = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`'${name}' must be a number`);
  return v;
};
const as = (b: Record<string, unknown>): { as?: string } => (typeof b.as === 'string' ? { as: b.as } : {});

const CONTROL_ROUTES: ControlRoute[] = [
  { method: 'GET', template: '/__sim/state', handle: (c) => c.state() },
  { method: 'POST', template: '/__sim/seed', handle: (c, _p, b) => (c.seed(b as unknown as SiteSeed), c.state()) },
  { method: 'PUT', template: '/__sim/site', handle: (c, _p, b) => (c.setTimeZone(str(b.timeZone, 'timeZone')), c.state()) },
  { method: 'GET', template: '/__sim/pages', handle: (c, _p, _b, url) => c.pages(url.searchParams.get('spaceKey') ?? undefined) },
  { method: 'POST', template: '/__sim/pages', handle: (c, _p, b) => c.createPage({ ...(b as unknown as CreatePageInput), title: str(b.title, 'title') }) },
  {
    method: 'GET',
    template: '/__sim/pages/{id}',
    handle: (c, p) => {
      const page = c.page(p.id);
      if (!page) throw notFound();
      return page;
    },
  },
  { method: 'PUT', template: '/__sim/pages/{id}', handle: (c, p, b) => c.updatePage(p.id, b as { as?: string; title?: string; body?: string; message?: string }) },
  { method: 'POST', template: '/__sim/pages/{id}/move', handle: (c, p, b) => c.movePage(p.id, { ...as(b), parentId: (b.parentId as string | null | undefined) ?? null }) },
  { method: 'POST', template: '/__sim/pages/{id}/move-to-space', handle: (c, p, b) => c.movePageToSpace(p.id, { ...as(b), spaceKey: str(b.spaceKey, 'spaceKey') }) },
  { method: 'POST', template: '/__sim/pages/{id}/archive', handle: (c, p, b) => c.archivePage(p.id, as(b)) },
  { method: 'POST', template: '/__sim/pages/{id}/trash', handle: (c, p, b) => c.trashPage(p.id, as(b)) },
  { method: 'POST', template: '/__sim/pages/{id}/restore', handle: (c, p, b) => c.restorePage(p.id, as(b)) },
  { method: 'POST', template: '/__sim/pages/{id}/purge', handle: (c, p, b) => (c.purgePage(p.id, as(b)), { purged: p.id }) },
  { method: 'PUT', template: '/__sim/pages/{id}/restrictions', handle: (c, p, b) => c.setRestrictions(p.id, b as { as?: string; read?: Principal[]; update?: Principal[] }) },
  { method: 'PUT', template: '/__sim/pages/{id}/labels', handle: (c, p, b) => c.setLabels(p.id, (b.labels as string[]) ?? []) },
  { method: 'POST', template: '/__sim/users', handle: (c, _p, b) => c.addUser(b as unknown as Parameters<Control['addUser']>[0]) },
  { method: 'POST', template: '/__sim/groups', handle: (c, _p, b) => (c.addGroup(str(b.name, 'name')), { name: b.name }) },
  { method: 'PUT', template: '/__sim/groups/{name}/members/{accountId}', handle: (c, p) => c.setMembership(p.accountId, p.name, true) },
  { method: 'DELETE', template: '/__sim/groups/{name}/members/{accountId}', handle: (c, p) => c.setMembership(p.accountId, p.name, false) },
  { method: 'POST', template: '/__sim/spaces', handle: (c, _p, b) => c.addSpace(b as unknown as Parameters<Control['addSpace']>[0]) },
  { method: 'PUT', template: '/__sim/spaces/{key}/permissions', handle: (c, p, b) => c.setSpacePermissions(p.key, (b.permissions as SeedSpace['permissions']) ?? []) },
  { method: 'PUT', template: '/__sim/spaces/{key}/status', handle: (c, p, b) => c.setSpaceStatus(p.key, str(b.status, 'status') as SpaceStatus) },
  { method: 'GET', template: '/__sim/clock', handle: (c) => ({ now: c.now() }) },
  { method: 'POST', template: '/__sim/clock/advance', handle: (c, _p, b) => ({ now: c.advanceClock(num(b.ms, 'ms')) }) },
  { method: 'POST', template: '/__sim/clock/set', handle: (c, _p, b) => ({ now: c.setClock(num(b.epochMs, 'epochMs')) }) },
  { method: 'POST', template: '/__sim/index/flush', handle: (c) => (c.flushIndex(), { flushed: true }) },
  { method: 'PUT', template: '/__sim/index/lag', handle: (c, _p, b) => (c.setIndexLag(num(b.ms, 'ms')), { lagMs: b.ms }) },
  { method: 'GET', template: '/__sim/faults', handle: (c) => c.faults() },
  { method: 'POST', template: '/__sim/faults', handle: (c, _p, b) => c.injectFault(b as unknown as FaultSpec) },
  { method: 'DELETE', template: '/__sim/faults', handle: (c) => (c.clearFaults(), { cleared: true }) },
  { method: 'DELETE', template: '/__sim/faults/{id}', handle: (c, p) => ({ removed: c.removeFault(p.id) }) },
  { method: 'PUT', template: '/__sim/rate-budget', handle: (c, _p, b) => (c.setRateBudget({ ...(b as unknown as RateBudget), pointsPerHour: num(b.pointsPerHour, 'pointsPerHour') }), { ok: true }) },
  { method: 'DELETE', template: '/__sim/rate-budget', handle: (c) => (c.clearRateBudgets(), { cleared: true }) },
  { method: 'POST', template: '/__sim/credentials/expire', handle: (c, _p, b) => (c.expireCredentials(str(b.accountId, 'accountId'), (b.at as number | null | undefined) ?? null), { ok: true }) },
  { method: 'POST', template: '/__sim/tokens', handle: (c, _p, b) => c.issueToken(b as unknown as IssueTokenRequest) },
  { method: 'POST', template: '/__sim/tokens/revoke', handle: (c, _p, b) => ({ revoked: c.revokeToken(b as { token?: string; accountId?: string }) }) },
  { method: 'GET', template: '/__sim/pages/{id}/footer-comments', handle: (c, p) => c.footerComments(p.id) },
  { method: 'GET', template: '/__sim/notifications', handle: (c) => c.notifications() },
  { method: 'DELETE', template: '/__sim/notifications', handle: (c) => (c.clearNotifications(), { cleared: true }) },
  { method: 'GET', template: '/__sim/requests', handle: (c) => c.requests() },
  { method: 'POST', template: '/__sim/requests/reset', handle: (c) => (c.resetRequests(), { reset: true }) },
  {
    method: 'GET',
    template: '/__sim/events',
    handle: (c, _p, _b, url) => {
      const since = Number(url.searchParams.get('since') ?? '0');
      const events = c.events(Number.isFinite(since) && since > 0 ? since : 0);
      return { events, next: (since > 0 ? since : 0) + events.length };
    },
  },
];

const compiled = CONTROL_ROUTES.map(compileTemplate);

export function controlHandler(control: Control, maxBodyBytes: number): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  return async (req, res, url) => {
    let reply: Reply;
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const match = matchRoute(compiled, method, url.pathname);
      if (!match) throw notFound(`No control route ${url.pathname}`);
      if (!('route' in match)) throw new SimError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`);
      const raw = await readBody(req, maxBodyBytes * 40);
      const body = raw.length ? parseJson(raw) : {};
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object');
      const out = await match.route.handle(control, match.params, body as Record<string, unknown>, url);
      reply = { status: 200, body: out ?? {} };
    } catch (e) {
      const status = e instanceof SimError ? e.status : e instanceof RangeError || e instanceof TypeError ? 400 : 500;
      reply = { status, body: { error: e instanceof Error ? e.message : String(e) } };
    }
    if (!req.readableEnded) req.resume();
    send(res, reply);
  };
}


