import type { LibrarySummary } from '../../contract';
import { libraryView } from './library-view';
import type { SettingsDeps } from './ports';

export interface SelectSpacesCommand {
  libraryId: string;
  spaceIds: string[];
}

/** A site admin makes these spaces the Library's selection: new ones start a crawl, dropped ones leave the index. */
export async function selectSpaces(deps: SettingsDeps, actor: string, input: SelectSpacesCommand): Promise<LibrarySummary> {
  const status = await deps.sources.selectSpaces(input.libraryId, input.spaceIds, actor);
  return { library: libraryView(await deps.libraries.require(status.libraryId), { kind: 'admin' }), status };
}
