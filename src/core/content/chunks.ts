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

/**
 * Cuts a page into chunks: a new chunk at every heading, and a long section into windows of at most `maxWords`
 * words that overlap by `overlapWords`. A page with no text still yields one chunk, so its title stays findable.
 */
export function chunkPage(page: PageMeta, blocks: Block[], options: ChunkOptions = {}): Chunk[] {
  const maxWords = Math.max(20, options.maxWords ?? 400);
  const overlap = Math.min(Math.max(0, options.overlapWords ?? 40), Math.floor(maxWords / 4));
  const sections: Array<{ path: string[]; words: string[] }> = [{ path: [], words: [] }];
  for (const block of blocks) {
    if (block.kind === 'heading') sections.push({ path: block.path, words: [] });
    else {
      const current = sections[sections.length - 1];
      for (const line of blockText(block)) current.words.push(...words(line));
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
    if (section.words.length === 0) {
      if (section.path.length > 0) emit(section.path, '');
      continue;
    }
    for (let start = 0; start < section.words.length; ) {
      const end = Math.min(section.words.length, start + maxWords);
      emit(section.path, section.words.slice(start, end).join(' '));
      if (end >= section.words.length) break;
      start = end - overlap;
    }
  }
  if (chunks.length === 0) emit([], '');
  return chunks;
}
