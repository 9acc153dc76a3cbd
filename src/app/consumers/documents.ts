/**
 * The Document jobs of the `librarian-ship` queue: each shipped Document is merged into its page as a Review
 * proposal (or proposes its page), as the app (src/core/usecases/sync-document.ts). The outcome is logged
 * without the Document's text; the proposal itself is what editors see, in Review.
 */
import type { AsyncEvent } from '@forge/events';
import { ConfluenceClient } from '../../core/confluence';
import { isDocumentJob } from '../../core/documents/job';
import { DocumentLinks } from '../../core/documents/links';
import { LibraryRepository } from '../../core/library';
import { ProposalStore } from '../../core/review';
import { syncDocument } from '../../core/usecases/sync-document';
import { ForgeConfluenceTransport, ForgeKeyValueStore, NO_STORAGE_BACKOFF, forgeClock } from '../adapters';
import { logLine } from '../log';

const store = new ForgeKeyValueStore(NO_STORAGE_BACKOFF);

export async function documentConsumer(event: AsyncEvent): Promise<void> {
  const job = event?.body;
  if (!isDocumentJob(job)) {
    logLine('documents', 'dropped an event that is not a Document job');
    return;
  }
  const app = ConfluenceClient.create(new ForgeConfluenceTransport(), 'app');
  const review = { proposals: new ProposalStore(store, forgeClock), libraries: new LibraryRepository(store, forgeClock), asUser: app, asApp: app, clock: forgeClock };
  const result = await syncDocument({ review, links: new DocumentLinks(store) }, { libraryId: job.libraryId, document: job.document, commit: job.commit });
  const detail = result.kind === 'proposed' ? `proposal ${result.proposal.id} (${result.proposal.state})` : result.message;
  logLine('documents', `${job.libraryId}: ${job.document.path} at ${job.commit.head}: ${result.kind}: ${detail}`.slice(0, 500));
}
