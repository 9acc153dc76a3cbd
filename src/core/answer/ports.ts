import type { Candidate, Hit } from './types';

/**
 * Ranked chunks of one Library for a question, in two steps so that no text is read before the filters:
 * `rank` finds the candidates (no text), the caller drops those the asker may not see, `read` fetches the rest.
 *
 * @example
 * const candidates = await retriever.rank(question, { spaceKeys, limit: 40 });
 * const hits = await retriever.read(candidates.filter((c) => readable.has(c.pageId)));
 */
export interface Retriever {
  /**
   * The best `limit` chunks in these spaces (all of the Library's when omitted), best first. `spaceKeys` may be a
   * promise: the ranking (postings only: page ids and scores, no text) starts at once and only the space filter
   * waits for the keys, so a caller can read the Library's record in the same round trip as the first postings.
   */
  rank(question: string, options: { spaceKeys?: string[] | Promise<string[]>; limit: number }): Promise<Candidate[]>;
  /** The text and citation fields of these candidates, in their order; a chunk no longer stored is left out. */
  read(candidates: Candidate[]): Promise<Hit[]>;
}

/** Answers, at answer time, which pages may be shown: the permission filter and the "never cite the dead" check. */
export interface PageAccess {
  /** Of these pages, those that are current and that this person may read (Confluence checks, as the user). */
  readableBy(accountId: string, pageIds: string[]): Promise<Set<string>>;
  /** Whether this person is a Confluence guest (outside the site's member group), asked as them. */
  isGuest(accountId: string): Promise<boolean>;
  /** Of these pages, those that are still current (checked as the app). */
  stillCurrent(pageIds: string[]): Promise<Set<string>>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A language model (Forge LLM on Forge); it may fail, time out or run out of quota at any call. */
export interface Synthesizer {
  complete(messages: ChatMessage[], options: { maxTokens: number; timeoutMs: number }): Promise<string>;
}
