import { chunkPage, expandIncludes, extractContent, type Block, type ChunkOptions, type ExtractOptions, type PageRef } from '../content';
import { analyze } from './analyzer';
import { impactOf } from './bm25';
import type { FieldTriple, Posting } from './postings';
import type { ChunkRecord } from './records';

/** A page as the index takes it: identity, citation fields and its storage-format body. */
export interface IndexablePage {
  pageId: string;
  version: number;
  spaceKey: string;
  title: string;
  /** The page's web UI URL; chunk URLs add the section anchor. */
  url: string;
  /** Storage format. */
  body: string;
}

export interface PageAnalysisOptions extends ExtractOptions, ChunkOptions {
  /** Blocks of a page pulled in by `include`/`excerpt-include`, when the caller has them. */
  resolveInclude?: (ref: PageRef) => Block[] | undefined;
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

/** Chunks a page and counts each chunk's terms per field (title, heading path, body). */
export function analysePage(page: IndexablePage, options: PageAnalysisOptions = {}): ChunkRecord[] {
  const extracted = extractContent(page.body, options);
  const blocks = options.resolveInclude ? expandIncludes(extracted.blocks, options.resolveInclude) : extracted.blocks;
  const chunks = chunkPage(
    { pageId: page.pageId, version: page.version, spaceKey: page.spaceKey, title: page.title, url: page.url },
    blocks,
    options,
  );
  const title = analyze(page.title);
  return chunks.map((chunk) => {
    const heading = analyze(chunk.headingPath.join(' '));
    const body = analyze(chunk.text);
    const counts = new Map<string, FieldTriple>();
    countInto(counts, 0, [...title.terms, ...title.extras]);
    countInto(counts, 1, [...heading.terms, ...heading.extras]);
    countInto(counts, 2, [...body.terms, ...body.extras]);
    const terms = [...counts].map(([t, tf]) => `${t}|${tf.map((x) => (x ? String(x) : '')).join(',')}`).join(' ');
    return {
      pageId: chunk.pageId,
      version: chunk.version,
      index: chunk.index,
      spaceKey: chunk.spaceKey,
      title: chunk.title,
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
