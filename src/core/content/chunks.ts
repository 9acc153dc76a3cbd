import type { Block, PageRef } from './blocks';
import { blockText } from './markdown';

/** The page a chunk comes from, as the index records it. */
export interface PageMeta {
  pageId: string;
  version: number;
  spaceKey: string;
  title: string;
  /** The page's absolute web UI URL, e.g. https://site.atlassian.net/wiki/spaces/ENG/pages/123/Title. */
  url: string;
}

/** A citable piece of a page: one section, or a window of a long section. */
export interface Chunk {
  pageId: string;
  version: number;
  spaceKey: string;
  title: string;
  headingPath: string[];
  /** The page URL plus the anchor of the chunk's section heading, so a citation lands on the section. */
  url: string;
  /** Position of the chunk within its page, from 0. */
  index: number;
  text: string;
}

export interface ChunkOptions {
  /** Most words in a chunk (default 400). */
  maxWords?: number;
  /** Words repeated at the start of the next chunk when a section is split by size (default 40). */
  overlapWords?: number;
}

/** Longest run of characters treated as one word: longer runs (minified code, base64) are cut. */
const MAX_WORD_CHARS = 100;

/**
 * The anchor Confluence Cloud gives a heading on pages made with the current editor: the heading text with each
 * run of whitespace replaced by `-`, case kept, then URL-encoded (`Getting started` -> `Getting-started`). The
 * legacy editor used `<TitleWithoutSpaces>-<HeadingWithoutSpaces>`; Cloud pages today are overwhelmingly the new
 * editor's. Duplicate headings are not disambiguated: the link lands on the first.
 */
export function headingAnchor(text: string): string {
  return encodeURIComponent(text.trim().replace(/\s+/g, '-'));
}

/** Replaces each include/excerpt-include block with the referenced page's blocks, when the caller knows them. */
export function expandIncludes(blocks: Block[], included: (ref: PageRef) => Block[] | undefined): Block[] {
  return blocks.flatMap((block): Block[] => {
    if (block.kind !== 'include') return [block];
    const content = included({ title: block.pageTitle, ...(block.spaceKey ? { spaceKey: block.spaceKey } : {}) });
    return content ? content.filter((b) => b.kind !== 'include' && b.kind !== 'heading') : [block];
  });
}

function words(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/\s+/)) {
    if (!w) continue;
    for (let i = 0; i < w.length; i += MAX_WORD_CHARS) out.push(w.slice(i, i + MAX_WORD_CHARS));
  }
  return out;
}

/** A section's text as the windows see it: a word of prose, or a whole table row (which a window never splits). */
type Unit = { word: string } | { row: string[] };

function unitWords(u: Unit): number {
  return 'word' in u ? 1 : u.row.length;
}

/** Units back to text: prose words joined by spaces, each table row on its own line so it reads (and highlights) alone. */
function unitsText(units: Unit[]): string {
  let out = '';
  units.forEach((u, i) => {
    if ('word' in u) out += (i === 0 || 'row' in units[i - 1] ? '' : ' ') + u.word;
    else out += (i === 0 || 'row' in units[i - 1] ? '' : '\n') + u.row.join(' ') + (i < units.length - 1 ? '\n' : '');
  });
  return out;
}

/**
 * Cuts a page into chunks: a new chunk at every heading, and a long section into windows of at most `maxWords`
 * words that overlap by `overlapWords`. A table row (each row carries its header cells, see `blockText`) is one
 * unit: it sits on its own line and a window never cuts it, so a passage or highlight from a table is a row, not the
 * whole table; only a row longer than a window is cut by words. A page with no text still yields one chunk, so its
 * title stays findable.
 */
export function chunkPage(page: PageMeta, blocks: Block[], options: ChunkOptions = {}): Chunk[] {
  const maxWords = Math.max(20, options.maxWords ?? 400);
  const overlap = Math.min(Math.max(0, options.overlapWords ?? 40), Math.floor(maxWords / 4));
  const sections: Array<{ path: string[]; units: Unit[] }> = [{ path: [], units: [] }];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      sections.push({ path: block.path, units: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    for (const line of blockText(block)) {
      const lineWords = words(line);
      if (block.kind === 'table' && lineWords.length > 0 && lineWords.length <= maxWords) current.units.push({ row: lineWords });
      else for (const word of lineWords) current.units.push({ word });
    }
  }
  const chunks: Chunk[] = [];
  const emit = (path: string[], text: string): void => {
    const last = path[path.length - 1];
    chunks.push({
      pageId: page.pageId,
      version: page.version,
      spaceKey: page.spaceKey,
      title: page.title,
      headingPath: path,
      url: last ? `${page.url}#${headingAnchor(last)}` : page.url,
      index: chunks.length,
      text,
    });
  };
  for (const section of sections) {
    const units = section.units;
    if (units.length === 0) {
      if (section.path.length > 0) emit(section.path, '');
      continue;
    }
    for (let start = 0; start < units.length; ) {
      let end = start;
      let count = 0;
      while (end < units.length && (end === start || count + unitWords(units[end]) <= maxWords)) {
        count += unitWords(units[end]);
        end += 1;
      }
      emit(section.path, unitsText(units.slice(start, end)));
      if (end >= units.length) break;
      // Step back by about `overlap` words of whole units, always moving forward.
      let back = end;
      let repeated = 0;
      while (back > start + 1 && repeated + unitWords(units[back - 1]) <= overlap) {
        repeated += unitWords(units[back - 1]);
        back -= 1;
      }
      start = back;
    }
  }
  if (chunks.length === 0) emit([], '');
  return chunks;
}
