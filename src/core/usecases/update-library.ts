import type { LibrarySummary } from '../../contract';
import type { NotificationChannel, Visibility } from '../library';
import { summaryFor } from './library-view';
import type { SettingsDeps } from './ports';

export interface UpdateLibraryCommand {
  libraryId: string;
  name?: string;
  visibility?: Visibility;
  confirmPublic?: boolean;
  autoAccept?: boolean;
  synthesis?: boolean;
  draftProse?: boolean;
  notification?: NotificationChannel;
}

/**
 * A site admin changes a Library's settings. When the notification channel stops being SMTP through the same host,
 * the stored SMTP password is forgotten: it belongs to the host it was entered for.
 */
export async function updateLibrary(deps: SettingsDeps, actor: string, input: UpdateLibraryCommand): Promise<LibrarySummary> {
  const { libraryId, ...changes } = input;
  const before = await deps.libraries.require(libraryId);
  const library = await deps.libraries.update(libraryId, changes, actor);
  if (hostChanged(before.notification, library.notification)) await deps.notifier.forgetSmtpPassword(libraryId);
  return summaryFor(deps, library, { kind: 'admin' });
}

function hostChanged(before: NotificationChannel, after: NotificationChannel): boolean {
  if (before.kind !== 'smtp') return false;
  return after.kind !== 'smtp' || after.host.toLowerCase() !== before.host.toLowerCase();
}
