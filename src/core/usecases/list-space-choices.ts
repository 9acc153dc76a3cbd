import type { SpaceChoice } from '../sync/service';
import type { SettingsDeps } from './ports';

export interface ListSpaceChoicesInput {
  libraryId: string;
}

/** The spaces a site admin may pick for a Library: what its Source identity sees, with what can be indexed. */
export async function listSpaceChoices(deps: SettingsDeps, input: ListSpaceChoicesInput): Promise<{ spaces: SpaceChoice[] }> {
  return { spaces: await deps.sources.spaceChoices(input.libraryId) };
}
