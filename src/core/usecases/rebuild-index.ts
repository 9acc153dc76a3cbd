import type { LibrarySummary } from '../../contract';
import { libraryView } from './library-view';
import type { SettingsDeps } from './ports';

export interface RebuildIndexCommand {
  libraryId: string;
}

/**
 * A site admin's "Rebuild index" (callers check the role): the Library's index is cleared and its spaces crawled
 * again, in the background; the status answered shows the rebuild under way.
 *
 * @example
 * const { status } = await rebuildIndex(deps, { libraryId }); // status.index.rebuildingSince is set
 */
export async function rebuildIndex(deps: SettingsDeps, input: RebuildIndexCommand): Promise<LibrarySummary> {
  const status = await deps.sources.rebuildIndex(input.libraryId);
  return { library: libraryView(await deps.libraries.require(status.libraryId), { kind: 'admin' }), status };
}
