import type { SpaceStatusView } from '../../contract';
import { LibraryError } from '../library';
import type { SettingsDeps, Viewer } from './ports';
import { managesSpace, spaceInContext, spaceView } from './space-status';

export interface IncludeSpaceCommand {
  /** From the platform context, never the payload. */
  spaceKey: string | null;
  libraryId: string;
  included: boolean;
}

/**
 * An admin of the space (or a site admin) opts it in or out of a Library, checked with Confluence as the caller on
 * every request. Libraries themselves (create, connect, visibility) stay with site admins on the global page.
 */
export async function includeSpace(deps: SettingsDeps, viewer: Viewer, actor: string, input: IncludeSpaceCommand): Promise<SpaceStatusView> {
  const space = await spaceInContext(deps, input.spaceKey);
  if (!(await managesSpace(viewer, space))) {
    throw new LibraryError('forbidden', 'Only admins of this space, or site admins, can change which Libraries include it.');
  }
  const library = await deps.libraries.require(input.libraryId);
  await deps.sources.includeSpace(library.id, space.id, input.included, actor);
  return spaceView(deps, space, true);
}
