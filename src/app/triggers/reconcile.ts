import { logLine } from '../log';
import { syncContext } from '../services';
import type { ScheduledTriggerEvent } from './scan';
import { pushJobs, syncingLibraries } from './jobs';

/**
 * `librarian-reconcile`, hourly: queues a reconcile of every ready space of every syncing Library. The reconcile
 * enumerates the space and prunes what the events and scans missed (purged pages, moves, lost read access),
 * never on a partial enumeration. Scheduled triggers are not retried, so this never throws.
 */
export async function runReconcile(_event?: ScheduledTriggerEvent): Promise<void> {
  try {
    const ctx = syncContext();
    const runId = String(ctx.clock.now());
    const jobs = [];
    for (const library of await syncingLibraries()) {
      for (const state of await ctx.state.listSpaces(library.id)) {
        if (state.phase === 'ready') jobs.push({ type: 'reconcile-space' as const, libraryId: library.id, spaceId: state.spaceId, generation: state.generation, runId, step: 0 });
      }
    }
    await pushJobs(jobs);
    logLine('reconcile', `queued ${jobs.length} space reconciles`);
  } catch (error) {
    logLine('reconcile', `could not queue reconciles: ${(error as Error)?.name ?? 'error'}`);
  }
}
