import type { PageProposalsResult, ProposalState, ProposalView, ReviewApi, SpaceQueue } from '../../../src/contract';
import { invokeResolver } from '../../shared';
import { isRefused } from '../../shared/resolverResult';

/** Review's calls to `reviewResolver`, typed by the shared contract; refusals and failures become one shape. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };
export type { PageProposalsResult, ProposalState, ProposalView, SpaceQueue };
export type ApproveResult = Exclude<ReviewApi['approve']['result'], { error: unknown }>;

async function call<T>(functionKey: keyof ReviewApi, payload?: Record<string, unknown>): Promise<Outcome<T>> {
  try {
    const value = await invokeResolver<unknown>(functionKey, payload);
    if (isRefused(value)) return { ok: false, message: value.error.message };
    return { ok: true, value: value as T };
  } catch (err) {
    return { ok: false, message: err instanceof Error && err.message ? err.message : 'Librarian could not be reached.' };
  }
}

export const reviewApi = {
  listPageProposals: () => call<PageProposalsResult>('listPageProposals'),
  listSpaceQueue: (filters: ReviewApi['listSpaceQueue']['payload']) => call<SpaceQueue>('listSpaceQueue', filters as Record<string, unknown>),
  approve: (payload: ReviewApi['approve']['payload']) => call<ApproveResult>('approve', payload as unknown as Record<string, unknown>),
  decline: (payload: ReviewApi['decline']['payload']) => call<{ state: ProposalState }>('decline', payload as unknown as Record<string, unknown>),
};
