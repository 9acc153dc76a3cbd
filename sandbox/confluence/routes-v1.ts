/**
 * The v1 endpoints the app uses: CQL content search and site search, system info, the current user (with the
 * site-level operations that tell a site admin apart), users by account id (one, or many at once), a user's
 * groups and a page's restrictions. Search runs over the lagging index and hydrates from live state, so a page appears
 * only after the index lag, never when trashed, archived or unreadable, and always with its current fields.
 */
import type { ApiContext, ApiRoute } from './core';
import { CqlError, compile } from './cql';
import { SimError, badRequest, notFound } from './errors';
import { json, requireNumericId, type Reply } from './http';
import { paginate, type SortKey } from './pagination';
import { canReadPage, canUpdatePage } from './permissions';
import { contentJson, groupJson, restrictionsJson, searchResultJson, spaceJsonV1, userJson, userOperations } from './present-v1';
import type { PageRecord } from './model';
import type { IndexEntry } from './search-index';

const USER_SCOPES = ['read:user:confluence', 'read:content-details:confluence', 'read:confluence-user'];
/** The most people one `user/bulk` request answers. */
const BULK_USERS_MAX = 100;
const SEARCH_SCOPES = ['search:confluence', 'read:confluence-content.summary', 'read:confluence-content.all'];

interface Hit {
  entry: IndexEntry;
  page: PageRecord;
  score: number;
}

function runCql(ctx: ApiContext): { hits: Hit[]; keyOf: (h: Hit) => SortKey; dirs: Array<1 | -1>; cql: string } {
  const cql = ctx.query.string('cql');
  if (!cql || !cql.trim()) throw new SimError(400, 'INVALID_CQL', 'CQL query parameter is required');
  let compiled;
  try {
    compiled = compile(cql, ctx.site.timeZone);
  } catch (e) {
    if (e instanceof CqlError) throw new SimError(400, 'INVALID_CQL', `Could not parse cql : ${cql} (${e.message})`);
    throw e;
  }
  const hits: Hit[] = [];
  for (const entry of ctx.core.index.visible()) {
    const score = compiled.match(entry);
    if (score === undefined) continue;
    const page = ctx.site.page(entry.id);
    const space = page && ctx.site.space(page.spaceId);
    if (!page || page.status !== 'current' || !space || space.status !== 'current' || !canReadPage(ctx.site, ctx.who, page)) continue;
    hits.push({ entry, page, score });
  }
  const first = compiled.orderBy[0];
  if (first) {
    const dir: 1 | -1 = first.dir === 'desc' ? -1 : 1;
    const value = (h: Hit): string | number => (first.field === 'title' ? h.entry.title : first.field === 'created' ? h.entry.createdAt : h.entry.modifiedAt);
    return { hits, keyOf: (h) => [value(h), Number(h.entry.id)], dirs: [dir, 1], cql };
  }
  return { hits, keyOf: (h) => [h.score, Number(h.entry.id)], dirs: [-1, 1], cql };
}

function expandSet(ctx: ApiContext): Set<string> {
  return new Set((ctx.query.list('expand') ?? []).map((e) => e.trim()));
}

/** v1 next links are relative to /wiki (`/rest/api/...`), to be joined onto `_links.base`. */
function nextLink(path: string, params: URLSearchParams, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const p = new URLSearchParams(params);
  p.set('cursor', cursor);
  p.delete('start');
  return `${path}?${p.toString()}`;
}

function contentSearch(ctx: ApiContext): Reply {
  const expand = expandSet(ctx);
  // Cloud caps search results that expand bodies at 50 per request.
  const max = [...expand].some((e) => e.startsWith('body')) ? 50 : 250;
  const limit = ctx.query.limit(max, 25, 0);
  const { hits, keyOf, dirs } = runCql(ctx);
  const { page, next } = paginate(hits, keyOf, dirs, ctx.query.string('cursor') ?? null, Math.max(limit, 1));
  const results = limit === 0 ? [] : page;
  const links: Record<string, string> = { base: ctx.core.wikiBase, context: '/wiki', self: `${ctx.core.wikiBase}/rest/api/content/search` };
  const n = limit === 0 ? undefined : nextLink('/rest/api/content/search', ctx.query.params, next);
  if (n) links.next = n;
  return json({
    results: results.map((h) => withOperations(ctx, h.page, contentJson(ctx.site, h.page, expand, ctx.core.wikiBase), expand)),
    start: 0,
    limit,
    size: results.length,
    _links: links,
  });
}

