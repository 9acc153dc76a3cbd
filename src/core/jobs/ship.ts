import type { Synthesizer } from '../answer/ports';
import type { ConfluenceClient } from '../confluence';
import type { SearchIndex } from '../index';
import { isUsable, type Library } from '../library';
import type { KeyValueStore } from '../ports';
import type { ProposalStore } from '../review';
import { affectedInLibrary } from '../ship/candidates';
import { pruneShipKeys, type ShipJob } from '../ship/ingest';
import { ShipRecords } from '../ship/records';
import { changeKey, changeLabel } from '../ship/to-proposals';
import { proposeFromShip } from '../usecases/propose-from-ship';
import { AppError } from '../errors';
import { SHIP_RETRY } from './retry';
import { NOTHING_TOUCHED, QUEUES, defineJob, type JobContext } from './types';

/** What a ship job needs beyond the sync's context, built by src/app (or a test). */
export interface ShipServices {
  /** The Library's searchable index (search and cite). */
  searchIndex(libraryId: string): SearchIndex;
  /** Where ship records, nonces and change marks live. */
  store: KeyValueStore;
  proposals: ProposalStore;
  /** Confluence as the Library's Source identity, which read the pages the index holds. */
  sourceClient(library: Library): ConfluenceClient;
  /** Confluence as the app (Auto-Accept, byline counts). */
  appClient(): ConfluenceClient;
  /** A safe log line (no Document text, no secret), e.g. a Document job's outcome. */
  log?(line: string): void;
  /** The model that drafts prose fixes when a Library turned it on (Forge LLM on Forge). */
  drafter?: Synthesizer;
}

/**
 * One shipped change of one Library: find the sections of its spaces the change makes wrong (src/core/ship),
 * propose the exact fixes in Review and list the rest for a person (src/core/usecases/propose-from-ship.ts), keep
 * the record, and forget nonces past the replay window. Re-running it for the same change proposes nothing twice.
 */
async function ship(ctx: JobContext, job: ShipJob) {
  const services = ctx.ship;
  if (!services) throw new AppError('invalid-input', 'Ship jobs need the ship services in the job context.');
  const library = await ctx.libraries.get(job.libraryId);
  if (!isUsable(library)) return NOTHING_TOUCHED;
  const spaceKeys = library.source?.spaces.map((s) => s.key) ?? [];
  const findings = await affectedInLibrary(services.searchIndex(library.id), job.change, { spaceKeys });
  const outcome = await proposeFromShip(
    { proposals: services.proposals, libraries: ctx.libraries, source: services.sourceClient(library), asApp: services.appClient(), clock: ctx.clock, ...(services.drafter ? { drafter: services.drafter } : {}) },
    { library, change: job.change, findings },
  );
  const now = ctx.clock.now();
  await new ShipRecords(services.store).put(library.id, {
    key: changeKey(library.id, job.change),
    at: now,
    base: job.change.base,
    head: job.change.head,
    label: changeLabel(job.change),
    ...(job.change.link ? { link: job.change.link } : {}),
    subjects: job.change.subjects.slice(-10),
    total: findings.length,
    findings,
    ...outcome,
  });
  await pruneShipKeys(services.store, library.id, now);
  return NOTHING_TOUCHED;
}

export const shipJob = defineJob({ name: 'ship', queue: QUEUES.ship, retry: SHIP_RETRY, run: ship });
