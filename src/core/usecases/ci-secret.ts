/**
 * A Library's CI secret, as site admins manage it on the settings page: whether one exists and since when, the
 * ship web trigger's URL to configure in CI, and the last shipped changes with what they led to (proposals,
 * Auto-Accept, findings left for a person). Creating or rotating answers with the new secret once; it is never
 * shown, listed or logged again (the old one is refused at once). Revoking refuses every request of the Library.
 *
 * @example
 * const { secret } = await rotateCiSecret(deps, { libraryId: 'lib1' }); // show it once, then forget it
 * const view = await ciSecretStatus(deps, { libraryId: 'lib1' });     // { exists: true, createdAt, shipUrl, recent }
 */
import { LibraryError, isUsable, type LibraryRepository } from '../library';
import type { Clock } from '../ports';
import type { CiSecrets } from '../ship/ingest';
import type { ShipRecords } from '../ship/records';
import type { ShipForPerson } from '../ship/to-proposals';

export interface CiSecretDeps {
  libraries: LibraryRepository;
  secrets: CiSecrets;
  records: ShipRecords;
  /** The `librarian-ship` web trigger's URL (undefined when the platform cannot say). */
  shipUrl: () => Promise<string | undefined>;
  clock: Clock;
}

/** One shipped change as the settings page lists it. */
export interface ShipChangeView {
  at: number;
  label: string;
  link?: string;
  subjects: string[];
  found: number;
  proposed: number;
  applied: number;
  forPerson: ShipForPerson[];
}

export interface CiSecretView {
  libraryId: string;
  exists: boolean;
  createdAt?: number;
  shipUrl?: string;
  recent: ShipChangeView[];
}

async function requireLibrary(deps: CiSecretDeps, libraryId: string): Promise<void> {
  if (!isUsable(await deps.libraries.get(libraryId))) throw new LibraryError('not_found', 'That Library does not exist (it may have been deleted).');
}

export async function ciSecretStatus(deps: CiSecretDeps, input: { libraryId: string }): Promise<CiSecretView> {
  await requireLibrary(deps, input.libraryId);
  const [createdAt, shipUrl, records] = await Promise.all([deps.secrets.createdAt(input.libraryId), deps.shipUrl(), deps.records.latest(input.libraryId, 5)]);
  return {
    libraryId: input.libraryId,
    exists: createdAt !== undefined,
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(shipUrl ? { shipUrl } : {}),
    recent: records.map((r) => ({
      at: r.at,
      label: r.label,
      ...(r.link ? { link: r.link } : {}),
      subjects: r.subjects.slice(-3),
      found: r.total,
      proposed: new Set(r.proposals).size,
      applied: r.applied.length,
      forPerson: r.forPerson.slice(0, 20),
    })),
  };
}

/** Creates the Library's CI secret, or replaces it: the answer is the only time the secret is shown. */
export async function rotateCiSecret(deps: CiSecretDeps, input: { libraryId: string }): Promise<CiSecretView & { secret: string }> {
  await requireLibrary(deps, input.libraryId);
  const secret = await deps.secrets.rotate(input.libraryId, deps.clock.now());
  return { ...(await ciSecretStatus(deps, input)), secret };
}

export async function revokeCiSecret(deps: CiSecretDeps, input: { libraryId: string }): Promise<CiSecretView> {
  await requireLibrary(deps, input.libraryId);
  await deps.secrets.revoke(input.libraryId);
  return ciSecretStatus(deps, input);
}
