/**
 * Where each Document of a Library lives and what Librarian wrote there: the page id (once known or created),
 * the sections of the last applied sync with the keys of their blocks, and the proposal waiting in Review.
 *
 * Why app storage and not a marker in the page: the record must survive everything an editor does to the page,
 * and the editor rewrites the body on every save (the Cloud editor re-stamps `local-id` on elements and
 * `ac:local-id` on macros, and drops markup it does not know), while nothing an editor does touches the app's
 * storage. A content property would survive too, but writing one needs edit rights on the page
 * ("Permission to edit the content", developer.atlassian.com/cloud/confluence/rest/v2/api-group-content-properties/),
 * which the app's own account may lack in a space where the sync only proposes. The heading's `local-id` is still
 * used, once Confluence stamped one, to find a section an editor renamed.
 *
 * Key: `doc:<library>:<sha256 of the path, 32 hex>`: any path fits Forge's key charset and length.
 *
 * @example
 * const links = new DocumentLinks(kvs);
 * const link = (await links.get('lib1', 'docs/deploy.md')) ?? emptyLink('lib1', 'docs/deploy.md');
 */
import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../ports';
import { keyPart } from '../review/keys';
import type { OwnedSection } from './merge';

export interface PendingSync {
  proposalId: string;
  /** The sections the page will hold once that proposal is applied. */
  sections: OwnedSection[];
  digest: string;
  /** True when the proposal creates the page. */
  creates?: boolean;
}

export interface DocumentLink {
  libraryId: string;
  path: string;
  pageId?: string;
  /** The Document's sections as the last applied sync left them on the page. */
  sections: OwnedSection[];
  /** Digest of the Markdown of the last applied sync. */
  digest?: string;
  pending?: PendingSync;
  /** What the last ship of this Document led to, for the settings page (never the Document's text). */
  last?: DocumentOutcome;
  updatedAt: number;
}

/** One ship of a Document: at which commit, and whether it proposed (which proposal), changed nothing, or was refused (why). */
export interface DocumentOutcome {
  at: number;
  head: string;
  kind: 'proposed' | 'unchanged' | 'refused';
  proposalId?: string;
  message?: string;
}

export function emptyLink(libraryId: string, path: string): DocumentLink {
  return { libraryId, path, sections: [], updatedAt: 0 };
}

const prefixOf = (libraryId: string): string => `doc:${keyPart(libraryId)}:`;
const keyOf = (libraryId: string, path: string): string => `${prefixOf(libraryId)}${createHash('sha256').update(path).digest('hex').slice(0, 32)}`;

export class DocumentLinks {
  constructor(private readonly store: KeyValueStore) {}

  /** Where one Library's Document records begin. */
  static prefix(libraryId: string): string {
    return prefixOf(libraryId);
  }

  async get(libraryId: string, path: string): Promise<DocumentLink | undefined> {
    const link = await this.store.get<DocumentLink>(keyOf(libraryId, path));
    return link && link.path === path ? link : undefined;
  }

  async put(link: DocumentLink): Promise<void> {
    await this.store.set(keyOf(link.libraryId, link.path), link);
  }

  /** Notes what a ship of the Document led to, keeping the rest of its record. */
  async noteOutcome(libraryId: string, path: string, outcome: DocumentOutcome): Promise<void> {
    const link = (await this.get(libraryId, path)) ?? emptyLink(libraryId, path);
    await this.put({ ...link, last: { ...outcome, ...(outcome.message ? { message: outcome.message.slice(0, 500) } : {}) } });
  }

  /** The Library's Documents, at most `limit` (in key order, i.e. by path digest: the settings page sorts them). */
  async list(libraryId: string, limit = 100): Promise<DocumentLink[]> {
    const page = await this.store.list<DocumentLink>(prefixOf(libraryId), { limit: Math.min(Math.max(1, limit), 100) });
    return page.entries.map((e) => e.value).filter((l) => l && typeof l.path === 'string');
  }
}
