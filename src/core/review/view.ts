/**
 * What Review shows of a proposal: its reason, links, origin, author and, per operation, a word-level diff of the
 * changed node's text. Everything is plain text; UIs render it as text.
 *
 * Example: `proposalView(proposal, { canAct: true }).changes[0].diff // [{kind:'removed',text:'ship'}, …]`
 */
import { parseStorage } from '../storage';
import { blockText } from './draft';
import type { EditOperation, Proposal } from './types';
import { wordDiff, type DiffPart } from './word-diff';

export interface ChangeView {
  label: string;
  diff: DiffPart[];
  /** The new text as Markdown or code, where the reviewer may edit it before approving. */
  editable?: string;
}

export interface ProposalView {
  id: string;
  state: Proposal['state'];
  pageId: string;
  pageTitle: string;
  spaceKey: string;
  baseVersion: number;
  createdAt: number;
  reason: Proposal['reason'];
  origin: Proposal['origin'];
  authorName: string;
  modelWritten: boolean;
  stateReason?: string;
  appliedVersion?: number;
  changes: ChangeView[];
  history: Array<{ at: number; byName: string; action: string; note?: string; version?: number }>;
  /** The caller may approve, edit and decline (edit rights on the page, checked with Confluence). */
  canAct: boolean;
}

function newText(storage: string): string {
  return blockText(parseStorage(storage));
}

export function changeView(operation: EditOperation): ChangeView {
  switch (operation.op) {
    case 'replaceText':
      return { label: 'Text', diff: wordDiff(operation.target.before, operation.target.before.replace(operation.find, operation.replace)), editable: operation.replace };
    case 'renameToken':
      return { label: `Rename everywhere (${operation.occurrences} place${operation.occurrences === 1 ? '' : 's'})`, diff: wordDiff(operation.from, operation.to), editable: operation.to };
    case 'replaceCode':
      return { label: 'Code block', diff: wordDiff(operation.target.before, operation.code), editable: operation.code };
    case 'replaceSection': {
      const heading = operation.target.before.trim();
      const after = operation.preview?.after ?? (/^\s*<h[1-6][\s>]/i.test(operation.content.storage) ? newText(operation.content.storage) : `${heading}\n${newText(operation.content.storage)}`);
      // Macros, images and mentions have no words of their own: shown as removed parts, so the diff is the truth.
      const removes: DiffPart[] = (operation.preview?.removes ?? []).map((label) => ({ kind: 'removed', text: `\n[removes ${label}]` }));
      return { label: `Section "${heading}"`, diff: [...wordDiff(operation.sectionBefore, after), ...removes], editable: operation.content.markdown };
    }
    case 'insertAfter':
      return { label: `New content after "${operation.target.before.trim().slice(0, 40)}"`, diff: wordDiff('', newText(operation.content.storage)), editable: operation.content.markdown };
    case 'deleteNode':
      return { label: 'Removed', diff: wordDiff(operation.target.before, '') };
    case 'setMacroParameter':
      return { label: `Macro setting "${operation.name}"`, diff: wordDiff(operation.target.before.trim(), operation.value), editable: operation.value };
    case 'createPage':
      return { label: `New page "${operation.title}"`, diff: wordDiff('', newText(operation.content.storage)), editable: operation.content.markdown };
  }
}

export function proposalView(proposal: Proposal, options: { canAct: boolean }): ProposalView {
  return {
    id: proposal.id,
    state: proposal.state,
    pageId: proposal.pageId,
    pageTitle: proposal.pageTitle,
    spaceKey: proposal.spaceKey,
    baseVersion: proposal.baseVersion,
    createdAt: proposal.createdAt,
    reason: proposal.reason,
    origin: proposal.origin,
    authorName: proposal.author.name,
    modelWritten: proposal.modelWritten,
    stateReason: proposal.stateReason,
    appliedVersion: proposal.appliedVersion,
    changes: proposal.operations.map(changeView),
    history: proposal.history.map(({ at, byName, action, note, version }) => ({ at, byName, action, note, version })),
    canAct: options.canAct && (proposal.state === 'pending' || proposal.state === 'conflict'),
  };
}
