import type { LibrarySummary } from '../../contract';
import { audienceOf, summaryFor } from './library-view';
import type { SettingsDeps, Viewer } from './ports';

export interface LibraryStatusInput {
  libraryId: string;
}

/** One Library and its sync status, as the viewer may see them (the settings page polls this while syncing). */
export async function libraryStatus(deps: SettingsDeps, viewer: Viewer, input: LibraryStatusInput): Promise<LibrarySummary> {
  const library = await deps.libraries.require(input.libraryId);
  return summaryFor(deps, library, await audienceOf(viewer, [library]));
}
