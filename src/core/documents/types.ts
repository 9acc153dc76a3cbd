/**
 * The shapes of Documents: a repository Markdown file mapped to a Confluence page by the repository's
 * `librarian.yml` (`DocumentMapping`), and the Document as `librarian ship` sends it (`ShipDocument`).
 *
 * @example
 * const mapping: DocumentMapping = { path: 'docs/deploy.md', target: { pageId: '123456' }, line: 3 };
 * const sent: ShipDocument = { path: 'docs/deploy.md', target: { title: 'Deploy', spaceKey: 'ENG' }, parentId: '98765',
 *   markdown: '# Deploy\n\n## Rollback\n…', digest: '3f1c…' };
 */

/** Which page a Document goes to: a page id, or a title in a space (Confluence titles are unique within a space). */
export type DocumentTarget = { pageId: string } | { title: string; spaceKey: string };

export interface DocumentMapping {
  /** Repository path, POSIX, relative to the repository's root (`docs/deploy.md`). */
  path: string;
  target: DocumentTarget;
  /** Where the page is created when it does not exist yet (a page id). */
  parentId?: string;
  /** The line of librarian.yml that maps it, for messages. */
  line: number;
}

/** A changed Document as the CI step sends it: the full Markdown at the head revision, never a diff. */
export interface ShipDocument {
  path: string;
  target: DocumentTarget;
  parentId?: string;
  markdown: string;
  /** SHA-256 (hex) of the Markdown: the consumer skips a Document it already synced at this content. */
  digest: string;
}
