/**
 * What a section replacement keeps of the old section. An agent edits a section from its Markdown (read-page), so
 * the blocks it did not change come back as the same Markdown: those blocks are kept as their original bytes
 * (macros with their `ac:macro-id` and parameters, mentions, local ids, inline comment markers), never
 * re-created from Markdown. Macros, images and mentions of the other old blocks are listed as removed, unless
 * the new content brings one of the same kind in their place (a new code block for an old one): the reviewer
 * sees them in the diff and confirms before they go, since a text diff alone does not show them.
 *
 * Example:
 *   const plan = keepUnchangedBlocks(sectionNodes, '## Deploy\n\n_\\[macro: jira ENG-7\\]_\n\nRun `deploy`.');
 *   plan.storage     // '<h2>Deploy</h2>\n<ac:structured-macro ac:name="jira" …original bytes…>…<p>Run <code>deploy</code>.</p>'
 *   plan.removed     // [] (the jira macro's Markdown came back unchanged, so its bytes are kept)
 */
import { pageMarkdown } from '../content/page-markdown';
import { attrValue, leafText, parseStorage, textOf, type StorageNode } from '../storage';
import { markdownToStorage } from './markdown-to-storage';

/** A macro, image or mention of the old section that the replacement drops. */
export interface RemovedNode {
  /** `jira`, `code`, `image`, `mention`…: what the new content would have to bring to replace it. */
  name: string;
  /** Words for the reviewer: `the jira macro "ENG-7"`, `an image (arch.png)`, `a mention`. */
  label: string;
}

export interface SectionKeep {
  /** The new storage with the kept blocks' original bytes in place. */
  storage: string;
  /** The old blocks kept byte for byte. */
  kept: StorageNode[];
  removed: RemovedNode[];
  /** The new storage with placeholders where kept blocks go, for checks that must not look inside them. */
  withPlaceholders: string;
  /** Puts the kept blocks' bytes in place of the placeholders of `storage` (after other rewrites of it). */
  fill(storage: string): string;
}

const MACROS = new Set(['ac:structured-macro', 'ac:macro']);

/** Whether `markdown` has `block` as a whole block at `at`: blank lines (or the ends) on both sides. */
function isWholeBlock(markdown: string, at: number, length: number): boolean {
  const before = markdown.slice(0, at);
  const after = markdown.slice(at + length);
  return (before === '' || /\n[ \t]*\n$/.test(before) || /^\s*$/.test(before)) && (after === '' || /^[ \t]*\n[ \t]*\n/.test(after) || /^\s*$/.test(after));
}

function findBlock(markdown: string, block: string, from: number): number {
  for (let at = markdown.indexOf(block, from); at >= 0; at = markdown.indexOf(block, at + 1)) {
    if (isWholeBlock(markdown, at, block.length)) return at;
  }
  return -1;
}

/** The macros (outermost), images and mentions inside `node`. */
function opaqueNodes(node: StorageNode): Array<{ name: string; node: StorageNode }> {
  const out: Array<{ name: string; node: StorageNode }> = [];
  const visit = (n: StorageNode): void => {
    if (n.kind !== 'element') return;
    if (MACROS.has(n.name)) {
      out.push({ name: attrValue(n, 'ac:name') ?? 'unnamed', node: n });
      return;
    }
    if (n.name === 'ac:image') {
      out.push({ name: 'image', node: n });
      return;
    }
    if (n.name === 'ac:link' && n.children.some((c) => c.name === 'ri:user')) {
      out.push({ name: 'mention', node: n });
      return;
    }
    n.children.forEach(visit);
  };
  visit(node);
  return out;
}

function label(name: string, node: StorageNode): string {
  if (name === 'mention') return 'a mention';
  if (name === 'image') {
    const ref = node.children.find((c) => c.name === 'ri:attachment' || c.name === 'ri:url');
    const file = ref ? (attrValue(ref, 'ri:filename') ?? attrValue(ref, 'ri:value')) : undefined;
    return file ? `an image (${file.slice(0, 80)})` : 'an image';
  }
  const params = node.children.filter((c) => c.name === 'ac:parameter').map((c) => c.children.map(leafText).join('').trim()).filter(Boolean);
  const text = textOf(node).trim() || params[0] || '';
  return text ? `the ${name} macro "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"` : `the ${name} macro`;
}

function countByName(storage: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const root of parseStorage(storage).children) {
    for (const { name } of opaqueNodes(root)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * Plans a section's new storage from `markdown`, keeping every old block (`oldBlocks`: the section's nodes being
 * replaced) whose Markdown comes back unchanged, in order. `convert` turns Markdown into storage.
 */
export function keepUnchangedBlocks(oldBlocks: readonly StorageNode[], markdown: string, convert: (markdown: string) => string = markdownToStorage): SectionKeep {
  const text = markdown.replace(/\r\n?/g, '\n');
  // A random tag per call: text an agent writes cannot forge a placeholder.
  const tag = `librarian-keep-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const kept: StorageNode[] = [];
  const placeholders = new Map<string, string>();
  let substituted = '';
  let cursor = 0;
  for (const block of oldBlocks) {
    if (block.kind !== 'element') continue;
    const md = pageMarkdown([block]).trim();
    if (!md) continue;
    const at = findBlock(text, md, cursor);
    if (at < 0) continue;
    const placeholder = `${tag}-${kept.length}`;
    substituted += text.slice(cursor, at) + placeholder;
    cursor = at + md.length;
    placeholders.set(`<p>${placeholder}</p>`, block.source.slice(block.start, block.end));
    kept.push(block);
  }
  substituted += text.slice(cursor);
  let withPlaceholders = convert(kept.length ? substituted : text);
  if ([...placeholders.keys()].some((p) => !withPlaceholders.includes(p))) {
    // A placeholder did not come out as a paragraph of its own: keep nothing rather than guess.
    kept.length = 0;
    placeholders.clear();
    withPlaceholders = convert(text);
  }
  const fill = (storage: string): string => {
    let out = storage;
    for (const [placeholder, original] of placeholders) out = out.split(placeholder).join(original);
    return out;
  };
  // What the new content brings of each kind, besides the kept blocks: an old one of that kind is replaced, not lost.
  const brought = countByName(withPlaceholders);
  const removed: RemovedNode[] = [];
  for (const block of oldBlocks) {
    if (kept.includes(block)) continue;
    for (const { name, node } of opaqueNodes(block)) {
      const left = brought.get(name) ?? 0;
      if (left > 0) brought.set(name, left - 1);
      else removed.push({ name, label: label(name, node) });
    }
  }
  return { storage: fill(withPlaceholders), kept, removed, withPlaceholders, fill };
}

/** True when `node` lies inside one of `blocks` (or is one). */
export function insideAny(node: StorageNode, blocks: readonly StorageNode[]): boolean {
  return blocks.some((b) => node.start >= b.start && node.end <= b.end);
}
