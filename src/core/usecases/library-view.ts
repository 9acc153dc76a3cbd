/**
 * A Library and its sync status as one caller may see them: site admins see the whole record; everyone else sees
 * the Library's name, who may ask, its behaviour and only the spaces they can read, and nothing about who connected
 * or changed it or how admins are notified (an SMTP channel names a host, a port, a username and recipients).
 */
import type { LibrarySummary, LibraryView } from '../../contract';
import type { Library } from '../library';
import type { LibraryStatus } from '../sync/service';
import type { SettingsDeps, Viewer } from './ports';

/** How much of a Library a caller sees: everything (a site admin) or what a reader of these spaces needs. */
export type Audience = { kind: 'admin' } | { kind: 'reader'; readableSpaceKeys: Set<string> };

/** The audience of `viewer` for these Libraries: one Confluence request for the admin check, one for the spaces. */
export async function audienceOf(viewer: Viewer, libraries: Library[]): Promise<Audience> {
  if (await viewer.isSiteAdmin()) return { kind: 'admin' };
  const keys = [...new Set(libraries.flatMap((library) => (library.source?.spaces ?? []).map((space) => space.key)))];
  return { kind: 'reader', readableSpaceKeys: viewer.accountId && keys.length ? await viewer.readableSpaceKeys(keys) : new Set() };
}

export function libraryView(library: Library, audience: Audience): LibraryView {
  if (audience.kind === 'admin') return structuredClone(library);
  const { source } = library;
  return {
    id: library.id,
    name: library.name,
    visibility: library.visibility,
    ...(library.publicConfirmation ? { publicConfirmation: { at: library.publicConfirmation.at } } : {}),
    autoAccept: library.autoAccept,
    synthesis: library.synthesis,
    draftProse: library.draftProse === true,
    ...(source
      ? {
          source: {
            kind: source.kind,
            identity: { kind: source.identity.kind },
            connectedAt: source.connectedAt,
            health: source.health.state === 'ok' ? { state: 'ok' } : { state: source.health.state, since: source.health.since, reason: source.health.reason },
            spaces: source.spaces.filter((space) => audience.readableSpaceKeys.has(space.key)).map(({ id, key, name }) => ({ id, key, name })),
          },
        }
      : {}),
    createdAt: library.createdAt,
    updatedAt: library.updatedAt,
    ...(library.deletingSince ? { deletingSince: library.deletingSince } : {}),
    ...(library.revision !== undefined ? { revision: library.revision } : {}),
  };
}

/** A sync status as the audience may see it: a reader sees only the spaces they can read, and no scan error. */
export function statusView(status: LibraryStatus, audience: Audience): LibraryStatus {
  if (audience.kind === 'admin') return status;
  const { scan, ...rest } = status;
  return {
    ...rest,
    spaces: status.spaces.filter((space) => audience.readableSpaceKeys.has(space.spaceKey)),
    ...(scan ? { scan: { lastScanAt: scan.lastScanAt, lastScanChanged: scan.lastScanChanged, lastScanRemoved: scan.lastScanRemoved } } : {}),
  };
}

/** The settings page's summary of one Library for this audience. */
export async function summaryFor(deps: Pick<SettingsDeps, 'sources'>, library: Library, audience: Audience): Promise<LibrarySummary> {
  return { library: libraryView(library, audience), status: statusView(await deps.sources.status(library.id), audience) };
}
