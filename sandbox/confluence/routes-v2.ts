/**
 * The v2 endpoints the app uses: spaces, their permission assignments and the caller's permitted operations,
 * pages (list, get, create, update, delete/purge), ancestors, children, labels, versions and footer comments. Lists show only what the caller may read; an unreadable page is a 404, as on Cloud.
 */
import type { ApiContext, ApiRoute } from './core';
import { badRequest, notFound } from './errors';
import { json, requireNumericId, type Reply } from './http';
import { latest, modifiedAt, type PageRecord, type PropertyRecord } from './model';
import { paginate, type SortKey } from './pagination';
import { canReadPage, canReadSpace, canUpdatePage, canWriteSpace } from './permissions';
import { mentionedAccountIds, commentExcerpt } from './comments';
import { childJson, footerCommentJson, labelJson, listLinks, pageJson, pageVersionJson, spaceJson, spaceOperationsFor, spacePermissionRows, type BodyFormat } from './present-v2';
import { adfToStorage } from './storage-text';

const V2 = '/wiki/api/v2';
const LIST_BODY = ['storage', 'atlas_doc_format'] as const;
const SINGLE_BODY = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'] as const;
const LIST_STATUS = ['current', 'archived', 'deleted', 'trashed'] as const;
const PAGE_SORT = ['id', '-id', 'created-date', '-created-date', 'modified-date', '-modified-date', 'title', '-title'] as const;

const READ_PAGE = ['read:page:confluence', 'read:confluence-content.all'];
const WRITE_PAGE = ['write:page:confluence', 'write:confluence-content'];
const DELETE_PAGE = ['delete:page:confluence', 'write:confluence-content'];
const READ_SPACE = ['read:space:confluence', 'read:confluence-space.summary'];
const READ_COMMENT = ['read:comment:confluence', 'read:confluence-content.all'];
const WRITE_COMMENT = ['write:comment:confluence', 'write:confluence-content'];
const COMMENT_SORT = ['created-date', '-created-date', 'modified-date', '-modified-date'] as const;

function propertyJson(p: PropertyRecord): Record<string, unknown> {
  return { id: p.id, key: p.key, value: p.value, version: { number: p.version, message: '', minorEdit: false, createdAt: new Date(0).toISOString() } };
}

function readablePage(ctx: ApiContext, rawId: string): PageRecord {
  const page = ctx.site.page(requireNumericId(rawId));
  if (!page || !canReadPage(ctx.site, ctx.who, page)) throw notFound();
  return page;
}

function list<T>(ctx: ApiContext, path: string, items: T[], keyOf: (t: T) => SortKey, dirs: Array<1 | -1>, render: (t: T) => unknown): Reply {
  const limit = ctx.query.limit(250);
  const { page, next } = paginate(items, keyOf, dirs, ctx.query.string('cursor') ?? null, limit);
  const { links, headers } = listLinks(ctx.core, path, ctx.query.params, next);
  return json({ results: page.map(render), _links: links }, 200, headers);
}

function sortSpec(sort: string | undefined): { keyOf: (p: PageRecord) => SortKey; dirs: Array<1 | -1> } {
  const s = sort ?? 'id';
  const dir: 1 | -1 = s.startsWith('-') ? -1 : 1;
  const field = s.replace(/^-/, '');
  const id = (p: PageRecord): number => Number(p.id);
  switch (field) {
    case 'created-date':
      return { keyOf: (p) => [p.createdAt, id(p)], dirs: [dir, dir] };
    case 'modified-date':
      return { keyOf: (p) => [modifiedAt(p), id(p)], dirs: [dir, dir] };
    case 'title':
      return { keyOf: (p) => [latest(p).title, id(p)], dirs: [dir, dir] };
    default:
      return { keyOf: (p) => [id(p)], dirs: [dir] };
  }
}

