import type { SpaceStatusView } from '../../contract';
import type { Space } from '../confluence';
import { LibraryError, isUsable } from '../library';
import { spaceNotIndexableReason } from '../sync/eligibility';
import type { SettingsDeps, Viewer } from './ports';

export interface SpaceInput {
  /** The key of the space the page is shown in: the platform context's, never the payload's. */
  spaceKey: string | null;
}

/**
 * The space settings page: the space, whether the viewer may opt it in or out (its admins and site admins), and
 * each Library's state for it. Only people who can read the space see it; opting in or out is `includeSpace`.
 *
 * @example
 *   const view = await spaceStatus(deps, viewer, { spaceKey: caller.spaceKey });
 */
export async function spaceStatus(deps: SettingsDeps, viewer: Viewer, input: SpaceInput): Promise<SpaceStatusView> {
  const space = await spaceInContext(deps, input.spaceKey);
  const canManage = await managesSpace(viewer, space);
  if (!canManage && !(await viewer.readableSpaceKeys([space.key])).has(space.key)) {
    throw new LibraryError('not_found', 'You cannot read this space, so its Library settings are not shown.');
  }
  return spaceView(deps, space, canManage);
}

/**
 * The space this page is shown in, as Confluence names it to the app. Its key comes from the platform context; the
 * id is Confluence's own answer, so a caller cannot aim a change at another space.
 */
export async function spaceInContext(deps: Pick<SettingsDeps, 'findSpace'>, spaceKey: string | null): Promise<Space> {
  if (!spaceKey) throw new LibraryError('invalid', 'Open this page from a space\'s settings.');
  const space = await deps.findSpace(spaceKey);
  if (!space || space.key !== spaceKey) {
    throw new LibraryError('not_found', 'Librarian cannot read this space. A space admin can grant the app read access in the space permissions.');
  }
  return space;
}

/**
 * Whether the viewer may opt the space in or out: its space admins and site admins may. The space check goes first:
 * this page's usual visitor is a space admin, who then costs one request, not two.
 */
export async function managesSpace(viewer: Viewer, space: Space): Promise<boolean> {
  if (!viewer.accountId) return false;
  return (await viewer.administersSpace(space.id)) || (await viewer.isSiteAdmin());
}

export async function spaceView(deps: SettingsDeps, space: Space, canManage: boolean): Promise<SpaceStatusView> {
  const rows: SpaceStatusView['libraries'] = [];
  for (const library of (await deps.libraries.list()).filter(isUsable)) {
    const status = await deps.sources.status(library.id);
    const included = (library.source?.spaces ?? []).some((selected) => selected.id === space.id);
    const spaceRow = status.spaces.find((row) => row.spaceId === space.id);
    rows.push({ libraryId: library.id, name: library.name, included, ...(spaceRow ? { status: spaceRow } : {}), health: status.health });
  }
  const notIndexable = spaceNotIndexableReason(space);
  return { space: { id: space.id, key: space.key, name: space.name, ...(notIndexable ? { notIndexable } : {}) }, canManage, libraries: rows };
}
