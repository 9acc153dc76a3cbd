import { analyze, type Analysis } from './analyzer';
import { impactOf } from './bm25';
import type { FieldTriple, Posting } from './postings';
import type { ChunkRecord } from './records';

/**
 * A page as the index takes it: identity, citation fields and its text already cut into chunks. The index knows
 * no storage format (like MiniSearch, it takes documents made of fields); the sync builds documents from pages.
 *
 * @example
 * await index.indexPage({ pageId: '42', version: 3, spaceKey: 'ENG', title: 'Deploys', url: '/wiki/spaces/ENG/pages/42',
 *   chunks: [{ headingPath: ['Rollback'], url: '/wiki/spaces/ENG/pages/42#Rollback', text: 'Run the rollback job.' }] });
 */
export interface IndexDocument {
  pageId: string;
  version: number;
  spaceKey: string;
  title: string;
  /** The page's link; each chunk has its own (with the section anchor). */
  url: string;
  /** The page's chunks in page order (at least one, so the title stays findable): a chunk's position is its index. */
  chunks: DocumentChunk[];
}

/** One citable piece of a document: its section's heading path, its link and its text. */
export interface DocumentChunk {
  headingPath: string[];
  url: string;
  text: string;
}

/** Most distinct terms one chunk contributes: keeps a chunk record well under the 240 KiB value limit. */
const MAX_TERMS_PER_CHUNK = 4000;

function countInto(counts: Map<string, FieldTriple>, field: 0 | 1 | 2, terms: string[]): void {
  for (const t of terms) {
    let triple = counts.get(t);
    if (!triple) {
      if (counts.size >= MAX_TERMS_PER_CHUNK) continue;
      triple = [0, 0, 0];
      counts.set(t, triple);
    }
    triple[field] += 1;
  }
}

/** The records the writer stores for a document: one per chunk, its citation fields and text (no analysis). */
export function chunkRecords(document: IndexDocument): ChunkRecord[] {
  const chunks = document.chunks.length ? document.chunks : [{ headingPath: [], url: document.url, text: '' }];
  return chunks.map((chunk, index) => ({
    pageId: document.pageId,
    version: document.version,
    index,
    spaceKey: document.spaceKey,
    title: document.title,
    headingPath: chunk.headingPath,
    url: chunk.url,
    text: chunk.text,
  }));
}

/** The last title and heading path analysed, and their analyses (read, never edited, by `chunkTerms`). */
const lastText: [string, string] = ['', ''];
const lastAnalysis: [Analysis, Analysis] = [analyze(''), analyze('')];

/** `analyze(text)`, remembered for the next call of the same field: a function of the text alone. */
function analyzeRepeated(text: string, field: 0 | 1): Analysis {
  if (text !== lastText[field]) {
    lastText[field] = text;
    lastAnalysis[field] = analyze(text);
  }
  return lastAnalysis[field];
}

/**
 * What a stored chunk contributes: its field lengths (title, heading path, body, in word terms) and a posting per
 * distinct term (`postings[i]` is `terms[i]`'s, in the order the terms first occur).
 */
export interface ChunkTerms {
  len: FieldTriple;
  terms: string[];
  postings: Posting[];
}

/**
 * Analyses a stored chunk: the merger adds these postings, and takes the same ones out when the chunk is replaced
 * (the analysis is deterministic for one ANALYZER_VERSION; changing it needs a reindex, see the README).
 */
export function chunkTerms(record: ChunkRecord): ChunkTerms {
  // A page's chunks share its title, and a section's its heading path: the merger reads them one after another.
  const title = analyzeRepeated(record.title, 0);
  const heading = analyzeRepeated(record.headingPath.join(' '), 1);
  const body = analyze(record.text);
  const counts = new Map<string, FieldTriple>();
  // Each field's terms, then its extras (the order postings are built in), counted without copying the arrays.
  countInto(counts, 0, title.terms);
  countInto(counts, 0, title.extras);
  countInto(counts, 1, heading.terms);
  countInto(counts, 1, heading.extras);
  countInto(counts, 2, body.terms);
  countInto(counts, 2, body.extras);
  const len: FieldTriple = [title.terms.length, heading.terms.length, body.terms.length];
  const id = `${record.pageId}.${record.index}`;
  const terms: string[] = [];
  const postings: Posting[] = [];
  counts.forEach((tf, term) => {
    terms.push(term);
    postings.push({ id, impact: impactOf(tf, len), tf, len });
  });
  return { len, terms, postings };
}