function listPages(ctx: ApiContext, path: string, spaceId?: string): Reply {
  const q = ctx.query;
  const ids = q.ids('id', 250);
  const spaceIds = spaceId ? [spaceId] : q.ids('space-id', 100);
  const statuses: string[] = q.enumList('status', LIST_STATUS) ?? ['current', 'archived'];
  const title = q.string('title');
  const format = q.enumValue('body-format', LIST_BODY);
  const sort = sortSpec(q.enumValue('sort', PAGE_SORT));
  const depth = spaceId ? q.enumValue('depth', ['all', 'root'] as const) : undefined;
  const idSet = ids ? new Set(ids) : null;
  const spaceSet = spaceIds ? new Set(spaceIds) : null;
  const pages = ctx.site.pages().filter(
    (p) =>
      (!idSet || idSet.has(p.id)) &&
      (!spaceSet || spaceSet.has(p.spaceId)) &&
      statuses.includes(p.status) &&
      (title === undefined || latest(p).title === title) &&
      (depth !== 'root' || p.parentId === null) &&
      canReadPage(ctx.site, ctx.who, p),
  );
  return list(ctx, path, pages, sort.keyOf, sort.dirs, (p) => pageJson(ctx.site, p, format));
}

/** Accepts `{representation, value}` or `{storage: {...}}`; returns storage format. */
function storageFrom(body: unknown): string {
  if (!body || typeof body !== 'object') throw badRequest('body is required', 'INVALID_REQUEST_BODY');
  const b = body as Record<string, unknown>;
  const flat = typeof b.representation === 'string' ? b : ((b.storage ?? b.atlas_doc_format ?? b.wiki) as Record<string, unknown> | undefined);
  if (!flat || typeof flat.value !== 'string') throw badRequest('body.value is required', 'INVALID_REQUEST_BODY');
  const rep = flat.representation ?? (b.storage ? 'storage' : b.atlas_doc_format ? 'atlas_doc_format' : 'wiki');
  if (rep === 'storage' || rep === 'wiki') return flat.value;
  if (rep === 'atlas_doc_format') {
    try {
      return adfToStorage(flat.value);
    } catch {
      throw badRequest('body.value is not a valid ADF document', 'INVALID_REQUEST_BODY');
    }
  }
  throw badRequest(`Unsupported body representation ${String(rep)}`, 'INVALID_REQUEST_BODY');
}

/** A `rewriteOnSave` fault: the stored body differs from the one sent, as when Confluence's converter drops markup. */
function rewrittenOnSave(ctx: ApiContext, pageId: string, body: string): string {
  const facts = { method: 'PUT', endpoint: `PUT ${V2}/pages/{id}`, path: ctx.req.url?.split('?')[0] ?? '', accountId: ctx.who.accountId, isApp: ctx.who.kind === 'app' };
  const fault = ctx.core.faults.take('rewriteOnSave', facts, (f) => f.pageId === pageId && body.includes(f.find));
  return fault ? body.split(fault.find).join(fault.replace) : body;
}

const asObject = (v: unknown): Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('The request body must be a JSON object', 'INVALID_REQUEST_BODY');
  return v as Record<string, unknown>;
};

/**
 * A footer comment on a page the caller can read (the v2 document's 404 covers "does not have permission to
 * view the parent page"); the simulator has no separate "add comments" space permission, so reading is enough.
 * Each mentioned user who can read the page gets a notification, as Cloud emails them.
 */
async function createFooterComment(ctx: ApiContext): Promise<Reply> {
  const input = asObject(await ctx.body());
  for (const field of ['blogPostId', 'parentCommentId', 'attachmentId', 'customContentId']) {
    if (input[field] !== undefined) throw badRequest(`'${field}' is not supported by the simulator: comment on a page with pageId`, 'INVALID_REQUEST_BODY');
  }
  if (typeof input.pageId !== 'string' || !/^\d+$/.test(input.pageId)) throw badRequest('pageId is required and must be a numeric string', 'INVALID_REQUEST_BODY');
  const page = readablePage(ctx, input.pageId);
  if (page.status !== 'current') throw notFound('Page not found');
  const body = storageFrom(input.body);
  if (!body.trim()) throw badRequest('A comment needs a body', 'INVALID_REQUEST_BODY');
  const comment = ctx.site.addFooterComment(ctx.who.accountId, page.id, body);
  ctx.core.dataChanged();
  const excerpt = commentExcerpt(ctx.site, body);
  for (const accountId of mentionedAccountIds(body)) {
    const user = ctx.site.user(accountId);
    if (!user || accountId === ctx.who.accountId) continue;
    if (!canReadPage(ctx.site, { kind: 'user', accountId }, page)) continue;
    ctx.core.notifications.record({ accountId, email: user.email, pageId: page.id, commentId: comment.id, at: comment.createdAt, excerpt });
  }
  const out = footerCommentJson(ctx.site, comment, 'storage');
  return json({ ...out, _links: { ...(out._links as object), base: ctx.core.wikiBase } }, 201);
}

