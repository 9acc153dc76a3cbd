import { MAX_MARKDOWN_CHARS, ReviewError } from '../review';
import type { AgentDeps, Asker } from './deps';
import { onlyKnown, optionalInteger, optionalText } from './input';
import { chooseLibrary } from './library-choice';
import { parsePageRef } from './page-ref';
import { proposeUpdate } from './propose-update';
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

/** The inputs, named as the manifest's `propose-update` action names them (the CLI maps its flags onto them). */
export const PROPOSE_UPDATE_INPUTS = ['pageId', 'change', 'replacement', 'section', 'target', 'link', 'baseVersion'] as const;

const MAX_REASON_CHARS = 2000;

function linkKind(url: string): 'commit' | 'pr' | 'other' {
  if (/\/commit\//.test(url)) return 'commit';
  if (/\/pull\/|\/merge_requests\//.test(url)) return 'pr';
  return 'other';
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
    onlyKnown(input, PROPOSE_UPDATE_INPUTS);
    const pageId = parsePageRef(input.pageId, deps.siteUrl);
    const change = typeof input.change === 'string' ? input.change.trim() : '';
    if (!change) throw new ToolFailure('INVALID_INPUT', 'change is required: say what changed and why the page should change.');
    if (change.length > MAX_REASON_CHARS) throw new ToolFailure('INVALID_INPUT', `change is at most ${MAX_REASON_CHARS} characters.`);
    const replacement = input.replacement;
    if (typeof replacement !== 'string' || !replacement.trim()) throw new ToolFailure('INVALID_INPUT', 'replacement is required: the new Markdown for the section, or the new text for the target.');
    // Refused before anything is read: a 2 MB paste is not a page update an editor can review.
    if (replacement.length > MAX_MARKDOWN_CHARS) {
      throw new ToolFailure('INVALID_INPUT', `replacement is ${replacement.length.toLocaleString('en')} characters; at most ${MAX_MARKDOWN_CHARS.toLocaleString('en')} fit in one proposal.`);
    }
    const section = optionalText(input, 'section', 500);
    const target = optionalText(input, 'target', 5000);
    if (!section === !target) throw new ToolFailure('INVALID_INPUT', 'Give exactly one of section (a heading) or target (exact text on the page).');
    const link = optionalText(input, 'link', 2000);
    const baseVersion = optionalInteger(input, 'baseVersion', 1, 1_000_000);

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
        reason: change,
        markdown: replacement,
        ...(section ? { section } : {}),
        ...(target ? { target } : {}),
        ...(baseVersion !== undefined ? { baseVersion } : {}),
        links: link ? [{ kind: linkKind(link), url: link }] : [],
        origin: { kind: 'agent', name: 'External agent' },
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
