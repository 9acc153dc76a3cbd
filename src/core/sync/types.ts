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
  /** The crawl (one per selection batch, see CrawlState) that brings this generation of the space in. */
  crawlId?: string;
  /** Legacy per-space crawl checkpoint (before crawls covered a whole selection batch); unused now. */
  cursor?: string;
  /** Legacy, as `cursor`. */
  step: number;
  pagesSeen: number;
  /** About how many pages the crawl will see, for the progress bar; unknown unless Confluence says for free. */
  pagesExpected?: number;
  /** While crawling, the crawl's own counts (CrawlState) are the live ones; this is set when the crawl ends. */
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

/** One space of a crawl, with its live counts (the crawl record is the checkpoint, so they never count twice). */
export interface CrawlSpace {
  spaceId: string;
  spaceKey: string;
  /** The space's generation the crawl was started for: a space reselected or deselected since is skipped. */
  generation: number;
  pagesSeen: number;
  pagesIndexed: number;
  pagesFailed: number;
  lastError?: SyncErrorRecord;
}

/**
 * A first sync of the spaces one selection added (at most 100, what one v2 list request takes): one list of all
 * their pages by id, 250 with bodies a request, each page counted to its own space.
 * Written only by the crawl's own steps; deleted by the scan once done and covered, or with the Library.
 */
export interface CrawlState {
  libraryId: string;
  crawlId: string;
  phase: 'crawling' | 'done';
  spaces: CrawlSpace[];
  /** List steps done: a job for another step is a duplicate or stale and does nothing. */
  step: number;
  /** The v2 cursor of the next list page; absent before the first and after the last. */
  cursor?: string;
  /**
   * A lower bound of the crawl's start on Confluence's clock: the newest modification among the pages of the
   * first list response, or the Library's watermark read before it, whichever is later. Every edit the crawl
   * may have missed is at or after it. Absent until the first step ran (the scan leaves the spaces alone then).
   */
  since?: number;
  /** Set once the storage quota made the crawl wait: its steps are then spaced a quota minute apart. */
  paced?: boolean;
  startedAt: number;
  /** Last time a step saved this record (app clock): a crawl that stopped moving is resumed by the scan. */
  updatedAt: number;
  finishedAt?: number;
}

/**
 * What a crawl step could not finish before a storage-quota wait, carried in the queue event (ids and counts,
 * a few KB; never bodies): the listed pages still to index, and where listing continues afterwards.
 */
export interface CrawlCarry {
  /** Ids of listed pages not indexed yet (at most 250). */
  pending: string[];
  /** The cursor after the list page they came from; absent when it was the last one. */
  nextCursor?: string;
  /** The step's `since`, when it was the first step. */
  since?: number;
  /** Counts of the pages the step did finish, by space id. */
  done: Record<string, { seen: number; indexed: number; failed: number; lastError?: SyncErrorRecord }>;
}

/**
 * The health of a Library's index, when something is wrong with it: a failure the app cannot get past by itself
 * (a stored value that does not decode), and a rebuild a site admin started. Absent when all is well.
 */
export interface IndexHealth {
  libraryId: string;
  /** What stopped the merges; `action` is the way out the settings page offers. A successful merge clears it. */
  lastError?: { at: number; message: string; action: 'rebuild-index' };
  /** When a rebuild started (app clock): merges wait until its clearing is done. */
  rebuildingSince?: number;
}

export interface SyncErrorRecord {
  at: number;
  message: string;
  pageId?: string;
}

/**
 * A Library's scan watermark: the newest modification the scan has taken in. Every instant here is Confluence's
 * (a page's `version.createdAt`), never this app's clock, so a skew between the two cannot hide an edit.
 */
export interface ScanState {
  libraryId: string;
  /**
   * Pages modified at or after this instant (minus the overlap) are looked at by the next scan. Absent until a
   * scan or a crawl has read one from Confluence.
   */
  watermark?: number;
  /**
   * Crawls whose start the scan has looked back to once while their spaces were followed: from then on the
   * watermark alone covers every edit those crawls could have missed, so their `since` is not needed again.
   */
  coveredCrawls?: string[];
  lastScanAt?: number;
  lastScanChanged?: number;
  lastScanRemoved?: number;
  lastError?: SyncErrorRecord;
}

/**
 * The jobs of the `librarian-sync` queue.
 * - crawl-spaces: input {crawlId, step}; reads one list page of 250 pages with bodies across the crawl's spaces
 *   (up to 100), indexes them, saves the checkpoint (CrawlState), and pushes the next step. Output: each space's
 *   counts and, at the end, phase `ready`. After a storage-quota wait it carries the unindexed page ids instead of
 *   listing again.
 * - crawl-space: the per-space crawl of earlier versions; such an event does nothing now (the scan restarts its
 *   space as a crawl of its own).
 * - scan-library: reads what changed since the watermark in all the Library's ready spaces (about one request when
 *   nothing changed) and what was trashed or archived; indexes or removes those pages; moves the watermark.
 * - index-pages: from a page event: fetches the named pages (one request per 250) and indexes or removes each.
 *   When a page the index held leaves it or changes space, its old space is swept (`sweep-space`): the event names
 *   only that page, and its descendants (restricted or moved with it) are re-read too. `sweep` marks the jobs a
 *   sweep itself queued, which sweep nothing further.
 * - sweep-space: lists the index's pages of one space (100 ids a step) into `index-pages` jobs, so each is read
 *   again (one request per 250 pages) and leaves the index if it is no longer current, readable or followed.
 *   Coalesced: at most one per Library, space and minute-long `slot`, whose mark the sweep deletes as it starts
 *   (sweeps.ts).
 * - reconcile-space: enumerates the space's current page ids; only when the enumeration completed, prunes the
 *   index of every page it did not see (purged pages, moves out). Also drops the space if it became archived or
 *   unindexable.
 * - remove-space: removes a deselected space's pages from the index, a batch per step; once none is left it looks
 *   again a minute later (`settled`), after the merge of anything a crawl step had just written, then finishes.
 * - delete-library: removes a deleted Library's index and state; a final sweep, queued after the longest a job can
 *   run, removes anything a job already in flight wrote meanwhile; then the record.
 * - rebuild-index: a site admin's way out of a corrupt index: clears the Library's index a slice per step, clears
 *   it once more after the longest a job can run (a merge or a sync step in flight may have written), then starts
 *   a full crawl of the selected spaces (jobs/rebuild-index.ts).
 */
export type SyncJob =
  | { type: 'crawl-spaces'; libraryId: string; crawlId: string; step: number; carry?: CrawlCarry; attempt?: number }
  | { type: 'crawl-space'; libraryId: string; spaceId: string; generation: number; step: number; cursor?: string; attempt?: number }
  | { type: 'scan-library'; libraryId: string; attempt?: number }
  | { type: 'index-pages'; libraryId: string; pageIds: string[]; sweep?: boolean; attempt?: number }
  | { type: 'sweep-space'; libraryId: string; spaceKey: string; cursor?: string; slot?: number; attempt?: number }
  | { type: 'reconcile-space'; libraryId: string; spaceId: string; generation: number; runId: string; step: number; cursor?: string; attempt?: number }
  | { type: 'remove-space'; libraryId: string; spaceId: string; generation: number; settled?: boolean; attempt?: number }
  | { type: 'delete-library'; libraryId: string; finalSweep?: boolean; attempt?: number }
  | { type: 'rebuild-index'; libraryId: string; since: number; finalSweep?: boolean; attempt?: number };
