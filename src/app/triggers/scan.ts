import { logLine } from '../log';
import { pushJobs, syncingLibraries } from './jobs';

/** What a scheduled trigger receives: the platform sends its own context; the app reads nothing else from it. */
export interface ScheduledTriggerEvent {
  context?: { cloudId?: string; moduleKey?: string };
}

/**
 * `librarian-scan`, every five minutes: queues one scan job per syncing Library (the scan itself runs in the sync
 * consumer, with its longer timeout) and one merge per Library, so nothing written stays unsearchable. Scheduled
 * triggers are not retried, so this never throws.
 */
export async function runScan(_event?: ScheduledTriggerEvent): Promise<void> {
  try {
    const ids = (await syncingLibraries()).map((library) => library.id);
    await pushJobs(ids.map((libraryId) => ({ type: 'scan-library', libraryId })));
    await pushJobs(ids.map((libraryId) => ({ type: 'merge', libraryId })));
    logLine('scan', `queued scans of ${ids.length} Libraries`);
  } catch (error) {
    logLine('scan', `could not queue scans: ${(error as Error)?.name ?? 'error'}`);
  }
}
