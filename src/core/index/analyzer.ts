import porterStemmer from '@stdlib/nlp-porter-stemmer';

/**
 * Lucene's English stopword set (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), the one the published BM25 runs use.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not', 'of',
  'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
]);

/** Bumped whenever the terms produced for the same text change: postings written by another version can't be undone. */
export const ANALYZER_VERSION = 1;

export interface Analysis {
  /** Word terms, as Lucene's English analyzer would give them; they count towards the field's length. */
  terms: string[];
  /** Identifier forms (exact compounds and their parts) added so code is findable; not counted in the length. */
  extras: string[];
}

const MAX_TERM_CHARS = 64;
const WORD = '[\\p{L}\\p{N}\\p{M}_]+';
/** A word, words joined by `.`, `'`, `-`, `/` (or `,` between digits), optionally led by `--`, `-` or `/`; or an emoji. */
const SPAN = new RegExp(`(?:--?|/)?${WORD}(?:(?:[.'’\\-/]|(?<=\\d),(?=\\d))${WORD})*|\\p{Extended_Pictographic}`, 'gu');
/** Scripts written without spaces: each character is a term, as Lucene's StandardTokenizer does for Han and Hiragana. */
const IDEOGRAPH = /([\p{Script=Han}\p{Script=Hiragana}])/gu;
const ALPHA = /^[a-z]+$/;
const DIGITS_AND_DOTS = /^[\d.,]+$/;
/** Cheap pre-check: only pieces with `_`, `.` or a case change can split into identifier parts. */
const MAYBE_COMPOUND = /[_.]|\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}|\d\p{Lu}/u;

function stem(term: string): string {
  return ALPHA.test(term) ? porterStemmer(term) : term;
}

/** One word term: possessive dropped, stopwords removed, plain words stemmed; undefined when nothing is left. */
function wordTerm(raw: string): string | undefined {
  const t = raw.replace(/’/g, "'").replace(/'s$/, '').replace(/^'+|'+$/g, '').slice(0, MAX_TERM_CHARS);
  if (!t || ENGLISH_STOPWORDS.has(t)) return undefined;
  return stem(t);
}

/** Splits an identifier on `_`, `.` and case changes: getUserById -> get User By Id, HTTPServer -> HTTP Server. */
function identifierParts(original: string): string[] {
  return original
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[\s_.]+/)
    .filter(Boolean);
}

/** The terms and extras of one span (a regex match of SPAN): a function of the span alone. */
interface SpanAnalysis {
  terms: readonly string[];
  extras: readonly string[];
}

function analyzeSpan(span: string): SpanAnalysis {
  const terms: string[] = [];
  const extras: string[] = [];
  const lower = span.toLowerCase();
  const pieces = span.split(/[-/]+/).filter(Boolean);
  for (const piece of pieces) {
    const pieceLower = piece.toLowerCase();
    const term = wordTerm(pieceLower);
    if (term) terms.push(term);
    const parts = MAYBE_COMPOUND.test(piece) ? identifierParts(piece) : [piece];
    const isCompound = parts.length > 1 && !DIGITS_AND_DOTS.test(piece);
    if (isCompound) {
      for (const part of parts) {
        const t = wordTerm(part.toLowerCase());
        if (t && t.length > 1 && t !== term) extras.push(t);
      }
      const joined = parts.join('').toLowerCase().slice(0, MAX_TERM_CHARS);
      if (joined !== term) extras.push(joined);
    }
  }
  if (pieces.length > 1 || span !== pieces[0]) {
    const bare = lower.replace(/^[-/]+/, '');
    extras.push(lower.slice(0, MAX_TERM_CHARS));
    if (bare !== lower) extras.push(bare.slice(0, MAX_TERM_CHARS));
    if (pieces.length > 1) extras.push(pieces.join('').toLowerCase().replace(/[_.'’]/g, '').slice(0, MAX_TERM_CHARS));
  }
  return { terms, extras };
}

/**
 * Spans already analysed, by their exact text. Words repeat (Zipf: a few thousand distinct words make most of any
 * text), and stemming and the identifier split were most of indexing's analysis time (the README's profile), so
 * each distinct span is analysed once. Bounded: emptied when full, which changes no result, only the time.
 */
const SPAN_CACHE = new Map<string, SpanAnalysis>();
const SPAN_CACHE_LIMIT = 50_000;
/** Longest span worth remembering: longer ones (hashes, minified code) rarely repeat. */
const SPAN_CACHE_CHARS = 64;
/** Any character but printable ASCII and tabs or newlines: such text is its own NFKC form and holds no ideograph, so both steps are skipped. */
const NON_ASCII = /[^\t\n\r -~]/;

function spanAnalysis(span: string): SpanAnalysis {
  if (span.length > SPAN_CACHE_CHARS) return analyzeSpan(span);
  let found = SPAN_CACHE.get(span);
  if (!found) {
    found = analyzeSpan(span);
    if (SPAN_CACHE.size >= SPAN_CACHE_LIMIT) SPAN_CACHE.clear();
    SPAN_CACHE.set(span, found);
  }
  return found;
}

/**
 * Turns text into index terms. Words follow Lucene's EnglishAnalyzer (lowercase, possessives, stopwords, Porter);
 * identifiers also yield their exact form and parts: `getUserById`, `get_user_by_id`, `ERR_CONN_RESET`, `v2.3.1`,
 * `/api/v2/pages`, `--dry-run`. Accepts any string.
 */
export function analyze(text: string): Analysis {
  const terms: string[] = [];
  const extras: string[] = [];
  if (typeof text !== 'string' || text.length === 0) return { terms, extras };
  const normalized = NON_ASCII.test(text) ? text.normalize('NFKC').replace(IDEOGRAPH, ' $1 ') : text;
  SPAN.lastIndex = 0;
  for (let match = SPAN.exec(normalized); match !== null; match = SPAN.exec(normalized)) {
    const found = spanAnalysis(match[0]);
    for (const t of found.terms) terms.push(t);
    for (const t of found.extras) extras.push(t);
  }
  return { terms, extras };
}

/** Query terms with how often each occurs (a repeated word weighs more, as in Anserini's bag-of-words query). */
export function analyzeQuery(query: string, maxTerms = 64): Map<string, number> {
  const text = typeof query === 'string' ? query.slice(0, 10_000) : '';
  const { terms, extras } = analyze(text);
  const counts = new Map<string, number>();
  for (const t of [...terms, ...extras]) {
    if (!counts.has(t) && counts.size >= maxTerms) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}
