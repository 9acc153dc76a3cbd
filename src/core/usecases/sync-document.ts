/**
 * Sync a shipped Document to its page through Review: find the page (the recorded one, the mapped id, or the mapped
 * title in its space), merge the Document into it section by section (src/core/documents/merge.ts) and store the
 * operations as one proposal (origin `document`); a Document with no page yet proposes the page under its parent.
 * A newer ship of the same Document supersedes the proposal still waiting. With Auto-Accept on, the proposal is
 * applied at once as the app, under the same conflict rules. Runs as the app (the ship queue's consumer).
 *
 * @example
 * const result = await syncDocument({ review, links }, { libraryId: 'lib1', document, commit: { head: 'a1b2c3d', subjects: ['Docs: rollback'] } });
 * if (result.kind === 'proposed') console.log(result.proposal.id);
 */
import { basename } from 'node:path';
import { NotFoundError, type Page } from '../confluence';
import { documentDigest, MAX_DOCUMENT_BYTES } from '../documents/payload';
import { documentSections } from '../documents/sections';
import { mergeDocument } from '../documents/merge';
import { emptyLink, type DocumentLinks, type DocumentLink } from '../documents/links';
import type { ShipDocument } from '../documents/types';
import type { Library } from '../library';
import { applyProposal, linkUrl, MarkdownTooLargeError, ReviewError, type ApplyOutcome, type EditOperation, type Proposal, type ProposalLink } from '../review';
import { parseStorage } from '../storage';
import { recordOutcome } from './approve-proposal';
import { namesOf, newProposalId, refreshBylineCount, type ReviewContext } from './review-context';

export interface DocumentSyncDeps {
  /** Review as the app: `asUser` and `asApp` are both the app's client here. */
  review: ReviewContext;
  links: DocumentLinks;
}

export interface SyncDocumentInput {
  libraryId: string;
  document: ShipDocument;
  commit: { head: string; subjects: string[]; link?: string };
}

export type SyncDocumentResult =
  | { kind: 'proposed'; proposal: Proposal; superseded: string[]; autoApplied?: ApplyOutcome }
  | { kind: 'unchanged'; message: string }
  | { kind: 'refused'; message: string };

/** A proposal's record must fit one KVS value (240 KiB) with room for its history. */
const MAX_PROPOSAL_BYTES = 200_000;
const AUTHOR = { name: 'Librarian (Document sync)' };

