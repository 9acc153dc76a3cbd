/**
 * Who may see and change what. A page is readable only when its space is readable and the identity passes the
 * page's own read restriction and every restricted ancestor's (Confluence docs: "inherited view restrictions").
 * Update restrictions are not inherited. Drafts are visible only to their author.
 */
import type { Principal } from './seed-types';
import type { PageRecord, Site, SpaceRecord } from './model';

/** Who a request acts as. `scopes` is set only for scoped API tokens. */
export type Identity =
  | { kind: 'app'; accountId: string }
  | { kind: 'user'; accountId: string; scopes?: string[] };

export function matches(site: Site, who: Identity, principal: Principal): boolean {
  switch (principal.type) {
    case 'anonymous':
      return true;
    case 'app':
      return who.kind === 'app';
    case 'user':
      return who.accountId === principal.accountId;
    case 'group':
      return who.kind === 'user' && (site.user(who.accountId)?.groups.includes(principal.name) ?? false);
  }
}

function spaceAllows(site: Site, who: Identity, space: SpaceRecord, op: 'read' | 'write' | 'admin'): boolean {
  if (space.type === 'personal' && space.ownerAccountId === who.accountId) return true;
  return space.permissions.some((p) => p.operations.includes(op) && matches(site, who, p.principal));
}

export const canReadSpace = (site: Site, who: Identity, space: SpaceRecord): boolean => spaceAllows(site, who, space, 'read');

export const canWriteSpace = (site: Site, who: Identity, space: SpaceRecord): boolean =>
  spaceAllows(site, who, space, 'read') && spaceAllows(site, who, space, 'write');

const passes = (site: Site, who: Identity, list: Principal[]): boolean => list.length === 0 || list.some((p) => matches(site, who, p));

export function canReadPage(site: Site, who: Identity, page: PageRecord): boolean {
  const space = site.space(page.spaceId);
  if (!space || !canReadSpace(site, who, space)) return false;
  if (page.status === 'draft' && page.authorId !== who.accountId) return false;
  if (!passes(site, who, page.restrictions.read)) return false;
  return site.ancestors(page).every((a) => passes(site, who, a.restrictions.read));
}

export function canUpdatePage(site: Site, who: Identity, page: PageRecord): boolean {
  const space = site.space(page.spaceId);
  if (!space || !canReadPage(site, who, page) || !canWriteSpace(site, who, space)) return false;
  return passes(site, who, page.restrictions.update);
}
