/**
 * From what an agent says ("this section should now say …", "replace this text with …") to edit operations
 * against one version of a page. The page is only read here; nothing is written.
 *
 * Example:
 *   draftOperations(parseStorage(body), { section: 'Deploy', markdown: '## Deploy\n\nRun `npm run ship`.' })
 *   // [{ op: 'replaceSection', target: {...}, content: { markdown, storage }, ... }]
 */
import { attrValue, headingLevel, headings, leafText, parseStorage, sectionOf, select, textOf, walk, type StorageDocument, type StorageNode } from '../storage';
import { ReviewError } from './errors';
import { markdownToStorage, MarkdownTooLargeError } from './markdown-to-storage';
import { countToken, sectionFingerprint, targetOf } from './operations';
import { keepUnchangedBlocks } from './section-keep';
import type { EditOperation, NewContent } from './types';

export interface DraftInput {
  /** Heading text of the section to replace. */
  section?: string;
  /** Exact text on the page to replace (a sentence, or a line of a code block). */
  target?: string;
  /** The new content, as Markdown (for `target`: the replacement text). */
  markdown?: string;
  /** Rename a token everywhere in the page's text and inline code. */
  rename?: { from: string; to: string };
  /** Set a macro parameter, e.g. a status lozenge's title: the macro is found by its current parameter value. */
  macroParameter?: { macro: string; name: string; from: string; to: string };
  /**
   * What to do at the `section` or `target`: replace it (the default), insert `markdown` after it (after the
   * section's last block, or after the block holding the target text), or delete it (the whole section with its
   * heading, or the block holding the target text; no Markdown).
   */
  placement?: 'replace' | 'insertAfter' | 'delete';
}

