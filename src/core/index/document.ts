import { analyze } from './analyzer';
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

/** Counts each chunk's terms per field (title, heading path, body): the records the writer stores. */
export function analyseDocument(document: IndexDocument): ChunkRecord[] {
  const title = analyze(document.title);
  const chunks = document.chunks.length ? document.chunks : [{ headingPath: [], url: document.url, text: '' }];
  return chunks.map((chunk, index) => {
    const heading = analyze(chunk.headingPath.join(' '));
    const body = analyze(chunk.text);
    // Each field's terms, then its extras, in this order: the order of `terms`, and which terms a full chunk keeps.
    const counts = new Map<string, FieldTriple>();
    countInto(counts, 0, title.terms);
    countInto(counts, 0, title.extras);
    countInto(counts, 1, heading.terms);
    countInto(counts, 1, heading.extras);
    countInto(counts, 2, body.terms);
    countInto(counts, 2, body.extras);
    const entries: string[] = [];
    for (const [t, tf] of counts) entries.push(`${t}|${tf[0] || ''},${tf[1] || ''},${tf[2] || ''}`);
    const terms = entries.join(' ');
    return {
      pageId: document.pageId,
      version: document.version,
      index,
      spaceKey: document.spaceKey,
      title: document.title,
      headingPath: chunk.headingPath,
      url: chunk.url,
      text: chunk.text,
      len: [title.terms.length, heading.terms.length, body.terms.length],
      terms,
    };
  });
}

/** The postings a stored chunk contributes, by term. */
export function chunkPostings(record: ChunkRecord): Map<string, Posting> {
  const out = new Map<string, Posting>();
  if (!record.terms) return out;
  const id = `${record.pageId}.${record.index}`;
  for (const entry of record.terms.split(' ')) {
    const bar = entry.lastIndexOf('|');
    const term = entry.slice(0, bar);
    const [a, b, c] = entry.slice(bar + 1).split(',');
    const tf: FieldTriple = [Number(a) || 0, Number(b) || 0, Number(c) || 0];
    out.set(term, { id, impact: impactOf(tf, record.len), tf, len: [...record.len] as FieldTriple });
  }
  return out;
}
