import type { PageProposalsResult, ProposalState, ProposalView, ReviewApi, SpaceQueue } from '../../../src/contract';
import { outcomeCaller, type Outcome } from '../../shared/outcome';

/** Review's calls to `reviewResolver`, typed by the shared contract; refusals and failures become one shape. */
export type { Outcome };
export type { PageProposalsResult, ProposalState, ProposalView, SpaceQueue };
export type ApproveResult = Exclude<ReviewApi['approve']['result'], { error: unknown }>;

const call = outcomeCaller<ReviewApi>();

export const reviewApi = {
  listPageProposals: () => call<PageProposalsResult>('listPageProposals'),
  listSpaceQueue: (filters: ReviewApi['listSpaceQueue']['payload']) => call<SpaceQueue>('listSpaceQueue', filters as Record<string, unknown>),
  approve: (payload: ReviewApi['approve']['payload']) => call<ApproveResult>('approve', payload as unknown as Record<string, unknown>),
  decline: (payload: ReviewApi['decline']['payload']) => call<{ state: ProposalState }>('decline', payload as unknown as Record<string, unknown>),
};
