import type { Library } from '../library';
import type { AgentDeps, Asker, PageFacts } from './deps';
import { ToolFailure } from './result';
import { mayBeGuest } from '../answer';

/**
 * Of these pages, those the asker may see now, with their current facts. Asked before any page text leaves:
 * the Source identity says which are current (trashed a second ago: gone); a private Library then asks
 * Confluence whether the asker may read each (restrictions, restricted ancestors, space and group permissions).
 * Organization-wide Libraries show every current page to members (guests see only what they may read, asked of
 * Confluence as for a private Library); public ones to anyone.
 */
export async function visiblePages(deps: Pick<AgentDeps, 'access' | 'pages'>, library: Library, asker: Asker, pageIds: string[]): Promise<Map<string, PageFacts>> {
  const unique = [...new Set(pageIds)];
  if (!unique.length) return new Map();
  if (library.visibility !== 'public' && !asker.accountId) throw new ToolFailure('UNAUTHENTICATED', 'Sign in to query this Library.');
  const current = await deps.pages.current(library, unique);
  const inLibrary = new Set((library.source?.spaces ?? []).map((space) => space.id));
  for (const [id, facts] of current) if (!inLibrary.has(facts.spaceId)) current.delete(id);
  if (!current.size || library.visibility === 'public') return current;
  // Guests (outside the site's member group) are not "the organization": they see what they may read, as Ask does.
  if (library.visibility === 'organization' && !(await mayBeGuest(deps.access, asker.accountId as string))) return current;
  const readable = await deps.access.readableBy(asker.accountId as string, [...current.keys()]);
  for (const id of [...current.keys()]) if (!readable.has(id)) current.delete(id);
  return current;
}

/** An absolute link from the index's `/wiki/...` path, when the site is known. */
export function absoluteUrl(siteUrl: string | undefined, path: string): string {
  if (!siteUrl || !path.startsWith('/')) return path;
  return `${siteUrl.replace(/\/$/, '')}${path}`;
}