const BLOCKS = new Set(['p', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);
/** A node's text with its blocks on separate lines, for readable diffs. */
export function blockText(node: StorageNode | StorageDocument): string {
  const kids = 'problems' in node ? node.children : node.kind === 'element' && !/^(p|h[1-6]|li|td|th|pre|code)$/.test(node.name) ? node.children : [];
  if (!kids.length) return textOf(node).trim();
  return kids.map(blockText).filter(Boolean).join('\n');
}

/** Elements whose children are blocks of their own: a layout cell, a panel's or an expand's body. */
const CONTAINERS = new Set(['ac:layout-cell', 'ac:rich-text-body']);

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function contentOf(markdown: string): NewContent {
  try {
    return { markdown, storage: markdownToStorage(markdown) };
  } catch (error) {
    if (error instanceof MarkdownTooLargeError) throw new ReviewError('invalid', error.message);
    throw error;
  }
}

/** The code of a Markdown reply that is one fenced block, else the text itself. */
function codeOf(markdown: string): string {
  const fenced = /^\s*(```|~~~)[^\n]*\n([\s\S]*?)\n\1\s*$/.exec(markdown);
  return fenced ? fenced[2]! : markdown;
}

function isInside(node: StorageNode, name: string): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.name === name) return true;
  return false;
}

export function draftOperations(doc: StorageDocument, input: DraftInput): EditOperation[] {
  if (input.rename) {
    const { from, to } = input.rename;
    if (!from.trim() || !to.trim() || from.length > 200 || to.length > 200) throw new ReviewError('invalid', 'A rename needs a token and its new name (at most 200 characters each).');
    const occurrences = countToken(doc, from);
    if (!occurrences) throw new ReviewError('invalid', `"${from}" does not appear in the page's text.`);
    return [{ op: 'renameToken', from, to, occurrences }];
  }
  if (input.macroParameter) {
    const { macro, name, from, to } = input.macroParameter;
    const macros = select(doc, (n) => n.name === 'ac:structured-macro' && attrValue(n, 'ac:name') === macro).filter((m) =>
      m.children.some((c) => c.name === 'ac:parameter' && attrValue(c, 'ac:name') === name && c.children.map(leafText).join('') === from),
    );
    if (macros.length !== 1) throw new ReviewError('invalid', `Found ${macros.length} ${macro} macros whose ${name} is "${from}"; exactly one is needed.`);
    // A macro's parameters are not its text (textOf leaves them out): the reviewer's diff shows the old value.
    return [{ op: 'setMacroParameter', target: { ...targetOf(macros[0]!), before: from }, name, value: to }];
  }
  const placement = input.placement ?? 'replace';
  if (placement !== 'replace') return placedOperations(doc, input, placement);
  const markdown = input.markdown ?? '';
  if (!markdown.trim()) throw new ReviewError('invalid', 'Give the new text (Markdown) for the page.');
  if (input.section) {
    const heading = sectionHeading(doc, input.section);
    const content = contentOf(markdown);
    const section = sectionOf(doc, heading);
    const replacesHeading = /^\s*<h[1-6][\s>]/i.test(content.storage);
    const keep = keepUnchangedBlocks(replacesHeading ? section.nodes : section.nodes.slice(1), markdown, (md) => (md === markdown ? content.storage : contentOf(md).storage));
    const after = blockText(parseStorage(keep.storage));
    return [
      {
        op: 'replaceSection',
        target: targetOf(heading),
        content,
        sectionBefore: section.nodes.map(blockText).join('\n'),
        sectionFingerprint: sectionFingerprint(doc, heading),
        preview: { after: replacesHeading ? after : `${textOf(heading).trim()}\n${after}`, removes: keep.removed.map((r) => r.label) },
      },
    ];
  }
  if (input.target) {
    const target = input.target;
    const codes = select(doc, (n) => n.name === 'ac:structured-macro' && attrValue(n, 'ac:name') === 'code').filter((n) => textOf(n).includes(target));
    if (codes.length === 1) {
      const code = codes[0]!;
      return [{ op: 'replaceCode', target: targetOf(code), code: textOf(code).replace(target, codeOf(markdown)) }];
    }
    if (codes.length > 1) throw new ReviewError('invalid', `"${target}" appears in ${codes.length} code blocks; give more of the line.`);
    const block = blockHolding(doc, target);
    const replacement = textOf(parseStorage(contentOf(markdown).storage)).trim() || markdown.trim();
    return [{ op: 'replaceText', target: targetOf(block), find: target, replace: replacement }];
  }
  throw new ReviewError('invalid', 'Say what to change: a section (its heading) or the exact text to replace.');
}

/** The one heading named `section` (case and spacing aside), or a clear refusal naming the page's sections. */
function sectionHeading(doc: StorageDocument, section: string): StorageNode {
  const wanted = norm(section.replace(/^#+\s*/, ''));
  const matches = headings(doc).filter((h) => norm(textOf(h)) === wanted);
  if (matches.length === 0) {
    const known = headings(doc).slice(0, 12).map((h) => `"${textOf(h).trim()}"`).join(', ');
    throw new ReviewError('invalid', `The page has no section "${section}".${known ? ` Its sections: ${known}.` : ' It has no headings.'}`);
  }
  if (matches.length > 1) throw new ReviewError('invalid', `The page has ${matches.length} sections named "${section}"; give target text instead.`);
  const heading = matches[0]!;
  if (headingLevel(heading) === undefined) throw new ReviewError('invalid', 'Not a heading.');
  return heading;
}

/** The one block (paragraph, list item, cell, heading…) whose text holds `target` in one run of text. */
function blockHolding(doc: StorageDocument, target: string): StorageNode {
  const blocks: StorageNode[] = [];
  for (const n of walk(doc)) {
    if (n.kind !== 'text' || isInside(n, 'ac:parameter') || !leafText(n).includes(target)) continue;
    let block = n.parent;
    while (block && !BLOCKS.has(block.name)) block = block.parent;
    if (block && !blocks.includes(block)) blocks.push(block);
  }
  if (blocks.length > 1) throw new ReviewError('invalid', `"${target}" appears in ${blocks.length} places; give more of the sentence.`);
  if (blocks.length === 0) {
    const spans = textOf(doc).includes(target);
    throw new ReviewError('invalid', spans ? `"${target}" crosses formatting (bold, links…); name the section instead.` : `"${target}" is not on the page (it may have changed).`);
  }
  return blocks[0]!;
}

/** The code block holding `target`, else the block holding it. */
function nodeHolding(doc: StorageDocument, target: string): StorageNode {
  const codes = select(doc, (n) => n.name === 'ac:structured-macro' && attrValue(n, 'ac:name') === 'code').filter((n) => textOf(n).includes(target));
  if (codes.length > 1) throw new ReviewError('invalid', `"${target}" appears in ${codes.length} code blocks; give more of the line.`);
  return codes[0] ?? blockHolding(doc, target);
}

/** Insert-after and delete, at a section or at the node holding the target text. */
function placedOperations(doc: StorageDocument, input: DraftInput, placement: 'insertAfter' | 'delete'): EditOperation[] {
  if (!input.section === !input.target) throw new ReviewError('invalid', 'Say where: a section (its heading) or the exact text of the block.');
  if (placement === 'delete') {
    if (input.section) {
      const nodes = sectionOf(doc, sectionHeading(doc, input.section)).nodes.filter((n) => n.kind === 'element');
      return nodes.map((node) => ({ op: 'deleteNode', target: targetOf(node) }));
    }
    return [{ op: 'deleteNode', target: targetOf(nodeHolding(doc, input.target!)) }];
  }
  const markdown = input.markdown ?? '';
  if (!markdown.trim()) throw new ReviewError('invalid', 'Give the new text (Markdown) to insert.');
  let anchor = input.section ? sectionOf(doc, sectionHeading(doc, input.section)).nodes.filter((n) => n.kind === 'element').pop()! : nodeHolding(doc, input.target!);
  // New blocks go after the outermost block of their container (a list, a table), never inside a list or a row.
  while (anchor.parent && !CONTAINERS.has(anchor.parent.name)) anchor = anchor.parent;
  return [{ op: 'insertAfter', target: targetOf(anchor), content: contentOf(markdown) }];
}
