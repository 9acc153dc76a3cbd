import { reviewPayloads, type ReviewApi } from '../../contract';
import { ReviewError } from '../../core/review';
import * as usecases from '../../core/usecases';
import { approveProposal } from '../../core/usecases/approve-proposal';
import { declineProposal } from '../../core/usecases/decline-proposal';
import { pageProposals, spaceQueue } from '../../core/usecases/review-queue';
import type { Actor } from '../../core/usecases/review-context';
import type { Viewer } from '../../core/usecases';
import type { Caller } from '../context';
import { reviewContext } from '../services/review';
import { resolver } from './define';

async function actorOf(accountId: string, viewer: Viewer): Promise<Actor> {
  const displayName = await viewer.displayName().catch(() => undefined);
  return { accountId, name: displayName ?? 'A Confluence user' };
}

function pageInContext(caller: Caller): string {
  if (!caller.contentId || !/^\d+$/.test(caller.contentId)) throw new ReviewError('invalid', 'Open Review from a page.');
  return caller.contentId;
}

/**
 * The Review UIs' functions (src/contract/review.ts: ReviewApi). The page comes from the byline's platform context
 * and the space from the space page's, never from the payload; who may read or edit is asked of Confluence as the
 * caller each time. Approve and Decline need edit rights; readers get lists without actions; others get nothing.
 */
export const reviewFunctions = {
  getStatus: resolver({
    access: 'anyone',
    allowUnlicensed: true,
    input: reviewPayloads.getStatus,
    run: (_input, { viewer, caller }) => usecases.uiStatus(viewer, { licensed: caller.licensed, moduleKey: caller.moduleKey, checkAdmin: false }),
  }),
  listPageProposals: resolver({
    access: 'signed-in',
    input: reviewPayloads.listPageProposals,
    run: async (_input, { caller }) => {
      const pageId = pageInContext(caller);
      return (await pageProposals(reviewContext(), pageId)) ?? { pageId, access: 'none' as const, proposals: [] };
    },
  }),
  listSpaceQueue: resolver({
    access: 'signed-in',
    input: reviewPayloads.listSpaceQueue,
    run: async (input, { caller }) => {
      if (!caller.spaceKey) throw new ReviewError('invalid', 'Open Review from a space.');
      return spaceQueue(reviewContext(), { spaceKey: caller.spaceKey, states: input.states ?? [], origins: input.origins ?? [], pageId: input.pageId });
    },
  }),
  approve: resolver({
    access: 'signed-in',
    input: reviewPayloads.approve,
    run: async (input, { actor, viewer }) => {
      const { outcome, proposal } = await approveProposal(reviewContext(), await actorOf(actor, viewer), {
        proposalId: input.proposalId,
        editedText: input.editedText,
        confirmCommentLoss: input.confirmCommentLoss === true,
      });
      return { outcome: { kind: outcome.kind, message: outcome.message }, state: proposal.state };
    },
  }),
  decline: resolver({
    access: 'signed-in',
    input: reviewPayloads.decline,
    run: async (input, { actor, viewer }) => {
      const proposal = await declineProposal(reviewContext(), await actorOf(actor, viewer), { proposalId: input.proposalId, note: input.note });
      return { state: proposal.state };
    },
  }),
};

export type { ReviewApi };
