import { isUsable, type Library, type LibraryRepository } from '../library';
import { extractAnswer, type ExtractiveOptions } from './extractive';
import { AskRefusedError, filterByAccess } from './permissions';
import type { PageAccess, Retriever, Synthesizer } from './ports';
import { synthesize } from './synthesis';
import type { Answer } from './types';
import { errorKind } from '../errors';

/** Longest question used for retrieval; the rest is ignored (and the answer says so through `question`). */
export const MAX_QUESTION_CHARS = 1000;
/** How many ranked chunks are kept (after the space filter, before the permission filter). */
const CANDIDATES = 40;

export interface AskDeps {
  libraries: Pick<LibraryRepository, 'get'>;
  /** The retriever over a Library's index, by the Library's id: ranking starts before its record is read. */
  retrieverFor(libraryId: string): Retriever;
  access: PageAccess;
  synthesizer?: Synthesizer;
}

export interface AskInput {
  libraryId: string;
  question: string;
  /** Narrow the Library to some of its spaces (the macro's config). */
  spaceKeys?: string[];
  /** Who is asking; undefined for an anonymous visitor. */
  accountId?: string;
  extractive?: ExtractiveOptions;
}

/** The Library asked and the spaces the question covers: the asked ones the Library has, else all of its spaces. */
async function scopeOf(deps: AskDeps, input: AskInput): Promise<{ library: Library; spaceKeys: string[] }> {
  const library = await deps.libraries.get(input.libraryId);
  if (!isUsable(library)) throw new AskRefusedError('This Library no longer exists. Ask an admin to choose another one for this macro.');
  const librarySpaces = (library.source?.spaces ?? []).map((space) => space.key);
  const spaceKeys = input.spaceKeys?.length ? librarySpaces.filter((key) => input.spaceKeys!.includes(key)) : librarySpaces;
  return { library, spaceKeys };
}

/**
 * Answers a question from a Library: retrieve, drop what the asker may not see or what is no longer current,
 * pick the passages that answer (with citations), and, when the admin turned synthesis on, let the model write
 * the answer from those passages only. Never invents: with nothing relevant it says so.
 */
export async function askLibrary(deps: AskDeps, input: AskInput): Promise<Answer> {
  const question = normalizeQuestion(input.question);
  // The ranking reads postings only (page ids and scores, never text), so it starts alongside the Library's
  // record: the first round trip carries both. Its space filter waits for the record; a refused Library gives it
  // no space, and it stops there without reading a page record.
  const scope = scopeOf(deps, input);
  const retriever = deps.retrieverFor(input.libraryId);
  const ranking = retriever.rank(question, { spaceKeys: scope.then((s) => s.spaceKeys, () => []), limit: CANDIDATES });
  // Awaited below unless the Library is refused first; a failed ranking must not then go unhandled.
  ranking.catch(() => undefined);
  const { library, spaceKeys } = await scope;
  const searched = { libraryId: library.id, libraryName: library.name, spaceKeys };
  const empty: Answer = { kind: 'nothing', question, mode: 'extractive', passages: [], citations: [], searched };
  if (!spaceKeys.length) return empty;

  // Rank, filter on page ids, and only then read text: no chunk the asker may not see is ever read.
  const candidates = await ranking;
  const readable = await filterByAccess(candidates, library.visibility, input.accountId, deps.access);
  // Deleted while the question was in flight: answer nothing from it (checked alongside the text read: one round).
  const [visible, still] = await Promise.all([retriever.read(readable), deps.libraries.get(library.id)]);
  if (!isUsable(still)) throw new AskRefusedError('This Library was deleted while your question was being answered.');

  const { passages, citations } = extractAnswer(question, visible, input.extractive);
  if (!passages.length) return empty;
  const answer: Answer = { kind: 'answer', question, mode: 'extractive', passages, citations, searched };
  if (!library.synthesis || !deps.synthesizer) return answer;
  try {
    const result = await synthesize(deps.synthesizer, question, passages, citations);
    return { ...answer, mode: 'synthesis', synthesis: { text: result.text, removedCitations: result.removedCitations } };
  } catch (error) {
    return { ...answer, synthesisFallback: fallbackReason(error) };
  }
}

export function normalizeQuestion(raw: unknown): string {
  const question = typeof raw === 'string' ? raw.normalize('NFC').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim() : '';
  if (!question) throw new AskRefusedError('Type a question first.');
  return question.length > MAX_QUESTION_CHARS ? question.slice(0, MAX_QUESTION_CHARS) : question;
}

function fallbackReason(error: unknown): string {
  const kind = errorKind(error);
  if (kind === 'quota' || kind === 'rate-limited') return 'The language model is over its quota right now; showing the passages instead.';
  if (kind === 'timeout') return 'The language model took too long; showing the passages instead.';
  if (kind === 'not-found') return 'The language model could not ground an answer in the passages; showing them instead.';
  return 'The language model was unavailable; showing the passages instead.';
}
