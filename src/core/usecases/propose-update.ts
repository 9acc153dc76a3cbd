/**
 * Propose an update to a page: turn an agent's (or a person's) request into edit operations against the page
 * version they saw, store the proposal for Review and, when the Library has Auto-Accept on and a person wrote the
 * text, apply it at once as the app under the same conflict rules. Never writes the page otherwise.
 *
 * Example:
 *   const { proposal } = await proposeUpdate(ctx, actor, { pageId: '123', section: 'Deploy',
 *     markdown: 'Run `npm run ship`.', reason: 'The deploy script was renamed', origin: { kind: 'agent', name: 'Claude Code' } });
 */
import { NotFoundError, type Page } from '../confluence';
import { applyProposal, draftOperations, linkUrl, ReviewError, type ApplyOutcome, type DraftInput, type Proposal, type ProposalLink, type ProposalOrigin } from '../review';
import { parseStorage } from '../storage';
import { libraryForSpace, namesOf, newProposalId, refreshBylineCount, type Actor, type ReviewContext } from './review-context';
import { recordOutcome } from './approve-proposal';

export interface ProposeUpdateInput extends DraftInput {
  pageId: string;
  reason: string;
  links?: ProposalLink[];
  origin: ProposalOrigin;
  /** True when a model wrote the new text: it then always waits for a person. */
  modelWritten?: boolean;
  /** The page version the agent read; the proposal is computed against it, so later edits are detected. */
  baseVersion?: number;
  /** The Library the caller works in (an agent token's scope): the page's space must be one of its spaces. */
  libraryId?: string;
}

export interface ProposeUpdateResult {
  proposal: Proposal;
  superseded: string[];
  /** Set when Auto-Accept applied it. */
  autoApplied?: ApplyOutcome;
}

const MAX_REASON = 2000;
const MAX_LINKS = 5;

function validLinks(links: ProposalLink[] | undefined): ProposalLink[] {
  if (!links) return [];
  if (!Array.isArray(links) || links.length > MAX_LINKS) throw new ReviewError('invalid', `Give at most ${MAX_LINKS} links.`);
  return links.map((link) => {
    const checked = linkUrl(link.url);
    if ('refused' in checked) throw new ReviewError('invalid', checked.refused);
    const { url } = checked;
    const kind = ['commit', 'pr', 'agent', 'document', 'other'].includes(link.kind) ? link.kind : 'other';
    return { kind, url: url.toString(), ...(link.label ? { label: String(link.label).slice(0, 120) } : {}) };
  });
}

async function readAs(ctx: ReviewContext, pageId: string, version?: number): Promise<Page> {
  try {
    return await ctx.asUser.getPage(pageId, { bodyFormat: 'storage', version });
  } catch (error) {
    if (error instanceof NotFoundError) throw new ReviewError('not_found', version ? `Version ${version} of that page does not exist.` : 'That page does not exist, or you cannot read it.');
    throw error;
  }
}

export async function proposeUpdate(ctx: ReviewContext, actor: Actor, input: ProposeUpdateInput): Promise<ProposeUpdateResult> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) throw new ReviewError('invalid', 'Say why the page should change (the reason).');
  if (reason.length > MAX_REASON) throw new ReviewError('invalid', `The reason is at most ${MAX_REASON} characters.`);
  const links = validLinks(input.links);
  const current = await readAs(ctx, input.pageId);
  if (current.status !== 'current') throw new ReviewError('invalid', `The page is ${current.status}; only published pages take proposals.`);
  const currentVersion = current.version?.number ?? 1;
  let base = current;
  if (input.baseVersion !== undefined) {
    if (!Number.isInteger(input.baseVersion) || input.baseVersion < 1 || input.baseVersion > currentVersion) {
      throw new ReviewError('invalid', `The page is at version ${currentVersion}; version ${String(input.baseVersion)} is not one of its versions.`);
    }
    if (input.baseVersion !== currentVersion) base = await readAs(ctx, input.pageId, input.baseVersion);
  }
  const named = input.libraryId ? await ctx.libraries.get(input.libraryId) : undefined;
  const library = input.libraryId ? (named && !named.deletingSince ? named : undefined) : await libraryForSpace(ctx.libraries, current.spaceId);
  const space = library?.source?.spaces.find((s) => s.id === current.spaceId);
  if (!library || !space) throw new ReviewError('invalid', "The page's space is not in any Library, so Librarian cannot propose updates to it.");
  const operations = draftOperations(parseStorage(base.body?.storage?.value ?? ''), input);
  const now = ctx.clock.now();
  const proposal: Proposal = {
    id: (ctx.newId ?? newProposalId)(),
    libraryId: library.id,
    pageId: current.id,
    pageTitle: current.title,
    spaceKey: space.key,
    spaceId: space.id,
    baseVersion: base.version?.number ?? currentVersion,
    operations,
    reason: { text: reason, links },
    origin: {
      kind: input.origin.kind,
      ...(input.origin.name ? { name: String(input.origin.name).slice(0, 120) } : {}),
      ...(input.origin.tokenId ? { tokenId: String(input.origin.tokenId).slice(0, 40) } : {}),
    },
    author: { accountId: actor.accountId, name: actor.name },
    modelWritten: input.modelWritten === true,
    state: 'pending',
    revision: 0,
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, by: actor.accountId, byName: actor.name, action: 'proposed', version: base.version?.number }],
  };
  const superseded = await ctx.proposals.create(proposal);
  let autoApplied: ApplyOutcome | undefined;
  let stored = proposal;
  if (library.autoAccept && !proposal.modelWritten) {
    autoApplied = await applyProposal({ client: ctx.asApp, names: (ids) => namesOf(ctx.asApp, ids) }, proposal, { approver: { name: 'Librarian (Auto-Accept)' } });
    stored = await recordOutcome(ctx, proposal.id, autoApplied, { name: 'Librarian (Auto-Accept)' });
  }
  await refreshBylineCount(ctx, proposal.pageId);
  return { proposal: stored, superseded, autoApplied };
}
