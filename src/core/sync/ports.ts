import type { StorageDocument } from '../storage';
import type { SourcePage, SourceSpace } from './types';

/**
 * What the sync needs from Confluence, read as the Library's Source identity. src/app builds one per Library from
 * the REST client; tests build one over the simulator.
 */
export interface SyncSource {
  /** One v2 list page (up to 250) of the pages of up to 100 spaces, newest first when `sort` says so. */
  listPages(query: {
    spaceIds: string[];
    statuses: Array<'current' | 'archived' | 'trashed'>;
    withBodies: boolean;
    sort?: '-modified-date' | 'id' | '-id';
    cursor?: string;
  }): Promise<{ pages: SourcePage[]; cursor?: string }>;
  /** The named pages in any of the given statuses; a page missing from the answer is purged or unreadable. */
  getPages(ids: string[], statuses: Array<'current' | 'archived' | 'trashed'>): Promise<SourcePage[]>;
  /** The named spaces as the identity sees them; a missing one is gone or unreadable. */
  getSpaces(ids: string[]): Promise<SourceSpace[]>;
  /** Every space the identity can see, for the admin's space picker; a page of results at a time. */
  listAllSpaces(cursor?: string): Promise<{ spaces: SourceSpace[]; cursor?: string }>;
}

/** What the sync needs from a Library's index. */
export interface SyncIndex {
  /** The indexed version of each page that is in the index. */
  versions(pageIds: string[]): Promise<Map<string, number>>;
  /** The space (by key) the index holds each of these pages under; pages it lacks are absent. */
  spaceKeys(pageIds: string[]): Promise<Map<string, string>>;
  /** Indexes one page; throws when its body cannot be used (recorded as that page's error). */
  upsert(page: SourcePage & { body: string; spaceKey: string }, options?: UpsertOptions): Promise<void>;
  remove(pageIds: string[]): Promise<void>;
  /** Page ids the index holds for a space (by key), a page at a time. */
  listPageIds(spaceKey: string, cursor?: string): Promise<{ ids: string[]; cursor?: string }>;
  /** Removes a bounded amount of the whole index; resolves true once nothing is left. */
  clearStep(): Promise<boolean>;
  /**
   * Folds the inbox into the searchable index, for as long as one run may work: `busy` when another merger holds
   * the lease, `more` when work is left for the next run.
   */
  merge(): Promise<{ busy: boolean; more: boolean }>;
}

/** How a page's body is read when it is indexed. */
export interface UpsertOptions {
  /** The display name of an @-mentioned account, when known; otherwise the mention reads as the account id. */
  resolveUser?: (accountId: string) => string | undefined;
  /** The page's body already parsed (the sync parsed it to find its mentions): read instead of parsing again. */
  parsed?: StorageDocument;
}

/** Tells a Library's admins that its Source needs reauthorization. */
export interface SyncNotifier {
  reauthorizationNeeded(libraryId: string, reason: string): Promise<void>;
}
