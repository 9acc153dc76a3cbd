/**
 * v2 response shapes (PageBulk/PageSingle, SpaceBulk, Ancestor, ChildPage, Label, PageVersion) built from the
 * model, following Atlassian's v2 OpenAPI document (vendor/confluence-openapi).
 */
import type { CommentRecord } from './comments';
import { latest, type PageRecord, type Site, type SpaceRecord, type VersionRecord } from './model';
import { matches, type Identity } from './permissions';
import type { Principal } from './seed-types';
import { storageToAdf } from './storage-text';

export type BodyFormat = 'storage' | 'atlas_doc_format' | 'view';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Cloud's page URL: `/spaces/KEY/pages/ID/Title+With+Plus`; the app builds citations from it. */
export function pageWebui(space: SpaceRecord | undefined, page: PageRecord, title: string): string {
  return `/spaces/${encodeURIComponent(space?.key ?? '')}/pages/${page.id}/${encodeURIComponent(title).replace(/%20/g, '+')}`;
}

export function versionJson(v: VersionRecord): Record<string, unknown> {
  return { createdAt: iso(v.createdAt), message: v.message, number: v.number, minorEdit: v.minorEdit, authorId: v.authorId };
}

export function bodyJson(storage: string, format: BodyFormat | undefined): Record<string, unknown> {
  if (!format) return {};
  if (format === 'atlas_doc_format') return { atlas_doc_format: { representation: 'atlas_doc_format', value: storageToAdf(storage) } };
  return { [format]: { representation: format, value: storage } };
}

