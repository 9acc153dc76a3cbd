/**
 * What Review lists: a page's proposals (the byline dialog) and a space's queue (the space page), only as far as
 * the person may read the pages, with buttons only where they may edit. Rights are asked of Confluence as them.
 *
 * Example: `await spaceQueue(ctx, { spaceKey: 'ENG', states: ['pending'] })`
 */
import { pageAccess, pageAccessMany } from '../confluence';
import { proposalView, PROPOSAL_STATES, ORIGIN_KINDS, type OriginKind, type ProposalState, type ProposalView } from '../review';
import { writeBylineCount, type ReviewContext } from './review-context';

export interface PageProposals {
  pageId: string;
  access: 'read' | 'edit';
  proposals: ProposalView[];
}

/** The page's pending and conflicting proposals, newest first; nothing at all for a person who cannot read it. */
export async function pageProposals(ctx: ReviewContext, pageId: string): Promise<PageProposals | undefined> {
  const access = await pageAccess(ctx.asUser, pageId);
  if (access === 'none') return undefined;
  const summaries = await ctx.proposals.listPage(pageId, { states: ['pending', 'conflict'], limit: 50 });
  const records = await ctx.proposals.getMany(summaries.map((s) => s.id));
  // Refresh on read: a count no one could write when the proposal came (see refreshBylineCount) is put right now.
  await writeBylineCount(ctx, pageId, summaries.filter((s) => s.state === 'pending').length);
  return { pageId, access, proposals: records.map((p) => proposalView(p, { canAct: access === 'edit' })) };
}

export interface QueueFilters {
  spaceKey: string;
  states?: ProposalState[];
  origins?: OriginKind[];
  pageId?: string;
  limit?: number;
}

export interface SpaceQueue {
  spaceKey: string;
  /** Counts per state over the proposals the person may see (all filters but state applied). */
  counts: Record<ProposalState, number>;
  proposals: Array<ProposalView & { pageUrl: string }>;
  pages: Array<{ id: string; title: string }>;
}

export async function spaceQueue(ctx: ReviewContext, filters: QueueFilters): Promise<SpaceQueue> {
  const states = (filters.states ?? []).filter((s) => PROPOSAL_STATES.includes(s));
  const origins = (filters.origins ?? []).filter((o) => ORIGIN_KINDS.includes(o));
  const all = await ctx.proposals.listSpace(filters.spaceKey, { limit: 1000 });
  // One bulk read as the person: list endpoints return only what they may read.
  const pageIds = [...new Set(all.map((s) => s.pageId))];
  const readable = pageIds.length ? await ctx.asUser.getPagesByIds(pageIds, { status: ['current', 'archived'] }) : [];
  const titles = new Map(readable.map((p) => [p.id, p.title]));
  const visible = all.filter((s) => titles.has(s.pageId) && (!origins.length || origins.includes(s.origin)) && (!filters.pageId || s.pageId === filters.pageId));
  const counts = Object.fromEntries(PROPOSAL_STATES.map((s) => [s, 0])) as Record<ProposalState, number>;
  for (const s of visible) counts[s.state]++;
  const shown = visible.filter((s) => !states.length || states.includes(s.state)).slice(0, Math.min(filters.limit ?? 50, 100));
  const records = await ctx.proposals.getMany(shown.map((s) => s.id));
  // Edit rights for the pages shown, in bulk (one search per 50 pages), as the person.
  const access = records.length ? await pageAccessMany(ctx.asUser, records.map((r) => r.pageId)) : new Map<string, string>();
  const editable = new Map([...access].map(([id, a]) => [id, a === 'edit']));
  return {
    spaceKey: filters.spaceKey,
    counts,
    proposals: records.map((p) => ({ ...proposalView({ ...p, pageTitle: titles.get(p.pageId) ?? p.pageTitle }, { canAct: editable.get(p.pageId) === true }), pageUrl: `/wiki/spaces/${encodeURIComponent(p.spaceKey)}/pages/${encodeURIComponent(p.pageId)}` })),
    pages: [...titles].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title)),
  };
}
