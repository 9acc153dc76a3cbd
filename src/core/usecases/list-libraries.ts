import type { AgentDeps, Asker } from './deps';
import { onlyKnown } from './input';
import { queryableLibraries } from './library-choice';
import type { ToolResult } from './result';
import { runTool } from './run';

export interface LibraryListing {
  id: string;
  name: string;
  visibility: 'private' | 'organization' | 'public';
  spaces: Array<{ key: string; name: string; phase?: string }>;
  /** How fresh the index is: pages indexed, the last change scan (ISO-8601) and the Source's health. */
  index?: { pages?: number; lastScanAt?: string; health: string };
}

export type ListLibrariesResult = ToolResult<{ libraries: LibraryListing[] }>;

/**
 * `list-libraries`: the Libraries the asker may query (an agent token sees only its own), their spaces and how
 * fresh each index is.
 *
 * ```ts
 * const result = await listLibraries(deps, { accountId: 'abc' }, {});
 * ```
 */
export function listLibraries(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<ListLibrariesResult> {
  return runTool<ListLibrariesResult>(async () => {
    onlyKnown(input, []);
    const libraries = await queryableLibraries(deps, asker);
    const listed = await Promise.all(
      libraries.map(async (library): Promise<LibraryListing> => {
        const spaces = (library.source?.spaces ?? []).map((space) => ({ key: space.key, name: space.name }));
        const freshness = deps.freshness ? await deps.freshness(library).catch(() => undefined) : undefined;
        const phases = new Map((freshness?.spaces ?? []).map((space) => [space.key, space.phase]));
        return {
          id: library.id,
          name: library.name,
          visibility: library.visibility,
          spaces: spaces.map((space) => (phases.get(space.key) ? { ...space, phase: phases.get(space.key) } : space)),
          ...(freshness
            ? {
                index: {
                  ...(freshness.pages !== undefined ? { pages: freshness.pages } : {}),
                  ...(freshness.lastScanAt ? { lastScanAt: new Date(freshness.lastScanAt).toISOString() } : {}),
                  health: freshness.health,
                },
              }
            : {}),
        };
      }),
    );
    return { ok: true, libraries: listed };
  });
}
