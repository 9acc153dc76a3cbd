import type { SpaceSettingsApi } from '../../../src/contract';
import { resolverClient, type Success } from '../../shared/settings';

/** The space settings page's resolver functions (`spaceSettingsResolver`), typed by the shared contract. */
export const spaceApi = resolverClient<SpaceSettingsApi>();

export type SpaceView = Success<SpaceSettingsApi['getSpaceStatus']['result']>;
export type SpaceLibrary = SpaceView['libraries'][number];

/** How often the page re-reads the space's status while it is syncing or being removed. */
export const POLL_MS = 2000;
