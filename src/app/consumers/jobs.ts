import type { AsyncEvent } from '@forge/events';
import { isJobOf, runJob, type QueueName } from '../../core/jobs';
import { logLine } from '../log';
import { syncContext } from '../services';

/**
 * A consumer of one queue: runs the job an event carries through the one job runner (src/core/jobs). Waits and
 * retries are new delayed events pushed by the runner, never sleeps or Forge retries, so it returns nothing; an
 * event that is not a job of this queue is logged (without its body) and dropped.
 */
export function jobConsumer(queue: QueueName, area: string) {
  return async (event: AsyncEvent): Promise<void> => {
    const job = event?.body;
    if (!isJobOf(queue, job)) {
      logLine(area, `dropped an event that is not a job of ${queue}`);
      return;
    }
    // A consumer never waits out a storage refusal: the runner re-queues the job with a delay instead.
    const result = await runJob(syncContext('queue'), job);
    // The reason is a safe message (classifyFailure): never a token or a raw Confluence answer.
    if (result.outcome !== 'done') logLine(area, `${job.type} for ${job.libraryId}: ${result.outcome}${'delaySeconds' in result ? ` in ${result.delaySeconds}s` : ''} (${result.reason})`);
  };
}
