import { logLine } from '../log';
import { pushJobs, syncingLibraries } from './jobs';
import { isConfluenceId } from '../../core/ids';

/** The part of a Confluence page event (`avi:confluence:*:page`) the app reads. */
export interface PageEvent {
  eventType?: string;
  content?: { id?: string | number; type?: string };
}

/**
 * `librarian-page-events`: makes the index seconds-fresh. Every event becomes an `index-pages` job for each
 * syncing Library; the job reads the page's present state, so duplicated, reordered or stale events are harmless,
 * and a page that moved out of a followed space, or was trashed, archived or purged, leaves the index.
 * Logs only the event type and page id.
 */
export async function onPageEvent(event?: PageEvent): Promise<void> {
  const id = event?.content?.id === undefined ? '' : String(event.content.id);
  if (!isConfluenceId(id)) return;
  try {
    const libraries = await syncingLibraries();
    await pushJobs(libraries.map((library) => ({ type: 'index-pages', libraryId: library.id, pageIds: [id] })));
    logLine('page-events', `${event?.eventType ?? 'event'} for page ${id}: queued for ${libraries.length} Libraries`);
  } catch (error) {
    logLine('page-events', `could not queue page ${id}: ${(error as Error)?.name ?? 'error'}`);
  }
}
