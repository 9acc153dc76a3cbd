/**
 * Proposals: page updates waiting in Review. A proposal is a list of node-level edit operations against one page
 * version (`baseVersion`), never a whole new body, so approving it changes only the nodes it names.
 *
 * Example:
 *   { id: 'p1a2b3c4d5e6f7', libraryId: 'lib1', pageId: '123', spaceKey: 'ENG', baseVersion: 7,
 *     operations: [{ op: 'replaceCode', target: { path: [3], fingerprint: 'k2j1h…', before: 'npm run ship', kind: 'ac:structured-macro' }, code: 'npm run deploy' }],
 *     reason: { text: 'The deploy script was renamed', links: [{ kind: 'pr', url: 'https://…/pull/42' }] },
 *     origin: { kind: 'code-change', name: 'acme/api#42' }, state: 'pending', … }
 */

export type ProposalState = 'pending' | 'applied' | 'declined' | 'conflict' | 'superseded';
export const PROPOSAL_STATES: readonly ProposalState[] = ['pending', 'applied', 'declined', 'conflict', 'superseded'];

export type OriginKind = 'agent' | 'code-change' | 'document' | 'person';
export const ORIGIN_KINDS: readonly OriginKind[] = ['agent', 'code-change', 'document', 'person'];

/** Where a proposal came from: an agent (by name), a code change (repo and commit or PR), a Document, a person. */
export interface ProposalOrigin {
  kind: OriginKind;
  /** Short label shown in Review, e.g. "Claude Code", "acme/api#42", a Document's title. */
  name?: string;
  /** For an agent on the external endpoint: the id (public part) of the agent token it used. */
  tokenId?: string;
}

export interface ProposalLink {
  kind: 'commit' | 'pr' | 'agent' | 'document' | 'other';
  url: string;
  label?: string;
}

export interface ProposalReason {
  text: string;
  links: ProposalLink[];
}

/**
 * Where an operation applies. `localId` when the node has `local-id` / `ac:local-id` (stable across edits), else a
 * structural path; `fingerprint` is the hash of the node's normalised content at the base version, so a node that
 * changed since is never edited blindly.
 */
export interface NodeTarget {
  localId?: string;
  /** Child indexes from the top of the page down to the node at the base version. */
  path: number[];
  fingerprint: string;
  /** What the node said at the base version (plain text), for the reviewer's diff and conflict messages. */
  before: string;
  /** Its element name (`p`, `h2`, `ac:structured-macro`…), for messages. */
  kind: string;
}

/** New content: agents write Markdown; it is converted to storage format when the proposal is created or edited. */
export interface NewContent {
  markdown: string;
  /** The storage format the Markdown converts to: what is spliced in. */
  storage: string;
}

export type EditOperation =
  /** Replace the text `find` (exactly once) inside one block with `replace` (plain text, escaped). */
  | { op: 'replaceText'; target: NodeTarget; find: string; replace: string }
  /** Rename a token everywhere in the page's text runs and inline code (never inside macros' parameters). */
  | { op: 'renameToken'; from: string; to: string; occurrences: number }
  /** Replace a code macro's body (kept in CDATA). */
  | { op: 'replaceCode'; target: NodeTarget; code: string }
  /** Replace a section: the heading's following nodes up to the next heading of the same or higher level. */
  | {
      op: 'replaceSection';
      target: NodeTarget;
      content: NewContent;
      sectionBefore: string;
      sectionFingerprint: string;
      /**
       * What Review shows, from the base version: the section's text after the edit (blocks kept byte for byte
       * read as they were) and the macros, images and mentions it drops (section-keep.ts). Absent once edited.
       */
      preview?: { after: string; removes: string[] };
    }
  /** Insert new content after a node. */
  | { op: 'insertAfter'; target: NodeTarget; content: NewContent }
  /** Delete a node. */
  | { op: 'deleteNode'; target: NodeTarget }
  /** Set a macro parameter, e.g. a status lozenge's `title`. */
  | { op: 'setMacroParameter'; target: NodeTarget; name: string; value: string }
  /** Create a page (a Document that has none yet): a proposal's only operation; its page is the new page's parent. */
  | CreatePageOperation;

/** A new page under `parentId` in `spaceId`, with `content` as its body (create-page.ts applies it). */
export interface CreatePageOperation {
  op: 'createPage';
  spaceId: string;
  parentId: string;
  title: string;
  content: NewContent;
}

export type EditOperationKind = EditOperation['op'];

export interface ProposalAuthor {
  /** Atlassian account id of the person (or the agent token's owner) who proposed it; never shown raw in UIs. */
  accountId?: string;
  /** Display name, resolved when the proposal was made. */
  name: string;
}

export interface HistoryEntry {
  at: number;
  /** Account id of who acted; absent for the app itself (Auto-Accept). */
  by?: string;
  byName: string;
  action: 'proposed' | 'edited' | 'applied' | 'declined' | 'conflict' | 'superseded' | 'restored' | 'failed';
  note?: string;
  version?: number;
}

export interface Proposal {
  /** Opaque, shared by the UI, the tools and the CLI. */
  id: string;
  libraryId: string;
  pageId: string;
  pageTitle: string;
  spaceKey: string;
  spaceId?: string;
  /** The page version the operations were computed against. */
  baseVersion: number;
  operations: EditOperation[];
  reason: ProposalReason;
  origin: ProposalOrigin;
  author: ProposalAuthor;
  /** True when a model wrote the new text: such proposals always wait for a person, whatever Auto-Accept says. */
  modelWritten: boolean;
  state: ProposalState;
  /** Bumped by every write; each revision is claimed once, so two writers never both succeed. */
  revision: number;
  createdAt: number;
  updatedAt: number;
  /** Set once applied: the page version the proposal created. */
  appliedVersion?: number;
  /** Why it is in `conflict` (or why an apply failed), in words the reviewer can act on. */
  stateReason?: string;
  supersededBy?: string;
  /** Set once a `createPage` proposal is applied: the id of the page it created. */
  createdPageId?: string;
  history: HistoryEntry[];
}

/** What the per-page and per-space lists hold: enough to filter and count without reading every record. */
export interface ProposalSummary {
  id: string;
  pageId: string;
  spaceKey: string;
  state: ProposalState;
  origin: OriginKind;
  createdAt: number;
}

export function summaryOf(proposal: Proposal): ProposalSummary {
  return {
    id: proposal.id,
    pageId: proposal.pageId,
    spaceKey: proposal.spaceKey,
    state: proposal.state,
    origin: proposal.origin.kind,
    createdAt: proposal.createdAt,
  };
}

/** The nodes an operation touches (empty for a page-wide rename), to find proposals that overlap. */
export function targetKeys(operation: EditOperation): string[] {
  if (operation.op === 'renameToken') return [`rename:${operation.from}`];
  if (operation.op === 'createPage') return [`create:${operation.spaceId}:${operation.title.toLowerCase()}`];
  const t = operation.target;
  return [t.localId ? `id:${t.localId}` : `path:${t.path.join('.')}`];
}
