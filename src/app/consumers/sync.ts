import type { AsyncEvent } from '@forge/events';
import { runSyncJob, type SyncJob } from '../../core/sync';
import { logLine } from '../log';
import { syncContext } from '../services';

/**
 * Consumer of the `librarian-sync` queue: runs one sync job (a crawl step, a scan, a reconcile step, a removal).
 * Waits and retries are new delayed events pushed by the job runner, never sleeps or Forge retries, so it returns
 * nothing; index writes it made are followed by one merge job per Library.
 */
export async function syncConsumer(event: AsyncEvent): Promise<void> {
  const job = event?.body as SyncJob | undefined;
  if (!job || typeof job !== 'object' || typeof job.type !== 'string' || typeof job.libraryId !== 'string') {
    logLine('sync', 'dropped an event that is not a sync job');
    return;
  }
  const ctx = syncContext('queue');
  const result = await runSyncJob(ctx, job);
  await ctx.flushMerges();
  if (result.outcome !== 'done') logLine('sync', `${job.type} for ${job.libraryId}: ${result.outcome}${'delaySeconds' in result ? ` in ${result.delaySeconds}s` : ''}`);
}