async function pageOrUndefined(ctx: ReviewContext, id: string): Promise<Page | undefined> {
  try {
    const page = await ctx.asApp.getPage(id, { bodyFormat: 'storage' });
    return page.status === 'current' ? page : undefined;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Moves a waiting proposal's sections into the record once it was applied; forgets it once it cannot be. */
async function settlePending(ctx: ReviewContext, link: DocumentLink): Promise<void> {
  const pending = link.pending;
  if (!pending) return;
  const proposal = await ctx.proposals.get(pending.proposalId);
  if (proposal?.state === 'pending' || proposal?.state === 'conflict') return;
  if (proposal?.state === 'applied') {
    link.sections = pending.sections;
    link.digest = pending.digest;
    if (pending.creates && proposal.createdPageId) link.pageId = proposal.createdPageId;
  }
  link.pending = undefined;
}

async function resolvePage(ctx: ReviewContext, library: Library, link: DocumentLink, document: ShipDocument): Promise<{ page?: Page; refused?: string }> {
  if (link.pageId) {
    const page = await pageOrUndefined(ctx, link.pageId);
    if (page) return { page };
    // The page the Document was synced to is gone: what it recorded of that page no longer applies.
    link.pageId = undefined;
    link.sections = [];
    link.digest = undefined;
  }
  if ('pageId' in document.target) {
    const page = await pageOrUndefined(ctx, document.target.pageId);
    return page ? { page } : { refused: `Page ${document.target.pageId} (mapped to ${document.path} in librarian.yml) does not exist, or Librarian cannot read it.` };
  }
  const { spaceKey, title } = document.target;
  const space = library.source?.spaces.find((s) => s.key === spaceKey);
  if (!space) return { refused: `Space ${spaceKey} (mapped to ${document.path} in librarian.yml) is not one of this Library's spaces.` };
  const page = await ctx.asApp.findPageByTitle(space.id, title);
  return { ...(page ? { page } : {}) };
}

function reasonText(document: ShipDocument, commit: SyncDocumentInput['commit'], lead: string, notes: string[]): string {
  const subject = commit.subjects[commit.subjects.length - 1];
  const text = [`${lead} ${document.path} changed in ${commit.head}${subject ? ` ("${subject.slice(0, 120)}")` : ''}.`, ...notes].join(' ');
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

function commitLinks(commit: SyncDocumentInput['commit']): ProposalLink[] {
  if (!commit.link) return [];
  const checked = linkUrl(commit.link);
  return 'url' in checked ? [{ kind: /\/pull\/\d+/.test(checked.url.pathname) ? 'pr' : 'commit', url: checked.url.toString() }] : [];
}

/** Marks a waiting proposal superseded; false when it was approved or declined meanwhile (it then stands). */
async function supersede(ctx: ReviewContext, id: string, by: string | undefined, why: string): Promise<boolean> {
  try {
    await ctx.proposals.transition(id, ['pending', 'conflict'], 'superseded', { at: ctx.clock.now(), byName: 'Librarian', action: 'superseded', ...(by ? { note: `by ${by}` } : {}) }, {
      ...(by ? { supersededBy: by } : {}),
      stateReason: why,
    });
    return true;
  } catch (error) {
    if (error instanceof ReviewError && (error.code === 'conflict' || error.code === 'not_found')) return false;
    throw error;
  }
}

export async function syncDocument(deps: DocumentSyncDeps, input: SyncDocumentInput): Promise<SyncDocumentResult> {
  const ctx = deps.review;
  const { document } = input;
  const library = await ctx.libraries.get(input.libraryId);
  if (!library || library.deletingSince) return { kind: 'refused', message: 'The Library no longer exists.' };
  const size = Buffer.byteLength(document.markdown, 'utf8');
  if (size > MAX_DOCUMENT_BYTES) return { kind: 'refused', message: `${document.path} is ${size} bytes; Documents of at most ${MAX_DOCUMENT_BYTES} are synced. Split it.` };
  const digest = documentDigest(document.markdown);
  const link = (await deps.links.get(library.id, document.path)) ?? emptyLink(library.id, document.path);
  await settlePending(ctx, link);
  if (link.pending?.digest === digest) return { kind: 'unchanged', message: `A proposal for this version of ${document.path} is already waiting in Review.` };

  let parts;
  try {
    parts = documentSections(document.markdown);
  } catch (error) {
    if (error instanceof MarkdownTooLargeError) return { kind: 'refused', message: `${document.path}: ${error.message}` };
    throw error;
  }
  const resolved = await resolvePage(ctx, library, link, document);
  if (resolved.refused) {
    await deps.links.put({ ...link, updatedAt: ctx.clock.now() });
    return { kind: 'refused', message: resolved.refused };
  }

  let operations: EditOperation[];
  let proposalPage: Page;
  let sections = parts.sections.map((s) => ({ key: s.key, blocks: s.blocks.map((b) => b.key) }));
  let notes: string[] = [];
  let creates = false;
  if (resolved.page) {
    const page = resolved.page;
    if (!library.source?.spaces.some((s) => s.id === page.spaceId)) return { kind: 'refused', message: `The page "${page.title}" is not in one of this Library's spaces.` };
    const sameRecord = link.pageId === page.id;
    if (sameRecord && link.digest === digest && !link.pending) return { kind: 'unchanged', message: `${document.path} is already on its page at this version.` };
    const plan = mergeDocument(parseStorage(page.body?.storage?.value ?? ''), parts, sameRecord ? link.sections : []);
    link.pageId = page.id;
    if (!sameRecord) link.sections = [];
    if (!plan.operations.length) {
      // The page already says what the Document says: record it as synced, propose nothing, and retire a proposal
      // still waiting for an older version of the Document.
      if (link.pending) await supersede(ctx, link.pending.proposalId, undefined, 'The Document went back to what the page already says.');
      await deps.links.put({ ...link, sections: plan.sections, digest, pending: undefined, updatedAt: ctx.clock.now() });
      return { kind: 'unchanged', message: `The page "${page.title}" already says what ${document.path} says.` };
    }
    operations = plan.operations;
    sections = plan.sections;
    notes = plan.notes;
    proposalPage = page;
  } else {
    const parentId = document.parentId;
    const title = 'title' in document.target ? document.target.title : (parts.title ?? basename(document.path).replace(/\.(md|markdown)$/i, ''));
    if (!parentId) return { kind: 'refused', message: `No page titled "${title}" exists yet, and librarian.yml names no parent to create it under (parent: <page id>).` };
    const parent = await pageOrUndefined(ctx, parentId);
    const space = parent && library.source?.spaces.find((s) => s.id === parent.spaceId);
    if (!parent || !space) return { kind: 'refused', message: `The parent page ${parentId} for ${document.path} does not exist, or is not in one of this Library's spaces.` };
    if ('spaceKey' in document.target && document.target.spaceKey !== space.key) return { kind: 'refused', message: `The parent page ${parentId} is in ${space.key}, not in ${document.target.spaceKey} where librarian.yml puts "${title}".` };
    operations = [{ op: 'createPage', spaceId: parent.spaceId, parentId: parent.id, title, content: { markdown: parts.markdown, storage: parts.storage } }];
    proposalPage = parent;
    creates = true;
  }

  const space = library.source?.spaces.find((s) => s.id === proposalPage.spaceId);
  if (!space) return { kind: 'refused', message: `The page "${proposalPage.title}" is not in one of this Library's spaces.` };
  const now = ctx.clock.now();
  const proposal: Proposal = {
    id: (ctx.newId ?? newProposalId)(),
    libraryId: library.id,
    pageId: proposalPage.id,
    pageTitle: proposalPage.title,
    spaceKey: space.key,
    spaceId: space.id,
    baseVersion: proposalPage.version?.number ?? 1,
    operations,
    reason: { text: reasonText(document, input.commit, creates ? 'New page for the Document' : 'The Document', notes), links: commitLinks(input.commit) },
    origin: { kind: 'document', name: document.path.slice(0, 120) },
    author: AUTHOR,
    modelWritten: false,
    state: 'pending',
    revision: 0,
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, byName: AUTHOR.name, action: 'proposed', version: proposalPage.version?.number, note: `Document ${document.path} at ${input.commit.head}` }],
  };
  const bytes = Buffer.byteLength(JSON.stringify(proposal), 'utf8');
  if (bytes > MAX_PROPOSAL_BYTES) return { kind: 'refused', message: `The update of ${document.path} is ${bytes} bytes as a proposal; at most ${MAX_PROPOSAL_BYTES} fit. Split the Document.` };

  const superseded = await ctx.proposals.create(proposal);
  const previous = link.pending?.proposalId;
  if (previous && previous !== proposal.id && !superseded.includes(previous)) {
    if (await supersede(ctx, previous, proposal.id, 'A newer version of the Document was shipped.')) superseded.push(previous);
  }
  link.pending = { proposalId: proposal.id, sections, digest, ...(creates ? { creates: true } : {}) };
  link.updatedAt = now;

  let autoApplied: ApplyOutcome | undefined;
  let stored = proposal;
  if (library.autoAccept) {
    autoApplied = await applyProposal({ client: ctx.asApp, names: (ids) => namesOf(ctx.asApp, ids) }, proposal, { approver: { name: 'Librarian (Auto-Accept)' } });
    stored = await recordOutcome(ctx, proposal.id, autoApplied, { name: 'Librarian (Auto-Accept)' });
    await settlePending(ctx, link);
  }
  await deps.links.put(link);
  for (const id of new Set([proposal.pageId, ...(stored.createdPageId ? [stored.createdPageId] : [])])) await refreshBylineCount(ctx, id);
  return { kind: 'proposed', proposal: stored, superseded, ...(autoApplied ? { autoApplied } : {}) };
}
