/**
 * Space settings (`spaceSettingsResolver`), for the space the page is shown in (from the platform context, never
 * the payload). Readers of the space see its status; its admins and site admins may opt it in or out.
 */
import { z } from 'zod';
import type { LibraryStatus, SpaceStatus } from '../core/sync/service';
import { libraryId } from './fields';
import type { Result } from './refusal';
import type { UiStatus } from './status';

export const spaceSettingsPayloads = {
  getStatus: z.object({}),
  getSpaceStatus: z.object({}),
  setSpaceIncluded: z.object({ libraryId, included: z.boolean({ error: 'Missing included.' }) }),
};

export interface SpaceStatusView {
  space: { id: string; key: string; name: string; notIndexable?: string };
  /** Space admins (and site admins) may opt the space in or out; verified on the server. */
  canManage: boolean;
  libraries: Array<{ libraryId: string; name: string; included: boolean; status?: SpaceStatus; health: LibraryStatus['health'] }>;
}

export interface SpaceSettingsApi {
  getStatus: { payload: void; result: UiStatus };
  getSpaceStatus: { payload: void; result: Result<SpaceStatusView> };
  setSpaceIncluded: { payload: z.infer<typeof spaceSettingsPayloads.setSpaceIncluded>; result: Result<SpaceStatusView> };
}
