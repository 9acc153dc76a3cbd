import type { Answer } from '../answer';
import { askQuestion } from './ask-question';
import type { AgentDeps, Asker } from './deps';
import { onlyKnown, optionalText, requiredText } from './input';
import { chooseLibrary, spacesToSearch } from './library-choice';
import type { ToolResult } from './result';
import { runTool } from './run';
import { absoluteUrl } from './visibility';

export type AskLibraryResult = ToolResult<{ answer: Answer; library: { id: string; name: string } }>;

/**
 * `ask-library`: the Ask answer (extractive passages, or a grounded synthesis when the Library has it on) with
 * numbered citations to pages and sections; only from pages the asker may read now. A thin adapter over
 * askQuestion (ask-question.ts), the operation the Ask macro runs: agent inputs in, the tools' result shape out.
 *
 * ```ts
 * const result = await askLibrary(deps, { accountId: 'abc' }, { question: 'How do we roll back a deploy?' });
 * ```
 */
export function askLibrary(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<AskLibraryResult> {
  return runTool<AskLibraryResult>(async () => {
    onlyKnown(input, ['question', 'library', 'space']);
    const question = requiredText(input, 'question');
    // Before any storage read, as the Ask macro does: a person over their budget costs one list, not a question.
    await deps.budget?.take(asker.accountId);
    const library = await chooseLibrary(deps, asker, optionalText(input, 'library'));
    const spaceKeys = optionalText(input, 'space', 255) ? spacesToSearch(library, optionalText(input, 'space', 255)) : undefined;
    if (library.visibility !== 'public' && !asker.accountId) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in to query this Library.' } };
    // The one Ask operation, the same the Ask macro runs; this tool only checks inputs, picks the Library within
    // the token's scope and makes the citations' links absolute.
    const answer = await askQuestion(
      { libraries: deps.libraries, retrieverFor: deps.retrieverFor, access: deps.access, synthesizer: deps.synthesizer },
      { libraryId: library.id, question, ...(spaceKeys ? { spaceKeys } : {}), accountId: asker.accountId },
    );
    const citations = answer.citations.map((citation) => ({ ...citation, url: absoluteUrl(deps.siteUrl, citation.url) }));
    return { ok: true, answer: { ...answer, citations }, library: { id: library.id, name: library.name } };
  });
}
