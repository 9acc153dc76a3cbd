import { ReviewError, ORIGIN_KINDS, PROPOSAL_STATES, type OriginKind, type ProposalState } from '../../core/review';
import { approveProposal } from '../../core/usecases/approve-proposal';
import { declineProposal } from '../../core/usecases/decline-proposal';
import { pageProposals, spaceQueue } from '../../core/usecases/review-queue';
import type { Actor } from '../../core/usecases/review-context';
import type { Caller } from '../context';
import { reviewContext } from '../services/review';
import type { ResolverError, ReviewApi } from './contract';
import { handle, requireUser } from './respond';
import { displayNameOf, uiStatus } from './who';

/** ReviewError → the resolvers' error shape; anything else goes to the shared handler. */
function review<P, R>(fn: (payload: P, caller: Caller) => Promise<R>) {
  return handle('review', async (payload: P, caller: Caller): Promise<R | ResolverError> => {
    try {
      return await fn(payload, caller);
    } catch (error) {
      if (error instanceof ReviewError) return { error: { code: error.code === 'busy' ? 'conflict' : error.code, message: error.message } };
      throw error;
    }
  });
}

async function actorOf(caller: Caller): Promise<Actor> {
  const accountId = requireUser(caller);
  const { displayName } = await displayNameOf(caller);
  return { accountId, name: displayName ?? 'A Confluence user' };
}

function pageInContext(caller: Caller): string {
  if (!caller.contentId || !/^\d+$/.test(caller.contentId)) throw new ReviewError('invalid', 'Open Review from a page.');
  return caller.contentId;
}

function proposalIdOf(payload: unknown): string {
  const id = (payload as { proposalId?: unknown } | undefined)?.proposalId;
  if (typeof id !== 'string' || !/^[a-f0-9]{16}$/.test(id)) throw new ReviewError('invalid', 'Missing proposal id.');
  return id;
}

const list = <T extends string>(value: unknown, allowed: readonly T[]): T[] => (Array.isArray(value) ? value.filter((v): v is T => allowed.includes(v as T)) : []);

/**
 * The Review UIs' functions (contract.ts: ReviewApi). The page comes from the byline's platform context and the
 * space from the space page's, never from the payload; who may read or edit is asked of Confluence as the caller
 * each time. Approve and Decline need edit rights; readers get lists without actions; others get nothing.
 */
export const reviewFunctions = {
  getStatus: handle('review', (_payload: void, caller) => uiStatus(caller, { checkAdmin: false }), { allowUnlicensed: true }),
  listPageProposals: review(async (_payload: void, caller) => {
    requireUser(caller);
    const found = await pageProposals(reviewContext(), pageInContext(caller));
    return found ?? { pageId: pageInContext(caller), access: 'none' as const, proposals: [] };
  }),
  listSpaceQueue: review(async (payload: ReviewApi['listSpaceQueue']['payload'], caller) => {
    requireUser(caller);
    if (!caller.spaceKey) throw new ReviewError('invalid', 'Open Review from a space.');
    const pageId = typeof payload?.pageId === 'string' && /^\d+$/.test(payload.pageId) ? payload.pageId : undefined;
    return spaceQueue(reviewContext(), {
      spaceKey: caller.spaceKey,
      states: list<ProposalState>(payload?.states, PROPOSAL_STATES),
      origins: list<OriginKind>(payload?.origins, ORIGIN_KINDS),
      pageId,
    });
  }),
  approve: review(async (payload: ReviewApi['approve']['payload'], caller) => {
    const actor = await actorOf(caller);
    const editedText = typeof payload?.editedText === 'string' ? payload.editedText : undefined;
    const { outcome, proposal } = await approveProposal(reviewContext(), actor, { proposalId: proposalIdOf(payload), editedText, confirmCommentLoss: payload?.confirmCommentLoss === true });
    return { outcome: { kind: outcome.kind, message: outcome.message }, state: proposal.state };
  }),
  decline: review(async (payload: ReviewApi['decline']['payload'], caller) => {
    const actor = await actorOf(caller);
    const proposal = await declineProposal(reviewContext(), actor, { proposalId: proposalIdOf(payload), note: typeof payload?.note === 'string' ? payload.note : undefined });
    return { state: proposal.state };
  }),
};
