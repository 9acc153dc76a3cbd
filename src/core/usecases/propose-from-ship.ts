/**
 * A shipped change's findings become Review proposals (origin "code change"): each page is read at the version its
 * findings read, each finding becomes an exact edit or an item for a person (src/core/ship/to-proposals.ts), and
 * each edit is stored as a proposal against that version. A newer proposal supersedes older pending ones on the
 * same nodes (the proposal store does it). With Auto-Accept on, the proposals are applied at once as the app under
 * Review's conflict rules: their new text is the diff's own (new lines, new names), never a model's, so they are
 * the deterministic edits Auto-Accept may apply. Running it twice for one change proposes nothing twice.
 * When the Library's admin turned on "Draft prose fixes" and a model is given, prose findings (a sentence naming
 * what was removed) get a model's draft of their paragraph (src/core/ship/prose-draft.ts), proposed as a model
 * draft that never Auto-Accepts; a draft the guard refuses, or a model that fails, leaves the finding for a person.
 *
 * @example
 * const outcome = await proposeFromShip(ctx, { library, change, findings });
 * // { proposals: ['9f2c…'], applied: [], superseded: [], forPerson: [{ title: 'Runbook…', sentence: '…', why: '…' }] }
 */
import { NotFoundError, type ConfluenceClient, type Page } from '../confluence';
import type { Synthesizer } from '../answer/ports';
import type { Library, LibraryRepository } from '../library';
import type { Clock } from '../ports';
import { applyProposal, type ProposalStore } from '../review';
import { parseStorage } from '../storage';
import { draftProse } from '../ship/prose-draft';
import { planShipEdits, shipProposal, type ShipForPerson } from '../ship/to-proposals';
import type { ShipChange, ShipFinding } from '../ship/types';
import { recordOutcome } from './approve-proposal';
import { namesOf, refreshBylineCount, type ReviewContext } from './review-context';

export interface ShipReviewContext {
  proposals: ProposalStore;
  libraries: LibraryRepository;
  /** Confluence as the Library's Source identity: reads the pages the findings came from. */
  source: ConfluenceClient;
  /** Confluence as the app: Auto-Accept applies as it, and it keeps the byline counts. */
  asApp: ConfluenceClient;
  clock: Clock;
  /** The model that drafts prose fixes (Forge LLM on Forge); absent, or the Library's setting off, nothing is drafted. */
  drafter?: Synthesizer;
}

export interface ShipProposalsOutcome {
  proposals: string[];
  applied: string[];
  superseded: string[];
  forPerson: ShipForPerson[];
  /** The proposals among `proposals` whose text a model drafted. */
  drafted?: string[];
}

/** Model calls per shipped change at most: each takes seconds, and the job runs within one consumer invocation. */
export const MAX_DRAFTS = 10;
const MODEL_DRAFT = 'model draft (Forge LLM)';

const AUTO_ACCEPT = { name: 'Librarian (Auto-Accept)' };

async function readAt(client: ConfluenceClient, pageId: string, version: number): Promise<Page | undefined> {
  try {
    const page = await client.getPage(pageId, { bodyFormat: 'storage', version });
    if (page.version?.number === version) return page;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  // The version the index held is gone (or was never readable): the current one is the next best base.
  try {
    return await client.getPage(pageId, { bodyFormat: 'storage' });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function groupByPage(findings: readonly ShipFinding[]): Map<string, ShipFinding[]> {
  const out = new Map<string, ShipFinding[]>();
  for (const f of findings) out.set(f.pageId, [...(out.get(f.pageId) ?? []), f]);
  return out;
}

export async function proposeFromShip(ctx: ShipReviewContext, input: { library: Library; change: ShipChange; findings: readonly ShipFinding[] }): Promise<ShipProposalsOutcome> {
  const { library, change } = input;
  const outcome: ShipProposalsOutcome = { proposals: [], applied: [], superseded: [], forPerson: [] };
  const review: ReviewContext = { proposals: ctx.proposals, libraries: ctx.libraries, asUser: ctx.asApp, asApp: ctx.asApp, clock: ctx.clock };
  const touched = new Set<string>();
  let drafts = 0;
  for (const [pageId, findings] of groupByPage(input.findings)) {
    const first = findings[0]!;
    const page = await readAt(ctx.source, pageId, first.version);
    const space = library.source?.spaces.find((s) => s.key === first.spaceKey);
    if (!page || page.status !== 'current' || !space) {
      for (const f of findings) outcome.forPerson.push({ pageId, title: f.title, spaceKey: f.spaceKey, section: f.section, url: f.url, reason: f.reason, sentence: '', why: 'the page is no longer published in a space of this Library' });
      continue;
    }
    const version = page.version?.number ?? first.version;
    const doc = parseStorage(page.body?.storage?.value ?? '');
    const plan = planShipEdits(doc, findings);
    const proposalOf = (edit: (typeof plan.edits)[number]) => shipProposal({ libraryId: library.id, change, page: { id: page.id, title: page.title, spaceKey: space.key, spaceId: space.id, version }, edit, now: ctx.clock.now() });
    if (library.draftProse === true && ctx.drafter) {
      for (const finding of findings) {
        if (finding.edit.op !== 'flag' || drafts >= MAX_DRAFTS) continue;
        const sentence = finding.edit.sentence;
        const item = plan.forPerson.findIndex((p) => p.sentence === sentence && p.reason === finding.reason);
        if (item < 0) continue;
        drafts++;
        const draft = await draftProse(ctx.drafter, doc, finding, change);
        if ('refused' in draft) {
          plan.forPerson[item] = { ...plan.forPerson[item]!, why: `${plan.forPerson[item]!.why} (no model draft: ${draft.refused})` };
          continue;
        }
        plan.forPerson.splice(item, 1);
        const base = proposalOf({ operation: draft.operations[0]!, findings: [finding] });
        const proposal = {
          ...base,
          operations: draft.operations,
          reason: { ...base.reason, text: `Model draft, check every word: ${base.reason.text}`.slice(0, 2000) },
          author: { name: MODEL_DRAFT },
          modelWritten: true,
          history: base.history.map((h) => ({ ...h, byName: MODEL_DRAFT })),
        };
        outcome.proposals.push(proposal.id);
        (outcome.drafted ??= []).push(proposal.id);
        if (await ctx.proposals.get(proposal.id)) continue;
        outcome.superseded.push(...(await ctx.proposals.create(proposal)));
        touched.add(page.id);
      }
    }
    outcome.forPerson.push(...plan.forPerson);
    for (const edit of plan.edits) {
      const proposal = proposalOf(edit);
      outcome.proposals.push(proposal.id);
      // Made by an earlier run for this change (a redelivered event, a retry): nothing is proposed twice. A run
      // that stopped between proposing and Auto-Accept's apply left it pending: this run applies it.
      const earlier = await ctx.proposals.get(proposal.id);
      if (earlier && earlier.state !== 'pending') continue;
      if (!earlier) {
        outcome.superseded.push(...(await ctx.proposals.create(proposal)));
        touched.add(page.id);
      }
      const pending = earlier ?? proposal;
      if (library.autoAccept && !pending.modelWritten) {
        touched.add(page.id);
        const applied = await applyProposal({ client: ctx.asApp, names: (ids) => namesOf(ctx.asApp, ids) }, pending, { approver: AUTO_ACCEPT });
        const stored = await recordOutcome(review, proposal.id, applied, AUTO_ACCEPT);
        if (stored.state === 'applied') outcome.applied.push(proposal.id);
      }
    }
  }
  for (const pageId of touched) await refreshBylineCount(review, pageId);
  return outcome;
}
