/**
 * Decline a proposal, with an optional reason. Needs edit rights on the page (checked with Confluence as the
 * person), like approving; the page is never touched.
 *
 * Example: `await declineProposal(ctx, actor, { proposalId: 'a1b2…', note: 'We keep the old name for now.' })`
 */
import { pageAccess } from '../confluence';
import { ReviewError, type Proposal } from '../review';
import { refreshBylineCount, type Actor, type ReviewContext } from './review-context';

export interface DeclineInput {
  proposalId: string;
  note?: string;
}

export async function declineProposal(ctx: ReviewContext, actor: Actor, input: DeclineInput): Promise<Proposal> {
  const proposal = await ctx.proposals.require(input.proposalId);
  const access = await pageAccess(ctx.asUser, proposal.pageId);
  if (access === 'none') throw new ReviewError('not_found', 'That proposal does not exist.');
  if (access === 'read') throw new ReviewError('forbidden', 'You may read this page but not edit it, so you cannot decline updates to it.');
  const note = typeof input.note === 'string' && input.note.trim() ? input.note.trim().slice(0, 1000) : undefined;
  if (!(await ctx.proposals.lock(proposal.id, actor.accountId))) throw new ReviewError('busy', 'Someone else is applying or declining this proposal right now.');
  try {
    const declined = await ctx.proposals.transition(
      proposal.id,
      ['pending', 'conflict'],
      'declined',
      { at: ctx.clock.now(), by: actor.accountId, byName: actor.name, action: 'declined', note },
      note ? { stateReason: `Declined: ${note}` } : { stateReason: undefined },
    );
    await refreshBylineCount(ctx, proposal.pageId);
    return declined;
  } finally {
    await ctx.proposals.unlock(proposal.id);
  }
}