export const v2Routes: ApiRoute[] = [
  {
    method: 'GET',
    template: `${V2}/spaces`,
    family: 'v2',
    scopes: READ_SPACE,
    handle(ctx) {
      const q = ctx.query;
      const ids = q.ids('ids', 250);
      const keys = q.list('keys');
      const type = q.enumValue('type', ['global', 'collaboration', 'knowledge_base', 'personal'] as const);
      const status = q.enumValue('status', ['current', 'archived'] as const);
      const sort = q.enumValue('sort', ['id', '-id', 'key', '-key', 'name', '-name'] as const) ?? 'id';
      const descriptionFormat = q.enumValue('description-format', ['plain', 'view'] as const);
      const spaces = ctx.site
        .spaces()
        .filter(
          (s) =>
            (!ids || ids.includes(s.id)) &&
            (!keys || keys.includes(s.key)) &&
            (!type || s.type === type) &&
            (!status || s.status === status) &&
            canReadSpace(ctx.site, ctx.who, s),
        );
      const dir: 1 | -1 = sort.startsWith('-') ? -1 : 1;
      const field = sort.replace(/^-/, '');
      return list(
        ctx,
        `${V2}/spaces`,
        spaces,
        (s) => (field === 'id' ? [Number(s.id)] : [field === 'key' ? s.key : s.name, Number(s.id)]),
        [dir, dir],
        (s) => spaceJson(s, descriptionFormat),
      );
    },
  },
  {
    method: 'GET',
    template: `${V2}/spaces/{id}`,
    family: 'v2',
    scopes: READ_SPACE,
    handle(ctx) {
      const space = ctx.site.space(requireNumericId(ctx.params.id));
      if (!space || !canReadSpace(ctx.site, ctx.who, space)) throw notFound();
      const descriptionFormat = ctx.query.enumValue('description-format', ['plain', 'view'] as const);
      return json({ ...spaceJson(space, descriptionFormat), _links: { webui: `/spaces/${space.key}`, base: ctx.core.wikiBase } });
    },
  },
  {
    method: 'GET',
    template: `${V2}/spaces/{id}/pages`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const space = ctx.site.space(requireNumericId(ctx.params.id));
      if (!space || !canReadSpace(ctx.site, ctx.who, space)) throw notFound();
      return listPages(ctx, `${V2}/spaces/${space.id}/pages`, space.id);
    },
  },
  {
    method: 'GET',
    template: `${V2}/pages`,
    family: 'v2',
    scopes: READ_PAGE,
    handle: (ctx) => listPages(ctx, `${V2}/pages`),
  },
  {
    method: 'GET',
    template: `${V2}/pages/{id}`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const format = ctx.query.enumValue('body-format', SINGLE_BODY) as BodyFormat | undefined;
      const statuses = ctx.query.enumList('status', ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const);
      if (statuses && !statuses.includes(page.status as (typeof statuses)[number])) throw notFound();
      const wanted = ctx.query.string('version');
      let version;
      if (wanted !== undefined) {
        if (!/^\d+$/.test(wanted)) throw badRequest(`Provided value {${wanted}} for 'version' is not the correct type. Expected type is int`);
        version = page.versions.find((v) => v.number === Number(wanted));
        if (!version) throw notFound();
      }
      const out = pageJson(ctx.site, page, format, version);
      if (ctx.query.bool('include-labels')) out.labels = { results: page.labels.map((l) => labelJson(ctx.site, l)), meta: { hasMore: false, cursor: '' } };
      return json({ ...out, _links: { ...(out._links as object), base: ctx.core.wikiBase } });
    },
  },
  {
    method: 'POST',
    template: `${V2}/pages`,
    family: 'v2',
    scopes: WRITE_PAGE,
    async handle(ctx) {
      const input = asObject(await ctx.body());
      if (typeof input.spaceId !== 'string' || !/^\d+$/.test(input.spaceId)) throw badRequest('spaceId is required and must be a numeric string', 'INVALID_REQUEST_BODY');
      const space = ctx.site.space(input.spaceId);
      if (!space || !canReadSpace(ctx.site, ctx.who, space) || !canWriteSpace(ctx.site, ctx.who, space)) throw notFound('Space not found or you may not create pages in it');
      const status = input.status ?? 'current';
      if (status !== 'current' && status !== 'draft') throw badRequest(`Invalid status ${String(status)}`, 'INVALID_REQUEST_BODY');
      const title = typeof input.title === 'string' ? input.title : '';
      if (status === 'current' && !title.trim()) throw badRequest('Title is required for a published page', 'INVALID_REQUEST_BODY');
      let parentId: string | null = null;
      if (input.parentId !== undefined && input.parentId !== null) {
        const parent = ctx.site.page(String(input.parentId));
        if (!parent || !canReadPage(ctx.site, ctx.who, parent)) throw notFound('Parent page not found');
        parentId = parent.id;
      } else if (!ctx.query.bool('root-level')) {
        parentId = space.homepageId;
      }
      const page = ctx.site.createPage({
        actorId: ctx.who.accountId,
        spaceId: space.id,
        title,
        body: input.body === undefined ? '' : storageFrom(input.body),
        parentId,
        status,
      });
      const out = pageJson(ctx.site, page, 'storage');
      return json({ ...out, _links: { ...(out._links as object), base: ctx.core.wikiBase } });
    },
  },
  {
    method: 'PUT',
    template: `${V2}/pages/{id}`,
    family: 'v2',
    scopes: WRITE_PAGE,
    async handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const input = asObject(await ctx.body());
      for (const field of ['id', 'status', 'title', 'body', 'version']) {
        if (input[field] === undefined) throw badRequest(`'${field}' is required`, 'INVALID_REQUEST_BODY');
      }
      if (String(input.id) !== page.id) throw badRequest('The id in the body does not match the path', 'INVALID_REQUEST_BODY');
      if (!canUpdatePage(ctx.site, ctx.who, page)) throw notFound('Page not found or you may not update it');
      const version = input.version as { number?: unknown; message?: unknown };
      if (!version || typeof version.number !== 'number' || !Number.isInteger(version.number)) throw badRequest('version.number must be an integer', 'INVALID_REQUEST_BODY');
      if (input.status !== 'current' && input.status !== 'draft') throw badRequest(`Invalid status ${String(input.status)}`, 'INVALID_REQUEST_BODY');
      // The OpenAPI document: a PUT with status current restores a trashed page, changing only its status.
      if (page.status === 'trashed' && input.status === 'current') {
        ctx.site.restorePage(ctx.who.accountId, page.id);
      } else {
        if (page.status === 'trashed') throw notFound();
        if (input.status === 'draft' && page.status !== 'draft') throw badRequest('Reverting a published page to draft is not supported by the simulator', 'INVALID_REQUEST_BODY');
        const parentId = input.parentId === undefined || input.parentId === null ? undefined : String(input.parentId);
        if (parentId !== undefined) {
          const parent = ctx.site.page(parentId);
          if (!parent || !canReadPage(ctx.site, ctx.who, parent)) throw notFound('Parent page not found');
        }
        if (input.spaceId !== undefined && String(input.spaceId) !== page.spaceId) throw badRequest('Moving a page to another space is not supported', 'INVALID_REQUEST_BODY');
        ctx.site.updatePage({
          actorId: ctx.who.accountId,
          id: page.id,
          title: String(input.title),
          body: rewrittenOnSave(ctx, page.id, storageFrom(input.body)),
          message: typeof version.message === 'string' ? version.message : '',
          expectedVersion: version.number,
          parentId,
        });
      }
      const out = pageJson(ctx.site, ctx.site.requirePage(page.id), 'storage');
      return json({ ...out, _links: { ...(out._links as object), base: ctx.core.wikiBase } });
    },
  },
  {
    method: 'DELETE',
    template: `${V2}/pages/{id}`,
    family: 'v2',
    scopes: DELETE_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const purge = ctx.query.bool('purge');
      const space = ctx.site.space(page.spaceId);
      if (!space || !canWriteSpace(ctx.site, ctx.who, space) || (!purge && !canUpdatePage(ctx.site, ctx.who, page))) {
        throw notFound('Page not found or you may not delete it');
      }
      if (purge) {
        if (page.status !== 'trashed') throw badRequest('Only a trashed page can be purged', 'INVALID_REQUEST_PARAMETER');
        ctx.site.purgePage(ctx.who.accountId, page.id);
      } else {
        if (page.status === 'trashed') throw notFound();
        ctx.site.trashPage(ctx.who.accountId, page.id);
      }
      return { status: 204 };
    },
  },
  {
    // The caller's own operations on the page (PermittedOperationsResponse); 404 when they cannot read it.
    method: 'GET',
    template: `${V2}/pages/{id}/operations`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const operations = [{ operation: 'read', targetType: 'page' }];
      if (canUpdatePage(ctx.site, ctx.who, page)) operations.push({ operation: 'update', targetType: 'page' }, { operation: 'delete', targetType: 'page' });
      return json({ operations });
    },
  },
  {
    method: 'GET',
    template: `${V2}/pages/{pageId}/properties`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.pageId!);
      const key = ctx.query.string('key');
      const props = ctx.site.pageProperties(page.id).filter((p) => key === undefined || p.key === key);
      return list(ctx, `${V2}/pages/${page.id}/properties`, props, (p) => [Number(p.id)], [1], propertyJson);
    },
  },
  {
    method: 'POST',
    template: `${V2}/pages/{pageId}/properties`,
    family: 'v2',
    scopes: WRITE_PAGE,
    async handle(ctx) {
      const page = readablePage(ctx, ctx.params.pageId!);
      if (!canUpdatePage(ctx.site, ctx.who, page)) throw notFound('Page not found or you may not update it');
      const input = asObject(await ctx.body());
      if (typeof input.key !== 'string' || !input.key) throw badRequest("'key' is required", 'INVALID_REQUEST_BODY');
      const record = ctx.site.createPageProperty(page.id, input.key, input.value ?? null);
      ctx.core.dataChanged();
      return json(propertyJson(record));
    },
  },
  {
    method: 'GET',
    template: `${V2}/pages/{pageId}/properties/{propertyId}`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.pageId!);
      const record = ctx.site.pageProperties(page.id).find((p) => p.id === ctx.params.propertyId);
      if (!record) throw notFound();
      return json(propertyJson(record));
    },
  },
  {
    method: 'PUT',
    template: `${V2}/pages/{pageId}/properties/{propertyId}`,
    family: 'v2',
    scopes: WRITE_PAGE,
    async handle(ctx) {
      const page = readablePage(ctx, ctx.params.pageId!);
      if (!canUpdatePage(ctx.site, ctx.who, page)) throw notFound('Page not found or you may not update it');
      const input = asObject(await ctx.body());
      const version = input.version as { number?: unknown } | undefined;
      if (typeof input.key !== 'string' || !version || typeof version.number !== 'number') throw badRequest("'key' and 'version.number' are required", 'INVALID_REQUEST_BODY');
      const record = ctx.site.updatePageProperty(page.id, requireNumericId(ctx.params.propertyId!), input.key, input.value ?? null, version.number);
      ctx.core.dataChanged();
      return json(propertyJson(record));
    },
  },
  {
    method: 'GET',
    template: `${V2}/pages/{id}/ancestors`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const limit = ctx.query.limit(250);
      const results = ctx.site.ancestors(page).slice(0, limit).map((a) => ({ id: a.id, type: 'page' }));
      return json({ results, _links: { base: ctx.core.wikiBase } });
    },
  },
  ...(['children', 'direct-children'] as const).map(
    (kind): ApiRoute => ({
      method: 'GET',
      template: `${V2}/pages/{id}/${kind}`,
      family: 'v2',
      scopes: READ_PAGE,
      handle(ctx) {
        const page = readablePage(ctx, ctx.params.id);
        const sort = ctx.query.enumValue('sort', ['created-date', '-created-date', 'id', '-id', 'child-position', '-child-position', 'modified-date', '-modified-date'] as const) ?? 'child-position';
        const dir: 1 | -1 = sort.startsWith('-') ? -1 : 1;
        const field = sort.replace(/^-/, '');
        const children = ctx.site
          .children(page.id)
          .filter((c) => (c.status === 'current' || c.status === 'archived') && canReadPage(ctx.site, ctx.who, c));
        const keyOf = (c: PageRecord): SortKey =>
          field === 'id' ? [Number(c.id)] : field === 'created-date' ? [c.createdAt, Number(c.id)] : field === 'modified-date' ? [modifiedAt(c), Number(c.id)] : [c.position, Number(c.id)];
        return list(ctx, `${V2}/pages/${page.id}/${kind}`, children, keyOf, [dir, dir], (c) => childJson(c, kind === 'direct-children'));
      },
    }),
  ),
  {
    method: 'GET',
    template: `${V2}/pages/{id}/labels`,
    family: 'v2',
    scopes: ['read:page:confluence', 'read:label:confluence', 'read:confluence-content.all'],
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const prefix = ctx.query.enumValue('prefix', ['my', 'team', 'global', 'system'] as const);
      const labels = prefix && prefix !== 'global' ? [] : page.labels;
      return list(ctx, `${V2}/pages/${page.id}/labels`, labels, (l) => [Number(ctx.site.labelId(l))], [1], (l) => labelJson(ctx.site, l));
    },
  },
  {
    method: 'GET',
    template: `${V2}/pages/{id}/versions`,
    family: 'v2',
    scopes: READ_PAGE,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const format = ctx.query.enumValue('body-format', LIST_BODY);
      const sort = ctx.query.enumValue('sort', ['modified-date', '-modified-date'] as const) ?? '-modified-date';
      const dir: 1 | -1 = sort.startsWith('-') ? -1 : 1;
      return list(ctx, `${V2}/pages/${page.id}/versions`, page.versions, (v) => [v.number], [dir], (v) => pageVersionJson(page, v, format));
    },
  },
  {
    method: 'POST',
    template: `${V2}/footer-comments`,
    family: 'v2',
    scopes: WRITE_COMMENT,
    handle: createFooterComment,
  },
  {
    method: 'GET',
    template: `${V2}/pages/{id}/footer-comments`,
    family: 'v2',
    scopes: READ_COMMENT,
    handle(ctx) {
      const page = readablePage(ctx, ctx.params.id);
      const format = ctx.query.enumValue('body-format', LIST_BODY);
      const statuses = ctx.query.enumList('status', ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const);
      const sort = ctx.query.enumValue('sort', COMMENT_SORT) ?? 'created-date';
      const dir: 1 | -1 = sort.startsWith('-') ? -1 : 1;
      const comments = statuses && !statuses.includes('current') ? [] : ctx.site.footerComments(page.id);
      return list(ctx, `${V2}/pages/${page.id}/footer-comments`, comments, (c) => [c.createdAt, Number(c.id)], [dir, dir], (c) => footerCommentJson(ctx.site, c, format));
    },
  },
  {
    method: 'GET',
    template: `${V2}/spaces/{id}/permissions`,
    family: 'v2',
    scopes: READ_SPACE,
    handle(ctx) {
      const space = ctx.site.space(requireNumericId(ctx.params.id));
      if (!space || !canReadSpace(ctx.site, ctx.who, space)) throw notFound();
      const rows = spacePermissionRows(ctx.site, space).map((row, n) => ({ row, n }));
      return list(ctx, `${V2}/spaces/${space.id}/permissions`, rows, (r) => [r.n], [1], (r) => r.row);
    },
  },
  {
    // The caller's own operations on the space (PermittedOperationsResponse); 404 when they cannot view it.
    method: 'GET',
    template: `${V2}/spaces/{id}/operations`,
    family: 'v2',
    scopes: READ_SPACE,
    handle(ctx) {
      const space = ctx.site.space(requireNumericId(ctx.params.id));
      if (!space || !canReadSpace(ctx.site, ctx.who, space)) throw notFound();
      return json(spaceOperationsFor(ctx.site, ctx.who, space));
    },
  },
];

