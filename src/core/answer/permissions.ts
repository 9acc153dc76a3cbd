import type { Visibility } from '../library';
import type { PageAccess } from './ports';

export class AskRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AskRefusedError';
  }
}

/**
 * Keeps only the ranked chunks (candidates, or hits) the asker may see, checked against Confluence at answer
 * time, before any of their text is read. A private Library shows a page only if Confluence says this person can
 * read it now (page restrictions, restricted ancestors, space and group permissions all apply); organization-wide
 * and public Libraries show any indexed page, but still only if it is current: a page trashed a second ago is
 * never cited.
 * Organization-wide means the site's members: a Confluence guest (an external collaborator, outside the member
 * group) asks it as they would ask a private Library, and so does anyone whose guest status Confluence did not
 * confirm. A public Library answers anyone, guests included, as its admin confirmed.
 */
export async function filterByAccess<T extends { pageId: string }>(hits: T[], visibility: Visibility, accountId: string | undefined, access: PageAccess): Promise<T[]> {
  if (!hits.length) return hits;
  const pageIds = [...new Set(hits.map((hit) => hit.pageId))];
  let allowed: Set<string>;
  if (visibility === 'private' || (visibility === 'organization' && accountId && (await mayBeGuest(access, accountId)))) {
    if (!accountId) throw new AskRefusedError('Sign in to Confluence to ask this Library.');
    allowed = await access.readableBy(accountId, pageIds);
  } else {
    if (visibility === 'organization' && !accountId) throw new AskRefusedError('Only members of this site can ask this Library.');
    allowed = await access.stillCurrent(pageIds);
  }
  return hits.filter((hit) => allowed.has(hit.pageId));
}

/** Whether the asker is a guest, failing closed: no answer from Confluence counts as a guest. */
export async function mayBeGuest(access: PageAccess, accountId: string): Promise<boolean> {
  try {
    return await access.isGuest(accountId);
  } catch {
    return true;
  }
}
