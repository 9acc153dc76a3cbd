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
 * it), so an anonymous visitor reaches a public Library only. `readableSpaceKeys` (the caller's, asked of
 * Confluence as them) decides which of the Library's spaces the answer names besides the cited ones.
 *
 * @example
 *   const answer = await askQuestion(deps, { libraryId, question: 'How do we deploy?', accountId });
 */
export async function askQuestion(deps: AskDeps, input: AskQuestionCommand, readableSpaceKeys?: (keys: string[]) => Promise<Set<string>>): Promise<Answer> {
  const answer = await askLibrary(deps, { libraryId: input.libraryId, question: input.question, ...(input.spaceKeys ? { spaceKeys: input.spaceKeys } : {}), ...(input.accountId ? { accountId: input.accountId } : {}) });
  return { ...answer, searched: { ...answer.searched, spaceKeys: await namedSpaces(answer, readableSpaceKeys) } };
}

/**
 * The spaces the "searched in" line may name to this asker: those of the pages the answer cites (they were shown
 * them), and those Confluence says they may read (asked as them, when the caller can ask). A Library's private
 * space keeps its key and name from everyone else; if Confluence cannot answer, only the cited spaces are named.
 *
 * @example
 *   await namedSpaces(answer, (keys) => viewer.readableSpaceKeys(keys)); // ['ENG', 'SRE'], never 'HUSH'
 */
async function namedSpaces(answer: Answer, readableSpaceKeys?: (keys: string[]) => Promise<Set<string>>): Promise<string[]> {
  const cited = new Set(answer.citations.map((citation) => citation.spaceKey));
  const unknown = answer.searched.spaceKeys.filter((key) => !cited.has(key));
  const readable = readableSpaceKeys && unknown.length ? await readableSpaceKeys(unknown).catch(() => new Set<string>()) : new Set<string>();
  return answer.searched.spaceKeys.filter((key) => cited.has(key) || readable.has(key));
}
