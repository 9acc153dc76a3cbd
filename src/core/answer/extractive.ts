import { analyze, analyzeQuery } from '../index/analyzer';
import { splitSentences, type Sentence } from './sentences';
import type { Citation, Hit, Passage } from './types';

export interface ExtractiveOptions {
  /** Most passages in an answer (default 4). */
  maxPassages?: number;
  /** Most passages taken from one page (default 2). */
  maxPerPage?: number;
  /** Share of the question's weight a sentence must cover to count as answering (default 0.25). */
  minCoverage?: number;
  /** Longest passage, in characters (default 700). */
  maxPassageChars?: number;
}

export interface ExtractiveResult {
  passages: Passage[];
  citations: Citation[];
}

interface ScoredSentence extends Sentence {
  /** Coverage of the sentence read in its section: its own terms, plus half credit for the title's and headings'. */
  coverage: number;
  /** Coverage of the sentence's own words. */
  own: number;
}

/** How much a question term found only in the page title or the section's headings counts for a sentence. */
const CONTEXT_CREDIT = 0.5;

/**
 * Picks the passages that answer a question from ranked chunks: each chunk's sentences are scored by how much of
 * the question's weight they cover (rarer question terms weigh more), the best sentence is taken with its
 * neighbours, answering sentences are highlighted, near-identical passages from different pages are merged into
 * one passage citing each page, and every passage is tied to the citation of its chunk. Returns no passage when
 * no sentence covers enough of the question: the caller then says that nothing in the Library answers it.
 */
export function extractAnswer(question: string, hits: Hit[], options: ExtractiveOptions = {}): ExtractiveResult {
  const maxPassages = options.maxPassages ?? 4;
  const maxPerPage = options.maxPerPage ?? 2;
  const minCoverage = options.minCoverage ?? 0.25;
  const maxChars = options.maxPassageChars ?? 700;
  const query = analyzeQuery(question);
  if (!query.size || !hits.length) return { passages: [], citations: [] };

  const weights = termWeights(query, hits);
  const candidates: Array<{ hit: Hit; passage: Omit<Passage, 'citations'>; best: number }> = [];
  for (const hit of hits) {
    // A step under the heading "Read-only access" answers "how do I get read-only access" without repeating it.
    const context = new Set(termsOf([hit.chunk.title, ...hit.chunk.headingPath].join(' ')));
    const sentences = splitSentences(hit.chunk.text).map((s) => scoreSentence(s, weights, context));
    if (!sentences.length) continue;
    const bestIndex = sentences.reduce((best, s, i) => (s.coverage > sentences[best].coverage ? i : best), 0);
    const best = sentences[bestIndex].coverage;
    // The sentence itself must say something the question asks about: a matching title alone is no answer.
    if (best < minCoverage || sentences[bestIndex].own <= 0) continue;
    candidates.push({ hit, best, passage: window(hit.chunk.text, sentences, bestIndex, maxChars, Math.max(minCoverage, best * 0.6)) });
  }
  // Rank mostly by the retrieval score, nudged by how well the passage itself answers.
  const top = Math.max(...hits.map((h) => h.score), 1e-9);
  candidates.sort((a, b) => b.hit.score / top + b.best - (a.hit.score / top + a.best));

  const passages: Passage[] = [];
  const citations: Citation[] = [];
  const perPage = new Map<string, number>();
  const shingles: Array<Set<string>> = [];
  for (const candidate of candidates) {
    const { chunk } = candidate.hit;
    if ((perPage.get(chunk.pageId) ?? 0) >= maxPerPage) continue;
    const words = wordSet(candidate.passage.text);
    const twin = shingles.findIndex((other) => jaccard(words, other) >= 0.7);
    const citation = citationFor(citations, chunk);
    if (twin >= 0) {
      if (!passages[twin].citations.includes(citation.n)) passages[twin].citations.push(citation.n);
      continue;
    }
    if (passages.length >= maxPassages) continue;
    perPage.set(chunk.pageId, (perPage.get(chunk.pageId) ?? 0) + 1);
    passages.push({ ...candidate.passage, citations: [citation.n] });
    shingles.push(words);
  }
  // Keep only the citations a passage uses, numbered in order of first use.
  const used = [...new Set(passages.flatMap((p) => p.citations))];
  const renumber = new Map(used.map((n, i) => [n, i + 1]));
  return {
    passages: passages.map((p) => ({ ...p, citations: p.citations.map((n) => renumber.get(n)!) })),
    citations: used.map((n) => ({ ...citations.find((c) => c.n === n)!, n: renumber.get(n)! })),
  };
}

function citationFor(citations: Citation[], chunk: Hit['chunk']): Citation {
  const existing = citations.find((c) => c.pageId === chunk.pageId && c.url === chunk.url);
  if (existing) return existing;
  const citation: Citation = {
    n: citations.length + 1,
    pageId: chunk.pageId,
    title: chunk.title,
    spaceKey: chunk.spaceKey,
    headingPath: chunk.headingPath,
    url: chunk.url,
  };
  citations.push(citation);
  return citation;
}

/** Inverse frequency of each question term among the retrieved chunks, times how often the question repeats it. */
function termWeights(query: Map<string, number>, hits: Hit[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const hit of hits) {
    const terms = new Set(termsOf(hit.chunk.text + ' ' + hit.chunk.title));
    for (const term of query.keys()) if (terms.has(term)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  for (const [term, count] of query) weights.set(term, count * Math.log(1 + (hits.length + 1) / (1 + (df.get(term) ?? 0))));
  return weights;
}

function scoreSentence(sentence: Sentence, weights: Map<string, number>, context: Set<string>): ScoredSentence {
  let total = 0;
  for (const w of weights.values()) total += w;
  if (total <= 0) return { ...sentence, coverage: 0, own: 0 };
  const terms = new Set(termsOf(sentence.text));
  let own = 0;
  let fromContext = 0;
  for (const [term, w] of weights) {
    if (terms.has(term)) own += w;
    else if (context.has(term)) fromContext += w;
  }
  return { ...sentence, own: own / total, coverage: (own + CONTEXT_CREDIT * fromContext) / total };
}

function termsOf(text: string): string[] {
  const { terms, extras } = analyze(text);
  return [...terms, ...extras];
}

/** The best sentence with as many neighbours as fit, highlights on the sentences that answer. */
function window(text: string, sentences: ScoredSentence[], bestIndex: number, maxChars: number, highlightAt: number): Omit<Passage, 'citations'> {
  let from = bestIndex;
  let to = bestIndex;
  const span = () => sentences[to].end - sentences[from].start;
  for (;;) {
    const before = from > 0 ? sentences[from - 1] : undefined;
    const after = to < sentences.length - 1 ? sentences[to + 1] : undefined;
    const pick = after && (!before || after.coverage >= before.coverage) ? 'after' : before ? 'before' : undefined;
    if (!pick) break;
    const extra = pick === 'after' ? after!.end - sentences[to].end : sentences[from].start - before!.start;
    if (span() + extra > maxChars || to - from >= 3) break;
    if (pick === 'after') to += 1;
    else from -= 1;
  }
  const start = sentences[from].start;
  let passageText = text.slice(start, sentences[to].end);
  if (passageText.length > maxChars) passageText = passageText.slice(0, maxChars - 1) + '…';
  const highlights = sentences
    .slice(from, to + 1)
    .filter((s) => s.coverage >= highlightAt && s.own > 0)
    .map((s) => ({ start: s.start - start, end: Math.min(s.end - start, passageText.length) }))
    .filter((h) => h.start < h.end);
  return { text: passageText, highlights };
}

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}