export function pageJson(site: Site, page: PageRecord, format: BodyFormat | undefined, version?: VersionRecord): Record<string, unknown> {
  const v = version ?? latest(page);
  const space = site.space(page.spaceId);
  return {
    id: page.id,
    status: version && version !== latest(page) ? 'historical' : page.status,
    title: v.title,
    spaceId: page.spaceId,
    // Cloud sends null for a root page (the schema's description says so, though it omits `nullable`).
    parentId: page.parentId,
    parentType: page.parentId ? 'page' : null,
    position: page.position,
    authorId: page.authorId,
    ownerId: page.ownerId,
    lastOwnerId: null,
    createdAt: iso(page.createdAt),
    version: versionJson(v),
    body: bodyJson(v.body, format),
    _links: {
      webui: pageWebui(space, page, v.title),
      editui: `/pages/resumedraft.action?draftId=${page.id}`,
      tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`,
    },
  };
}

export function spaceJson(space: SpaceRecord, descriptionFormat?: 'plain' | 'view'): Record<string, unknown> {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    createdAt: iso(space.createdAt),
    homepageId: space.homepageId ?? undefined,
    ...(descriptionFormat
      ? { description: { [descriptionFormat]: { representation: descriptionFormat, value: descriptionFormat === 'view' ? `<p>${space.description}</p>` : space.description } } }
      : {}),
    _links: { webui: `/spaces/${encodeURIComponent(space.key)}` },
  };
}

export function childJson(page: PageRecord, direct: boolean): Record<string, unknown> {
  return {
    id: page.id,
    status: page.status,
    title: latest(page).title,
    spaceId: page.spaceId,
    childPosition: page.position,
    ...(direct ? { type: 'page' } : {}),
  };
}

export const labelJson = (site: Site, name: string): Record<string, unknown> => ({ id: site.labelId(name), name, prefix: 'global' });

export function pageVersionJson(page: PageRecord, v: VersionRecord, format: BodyFormat | undefined): Record<string, unknown> {
  return { ...versionJson(v), page: { id: page.id, title: v.title, ...(format ? { body: bodyJson(v.body, format) } : {}) } };
}

/** `_links` plus the `Link` header of a v2 list: `next` is relative to the site (it starts with /wiki). */
export function listLinks(core: { wikiBase: string }, path: string, params: URLSearchParams, next: string | undefined): { links: Record<string, string>; headers: Record<string, string> } {
  const links: Record<string, string> = { base: core.wikiBase };
  const headers: Record<string, string> = {};
  if (next) {
    const p = new URLSearchParams(params);
    p.set('cursor', next);
    links.next = `${path}?${p.toString()}`;
    headers.Link = `<${links.next}>; rel="next", <${core.wikiBase}>; rel="base"`;
  }
  return { links, headers };
}

/** FooterCommentModel (create) and PageCommentModel (list): a comment has one version here (no comment edits). */
export function footerCommentJson(site: Site, comment: CommentRecord, format: BodyFormat | undefined): Record<string, unknown> {
  const page = site.page(comment.pageId);
  const title = page ? latest(page).title : '';
  const webui = page ? `${pageWebui(site.space(page.spaceId), page, title)}?focusedCommentId=${comment.id}#comment-${comment.id}` : '';
  return {
    id: comment.id,
    status: 'current',
    title: `Re: ${title}`,
    pageId: comment.pageId,
    version: { createdAt: iso(comment.createdAt), message: '', number: 1, minorEdit: false, authorId: comment.authorId },
    body: bodyJson(comment.body, format),
    _links: { webui },
  };
}

/** Cloud names groups by id in v2; the simulator's groups have names only, so the id is derived from the name. */
export const groupId = (name: string): string => `group-${name}`;

/**
 * SpacePermissionAssignment rows for a space: one per principal and operation, as Cloud lists them. The
 * simulator's coarse operations map onto Cloud's keys: read is `read/space`, write is `create` on pages and
 * blog posts, admin is `administer/space`. The app is a user principal under its own account id, as app
 * accounts are on Cloud; a personal space's owner holds every operation. Anonymous access has no documented
 * principal type in the v2 document (user, group, role), so it is not listed.
 */
export function spacePermissionRows(site: Site, space: SpaceRecord): Array<Record<string, unknown>> {
  const principalJson = (p: Principal): { type: string; id: string } | null => {
    if (p.type === 'user') return { type: 'user', id: p.accountId };
    if (p.type === 'group') return { type: 'group', id: groupId(p.name) };
    if (p.type === 'app') return { type: 'user', id: site.data.appAccountId };
    return null;
  };
  const rows: Array<Record<string, unknown>> = [];
  spaceGrants(space).forEach((grant, i) => {
    const principal = principalJson(grant.principal);
    if (!principal) return;
    cloudOperations(grant.operations).forEach((operation, j) => rows.push({ id: `${space.id}${String(i).padStart(3, '0')}${String(j).padStart(2, '0')}`, principal, operation }));
  });
  return rows;
}

type SpaceGrant = { principal: Principal; operations: Array<'read' | 'write' | 'admin'> };

/** A space's grants, with a personal space's owner holding every operation first (as Cloud lists the owner). */
function spaceGrants(space: SpaceRecord): SpaceGrant[] {
  const grants: SpaceGrant[] = [...space.permissions];
  if (space.type === 'personal' && space.ownerAccountId) grants.unshift({ principal: { type: 'user', accountId: space.ownerAccountId }, operations: ['read', 'write', 'admin'] });
  return grants;
}

/** The simulator's coarse operations as Cloud's (key, targetType) pairs; see spacePermissionRows. */
function cloudOperations(operations: SpaceGrant['operations']): Array<{ key: string; targetType: string }> {
  const ops: Array<{ key: string; targetType: string }> = [];
  if (operations.includes('read')) ops.push({ key: 'read', targetType: 'space' });
  if (operations.includes('write')) ops.push({ key: 'create', targetType: 'page' }, { key: 'create', targetType: 'blogpost' });
  if (operations.includes('admin')) ops.push({ key: 'administer', targetType: 'space' });
  return ops;
}

/**
 * PermittedOperationsResponse for `GET /spaces/{id}/operations`: what `who` may do in the space, from every grant
 * that matches them (directly, through a group, or as the app), once each, in the order spacePermissionRows uses.
 */
export function spaceOperationsFor(site: Site, who: Identity, space: SpaceRecord): { operations: Array<{ operation: string; targetType: string }> } {
  const seen = new Set<string>();
  const operations: Array<{ operation: string; targetType: string }> = [];
  for (const grant of spaceGrants(space)) {
    if (!matches(site, who, grant.principal)) continue;
    for (const op of cloudOperations(grant.operations)) {
      const id = `${op.key}/${op.targetType}`;
      if (seen.has(id)) continue;
      seen.add(id);
      operations.push({ operation: op.key, targetType: op.targetType });
    }
  }
  return { operations };
}
