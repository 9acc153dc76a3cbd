/**
 * Applying a `createPage` proposal: the page a Document needs is created under its parent, as the approver
 * (`POST /wiki/api/v2/pages`, so Confluence checks their right to add pages in that space and the page history
 * names them). A page with the same title in the space already (Confluence keeps titles unique per space) is a
 * conflict, never a second page; nothing else is written.
 *
 * @example
 *   if (isPageCreation(proposal.operations)) outcome = await createProposedPage(deps, proposal.operations[0], options);
 *   // { kind: 'applied', version: 1, pageId: '884422', message: 'Created the page "Runbook" under "Operations".' }
 */
import { ConfluenceError, NotFoundError } from '../confluence';
import type { ApplyDeps, ApplyOptions, ApplyOutcome } from './apply';
import type { CreatePageOperation, EditOperation } from './types';

/** True for a proposal whose one operation creates a page. */
export function isPageCreation(operations: readonly EditOperation[]): operations is [CreatePageOperation] {
  return operations.length === 1 && operations[0]!.op === 'createPage';
}

export async function createProposedPage(deps: ApplyDeps, operation: CreatePageOperation, options: ApplyOptions): Promise<ApplyOutcome> {
  let parentTitle: string;
  try {
    const parent = await deps.client.getPage(operation.parentId);
    if (parent.status !== 'current') return { kind: 'gone', message: `The parent page is ${parent.status}; restore it, or set another parent in librarian.yml.` };
    if (parent.spaceId !== operation.spaceId) return { kind: 'conflict', version: parent.version?.number ?? 0, message: 'The parent page moved to another space; ship the Document again to propose the page there.' };
    parentTitle = parent.title;
  } catch (error) {
    if (error instanceof NotFoundError) return { kind: 'gone', message: 'The parent page no longer exists, or you cannot see it.' };
    throw error;
  }
  const existing = await deps.client.findPageByTitle(operation.spaceId, operation.title);
  if (existing) {
    return { kind: 'conflict', version: existing.version?.number ?? 0, message: `A page titled "${operation.title}" already exists in this space (page ${existing.id}); nothing was created. Map the Document to it in librarian.yml.` };
  }
  try {
    const created = await deps.client.createPage({ spaceId: operation.spaceId, parentId: operation.parentId, title: operation.title, storage: operation.content.storage });
    return { kind: 'applied', version: created.version?.number ?? 1, pageId: created.id, message: `Created the page "${operation.title}" under "${parentTitle}" as ${options.approver.name}.` };
  } catch (error) {
    // Confluence refuses a duplicate title (another page was created meanwhile) or a user without the right to
    // add pages; either way nothing was written.
    if (error instanceof ConfluenceError && (error.status === 400 || error.status === 409 || error.status === 403)) {
      return { kind: 'conflict', version: 0, message: `Confluence did not create the page "${operation.title}" (HTTP ${error.status}); nothing was written.` };
    }
    throw error;
  }
}
