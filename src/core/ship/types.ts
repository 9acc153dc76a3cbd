/**
 * The shapes of shipping: the compact change a CI step sends (`ShipChange`), and what Librarian finds in a
 * Library's pages because of it (`ShipFinding`, with a suggested edit).
 *
 * @example
 * const change: ShipChange = {
 *   base: '9f1e2d3', head: 'a1b2c3d', subjects: ['Drop deploy --force'], link: 'https://github.com/acme/api/commit/a1b2c3d',
 *   files: [{ status: 'changed', path: 'src/cli.ts', hunks: [{ oldStart: 10, oldText: "  .option('--force')", newText: '' }] }],
 *   symbols: [{ kind: 'flag', name: '--force', change: 'removed', file: 'src/cli.ts' }],
 *   skipped: [], cut: [],
 * };
 */

export type ShipFileStatus = 'changed' | 'added' | 'removed' | 'renamed';

/** One region of a file that changed: the lines it had and the lines it has now (context lines excluded). */
export interface ShipHunk {
  /** First line of the region in the old file (1-based); 0 for an added file. */
  oldStart: number;
  oldText: string;
  newText: string;
}

export interface ShipFile {
  status: ShipFileStatus;
  /** The path after the change (for a removed file: the path it had). */
  path: string;
  /** For a renamed file: the path before. */
  oldPath?: string;
  hunks: ShipHunk[];
}

/**
 * Things a page can name: definitions (function, class, constant, exported name), command-line flags, environment
 * variables, configuration keys, HTTP routes, and whole files (a renamed or removed path).
 */
export type ShipSymbolKind = 'identifier' | 'flag' | 'env' | 'config' | 'route' | 'path';

/** A name that disappeared (`removed`) or was replaced by another (`renamed`, with `to`). */
export interface ShipSymbol {
  kind: ShipSymbolKind;
  name: string;
  change: 'removed' | 'renamed';
  to?: string;
  /** The file it was defined in. */
  file: string;
}

/** What a ship change left out to stay under the payload limit, in words (`"hunks of 412 files"`). */
export interface ShipCut {
  what: string;
  count: number;
}

export interface ShipChange {
  base: string;
  head: string;
  /** Commit subjects between base and head, oldest first. */
  subjects: string[];
  /** A link to the commit or pull request, when the CI knows one. */
  link?: string;
  /**
   * Command-line programs the repository ships (package.json `bin`), when known: a flag belongs to a program, so a
   * section naming a removed flag counts only when it also names one of them (other tools have `--dry-run` too).
   */
  programs?: string[];
  files: ShipFile[];
  symbols: ShipSymbol[];
  /** Files left out on purpose: binary, not UTF-8. */
  skipped: Array<{ path: string; why: 'binary' | 'not-utf8' }>;
  /** What was cut to stay bounded; empty when nothing was. */
  cut: ShipCut[];
}

/**
 * A chunk of a Library's page as the search index stores it (the fields of a cited hit that finding needs).
 * `CitedHit` from src/core/index fits it.
 */
export interface ShipChunk {
  pageId: string;
  title: string;
  spaceKey: string;
  headingPath: string[];
  url: string;
  version: number;
  text: string;
}

/**
 * Suggested edits, named and shaped after Review's edit operations (`renameToken`, `replaceCode`) so a proposal
 * can be made from them; a finding cannot address a storage node (chunks carry no node paths), so `replaceCode`
 * names the code by its old text and the proposal builder locates the node. `flag` asks a person, with the sentence.
 * TODO(merge): once src/core/review lands, map these onto its `EditOperation` instead of mirroring them.
 */
export type ShipSuggestedEdit =
  | { op: 'renameToken'; from: string; to: string; occurrences: number }
  | { op: 'replaceCode'; before: string; code: string }
  | { op: 'flag'; sentence: string };

export type ShipFindingKind = 'code-match' | 'names-symbol' | 'names-file';

export interface ShipFinding {
  pageId: string;
  title: string;
  spaceKey: string;
  /** The section's heading path (empty for text before the first heading). */
  section: string[];
  url: string;
  version: number;
  kind: ShipFindingKind;
  /** Why, in one sentence a reviewer reads: "section 'Rollback' shows `deploy --force`; `--force` was removed in a1b2c3d". */
  reason: string;
  edit: ShipSuggestedEdit;
}
