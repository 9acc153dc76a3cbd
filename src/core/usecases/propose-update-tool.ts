import { ReviewError, type ProposalOrigin } from '../review';
import type { AgentDeps, Asker } from './deps';
import { chooseLibrary } from './library-choice';
import { proposeUpdate } from './propose-update';
import { readProposeUpdateInput } from './propose-update-input';
import { namesOf } from './review-context';
import { PAGE_NOT_FOUND, ToolFailure, type ToolResult } from './result';
import { runTool } from './run';
import { absoluteUrl, visiblePages } from './visibility';

export interface ProposeUpdateToolData {
  proposalId: string;
  state: string;
  page: { id: string; title: string };
  /** Where an editor reviews it: the page, whose Librarian byline item opens Review. */
  reviewUrl: string;
  superseded: string[];
  message: string;
}

export type ProposeUpdateToolResult = ToolResult<ProposeUpdateToolData>;

export { PROPOSE_UPDATE_INPUTS } from './propose-update-input';

/**
 * Who sent it: an agent using the owner's token, named by the token so Review can tell two of the owner's agents
 * apart (the token's id is its public part; the secret never leaves tokens.ts).
 */
export function agentOrigin(asker: Asker): ProposalOrigin {
  if (!asker.agentToken) return { kind: 'agent', name: 'External agent' };
  return { kind: 'agent', name: `Agent token "${asker.agentToken.name}"`.slice(0, 120), tokenId: asker.agentToken.id };
}

/**
 * `propose-update` for an agent on the external endpoint (MCP and the CLI's JSON API): the same core use case as
 * the Rovo action (proposeUpdate), for the agent token's owner. The page must be in the token's Library and
 * readable by the owner now; otherwise it answers exactly like a page that does not exist. Never writes the page:
 * the text came from an agent, so it is model-written and always waits for a person, Auto-Accept or not.
 *
 * ```ts
 * const result = await proposeUpdateTool(deps, { accountId: 'abc', libraryScope: 'lib1' },
 *   { pageId: '123', section: 'Deploy', replacement: 'Run `npm run ship`.', change: 'The deploy script was renamed' });
 * if (result.ok) console.log(result.proposalId, result.reviewUrl);
 * ```
 */
export function proposeUpdateTool(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<ProposeUpdateToolResult> {
  return runTool<ProposeUpdateToolResult>(async () => {
    if (!deps.review) throw new ToolFailure('UNAVAILABLE', 'Proposing updates is not available here.');
    if (!asker.accountId) throw new ToolFailure('UNAUTHENTICATED', 'Proposing an update needs a signed-in person behind the agent.');
    const request = readProposeUpdateInput(input, deps.siteUrl);
    const pageId = request.pageId;

    const library = await chooseLibrary(deps, asker, undefined);
    // The owner's read access, asked before anything of the page is used; outside the Library counts as absent.
    const facts = (await visiblePages(deps, library, asker, [pageId])).get(pageId);
    if (!facts) throw new ToolFailure('NOT_FOUND', PAGE_NOT_FOUND);

    const ctx = deps.review;
    const name = (await namesOf(ctx.asApp, [asker.accountId]).catch(() => new Map<string, string>())).get(asker.accountId) ?? 'An agent user';
    let result;
    try {
      result = await proposeUpdate(ctx, { accountId: asker.accountId, name }, {
        pageId,
        libraryId: library.id,
        reason: request.reason,
        ...request.draft,
        ...(request.baseVersion !== undefined ? { baseVersion: request.baseVersion } : {}),
        links: request.links,
        origin: agentOrigin(asker),
        modelWritten: true,
      });
    } catch (error) {
      if (error instanceof ReviewError) throw new ToolFailure(error.code === 'not_found' ? 'NOT_FOUND' : error.code === 'busy' ? 'BUSY' : 'INVALID_INPUT', error.code === 'not_found' ? PAGE_NOT_FOUND : error.message);
      throw error;
    }
    const spaceKey = library.source?.spaces.find((space) => space.id === facts.spaceId)?.key ?? result.proposal.spaceKey;
    const path = facts.webui ? (facts.webui.startsWith('/wiki/') ? facts.webui : `/wiki${facts.webui}`) : `/wiki/spaces/${spaceKey}/pages/${facts.id}`;
    return {
      ok: true,
      proposalId: result.proposal.id,
      state: result.proposal.state,
      page: { id: facts.id, title: result.proposal.pageTitle },
      reviewUrl: absoluteUrl(deps.siteUrl, path),
      superseded: result.superseded,
      message: "The proposal waits in Review: an editor of the page approves, edits or declines it from the page's Librarian byline item.",
    };
  });
}
