/**
 * Whether a source backs a sentence of a model's answer: the sentence must say (almost) only what one sentence of
 * the source, or two adjacent ones, say. Counted on index terms (stemmed, stopwords out), a sentence is backed by a
 * window of the source when
 * - it has at least one content word (a bare "[1]" backs nothing);
 * - at least 5 of every 6 of its content words are in the window (room for a paraphrase's odd word, none for an
 *   added clause: "..., and the admin password is hunter2" adds three);
 * - every number and identifier it states is in the window (the facts a model gets wrong are these);
 * - it negates only where the window does ("is not", "never": Lucene's stopwords drop "not" and "no", so they are
 *   checked on the words themselves).
 * Function words ("you", "should", "also", "which") are free: a sentence may frame what the source says.
 *
 * Sharing a couple of words with a source is not backing: an earlier rule kept any citation whose sentence shared
 * two content words with its source, so arbitrary text could ride on a real citation.
 *
 * @example
 *   const evidence = evidenceOf(['Retries use exponential backoff starting at 30 seconds.']);
 *   backs(evidence, 'Retries use exponential backoff, starting at 30 seconds.');          // true
 *   backs(evidence, 'Retries use exponential backoff and refunds are paid in bitcoin.'); // false
 */
import { analyze } from '../index/analyzer';
import { splitSentences } from './sentences';

/** What one cited page section says, ready to check sentences against. */
export interface Evidence {
  /** Each window of one or two adjacent sentences: its terms and whether it negates. */
  windows: Array<{ terms: Set<string>; negates: boolean }>;
}

/** Most content words of a sentence that a window may lack, per word the sentence has: 1 in 6. */
const UNBACKED_SHARE = 1 / 6;

const NEGATION = /\b(?:not|no|never|none|nothing|nobody|neither|nor|cannot|without)\b|n['’]t\b/i;

/** Words that frame a statement rather than state a fact; stemmed as the analyzer stems them. */
const FUNCTION_WORDS = new Set(
  analyze(
    [
      'i me my we our ours you your yours he him his she her hers its them they their theirs one ones',
      'can could should would may might must shall do does did done doing has have had having been being were am',
      'so also just only very here than too what which who whom whose when where why how all any each both some',
      'from about up out over via per while after before first next again always usually often either',
      'get gets got make makes made use uses used using need needs',
    ].join(' '),
  ).terms,
);

interface Claim {
  content: Set<string>;
  /** Numbers and identifiers: each must be backed. */
  strict: Set<string>;
  negates: boolean;
}

/** The windows of a source's passages (each passage split into sentences; windows never span two passages). */
export function evidenceOf(passageTexts: string[]): Evidence {
  const windows: Evidence['windows'] = [];
  for (const text of passageTexts) {
    const sentences = splitSentences(text).map((s) => ({ terms: termsOf(s.text), negates: NEGATION.test(s.text) }));
    sentences.forEach((sentence, i) => {
      windows.push(sentence);
      const next = sentences[i + 1];
      if (next) windows.push({ terms: new Set([...sentence.terms, ...next.terms]), negates: sentence.negates || next.negates });
    });
  }
  return { windows };
}

/** Whether the source backs the whole sentence (markers like [1] are ignored). */
export function backs(evidence: Evidence, sentence: string): boolean {
  return backedBy([evidence], claimOf(sentence));
}

/**
 * Which of the sources a sentence citing all of them should keep: those that back it alone; else, when together
 * they back it (each window picked per source), every source that contributes at least two of its content words
 * (or all of them, for a shorter sentence). Empty when nothing backs it.
 */
export function backingEvidence(sources: Evidence[], sentence: string): number[] {
  const claim = claimOf(sentence);
  const alone = sources.map((evidence, i) => (backedBy([evidence], claim) ? i : -1)).filter((i) => i >= 0);
  if (alone.length || sources.length < 2) return alone;
  if (!backedBy(sources, claim)) return [];
  const needed = Math.min(2, claim.content.size);
  return sources.map((evidence, i) => (covered(bestWindow(evidence, claim), claim) >= needed ? i : -1)).filter((i) => i >= 0);
}

function claimOf(sentence: string): Claim {
  const text = sentence.replace(/\[\d+\]/g, ' ');
  const { terms, extras } = analyze(text);
  const content = new Set([...terms, ...extras].filter((t) => !FUNCTION_WORDS.has(t)));
  const strict = new Set([...extras, ...terms.filter((t) => /\d/.test(t))].filter((t) => content.has(t)));
  return { content, strict, negates: NEGATION.test(text) };
}

/** One source: any of its windows backs the claim. Several: the union of each one's best window does. */
function backedBy(sources: Evidence[], claim: Claim): boolean {
  if (!claim.content.size) return false;
  if (sources.length === 1) return sources[0]!.windows.some((window) => windowBacks(window.terms, window.negates, claim));
  const terms = new Set<string>();
  let negates = false;
  for (const source of sources) {
    const window = bestWindow(source, claim);
    if (!window) continue;
    for (const t of window.terms) terms.add(t);
    negates ||= window.negates;
  }
  return windowBacks(terms, negates, claim);
}

function windowBacks(terms: Set<string>, negates: boolean, claim: Claim): boolean {
  if (claim.negates && !negates) return false;
  for (const t of claim.strict) if (!terms.has(t)) return false;
  const missing = [...claim.content].filter((t) => !terms.has(t)).length;
  return missing <= Math.floor(claim.content.size * UNBACKED_SHARE);
}

/** The window covering most of the claim (a negating one wins a tie when the claim negates). */
function bestWindow(source: Evidence, claim: Claim): Evidence['windows'][number] | undefined {
  let best: Evidence['windows'][number] | undefined;
  let bestScore = -1;
  for (const window of source.windows) {
    const score = covered(window, claim) * 2 + (claim.negates && window.negates ? 1 : 0);
    if (score > bestScore) {
      best = window;
      bestScore = score;
    }
  }
  return best;
}

function covered(window: Evidence['windows'][number] | undefined, claim: Claim): number {
  if (!window) return 0;
  let n = 0;
  for (const t of claim.content) if (window.terms.has(t)) n += 1;
  return n;
}

function termsOf(text: string): Set<string> {
  const { terms, extras } = analyze(text);
  return new Set([...terms, ...extras]);
}
