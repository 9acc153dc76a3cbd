import type { AsyncEvent } from '@forge/events';
import { classifyFailure } from '../../core/sync';
import { logLine } from '../log';
import { libraries, pushIndexJobs, searchIndexFor, type IndexJob } from '../services';

/** A merger that found another one at work looks again after this long, a few times. */
const BUSY_RETRY_SECONDS = 30;
const MAX_BUSY_RETRIES = 5;
/** Merges that failed (storage quota, a timeout) are tried again this many times; the next scan queues a new one. */
const MAX_FAILED_MERGES = 20;

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
  const library = await libraries('queue').get(job.libraryId);
  if (!library || library.deletingSince) return;
  let reports;
  try {
    reports = await searchIndexFor(job.libraryId, 'queue').index.mergeAll();
  } catch (error) {
    // A merge stopped partway is safe to run again (postings are keyed by chunk); storage quotas turn each minute.
    const failure = classifyFailure(error);
    const attempt = (job.attempt ?? 0) + 1;
    logLine('index', `merge for ${job.libraryId} stopped (${failure.kind}); attempt ${attempt}`);
    if (attempt <= MAX_FAILED_MERGES) {
      await pushIndexJobs([{ ...job, attempt }], { delaySeconds: failure.kind === 'rate-limited' ? failure.retryAfterSeconds : BUSY_RETRY_SECONDS });
    }
    return;
  }
  const last = reports[reports.length - 1];
  if (last?.busy) {
    const attempt = (job.attempt ?? 0) + 1;
    if (attempt <= MAX_BUSY_RETRIES) await pushIndexJobs([{ ...job, attempt }], { delaySeconds: BUSY_RETRY_SECONDS });
    return;
  }
  if (last?.more) await pushIndexJobs([{ type: 'merge', libraryId: job.libraryId }]);
}
