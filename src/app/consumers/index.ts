import type { AsyncEvent } from '@forge/events';
import { logLine } from '../log';
import { libraries, pushIndexJobs, searchIndexFor, type IndexJob } from '../services';

/** A merger that found another one at work looks again after this long, a few times. */
const BUSY_RETRY_SECONDS = 30;
const MAX_BUSY_RETRIES = 5;

/**
 * Consumer of the `librarian-index` queue: folds a Library's index inbox (pages written by sync jobs) into its
 * postings, which is what makes them searchable. One merger runs at a time per Library (the index takes a lease);
 * a merge that stopped at its deadline with work left queues the next one.
 */
export async function indexConsumer(event: AsyncEvent): Promise<void> {
  const job = event?.body as IndexJob | undefined;
  if (job?.type !== 'merge' || typeof job.libraryId !== 'string') {
    logLine('index', 'dropped an event that is not an index job');
    return;
  }
  const library = await libraries().get(job.libraryId);
  if (!library || library.deletingSince) return;
  const reports = await searchIndexFor(job.libraryId).index.mergeAll();
  const last = reports[reports.length - 1];
  if (last?.busy) {
    const attempt = (job.attempt ?? 0) + 1;
    if (attempt <= MAX_BUSY_RETRIES) await pushIndexJobs([{ ...job, attempt }], { delaySeconds: BUSY_RETRY_SECONDS });
    return;
  }
  if (last?.more) await pushIndexJobs([{ type: 'merge', libraryId: job.libraryId }]);
}
