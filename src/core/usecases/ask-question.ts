import type { Answer } from '../../contract';
import { askLibrary, type AskDeps } from '../answer';

export interface AskQuestionCommand {
  libraryId: string;
  question: string;
  /** Narrow the Library to some of its spaces (the Ask macro's saved config). */
  spaceKeys?: string[];
  /** Who is asking; null for an anonymous visitor. */
  accountId: string | null;
}

/**
 * The one Ask operation, behind the Ask macro and the `ask-library` agent tool (ask-library.ts adapts it): an answer with citations from the Library, only from pages the asker may read unless
 * the Library is organization-wide (members) or public. Who may ask is the Library's visibility (askLibrary checks
 * it), so an anonymous visitor reaches a public Library only.
 *
 * @example
 *   const answer = await askQuestion(deps, { libraryId, question: 'How do we deploy?', accountId });
 */
export async function askQuestion(deps: AskDeps, input: AskQuestionCommand): Promise<Answer> {
  return askLibrary(deps, { libraryId: input.libraryId, question: input.question, ...(input.spaceKeys ? { spaceKeys: input.spaceKeys } : {}), ...(input.accountId ? { accountId: input.accountId } : {}) });
}
