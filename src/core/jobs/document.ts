import { DocumentLinks } from '../documents/links';
import type { DocumentJob } from '../documents/job';
import { AppError } from '../errors';
import { isUsable } from '../library';
import { syncDocument } from '../usecases/sync-document';
import { SHIP_RETRY } from './retry';
import { NOTHING_TOUCHED, QUEUES, defineJob, type JobContext } from './types';

/**
 * One shipped Document of one Library: merged into its page section by section as a Review proposal, or proposed
 * as a new page (src/core/usecases/sync-document.ts), as the app. The ship web trigger queues one per Document
 * beside the change's own `ship` job, on the same queue and with the same retry options.
 */
async function document(ctx: JobContext, job: DocumentJob) {
  const services = ctx.ship;
  if (!services) throw new AppError('invalid-input', 'Document jobs need the ship services in the job context.');
  const app = services.appClient();
  const result = await syncDocument(
    { review: { proposals: services.proposals, libraries: ctx.libraries, asUser: app, asApp: app, clock: ctx.clock }, links: new DocumentLinks(services.store) },
    { libraryId: job.libraryId, document: job.document, commit: job.commit },
  );
  // Noted for the settings page, unless the Library went away meanwhile (its records were just deleted).
  if (isUsable(await ctx.libraries.get(job.libraryId))) {
    await new DocumentLinks(services.store).noteOutcome(job.libraryId, job.document.path, {
      at: ctx.clock.now(),
      head: job.commit.head,
      kind: result.kind,
      ...(result.kind === 'proposed' ? { proposalId: result.proposal.id } : { message: result.message }),
    });
  }
  // The outcome without the Document's text: the proposal itself is what editors see, in Review.
  const detail = result.kind === 'proposed' ? `proposal ${result.proposal.id} (${result.proposal.state})` : result.message;
  services.log?.(`${job.libraryId}: ${job.document.path} at ${job.commit.head}: ${result.kind}: ${detail}`.slice(0, 500));
  return NOTHING_TOUCHED;
}

export const documentJob = defineJob({ name: 'document', queue: QUEUES.ship, retry: SHIP_RETRY, run: document });
