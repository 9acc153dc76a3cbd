import { MAX_MARKDOWN_CHARS, type DraftInput, type ProposalLink } from '../review';
import { onlyKnown, optionalInteger, optionalText } from './input';
import { parsePageRef } from './page-ref';
import { ToolFailure } from './result';

/**
 * The inputs of `propose-update`, as the manifest's Rovo action declares them (flat strings and numbers: Rovo
 * takes nothing else) and as the external endpoint's tool and the CLI send them. One mapping, used by both.
 */
export const PROPOSE_UPDATE_INPUTS = ['pageId', 'change', 'replacement', 'section', 'target', 'operation', 'link', 'baseVersion'] as const;

/** `operation` values: what to do at the section or target. */
export const PROPOSE_OPERATIONS = { replace: 'replace', 'insert-after': 'insertAfter', delete: 'delete' } as const;

export interface ProposeUpdateRequest {
  pageId: string;
  reason: string;
  draft: DraftInput;
  links: ProposalLink[];
  baseVersion?: number;
}

const MAX_REASON_CHARS = 2000;

function linkKind(url: string): ProposalLink['kind'] {
  if (/\/commit\//.test(url)) return 'commit';
  if (/\/pull\/|\/merge_requests\//.test(url)) return 'pr';
  return 'other';
}

/**
 * Reads `propose-update`'s inputs into what `proposeUpdate` takes, refusing each mistake with one INVALID_INPUT
 * sentence (ToolFailure). Nothing is read from Confluence here.
 *
 * ```ts
 * readProposeUpdateInput({ pageId: '123', change: 'Renamed', section: 'Deploy', operation: 'delete' })
 * // { pageId: '123', reason: 'Renamed', draft: { section: 'Deploy', placement: 'delete' }, links: [] }
 * ```
 */
export function readProposeUpdateInput(input: Record<string, unknown>, siteUrl?: string): ProposeUpdateRequest {
  onlyKnown(input, PROPOSE_UPDATE_INPUTS);
  const pageId = parsePageRef(input.pageId, siteUrl);
  const change = typeof input.change === 'string' ? input.change.trim() : '';
  if (!change) throw new ToolFailure('INVALID_INPUT', 'change is required: say what changed and why the page should change.');
  if (change.length > MAX_REASON_CHARS) throw new ToolFailure('INVALID_INPUT', `change is at most ${MAX_REASON_CHARS} characters.`);
  const operationName = optionalText(input, 'operation', 20) ?? 'replace';
  if (!(operationName in PROPOSE_OPERATIONS)) throw new ToolFailure('INVALID_INPUT', `operation must be one of ${Object.keys(PROPOSE_OPERATIONS).join(', ')}; it was "${operationName}".`);
  const placement = PROPOSE_OPERATIONS[operationName as keyof typeof PROPOSE_OPERATIONS];
  const replacement = input.replacement;
  if (replacement !== undefined && replacement !== null && typeof replacement !== 'string') throw new ToolFailure('INVALID_INPUT', 'replacement must be a string.');
  if (placement === 'delete') {
    if (typeof replacement === 'string' && replacement.trim()) throw new ToolFailure('INVALID_INPUT', 'operation delete takes no replacement: it removes the section or the block holding the target text.');
  } else if (typeof replacement !== 'string' || !replacement.trim()) {
    throw new ToolFailure('INVALID_INPUT', placement === 'insertAfter' ? 'replacement is required: the Markdown to insert.' : 'replacement is required: the new Markdown for the section, or the new text for the target.');
  }
  // Refused before anything is read: a 2 MB paste is not a page update an editor can review.
  if (typeof replacement === 'string' && replacement.length > MAX_MARKDOWN_CHARS) {
    throw new ToolFailure('INVALID_INPUT', `replacement is ${replacement.length.toLocaleString('en')} characters; at most ${MAX_MARKDOWN_CHARS.toLocaleString('en')} fit in one proposal.`);
  }
  const section = optionalText(input, 'section', 500);
  const target = optionalText(input, 'target', 5000);
  if (!section === !target) throw new ToolFailure('INVALID_INPUT', 'Give exactly one of section (a heading) or target (exact text on the page).');
  const link = optionalText(input, 'link', 2000);
  const baseVersion = optionalInteger(input, 'baseVersion', 1, 1_000_000);
  return {
    pageId,
    reason: change,
    draft: {
      ...(section ? { section } : {}),
      ...(target ? { target } : {}),
      ...(placement !== 'delete' ? { markdown: replacement as string } : {}),
      ...(placement !== 'replace' ? { placement } : {}),
    },
    links: link ? [{ kind: linkKind(link), url: link }] : [],
    ...(baseVersion !== undefined ? { baseVersion } : {}),
  };
}
