import { spaceSettingsPayloads, type SpaceSettingsApi } from '../../contract';
import * as usecases from '../../core/usecases';
import { settingsDeps } from '../services';
import { defineResolvers, resolver } from './define';

/**
 * Resolver behind the space settings page: opt this space in or out of a Library and see its index status. The
 * space is the one in the platform context, never the payload's; readers of the space see its status, its admins
 * and site admins may change it (checked with Confluence as the caller on every request).
 */
export const spaceSettingsFunctions = {
  getStatus: resolver({
    access: 'anyone',
    allowUnlicensed: true,
    input: spaceSettingsPayloads.getStatus,
    run: (_input, { viewer, caller }) => usecases.uiStatus(viewer, { licensed: caller.licensed, moduleKey: caller.moduleKey, checkAdmin: true }),
  }),
  getSpaceStatus: resolver({
    access: 'signed-in',
    input: spaceSettingsPayloads.getSpaceStatus,
    run: (_input, { viewer, caller }) => usecases.spaceStatus(settingsDeps(), viewer, { spaceKey: caller.spaceKey }),
  }),
  setSpaceIncluded: resolver({
    access: 'signed-in',
    input: spaceSettingsPayloads.setSpaceIncluded,
    run: (input, { viewer, caller, actor }) => usecases.includeSpace(settingsDeps(), viewer, actor, { ...input, spaceKey: caller.spaceKey }),
  }),
};

export const spaceSettingsResolver = defineResolvers<SpaceSettingsApi>('space-settings', spaceSettingsFunctions);