/** `expand=operations`: the caller's own operations on the content (v1 Content.operations, OperationCheckResult). */
function withOperations(ctx: ApiContext, page: PageRecord, out: Record<string, unknown>, expand: Set<string>): Record<string, unknown> {
  if (!expand.has('operations')) return out;
  const operations = [{ operation: 'read', targetType: 'page' }];
  if (canUpdatePage(ctx.site, ctx.who, page)) operations.push({ operation: 'update', targetType: 'page' }, { operation: 'delete', targetType: 'page' });
  return { ...out, operations };
}

function siteSearch(ctx: ApiContext): Reply {
  const expand = new Set([...expandSet(ctx)].map((e) => e.replace(/^content\./, '')));
  const limit = ctx.query.limit(expand.has('body.storage') ? 50 : 250, 25, 0);
  const { hits, keyOf, dirs, cql } = runCql(ctx);
  const { page, next } = paginate(hits, keyOf, dirs, ctx.query.string('cursor') ?? null, Math.max(limit, 1));
  const results = limit === 0 ? [] : page;
  const links: Record<string, string> = { base: ctx.core.wikiBase, context: '/wiki', self: `${ctx.core.wikiBase}/rest/api/search` };
  const n = limit === 0 ? undefined : nextLink('/rest/api/search', ctx.query.params, next);
  if (n) links.next = n;
  return json({
    results: results.map((h) => searchResultJson(ctx.site, h.page, expand, ctx.core.wikiBase, h.score)),
    start: 0,
    limit,
    size: results.length,
    totalSize: hits.length,
    cqlQuery: cql,
    searchDuration: 3,
    _links: links,
  });
}

function requiredAccountId(ctx: ApiContext): string {
  const accountId = ctx.query.string('accountId');
  if (!accountId) throw badRequest('accountId is required');
  return accountId;
}

/** A v1 User with the `expand`s the simulator knows: `operations` and `personalSpace`. */
function expandedUser(ctx: ApiContext, accountId: string): Record<string, unknown> {
  const out = userJson(ctx.site, accountId);
  const wanted = expandSet(ctx);
  const expandable = { ...(out._expandable as Record<string, string>) };
  if (wanted.has('operations')) {
    out.operations = userOperations(ctx.site, accountId);
    delete expandable.operations;
  }
  if (wanted.has('personalSpace')) {
    const personal = ctx.site.spaces().find((s) => s.type === 'personal' && s.ownerAccountId === accountId);
    if (personal) out.personalSpace = spaceJsonV1(personal, ctx.core.wikiBase);
    delete expandable.personalSpace;
  }
  out._expandable = expandable;
  return out;
}

/**
 * Several people at once (`GetBulkUserLookup`): ids come repeated or comma-separated, at most 100 are answered
 * (Atlassian's reference: "If more than 100 account ids are passed in, then the first 100 will be returned";
 * the OpenAPI document says 200), and ids with no account are left out rather than failing the request.
 */
function usersBulk(ctx: ApiContext): Reply {
  const ids = [...new Set(ctx.query.list('accountId') ?? [])];
  if (!ids.length) throw badRequest('accountId is required');
  const limit = ctx.query.limit(BULK_USERS_MAX, BULK_USERS_MAX);
  const known = ids.filter((id) => ctx.site.user(id) || id === ctx.site.data.appAccountId).slice(0, limit);
  const results = known.map((id) => expandedUser(ctx, id));
  return json({
    results,
    start: 0,
    limit,
    size: results.length,
    _links: { base: ctx.core.wikiBase, context: '/wiki', self: `${ctx.core.wikiBase}/rest/api/user/bulk` },
  });
}

