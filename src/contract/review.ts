/**
 * Review (`reviewResolver`): the byline dialog (the page comes from the platform context) and the space page (the
 * space comes from the context). The browser never names the page or the space it acts on, only a proposal id.
 */
import { z } from 'zod';
import type { ApplyOutcome } from '../core/review/apply';
import { ORIGIN_KINDS, PROPOSAL_STATES, type OriginKind, type ProposalState } from '../core/review/types';
import type { ProposalView } from '../core/review/view';
import type { DiffPart } from '../core/review/word-diff';
import type { PageProposals, SpaceQueue } from '../core/usecases/review-queue';
import type { Result } from './refusal';
import type { UiStatus } from './status';

/** A proposal's opaque id, as the store mints it. */
const proposalId = z.string({ error: 'Missing proposal id.' }).regex(/^[a-f0-9]{16}$/, 'Missing proposal id.');

export const reviewPayloads = {
  getStatus: z.object({}),
  listPageProposals: z.object({}),
  listSpaceQueue: z.object({
    states: z.array(z.enum(PROPOSAL_STATES as [ProposalState, ...ProposalState[]])).max(PROPOSAL_STATES.length).optional(),
    origins: z.array(z.enum(ORIGIN_KINDS as [OriginKind, ...OriginKind[]])).max(ORIGIN_KINDS.length).optional(),
    pageId: z.string().regex(/^\d{1,20}$/, 'pageId must be a page id.').optional(),
  }),
  approve: z.object({
    proposalId,
    // The reviewer's edited new text (Markdown); bounded like a proposal's own.
    editedText: z.string().max(2_000_000, 'The edited text is too long.').optional(),
    confirmCommentLoss: z.boolean().optional(),
  }),
  decline: z.object({ proposalId, note: z.string().max(2_000, 'Keep the note under 2,000 characters.').optional() }),
};

export interface ReviewApi {
  getStatus: { payload: void; result: UiStatus };
  listPageProposals: { payload: void; result: Result<PageProposalsResult> };
  listSpaceQueue: { payload: { states?: ProposalState[]; origins?: OriginKind[]; pageId?: string }; result: Result<SpaceQueue> };
  approve: { payload: { proposalId: string; editedText?: string; confirmCommentLoss?: boolean }; result: Result<{ outcome: { kind: ApplyOutcome['kind']; message: string }; state: ProposalState }> };
  decline: { payload: { proposalId: string; note?: string }; result: Result<{ state: ProposalState }> };
}

/** A page's proposals as the caller may see them: `none` when they may not read the page (nothing else is sent). */
export type PageProposalsResult = Omit<PageProposals, 'access'> & { access: PageProposals['access'] | 'none' };
export type { ApplyOutcome, DiffPart, OriginKind, PageProposals, ProposalState, ProposalView, SpaceQueue };
