import { LibraryError } from '../../core/library';
import { spaceNotIndexableReason } from '../../core/sync';
import type { Caller } from '../context';
import { appClient, libraries, sourceService } from '../services';
import type { SpaceSettingsApi } from './contract';
import { ForbiddenError, handle, requireUser } from './respond';
import { callerIsSiteAdmin, uiStatus } from './who';

type SpaceStatusResult = Exclude<SpaceSettingsApi['getSpaceStatus']['result'], { error: unknown }>;

/**
 * Whether the caller may opt this space in or out. Site admins may; space admins are checked against the space's
 * permissions in Confluence (coming with the space-permission check; until then only site admins, which fails closed).
 */
async function canManageSpace(caller: Caller): Promise<boolean> {
  return callerIsSiteAdmin(caller);
}

async function spaceStatus(caller: Caller): Promise<SpaceStatusResult> {
  requireUser(caller);
  if (!caller.spaceKey) throw new LibraryError('invalid', 'Open this page from a space\'s settings.');
  const [space] = (await appClient().listSpaces({ keys: [caller.spaceKey] })).results;
  if (!space) throw new LibraryError('not_found', 'Librarian cannot read this space. A space admin can grant the app read access in the space permissions.');
  const service = sourceService();
  const rows = [];
  for (const library of await libraries().list()) {
    if (library.deletingSince) continue;
    const status = await service.status(library.id);
    const included = (library.source?.spaces ?? []).some((selected) => selected.id === space.id);
    const spaceRow = status.spaces.find((row) => row.spaceId === space.id);
    rows.push({ libraryId: library.id, name: library.name, included, ...(spaceRow ? { status: spaceRow } : {}), health: status.health });
  }
  return {
    space: { id: space.id, key: space.key, name: space.name, ...(spaceNotIndexableReason(space) ? { notIndexable: spaceNotIndexableReason(space) } : {}) },
    canManage: await canManageSpace(caller),
    libraries: rows,
  };
}

const getStatus = (_payload: void, caller: Caller) => uiStatus(caller, { checkAdmin: true });

/** The space settings page's functions (see contract.ts: SpaceSettingsApi). */
export const spaceSettingsFunctions = {
  getStatus: handle('space-settings', getStatus, { allowUnlicensed: true }),
  getSpaceStatus: handle('space-settings', async (_payload: void, caller) => spaceStatus(caller)),
  setSpaceIncluded: handle('space-settings', async (payload: SpaceSettingsApi['setSpaceIncluded']['payload'], caller) => {
    const actor = requireUser(caller);
    if (!(await canManageSpace(caller))) throw new ForbiddenError('Only admins of this space can change which Libraries include it.');
    const current = await spaceStatus(caller);
    const library = await libraries().require(String(payload.libraryId ?? ''));
    const selected = (library.source?.spaces ?? []).map((space) => space.id).filter((id) => id !== current.space.id);
    if (payload.included) selected.push(current.space.id);
    await sourceService().selectSpaces(library.id, selected, actor);
    return spaceStatus(caller);
  }),
};
