import { ConfluenceError } from '../../core/confluence';
import { ReviewError } from '../../core/review';
import { proposeUpdate } from '../../core/usecases/propose-update';
import { isLicensed, readCaller, type PlatformContext } from '../context';
import { logLine } from '../log';
import { userClient } from '../services';
import { reviewContext } from '../services/review';
import { actionFailure, type ActionPayload, type ActionResult } from './result';

/** Inputs declared for the `propose-update` action in manifest.yml (Rovo actions take flat strings and numbers). */
export interface ProposeUpdateInput {
  pageId: string;
  change: string;
  replacement?: string;
  section?: string;
  target?: string;
  link?: string;
  baseVersion?: number;
}

export interface ProposeUpdateAnswer {
  proposalId: string;
  state: string;
  /** Where an editor reviews it: the page, whose Librarian byline item opens Review. */
  reviewUrl?: string;
  superseded: string[];
  message: string;
}

function linkKind(url: string): 'commit' | 'pr' | 'other' {
  if (/\/commit\//.test(url)) return 'commit';
  if (/\/pull\/|\/merge_requests\//.test(url)) return 'pr';
  return 'other';
}

/**
 * `propose-update`: records a proposed page update for Review; never writes the page itself. The caller comes
 * from the invocation context (never the inputs), and the page is read as them: a page they cannot read gets
 * "not found". The new text an agent sends is model-written, so it always waits for a person, Auto-Accept or not.
 */
export async function actionProposeUpdate(payload: ActionPayload<ProposeUpdateInput>, invocation?: PlatformContext): Promise<ActionResult<ProposeUpdateAnswer>> {
  if (!isLicensed(invocation)) return actionFailure('UNLICENSED', 'Librarian is not licensed on this site; ask a site admin to renew it.');
  const caller = readCaller(invocation);
  if (!caller.accountId) return actionFailure('INVALID_INPUT', 'This tool needs a signed-in user.');
  const pageId = String(payload.pageId ?? '').trim();
  if (!/^\d{1,19}$/.test(pageId)) return actionFailure('INVALID_INPUT', 'pageId must be a Confluence page id (digits).');
  const baseVersion = payload.baseVersion === undefined || payload.baseVersion === null ? undefined : Number(payload.baseVersion);
  try {
    const me = await userClient().getCurrentUser().catch(() => undefined);
    const ctx = reviewContext();
    const link = typeof payload.link === 'string' && payload.link.trim() ? [{ kind: linkKind(payload.link), url: payload.link.trim() }] : [];
    const result = await proposeUpdate(ctx, { accountId: caller.accountId, name: me?.displayName || 'An agent user' }, {
      pageId,
      reason: String(payload.change ?? ''),
      markdown: typeof payload.replacement === 'string' ? payload.replacement : undefined,
      section: typeof payload.section === 'string' && payload.section.trim() ? payload.section : undefined,
      target: typeof payload.target === 'string' && payload.target.trim() ? payload.target : undefined,
      baseVersion,
      links: link,
      origin: { kind: 'agent', name: 'Rovo agent' },
      modelWritten: true,
    });
    const page = await ctx.asUser.getPage(pageId).catch(() => undefined);
    const base = page?._links?.base;
    const webui = page?._links?.webui;
    return {
      ok: true,
      proposalId: result.proposal.id,
      state: result.proposal.state,
      ...(base && webui ? { reviewUrl: `${base}${webui}` } : {}),
      superseded: result.superseded,
      message: 'The proposal waits in Review: an editor of the page approves, edits or declines it from the page\'s Librarian byline item.',
    };
  } catch (error) {
    if (error instanceof ReviewError) return actionFailure('INVALID_INPUT', error.message);
    if (error instanceof ConfluenceError) {
      logLine('propose-update', `Confluence error ${error.kind} ${error.status}`);
      return actionFailure('INVALID_INPUT', 'Confluence could not answer right now. Try again shortly.');
    }
    throw error;
  }
}
