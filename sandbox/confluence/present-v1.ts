/**
 * v1 response shapes (Content, Space, User, SearchResult, ContentRestriction) from the model, following
 * Atlassian's v1 OpenAPI document (vendor/confluence-openapi). `expand` decides what is filled in, as on Cloud.
 */
import { latest, type PageRecord, type Site, type SpaceRecord } from './model';
import { groupId, pageWebui } from './present-v2';
import { storageText, storageToAdf } from './storage-text';
import type { Principal } from './seed-types';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The site's member group: every licensed user is in it, Confluence guests (external collaborators) are not. */
export const SITE_MEMBER_GROUP = 'confluence-users';

/**
 * Whether a user is a guest: on a site that has the member group, a user outside it. Seeds without that group
 * (small test sites) have no guests.
 */
export function isGuest(site: Site, accountId: string): boolean {
  const user = site.user(accountId);
  if (!user || !site.data.groups.includes(SITE_MEMBER_GROUP)) return false;
  return !user.groups.includes(SITE_MEMBER_GROUP);
}

export function userJson(site: Site, accountId: string): Record<string, unknown> {
  const user = site.user(accountId);
  const isApp = accountId === site.data.appAccountId;
  const name = user?.displayName ?? (isApp ? 'Librarian' : accountId);
  return {
    type: 'known',
    accountId,
    accountType: isApp ? 'app' : 'atlassian',
    email: user?.email ?? '',
    publicName: name,
    profilePicture: { path: `/wiki/aa-avatar/${accountId}`, width: 48, height: 48, isDefault: true },
    displayName: name,
    isExternalCollaborator: isGuest(site, accountId),
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `/wiki/rest/api/user?accountId=${encodeURIComponent(accountId)}` },
  };
}

/**
 * The site-level operations of `expand=operations` (v1 OperationCheckResult): everyone who can sign in may
 * `use` Confluence; only site admins (the seed's `siteAdmin`) hold `administer` on the application, which is
 * what tells the app that someone may change a Library.
 */
export function userOperations(site: Site, accountId: string): Array<{ operation: string; targetType: string }> {
  const user = site.user(accountId);
  const ops: Array<{ operation: string; targetType: string }> = [];
  if (user?.siteAdmin) ops.push({ operation: 'administer', targetType: 'application' });
  if (user || accountId === site.data.appAccountId) ops.push({ operation: 'use', targetType: 'application' });
  return ops;
}

export function groupJson(name: string, wikiBase: string): Record<string, unknown> {
  return { type: 'group', name, id: groupId(name), _links: { self: `${wikiBase}/rest/api/group/by-id?id=${encodeURIComponent(groupId(name))}` } };
}

export function spaceJsonV1(space: SpaceRecord, wikiBase: string): Record<string, unknown> {
  return {
    id: Number(space.id),
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    _expandable: { settings: '', metadata: '', operations: '', lookAndFeel: '', identifiers: '', permissions: '', icon: '', description: '', theme: '', history: '', homepage: '' },
    _links: { webui: `/spaces/${space.key}`, self: `${wikiBase}/rest/api/space/${space.key}` },
  };
}

export function contentJson(site: Site, page: PageRecord, expand: Set<string>, wikiBase: string): Record<string, unknown> {
  const v = latest(page);
  const space = site.space(page.spaceId);
  const out: Record<string, unknown> = { id: page.id, type: 'page', status: page.status, title: v.title };
  const expandable: Record<string, string> = {};
  if (expand.has('space') && space) out.space = spaceJsonV1(space, wikiBase);
  else if (space) expandable.space = `/rest/api/space/${space.key}`;
  if (expand.has('version')) {
    out.version = {
      by: userJson(site, v.authorId),
      when: iso(v.createdAt),
      friendlyWhen: iso(v.createdAt),
      message: v.message,
      number: v.number,
      minorEdit: v.minorEdit,
      _expandable: { collaborators: '', content: `/rest/api/content/${page.id}` },
      _links: { self: `${wikiBase}/rest/api/content/${page.id}/version/${v.number}` },
    };
  } else expandable.version = '';
  if (expand.has('history')) {
    out.history = { latest: true, createdBy: userJson(site, page.authorId), ownedBy: userJson(site, page.ownerId), createdDate: iso(page.createdAt) };
  } else expandable.history = `/rest/api/content/${page.id}/history`;
  if (expand.has('ancestors')) out.ancestors = site.ancestors(page).map((a) => contentJson(site, a, new Set(), wikiBase));
  else expandable.ancestors = '';
  const body: Record<string, unknown> = {};
  if (expand.has('body.storage')) body.storage = { value: v.body, representation: 'storage', _expandable: { content: `/rest/api/content/${page.id}` } };
  if (expand.has('body.atlas_doc_format')) body.atlas_doc_format = { value: storageToAdf(v.body), representation: 'atlas_doc_format', _expandable: { content: `/rest/api/content/${page.id}` } };
  if (Object.keys(body).length) out.body = body;
  else expandable.body = '';
  if (expand.has('metadata.labels')) {
    out.metadata = { labels: { results: page.labels.map((name) => ({ prefix: 'global', name, id: site.labelId(name), label: name })), start: 0, limit: 200, size: page.labels.length } };
  }
  if (expand.has('container') && space) out.container = spaceJsonV1(space, wikiBase);
  out.extensions = { position: page.position };
  out._expandable = { ...expandable, container: space ? `/rest/api/space/${space.key}` : '', restrictions: `/rest/api/content/${page.id}/restriction/byOperation`, children: `/rest/api/content/${page.id}/child`, descendants: `/rest/api/content/${page.id}/descendant` };
  out._links = {
    webui: pageWebui(space, page, v.title),
    edit: `/pages/resumedraft.action?draftId=${page.id}`,
    tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`,
    self: `${wikiBase}/rest/api/content/${page.id}`,
  };
  return out;
}

export function searchResultJson(site: Site, page: PageRecord, expand: Set<string>, wikiBase: string, score: number): Record<string, unknown> {
  const v = latest(page);
  const space = site.space(page.spaceId);
  const text = storageText(v.body);
  return {
    content: contentJson(site, page, expand, wikiBase),
    title: v.title,
    excerpt: text.slice(0, 300),
    url: pageWebui(space, page, v.title),
    resultGlobalContainer: { title: space?.name ?? '', displayUrl: `/spaces/${space?.key ?? ''}` },
    breadcrumbs: [],
    entityType: 'content',
    iconCssClass: 'aui-icon content-type-page',
    lastModified: iso(v.createdAt),
    friendlyLastModified: iso(v.createdAt),
    score,
  };
}

export function restrictionsJson(site: Site, page: PageRecord, wikiBase: string): Record<string, unknown> {
  const one = (operation: 'read' | 'update', principals: Principal[]): Record<string, unknown> => {
    const users = principals.flatMap((p) => (p.type === 'user' ? [userJson(site, p.accountId)] : []));
    const groups = principals.flatMap((p) => (p.type === 'group' ? [{ type: 'group', name: p.name, id: groupId(p.name) }] : []));
    return {
      operation,
      restrictions: {
        user: { results: users, start: 0, limit: 200, size: users.length },
        group: { results: groups, start: 0, limit: 200, size: groups.length },
      },
      _expandable: { content: `/rest/api/content/${page.id}` },
      _links: { self: `${wikiBase}/rest/api/content/${page.id}/restriction/byOperation/${operation}` },
    };
  };
  return { read: one('read', page.restrictions.read), update: one('update', page.restrictions.update), _links: { base: wikiBase, context: '/wiki' } };
}
