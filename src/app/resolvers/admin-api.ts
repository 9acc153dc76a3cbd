import { LibraryError, type Library } from '../../core/library';
import { MailError, NotifyError } from '../../core/notify/errors';
import type { Caller } from '../context';
import { libraries, notifier, sourceService } from '../services';
import type { AdminApi, LibrarySummary } from './contract';
import { forbidden, handle, requireUser, stringField } from './respond';
import { callerIsSiteAdmin, uiStatus } from './who';
import { ForgeKeyValueStore } from '../adapters';

type Fn<K extends keyof AdminApi> = (payload: AdminApi[K]['payload'], caller: Caller) => Promise<Exclude<AdminApi[K]['result'], { error: unknown }>>;

async function requireSiteAdmin(caller: Caller): Promise<string> {
  const accountId = requireUser(caller);
  if (!(await callerIsSiteAdmin(caller))) throw forbidden('Only site admins can change Libraries.');
  return accountId;
}

async function summary(library: Library): Promise<LibrarySummary> {
  return { library, status: await sourceService().status(library.id) };
}

const getStatus = (_payload: void, caller: Caller) => uiStatus(caller, { checkAdmin: true });

const listLibraries: Fn<'listLibraries'> = async (_payload, caller) => {
  requireUser(caller);
  const all = (await libraries().list()).filter((library) => !library.deletingSince);
  return { libraries: await Promise.all(all.map(summary)), canManage: await callerIsSiteAdmin(caller) };
};

const createLibrary: Fn<'createLibrary'> = async (payload, caller) => {
  const actor = await requireSiteAdmin(caller);
  return summary(await libraries().create({ name: payload.name, visibility: payload.visibility, confirmPublic: payload.confirmPublic }, actor));
};

const updateLibrary: Fn<'updateLibrary'> = async (payload, caller) => {
  const actor = await requireSiteAdmin(caller);
  const { libraryId: _id, ...changes } = payload;
  return summary(await libraries().update(stringField(payload, 'libraryId'), changes, actor));
};

const deleteLibrary: Fn<'deleteLibrary'> = async (payload, caller) => {
  const actor = await requireSiteAdmin(caller);
  await sourceService().deleteLibrary(stringField(payload, 'libraryId'), actor);
  return { deleted: true };
};

const connectSource: Fn<'connectSource'> = async (payload, caller) => {
  const actor = await requireSiteAdmin(caller);
  if (payload.identity !== 'app' && payload.identity !== 'user') throw new LibraryError('invalid', 'Choose the app account or your own account.');
  const identity = payload.identity === 'app' ? ({ kind: 'app' } as const) : ({ kind: 'user', accountId: actor } as const);
  return summary(await libraries().connectSource(stringField(payload, 'libraryId'), identity, actor));
};

const listSpaceChoices: Fn<'listSpaceChoices'> = async (payload, caller) => {
  await requireSiteAdmin(caller);
  return { spaces: await sourceService().spaceChoices(stringField(payload, 'libraryId')) };
};

const selectSpaces: Fn<'selectSpaces'> = async (payload, caller) => {
  const actor = await requireSiteAdmin(caller);
  if (!Array.isArray(payload.spaceIds)) throw new LibraryError('invalid', 'Choose spaces as a list.');
  const status = await sourceService().selectSpaces(stringField(payload, 'libraryId'), payload.spaceIds.map(String), actor);
  return { library: await libraries().require(status.libraryId), status };
};

const getLibraryStatus: Fn<'getLibraryStatus'> = async (payload, caller) => {
  requireUser(caller);
  return summary(await libraries().require(stringField(payload, 'libraryId')));
};

const reconnect: Fn<'reconnect'> = async (payload, caller) => {
  const actor = await requireSiteAdmin(caller);
  const status = await sourceService().reconnect(stringField(payload, 'libraryId'), actor);
  return { library: await libraries().require(status.libraryId), status };
};

const setSmtpPassword: Fn<'setSmtpPassword'> = async (payload, caller) => {
  await requireSiteAdmin(caller);
  const libraryId = stringField(payload, 'libraryId');
  await libraries().require(libraryId);
  if (typeof payload.password !== 'string' || payload.password.length > 1000) throw new LibraryError('invalid', 'Give the SMTP password as text.');
  await new ForgeKeyValueStore().setSecret(`smtp-password:${libraryId}`, payload.password);
  return { saved: true };
};

const sendTestNotification: Fn<'sendTestNotification'> = async (payload, caller) => {
  await requireSiteAdmin(caller);
  const library = await libraries().require(stringField(payload, 'libraryId'));
  try {
    await notifier().sendTest(library.id);
  } catch (error) {
    if (error instanceof NotifyError || error instanceof MailError) throw new LibraryError('invalid', error.message);
    throw error;
  }
  return { sent: true, channel: library.notification.kind };
};

/** The global settings page's functions (see contract.ts: AdminApi). */
export const adminFunctions = {
  getStatus: handle('admin', getStatus, { allowUnlicensed: true }),
  listLibraries: handle('admin', listLibraries),
  createLibrary: handle('admin', createLibrary),
  updateLibrary: handle('admin', updateLibrary),
  deleteLibrary: handle('admin', deleteLibrary),
  connectSource: handle('admin', connectSource),
  listSpaceChoices: handle('admin', listSpaceChoices),
  selectSpaces: handle('admin', selectSpaces),
  getLibraryStatus: handle('admin', getLibraryStatus),
  reconnect: handle('admin', reconnect),
  setSmtpPassword: handle('admin', setSmtpPassword),
  sendTestNotification: handle('admin', sendTestNotification),
};
