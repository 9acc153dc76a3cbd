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
import type { DocumentLinks } from '../documents/links';
import type { ProposalStore } from '../review';
import type { ShipRecords } from '../ship/records';
import type { ShipForPerson } from '../ship/to-proposals';

export interface CiSecretDeps {
  libraries: LibraryRepository;
  secrets: CiSecrets;
  records: ShipRecords;
  /** The `librarian-ship` web trigger's URL (undefined when the platform cannot say). */
  shipUrl: () => Promise<string | undefined>;
  clock: Clock;
  /** Where the Documents' records and their proposals are: absent, the view lists no Documents. */
  documents?: { links: DocumentLinks; proposals: Pick<ProposalStore, 'get'> };
}

/**
 * One mapped Document as the settings page lists it: its path, its page, the commit of its last ship and what that
 * led to. `proposed` waits in Review; `applied`, `declined`, `conflict` and `superseded` are what became of that
 * proposal; `unchanged` proposed nothing; `refused` says why in `reason`.
 */
export interface DocumentOutcomeView {
  path: string;
  pageId?: string;
  head?: string;
  at?: number;
  outcome: 'proposed' | 'applied' | 'declined' | 'conflict' | 'superseded' | 'unchanged' | 'refused' | 'not shipped';
  reason?: string;
  proposalId?: string;
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
  documents: DocumentOutcomeView[];
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
    documents: await documentOutcomes(deps, input.libraryId),
  };
}

async function documentOutcomes(deps: CiSecretDeps, libraryId: string): Promise<DocumentOutcomeView[]> {
  if (!deps.documents) return [];
  const { links, proposals } = deps.documents;
  const out: DocumentOutcomeView[] = [];
  for (const link of await links.list(libraryId)) {
    const last = link.last;
    const base = { path: link.path, ...(link.pageId ? { pageId: link.pageId } : {}), ...(last ? { head: last.head, at: last.at } : {}) };
    if (!last) out.push({ ...base, outcome: 'not shipped' });
    else if (last.kind === 'refused') out.push({ ...base, outcome: 'refused', reason: last.message ?? '' });
    else if (last.kind === 'unchanged') out.push({ ...base, outcome: 'unchanged', ...(last.message ? { reason: last.message } : {}) });
    else {
      const proposal = last.proposalId ? await proposals.get(last.proposalId) : undefined;
      const state = proposal?.state ?? 'pending';
      const created = proposal?.createdPageId ?? link.pageId;
      out.push({
        ...base,
        ...(created ? { pageId: created } : {}),
        outcome: state === 'pending' ? 'proposed' : state,
        ...(proposal?.stateReason ? { reason: proposal.stateReason } : {}),
        ...(last.proposalId ? { proposalId: last.proposalId } : {}),
      });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
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
