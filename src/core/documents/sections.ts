/**
 * Sections of a Document and of a page, matched by heading. A section runs from a heading to the next heading of
 * any level among its siblings (so an editor's `### Windows` under the Document's `## Install` is a section of its
 * own); the text before the first heading is the section with key `''`. Sections are keyed by their heading text
 * (lower case, spaces collapsed; a repeated heading gets `#2`, `#3`), and each block by `blockKey`.
 *
 * @example
 * const parts = documentSections('# Deploy\n\nIntro.\n\n## Rollback\n\nUndo it.');
 * parts.title;                         // 'Deploy' (a leading H1 is the page title, not a section)
 * parts.sections.map((s) => s.key);    // ['', 'rollback']
 */
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { markdownToStorage } from '../review/markdown-to-storage';
import { attrValue, fingerprint, headingLevel, parseStorage, textOf, walk, type StorageDocument, type StorageNode } from '../storage';

export interface DocumentBlock {
  key: string;
  /** The block's storage format, as the converter wrote it. */
  storage: string;
  /** The Markdown it came from (for Review's view), '' when it could not be told apart. */
  markdown: string;
}

export interface DocumentSection {
  key: string;
  /** Heading text; undefined for the text before the first heading. */
  heading?: string;
  /** The heading first (when there is one), then the section's blocks. */
  blocks: DocumentBlock[];
}

export interface DocumentParts {
  /** The text of a leading H1, which becomes the page title rather than a section. */
  title?: string;
  sections: DocumentSection[];
  /** The whole body's storage format (title dropped): what a new page is created with. */
  storage: string;
  /** The Markdown of that body. */
  markdown: string;
}

export interface PageSection {
  key: string;
  heading?: StorageNode;
  /** The heading (if any) and the element siblings after it, up to the next sibling heading of any level. */
  nodes: StorageNode[];
}

/** Heading text as a section key: case, runs of spaces and Unicode forms do not matter. */
export function headingKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** Elements the Cloud editor adds around content when it saves (table column widths), left out of block keys. */
const EDITOR_WRAPPERS = new Set(['colgroup', 'col', 'ac:inline-comment-marker']);

/**
 * The identity of a block's content: its element names and its text, without attributes (the editor re-stamps
 * `local-id`, table layout and macro ids when it saves) and without inline comment markers (a comment does not
 * change what the Document said). Formatting and text changes do change it.
 */
export function blockKey(node: StorageNode): string {
  const parts: string[] = [];
  for (const n of walk(node)) {
    if (n.kind === 'element' && !EDITOR_WRAPPERS.has(n.name)) {
      const macro = n.name === 'ac:structured-macro' || n.name === 'ac:parameter' ? `=${attrValue(n, 'ac:name') ?? ''}` : '';
      parts.push(`<${n.name}${macro}>`);
    } else if (n.kind === 'text' || n.kind === 'cdata') parts.push(textOf(n).replace(/\s+/g, ' '));
  }
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  const hasText = textOf(node).trim().length > 0;
  // Blocks without text (an image, an empty macro) are told apart by their full normalised content.
  return `${node.name}:${hasText ? sha(text) : fingerprint(node)}`;
}

const isElement = (n: StorageNode): boolean => n.kind === 'element';

function keyed<T>(items: T[], textOf: (item: T) => string | undefined): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const text = textOf(item);
    if (text === undefined) return '';
    const base = headingKey(text);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

/** The page's sections: the top-level text before the first heading, then one per heading, wherever it sits. */
export function pageSections(doc: StorageDocument): PageSection[] {
  const out: PageSection[] = [];
  const top = doc.children.filter(isElement);
  const firstHeading = top.findIndex((n) => headingLevel(n) !== undefined);
  out.push({ key: '', nodes: firstHeading < 0 ? top : top.slice(0, firstHeading) });
  const heads: StorageNode[] = [];
  for (const n of walk(doc)) if (headingLevel(n) !== undefined) heads.push(n);
  const keys = keyed(heads, (h) => textOf(h));
  heads.forEach((heading, i) => {
    const siblings = heading.parent ? heading.parent.children : doc.children;
    const nodes = [heading];
    for (let j = heading.index + 1; j < siblings.length; j += 1) {
      const next = siblings[j]!;
      if (headingLevel(next) !== undefined) break;
      if (isElement(next)) nodes.push(next);
    }
    out.push({ key: keys[i]!, heading, nodes });
  });
  return out;
}

let parser: MarkdownIt.MarkdownIt | undefined;

/** Source line ranges of the top-level blocks markdown-it finds, in order. */
function blockLines(markdown: string): Array<[number, number]> {
  parser ??= new MarkdownIt('default', { html: false });
  const out: Array<[number, number]> = [];
  for (const token of parser.parse(markdown, {})) {
    if (token.level !== 0 || !token.map || token.nesting === -1) continue;
    out.push(token.map as [number, number]);
  }
  return out;
}

/**
 * A Document's title and sections, converted to storage format once (so reference links and footnotes resolve
 * across sections) and cut at the top-level headings of the result.
 */
export function documentSections(markdown: string): DocumentParts {
  const clean = markdown.replace(/\r\n?/g, '\n');
  const storage = markdownToStorage(clean);
  const doc = parseStorage(storage);
  const nodes = doc.children.filter(isElement);
  const lines = clean.split('\n');
  const ranges = blockLines(clean);
  // The converter writes one top-level element per top-level Markdown block; if that ever differs, no block
  // gets Markdown of its own rather than the wrong one.
  const markdownOf = (i: number): string => (ranges.length === nodes.length && ranges[i] ? lines.slice(ranges[i]![0], ranges[i]![1]).join('\n').trim() : '');
  let first = 0;
  let title: string | undefined;
  if (nodes[0] && headingLevel(nodes[0]) === 1) {
    title = textOf(nodes[0]).replace(/\s+/g, ' ').trim() || undefined;
    first = 1;
  }
  const body = nodes.slice(first);
  const sections: DocumentSection[] = [{ key: '', blocks: [] }];
  body.forEach((node, j) => {
    const block: DocumentBlock = { key: blockKey(node), storage: storage.slice(node.start, node.end), markdown: markdownOf(j + first) };
    if (headingLevel(node) !== undefined) sections.push({ key: '', heading: textOf(node), blocks: [block] });
    else sections[sections.length - 1]!.blocks.push(block);
  });
  const keys = keyed(sections, (s) => s.heading);
  sections.forEach((s, i) => (s.key = keys[i]!));
  const start = body[0]?.start ?? storage.length;
  const bodyMarkdown = body.map((_, j) => markdownOf(j + first)).filter(Boolean).join('\n\n');
  return { ...(title ? { title } : {}), sections: sections.filter((s) => s.heading !== undefined || s.blocks.length > 0), storage: storage.slice(start).trim(), markdown: bodyMarkdown || clean };
}
