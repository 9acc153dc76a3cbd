import type { SourcePage, SourceSpace } from './types';

/** Space types the app indexes: a Library holds shared documentation, so never personal, system or onboarding/sample spaces. */
const INDEXABLE_SPACE_TYPES = new Set(['global', 'collaboration', 'knowledge_base']);

/** Why a space cannot be indexed, in words an admin understands; undefined when it can be. */
export function spaceNotIndexableReason(space: Pick<SourceSpace, 'type' | 'status'>): string | undefined {
  if (space.type === 'personal') return 'Personal spaces are never indexed.';
  if (space.type === 'system') return 'System spaces are never indexed.';
  if (!INDEXABLE_SPACE_TYPES.has(space.type)) return `Spaces of type "${space.type}" are not indexed.`;
  if (space.status === 'archived') return 'Archived spaces are not indexed.';
  return undefined;
}

/** Only current, published pages are indexed: never drafts, archived, trashed or deleted ones. */
export function isIndexablePage(page: Pick<SourcePage, 'status'>): boolean {
  return page.status === 'current';
}
