import { ConfluenceError } from '../../core/confluence';
import { errorKind } from '../../core/errors';
import { ReviewError } from '../../core/review';
import { proposeUpdate } from '../../core/usecases/propose-update';
import { readProposeUpdateInput } from '../../core/usecases/propose-update-input';
import { ToolFailure } from '../../core/usecases/result';
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
  /** `replace` (default), `insert-after` or `delete`. */
  operation?: string;
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

/**
 * `propose-update`: records a proposed page update for Review; never writes the page itself. The caller comes
 * from the invocation context (never the inputs), and the page is read as them: a page they cannot read gets
 * "not found". The new text an agent sends is model-written, so it always waits for a person, Auto-Accept or not.
 */
export async function actionProposeUpdate(payload: ActionPayload<ProposeUpdateInput>, invocation?: PlatformContext): Promise<ActionResult<ProposeUpdateAnswer>> {
  if (!isLicensed(invocation)) return actionFailure('UNLICENSED', 'Librarian is not licensed on this site; ask a site admin to renew it.');
  const caller = readCaller(invocation);
  if (!caller.accountId) return actionFailure('INVALID_INPUT', 'This tool needs a signed-in user.');
  const { context: _context, ...input } = payload;
  let request;
  try {
    // The same reading of the inputs as the external endpoint's tool (src/core/usecases/propose-update-input.ts).
    request = readProposeUpdateInput(input);
  } catch (error) {
    if (error instanceof ToolFailure) return actionFailure('INVALID_INPUT', error.message);
    throw error;
  }
  const pageId = request.pageId;
  try {
    const me = await userClient().getCurrentUser().catch(() => undefined);
    const ctx = reviewContext();
    const result = await proposeUpdate(ctx, { accountId: caller.accountId, name: me?.displayName || 'An agent user' }, {
      pageId,
      reason: request.reason,
      ...request.draft,
      ...(request.baseVersion !== undefined ? { baseVersion: request.baseVersion } : {}),
      links: request.links,
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
      if (error.kind === 'rate-limited') return actionFailure('BUSY', 'Confluence is busy right now; try again in a minute.');
      return actionFailure('INVALID_INPUT', 'Confluence could not answer right now. Try again shortly.');
    }
    if (errorKind(error) === 'quota') return actionFailure('BUSY', 'Librarian is busy right now; try again in a minute.');
    logLine('propose-update', `unexpected ${(error as Error)?.name ?? 'error'}`);
    return actionFailure('INTERNAL', 'Something went wrong in Librarian; try again, and tell your admin if it keeps failing.');
  }
}
