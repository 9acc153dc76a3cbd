import type { Space } from '../../core/confluence';
import { LibraryError } from '../../core/library';
import { spaceNotIndexableReason } from '../../core/sync';
import type { Caller } from '../context';
import { appClient, libraries, sourceService } from '../services';
import type { SpaceSettingsApi } from './contract';
import { forbidden, handle, requireUser } from './respond';
import { callerManagesSpace, uiStatus } from './who';

type SpaceStatusResult = Exclude<SpaceSettingsApi['getSpaceStatus']['result'], { error: unknown }>;

/**
 * The space this page is shown in. Its key comes from the platform context (the module's `extension.space`),
 * never from the payload, so a caller cannot aim a change at another space; the id is Confluence's own answer.
 */
async function spaceInContext(caller: Caller): Promise<Space> {
  requireUser(caller);
  if (!caller.spaceKey) throw new LibraryError('invalid', 'Open this page from a space\'s settings.');
  const [space] = (await appClient().listSpaces({ keys: [caller.spaceKey] })).results;
  if (!space || space.key !== caller.spaceKey) {
    throw new LibraryError('not_found', 'Librarian cannot read this space. A space admin can grant the app read access in the space permissions.');
  }
  return space;
}

async function spaceStatus(space: Space, canManage: boolean): Promise<SpaceStatusResult> {
  const service = sourceService();
  const rows = [];
  for (const library of await libraries().list()) {
    if (library.deletingSince) continue;
    const status = await service.status(library.id);
    const included = (library.source?.spaces ?? []).some((selected) => selected.id === space.id);
    const spaceRow = status.spaces.find((row) => row.spaceId === space.id);
    rows.push({ libraryId: library.id, name: library.name, included, ...(spaceRow ? { status: spaceRow } : {}), health: status.health });
  }
  const notIndexable = spaceNotIndexableReason(space);
  return {
    space: { id: space.id, key: space.key, name: space.name, ...(notIndexable ? { notIndexable } : {}) },
    canManage,
    libraries: rows,
  };
}

const getStatus = (_payload: void, caller: Caller) => uiStatus(caller, { checkAdmin: true });

/**
 * The space settings page's functions (see contract.ts: SpaceSettingsApi). Anyone signed in sees the space's
 * status; opting it in or out needs an admin of this space or a site admin, checked with Confluence as the caller
 * on every request. Libraries themselves (create, connect, visibility) stay with site admins on the global page.
 */
export const spaceSettingsFunctions = {
  getStatus: handle('space-settings', getStatus, { allowUnlicensed: true }),
  getSpaceStatus: handle('space-settings', async (_payload: void, caller) => {
    const space = await spaceInContext(caller);
    return spaceStatus(space, await callerManagesSpace(caller, space.id));
  }),
  setSpaceIncluded: handle('space-settings', async (payload: SpaceSettingsApi['setSpaceIncluded']['payload'], caller) => {
    const actor = requireUser(caller);
    const space = await spaceInContext(caller);
    if (!(await callerManagesSpace(caller, space.id))) {
      throw forbidden('Only admins of this space, or site admins, can change which Libraries include it.');
    }
    if (typeof payload.included !== 'boolean') throw new LibraryError('invalid', 'Missing included.');
    const library = await libraries().require(String(payload.libraryId ?? ''));
    await sourceService().includeSpace(library.id, space.id, payload.included, actor);
    return spaceStatus(space, true);
  }),
};