export const v1Routes: ApiRoute[] = [
  { method: 'GET', template: '/wiki/rest/api/content/search', family: 'v1', scopes: SEARCH_SCOPES, handle: contentSearch },
  { method: 'GET', template: '/wiki/rest/api/search', family: 'v1', scopes: SEARCH_SCOPES, handle: siteSearch },
  {
    method: 'GET',
    template: '/wiki/rest/api/settings/systemInfo',
    family: 'v1',
    scopes: ['read:configuration:confluence', 'manage:confluence-configuration'],
    handle: (ctx) =>
      json({
        cloudId: ctx.site.data.site.cloudId,
        commitHash: 'simulator',
        baseUrl: ctx.core.wikiBase,
        edition: 'standard',
        siteTitle: ctx.site.data.site.name,
        defaultLocale: 'en_US',
        defaultTimeZone: ctx.site.timeZone,
      }),
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/user/current',
    family: 'v1',
    scopes: USER_SCOPES,
    handle: (ctx) => json(expandedUser(ctx, ctx.who.accountId)),
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/user',
    family: 'v1',
    scopes: USER_SCOPES,
    handle(ctx) {
      const accountId = requiredAccountId(ctx);
      if (!ctx.site.user(accountId) && accountId !== ctx.site.data.appAccountId) throw notFound(`No user found with accountId: ${accountId}`);
      return json(expandedUser(ctx, accountId));
    },
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/user/bulk',
    family: 'v1',
    scopes: ['read:content-details:confluence', 'read:confluence-user'],
    handle: usersBulk,
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/user/memberof',
    family: 'v1',
    scopes: ['read:user:confluence', 'read:group:confluence', 'read:confluence-user'],
    handle(ctx) {
      const accountId = requiredAccountId(ctx);
      const user = ctx.site.user(accountId);
      if (!user && accountId !== ctx.site.data.appAccountId) throw notFound(`No user found with accountId: ${accountId}`);
      const start = ctx.query.string('start') ?? '0';
      if (!/^\d+$/.test(start)) throw badRequest(`Provided value {${start}} for 'start' is not valid`);
      const limit = ctx.query.limit(200, 200);
      const groups = [...(user?.groups ?? [])].sort();
      const results = groups.slice(Number(start), Number(start) + limit).map((name) => groupJson(name, ctx.core.wikiBase));
      const links: Record<string, string> = { base: ctx.core.wikiBase, context: '/wiki', self: `${ctx.core.wikiBase}/rest/api/user/memberof` };
      if (Number(start) + limit < groups.length) links.next = `/rest/api/user/memberof?accountId=${encodeURIComponent(accountId)}&start=${Number(start) + limit}&limit=${limit}`;
      return json({ results, start: Number(start), limit, size: results.length, _links: links });
    },
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/content/{id}/restriction/byOperation',
    family: 'v1',
    scopes: ['read:content.restriction:confluence', 'read:confluence-content.all'],
    handle(ctx) {
      const page = ctx.site.page(requireNumericId(ctx.params.id));
      if (!page || !canReadPage(ctx.site, ctx.who, page)) throw notFound(`No content found with id: ${ctx.params.id}`);
      return json(restrictionsJson(ctx.site, page, ctx.core.wikiBase));
    },
  },
  {
    // Check content permissions (Atlassian's v1 OpenAPI, operationId checkContentPermission): whether a user may
    // read, update or delete a page, applying site, space and restriction rules (inherited view restrictions too).
    // Checking someone else needs the Confluence Administrator global permission; the app may check anyone, as
    // Forge apps do to act for a person who is not the invoking user.
    method: 'POST',
    template: '/wiki/rest/api/content/{id}/permission/check',
    family: 'v1',
    scopes: ['read:content.permission:confluence', 'read:confluence-content.permission'],
    async handle(ctx) {
      const input = await ctx.body();
      const body = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as { subject?: { type?: unknown; identifier?: unknown }; operation?: unknown };
      const operation = body.operation;
      if (operation !== 'read' && operation !== 'update' && operation !== 'delete') throw badRequest("'operation' must be one of read, update, delete");
      const subject = body.subject;
      if (!subject || subject.type !== 'user' || typeof subject.identifier !== 'string' || !subject.identifier) {
        throw badRequest("'subject' must be {type: 'user', identifier: <accountId>} (groups are not supported by the simulator)");
      }
      const accountId = subject.identifier;
      const self = ctx.who.kind === 'user' && ctx.who.accountId === accountId;
      const admin = ctx.who.kind === 'user' && (ctx.site.user(ctx.who.accountId)?.siteAdmin ?? false);
      if (!self && !admin && ctx.who.kind !== 'app') throw new SimError(403, 'FORBIDDEN', 'Checking the permissions of another user needs the Confluence Administrator global permission');
      const page = ctx.site.page(requireNumericId(ctx.params.id));
      if (!page || !canReadPage(ctx.site, ctx.who, page)) throw notFound(`No content found with id: ${ctx.params.id}`);
      const user = ctx.site.user(accountId);
      const subjectIdentity = { kind: 'user' as const, accountId };
      const allowed = !!user && (operation === 'read' ? canReadPage(ctx.site, subjectIdentity, page) : canUpdatePage(ctx.site, subjectIdentity, page));
      const errors = allowed ? [] : [{ translation: user ? 'User does not have permission to the content' : 'User is not allowed to use Confluence', args: [] }];
      return json({ hasPermission: allowed, errors, _links: { base: ctx.core.wikiBase } });
    },
  },
];


