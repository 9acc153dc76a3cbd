import type { Chunk } from '../content/chunks';

/** A retrieved chunk with its ranking score. */
export interface Hit {
  chunk: Chunk;
  score: number;
}

/**
 * A ranked chunk before its text is read: its place, its page's space and its score. Ask filters candidates by
 * space and permission on these alone, and reads the text of the survivors only.
 */
export interface Candidate {
  pageId: string;
  version: number;
  chunkIndex: number;
  /** The generation its chunk is stored under in the index (keys.ts `chunk`), when it has one. */
  generation?: number;
  spaceKey: string;
  score: number;
}

/** Where an answer's claim comes from: a page and the section the passage was taken from. */
export interface Citation {
  /** 1-based, as shown next to a claim: [1], [2]... */
  n: number;
  pageId: string;
  title: string;
  spaceKey: string;
  headingPath: string[];
  /** Link to the page's section. */
  url: string;
}

/** A run of text from a page; `highlights` mark the sentences that answer the question (character offsets). */
export interface Passage {
  text: string;
  highlights: Array<{ start: number; end: number }>;
  /** Citation numbers this passage stands on; more than one when the same text appears on several pages. */
  citations: number[];
}

export interface Answer {
  /** `answer` when the Library had something relevant; `nothing` otherwise (never an invented answer). */
  kind: 'answer' | 'nothing';
  question: string;
  /** How the answer was written: passages picked from the pages, or a model's synthesis grounded in them. */
  mode: 'extractive' | 'synthesis';
  passages: Passage[];
  citations: Citation[];
  /** A model's answer whose every citation was checked against the passages; absent when extractive. */
  synthesis?: { text: string; removedCitations: number };
  /** Why the synthesis was not used, when it was asked for. */
  synthesisFallback?: string;
  /** What was searched, for the "searched in" line. */
  searched: { libraryId: string; libraryName: string; spaceKeys: string[] };
}
