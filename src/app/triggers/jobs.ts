import type { Library } from '../../core/library';
import type { SyncJob } from '../../core/sync';
import { libraries, syncContext } from '../services';

/** Forge takes at most 50 events per push. */
const EVENTS_PER_PUSH = 50;

/** Libraries whose Source can sync now: not being deleted, connected, authorization not lapsed. */
export async function syncingLibraries(): Promise<Library[]> {
  return (await libraries().list()).filter((library) => !library.deletingSince && library.source?.health.state === 'ok');
}

export async function pushSyncJobs(jobs: SyncJob[]): Promise<void> {
  const { queue } = syncContext();
  for (let i = 0; i < jobs.length; i += EVENTS_PER_PUSH) await queue.push(jobs.slice(i, i + EVENTS_PER_PUSH));
}
