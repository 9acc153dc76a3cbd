/**
 * Approve a proposal (optionally after editing its new text): applied as the approving person, with their edit
 * rights checked by Confluence first, under the apply rules of src/core/review/apply.ts. Two people approving at
 * once: one applies, the other is told it is already being applied.
 *
 * Example: `await approveProposal(ctx, actor, { proposalId: 'a1b2…', editedText: 'Run `npm run deploy`.' })`
 */
import { pageAccess } from '../confluence';
import { applyProposal, contentOf, ReviewError, type ApplyOutcome, type EditOperation, type HistoryEntry, type Proposal } from '../review';
import { namesOf, refreshBylineCount, type Actor, type ReviewContext } from './review-context';

export interface ApproveInput {
  proposalId: string;
  /** The reviewer's own version of the new text (Markdown, code or plain text, as the change shows it). */
  editedText?: string;
  /** The reviewer saw that some inline comments lose their anchor and approves anyway. */
  confirmCommentLoss?: boolean;
}

export interface ApproveResult {
  outcome: ApplyOutcome;
  proposal: Proposal;
}

/** The operations with the reviewer's text in place of the proposed one (a proposal with one change). */
export function withEditedText(operations: EditOperation[], text: string): EditOperation[] {
  if (operations.length !== 1) throw new ReviewError('invalid', 'Only a proposal with one change can be edited; decline it and propose again.');
  if (text.length > 100_000) throw new ReviewError('invalid', 'The edited text is too long.');
  const op = structuredClone(operations[0]!);
  switch (op.op) {
    case 'replaceText':
      op.replace = text;
      break;
    case 'renameToken':
      op.to = text;
      break;
    case 'replaceCode':
      op.code = text;
      break;
    case 'replaceSection':
      op.content = contentOf(text);
      delete op.preview;
      break;
    case 'insertAfter':
    case 'createPage':
      op.content = contentOf(text);
      break;
    case 'setMacroParameter':
      op.value = text;
      break;
    case 'deleteNode':
      throw new ReviewError('invalid', 'A removal has no text to edit.');
  }
  return [op];
}

/** Records an apply outcome on the proposal: its new state and a history entry. */
export async function recordOutcome(ctx: ReviewContext, id: string, outcome: ApplyOutcome, actor: { accountId?: string; name: string }, extra: Partial<Proposal> = {}): Promise<Proposal> {
  const at = ctx.clock.now();
  const entry = (action: HistoryEntry['action'], note?: string, version?: number): HistoryEntry => ({ at, by: actor.accountId, byName: actor.name, action, note, version });
  switch (outcome.kind) {
    case 'applied':
    case 'unchanged':
      return ctx.proposals.transition(id, ['pending', 'conflict'], 'applied', entry('applied', outcome.message, outcome.version), {
        ...extra,
        appliedVersion: outcome.version,
        stateReason: undefined,
        ...(outcome.kind === 'applied' && outcome.pageId ? { createdPageId: outcome.pageId } : {}),
      });
    case 'conflict':
    case 'gone':
      return ctx.proposals.transition(id, ['pending', 'conflict'], 'conflict', entry('conflict', outcome.message, 'version' in outcome ? outcome.version : undefined), { stateReason: outcome.message });
    case 'restored':
      return ctx.proposals.transition(id, ['pending', 'conflict'], 'conflict', entry('restored', outcome.message, outcome.version), { stateReason: outcome.message });
    case 'confirm-comments':
      return ctx.proposals.require(id);
  }
}

export async function approveProposal(ctx: ReviewContext, actor: Actor, input: ApproveInput): Promise<ApproveResult> {
  const proposal = await ctx.proposals.require(input.proposalId);
  const access = await pageAccess(ctx.asUser, proposal.pageId);
  if (access === 'none') throw new ReviewError('not_found', 'That proposal does not exist.');
  if (access === 'read') throw new ReviewError('forbidden', 'You may read this page but not edit it, so you cannot approve updates to it.');
  if (proposal.state !== 'pending' && proposal.state !== 'conflict') throw new ReviewError('conflict', `This proposal is already ${proposal.state}.`);
  if (!(await ctx.proposals.lock(proposal.id, actor.accountId))) throw new ReviewError('busy', 'Someone else is applying or declining this proposal right now.');
  try {
    const fresh = await ctx.proposals.require(proposal.id);
    if (fresh.state !== 'pending' && fresh.state !== 'conflict') throw new ReviewError('conflict', `This proposal is already ${fresh.state}.`);
    const operations = input.editedText !== undefined ? withEditedText(fresh.operations, input.editedText) : undefined;
    const outcome = await applyProposal({ client: ctx.asUser, names: (ids) => namesOf(ctx.asApp, ids) }, fresh, {
      approver: { accountId: actor.accountId, name: actor.name },
      confirmCommentLoss: input.confirmCommentLoss === true,
      operations,
    });
    const extra: Partial<Proposal> = operations ? { operations } : {};
    if (operations && (outcome.kind === 'applied' || outcome.kind === 'unchanged')) {
      await ctx.proposals.change(fresh.id, (p) => {
        p.history.push({ at: ctx.clock.now(), by: actor.accountId, byName: actor.name, action: 'edited' });
      });
    }
    const stored = await recordOutcome(ctx, fresh.id, outcome, actor, extra);
    await refreshBylineCount(ctx, fresh.pageId);
    return { outcome, proposal: stored };
  } finally {
    await ctx.proposals.unlock(proposal.id);
  }
}
