import { InvocationError, InvocationErrorCode } from '@forge/events';
import { logLine } from '../log';
import { pushJobs, syncingLibraries } from './jobs';
import { isConfluenceId } from '../../core/ids';

/** Storage quotas turn each minute: a page event that could not be queued is tried again after one. */
const RETRY_AFTER_SECONDS = 60;

/** The part of a Confluence page event (`avi:confluence:*:page`) the app reads. */
export interface PageEvent {
  eventType?: string;
  content?: { id?: string | number; type?: string };
}

/**
 * `librarian-page-events`: makes the index seconds-fresh. Every event becomes an `index-pages` job for each
 * syncing Library; the job reads the page's present state, so duplicated, reordered or stale events are harmless,
 * and a page that moved out of a followed space, or was trashed, archived or purged, leaves the index.
 * Logs only the event type and page id. When the job cannot be queued (storage over its quota while reading the
 * Libraries, a failed push), the event is kept: the function answers with an `InvocationError`, and Forge
 * delivers the same event again a minute later (product events are retried that way, up to four times);
 * after that the five-minute scan still finds the change.
 */
export async function onPageEvent(event?: PageEvent): Promise<InvocationError | void> {
  const id = event?.content?.id === undefined ? '' : String(event.content.id);
  if (!isConfluenceId(id)) return;
  try {
    const libraries = await syncingLibraries();
    await pushJobs(libraries.map((library) => ({ type: 'index-pages', libraryId: library.id, pageIds: [id] })));
    logLine('page-events', `${event?.eventType ?? 'event'} for page ${id}: queued for ${libraries.length} Libraries`);
  } catch (error) {
    logLine('page-events', `could not queue page ${id}: ${(error as Error)?.name ?? 'error'}; retrying in ${RETRY_AFTER_SECONDS} s`);
    return new InvocationError({ retryAfter: RETRY_AFTER_SECONDS, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}
