/**
 * The sync's vocabulary: the pages it reads from a Source, the state it keeps per space and per Library, and the
 * jobs it runs on the `librarian-sync` queue. Every job is small (ids and a cursor, never page bodies) so a push
 * stays far below Forge's 200 KB limit, and every job is safe to run twice or out of order.
 */

/** A page as the sync sees it: the fields the index and the freshness rules need. */
export interface SourcePage {
  id: string;
  spaceId: string;
  title: string;
  status: 'current' | 'draft' | 'trashed' | 'archived' | 'deleted' | string;
  version: number;
  /** Last modification, epoch ms (v2 `version.createdAt`, UTC: no time-zone guesswork). */
  modifiedAt: number;
  parentId?: string;
  /** Storage format; absent when the page was listed without bodies. */
  body?: string;
  /** Path of the page in the Confluence UI, relative to the site's /wiki. */
  webui?: string;
}

export interface SourceSpace {
  id: string;
  key: string;
  name: string;
  type: string;
  status: string;
}

/** Where a space's sync stands; one record per (Library, space), written by one job at a time. */
export interface SpaceSyncState {
  libraryId: string;
  spaceId: string;
  spaceKey: string;
  /** crawling: first sync under way; ready: in the index and followed by the scan; removing: leaving the index. */
  phase: 'crawling' | 'ready' | 'removing' | 'paused';
  /** Bumped on every (re)selection: jobs of an older generation stop at once. */
  generation: number;
  /** The v2 cursor of the next list page to crawl: a crash or timeout resumes here. */
  cursor?: string;
  /** Crawl steps done in this generation: a duplicate job for an earlier step is ignored. */
  step: number;
  pagesSeen: number;
  /** About how many pages the crawl will see, for the progress bar. */
  pagesExpected?: number;
  pagesIndexed: number;
  pagesFailed: number;
  crawlStartedAt?: number;
  crawlFinishedAt?: number;
  lastScanAt?: number;
  lastReconcileAt?: number;
  lastError?: SyncErrorRecord;
  /** Last time a job wrote this record: a crawl that stopped moving is resumed by the scan. */
  updatedAt: number;
}

export interface SyncErrorRecord {
  at: number;
  message: string;
  pageId?: string;
}

/** A Library's scan watermark: the newest modification the scan has taken in. */
export interface ScanState {
  libraryId: string;
  /** Pages modified at or after this instant (minus the overlap) are looked at by the next scan. */
  watermark: number;
  lastScanAt?: number;
  lastScanChanged?: number;
  lastScanRemoved?: number;
  lastError?: SyncErrorRecord;
}

/**
 * The jobs of the `librarian-sync` queue.
 * - crawl-space: input {cursor, step}; reads one list page of 250 pages with bodies, indexes them, saves the
 *   checkpoint, and pushes the next step. Output: the space's counts and, at the end, phase `ready`.
 * - scan-library: reads what changed since the watermark in all the Library's ready spaces (about one request when
 *   nothing changed) and what was trashed or archived; indexes or removes those pages; moves the watermark.
 * - index-pages: from a page event: fetches the named pages (one request per 250) and indexes or removes each.
 * - reconcile-space: enumerates the space's current page ids; only when the enumeration completed, prunes the
 *   index of every page it did not see (purged pages, moves out). Also drops the space if it became archived or
 *   unindexable.
 * - remove-space: removes a deselected space's pages from the index, a batch per step.
 * - delete-library: removes a deleted Library's index and state; a final sweep, queued after the longest a job can
 *   run, removes anything a job already in flight wrote meanwhile; then the record.
 */
export type SyncJob =
  | { type: 'crawl-space'; libraryId: string; spaceId: string; generation: number; step: number; cursor?: string; attempt?: number }
  | { type: 'scan-library'; libraryId: string; attempt?: number }
  | { type: 'index-pages'; libraryId: string; pageIds: string[]; attempt?: number }
  | { type: 'reconcile-space'; libraryId: string; spaceId: string; generation: number; runId: string; step: number; cursor?: string; attempt?: number }
  | { type: 'remove-space'; libraryId: string; spaceId: string; generation: number; attempt?: number }
  | { type: 'delete-library'; libraryId: string; finalSweep?: boolean; attempt?: number };
