import { adminPayloads, type AdminApi } from '../../contract';
import * as usecases from '../../core/usecases';
import { ciSecretDeps, settingsDeps } from '../services';
import { defineResolvers, resolver } from './define';

/**
 * Resolver behind the global settings page: Libraries, their Source and spaces, visibility, Auto-Accept and sync
 * health. Any signed-in user may read, and sees what their role needs (src/core/usecases/library-view.ts); every
 * change needs a site admin, checked with Confluence on each call. Each function is a use case of src/core/usecases.
 */
export const adminFunctions = {
  getStatus: resolver({
    access: 'anyone',
    allowUnlicensed: true,
    input: adminPayloads.getStatus,
    run: (_input, { viewer, caller }) => usecases.uiStatus(viewer, { licensed: caller.licensed, moduleKey: caller.moduleKey, checkAdmin: true }),
  }),
  listLibraries: resolver({ access: 'signed-in', input: adminPayloads.listLibraries, run: (_input, { viewer }) => usecases.listLibrarySummaries(settingsDeps(), viewer) }),
  getLibraryStatus: resolver({
    access: 'signed-in',
    input: adminPayloads.getLibraryStatus,
    run: (input, { viewer }) => usecases.libraryStatus(settingsDeps(), viewer, input),
  }),
  createLibrary: resolver({ access: 'site-admin', input: adminPayloads.createLibrary, run: (input, { actor }) => usecases.createLibrary(settingsDeps(), actor, input) }),
  updateLibrary: resolver({ access: 'site-admin', input: adminPayloads.updateLibrary, run: (input, { actor }) => usecases.updateLibrary(settingsDeps(), actor, input) }),
  deleteLibrary: resolver({ access: 'site-admin', input: adminPayloads.deleteLibrary, run: (input, { actor }) => usecases.deleteLibrary(settingsDeps(), actor, input) }),
  connectSource: resolver({ access: 'site-admin', input: adminPayloads.connectSource, run: (input, { actor }) => usecases.connectSource(settingsDeps(), actor, input) }),
  listSpaceChoices: resolver({ access: 'site-admin', input: adminPayloads.listSpaceChoices, run: (input) => usecases.listSpaceChoices(settingsDeps(), input) }),
  selectSpaces: resolver({ access: 'site-admin', input: adminPayloads.selectSpaces, run: (input, { actor }) => usecases.selectSpaces(settingsDeps(), actor, input) }),
  reconnect: resolver({ access: 'site-admin', input: adminPayloads.reconnect, run: (input, { actor }) => usecases.reconnectSource(settingsDeps(), actor, input) }),
  rebuildIndex: resolver({ access: 'site-admin', input: adminPayloads.rebuildIndex, run: (input) => usecases.rebuildIndex(settingsDeps(), input) }),
  setSmtpPassword: resolver({ access: 'site-admin', input: adminPayloads.setSmtpPassword, run: (input) => usecases.saveSmtpPassword(settingsDeps(), input) }),
  sendTestNotification: resolver({ access: 'site-admin', input: adminPayloads.sendTestNotification, run: (input) => usecases.sendTestNotification(settingsDeps(), input) }),
  // The CI secret of `librarian ship`: site admins only; the secret is in rotateCiSecret's answer and nowhere else.
  getCiSecret: resolver({ access: 'site-admin', input: adminPayloads.getCiSecret, run: (input) => usecases.ciSecretStatus(ciSecretDeps(), input) }),
  rotateCiSecret: resolver({ access: 'site-admin', input: adminPayloads.rotateCiSecret, run: (input) => usecases.rotateCiSecret(ciSecretDeps(), input) }),
  revokeCiSecret: resolver({ access: 'site-admin', input: adminPayloads.revokeCiSecret, run: (input) => usecases.revokeCiSecret(ciSecretDeps(), input) }),
};

export const adminResolver = defineResolvers<AdminApi>('admin', adminFunctions);
