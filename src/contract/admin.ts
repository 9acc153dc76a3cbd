/**
 * Global settings (`adminResolver`): Libraries, their Source and spaces, visibility, behaviour and notices. Every
 * signed-in user may read (and sees only what their role needs, see ./library.ts); every change needs a site admin.
 */
import { z } from 'zod';
import type { LibraryStatus, SpaceChoice, SpaceStatus } from '../core/sync/service';
import type { CiSecretView, DocumentOutcomeView, ShipChangeView } from '../core/usecases/ci-secret';
import { libraryId, notificationChannel, spaceId, visibility } from './fields';
import type { LibraryView } from './library';
import type { Result } from './refusal';
import type { UiStatus } from './status';

export type { LibraryStatus, SpaceChoice, SpaceStatus, CiSecretView, ShipChangeView, DocumentOutcomeView };

/** A Library as listed on the settings page: the record (as the caller may see it) plus a summary of its sync. */
export interface LibrarySummary {
  library: LibraryView;
  status: LibraryStatus;
}

const byId = z.object({ libraryId });

/** The payload of each admin function. */
export const adminPayloads = {
  getStatus: z.object({}),
  listLibraries: z.object({}),
  createLibrary: z.object({
    name: z.string({ error: 'Give the Library a name.' }).max(1000, 'A Library name has at most 100 characters.'),
    visibility: visibility.optional(),
    /** Must be `true` itself for a public Library: the admin saw and accepted what public means. */
    confirmPublic: z.boolean().optional(),
  }),
  updateLibrary: z.object({
    libraryId,
    name: z.string().max(1000, 'A Library name has at most 100 characters.').optional(),
    visibility: visibility.optional(),
    confirmPublic: z.boolean().optional(),
    autoAccept: z.boolean().optional(),
    synthesis: z.boolean().optional(),
    draftProse: z.boolean().optional(),
    notification: notificationChannel.optional(),
  }),
  deleteLibrary: byId,
  connectSource: z.object({ libraryId, identity: z.enum(['app', 'user'], { error: 'Choose the app account or your own account.' }) }),
  listSpaceChoices: byId,
  selectSpaces: z.object({ libraryId, spaceIds: z.array(spaceId, { error: 'Choose spaces as a list.' }).max(10_000) }),
  getLibraryStatus: byId,
  reconnect: byId,
  rebuildIndex: byId,
  setSmtpPassword: z.object({ libraryId, password: z.string({ error: 'Give the SMTP password as text.' }).min(1, 'Give the SMTP password as text.').max(1000) }),
  sendTestNotification: byId,
  getCiSecret: byId,
  rotateCiSecret: byId,
  revokeCiSecret: byId,
};

type In<K extends keyof typeof adminPayloads> = z.infer<(typeof adminPayloads)[K]>;

export interface AdminApi {
  getStatus: { payload: void; result: UiStatus };
  listLibraries: { payload: void; result: Result<{ libraries: LibrarySummary[]; canManage: boolean }> };
  createLibrary: { payload: In<'createLibrary'>; result: Result<LibrarySummary> };
  updateLibrary: { payload: In<'updateLibrary'>; result: Result<LibrarySummary> };
  deleteLibrary: { payload: In<'deleteLibrary'>; result: Result<{ deleted: true }> };
  /** `user` makes the calling admin the identity the indexer reads with. */
  connectSource: { payload: In<'connectSource'>; result: Result<LibrarySummary> };
  listSpaceChoices: { payload: In<'listSpaceChoices'>; result: Result<{ spaces: SpaceChoice[] }> };
  selectSpaces: { payload: In<'selectSpaces'>; result: Result<LibrarySummary> };
  getLibraryStatus: { payload: In<'getLibraryStatus'>; result: Result<LibrarySummary> };
  /** After the admin reauthorized: clears the banner and resumes every sync from its checkpoint. */
  reconnect: { payload: In<'reconnect'>; result: Result<LibrarySummary> };
  /** Site admins only: clears the Library's index and crawls its spaces again (the way out of an index problem). */
  rebuildIndex: { payload: In<'rebuildIndex'>; result: Result<LibrarySummary> };
  /** Stored as a Forge secret bound to the SMTP host it was entered for; never sent back to any browser. */
  setSmtpPassword: { payload: In<'setSmtpPassword'>; result: Result<{ saved: true }> };
  sendTestNotification: { payload: In<'sendTestNotification'>; result: Result<{ sent: true; channel: 'confluence-mention' | 'smtp' }> };
  /** Site admins only: whether the Library has a CI secret (never the secret), the ship URL, the last changes. */
  getCiSecret: { payload: In<'getCiSecret'>; result: Result<CiSecretView> };
  /** Site admins only: a new CI secret, in this answer only (the old one is refused from now on). */
  rotateCiSecret: { payload: In<'rotateCiSecret'>; result: Result<CiSecretView & { secret: string }> };
  revokeCiSecret: { payload: In<'revokeCiSecret'>; result: Result<CiSecretView> };
}
