import type { Hit } from './types';

/** Ranked chunks of one Library for a question. */
export interface Retriever {
  search(question: string, options: { spaceKeys?: string[]; limit: number }): Promise<Hit[]>;
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
