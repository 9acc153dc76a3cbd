import type { Visibility } from '../library';
import type { PageAccess } from './ports';
import type { Hit } from './types';

export class AskRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AskRefusedError';
  }
}

/**
 * Keeps only hits the asker may see, checked against Confluence at answer time, before any of their text is
 * used. A private Library shows a page only if Confluence says this person can read it now (page restrictions,
 * restricted ancestors, space and group permissions all apply); organization-wide and public Libraries show any
 * indexed page, but still only if it is current: a page trashed a second ago is never cited.
 */
export async function filterByAccess(hits: Hit[], visibility: Visibility, accountId: string | undefined, access: PageAccess): Promise<Hit[]> {
  if (!hits.length) return hits;
  const pageIds = [...new Set(hits.map((hit) => hit.chunk.pageId))];
  let allowed: Set<string>;
  if (visibility === 'private') {
    if (!accountId) throw new AskRefusedError('Sign in to Confluence to ask this Library.');
    allowed = await access.readableBy(accountId, pageIds);
  } else {
    if (visibility === 'organization' && !accountId) throw new AskRefusedError('Only members of this site can ask this Library.');
    allowed = await access.stillCurrent(pageIds);
  }
  return hits.filter((hit) => allowed.has(hit.chunk.pageId));
}
