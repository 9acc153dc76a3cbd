import type { StorageDocument, StorageNode } from './tree';

/** Every node of the page in document order (a node before its children), without recursion. */
export function* walk(doc: StorageDocument | StorageNode): Generator<StorageNode> {
  const roots = 'problems' in doc ? doc.children : [doc];
  const stack: StorageNode[] = [];
  for (let i = roots.length - 1; i >= 0; i -= 1) stack.push(roots[i]);
  while (stack.length > 0) {
    const n = stack.pop() as StorageNode;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i -= 1) stack.push(n.children[i]);
  }
}

/**
 * The nodes that match, in document order.
 *
 * @example
 *   select(doc, (n) => n.name === 'ac:structured-macro' && n.attrs['ac:name'] === 'code');
 */
export function select(doc: StorageDocument | StorageNode, predicate: (node: StorageNode) => boolean): StorageNode[] {
  const out: StorageNode[] = [];
  for (const n of walk(doc)) if (predicate(n)) out.push(n);
  return out;
}

const HEADING = /^h([1-6])$/i;

/** 1 to 6 for an `h1`..`h6` element, undefined for anything else. */
export function headingLevel(node: StorageNode): number | undefined {
  if (node.kind !== 'element') return undefined;
  const m = HEADING.exec(node.name);
  return m ? Number(m[1]) : undefined;
}

/** The page's headings (`h1`..`h6`, wherever they sit: layouts, panels), in document order. */
export function headings(doc: StorageDocument | StorageNode): StorageNode[] {
  return select(doc, (n) => headingLevel(n) !== undefined);
}

/** A heading and the sibling nodes it governs: the unit a section edit replaces. */
export interface StorageSection {
  heading: StorageNode;
  /** The heading and the siblings after it, up to (not including) the next heading of the same or a higher level. */
  nodes: StorageNode[];
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just after the section's last node. */
  end: number;
}

/**
 * The section a heading opens: the heading and its following siblings up to the next sibling heading of the same or
 * a higher level (a smaller number), as mcp-atlassian's section update cuts it. Sections do not leave the heading's
 * parent, so a heading inside a layout cell governs that cell only.
 *
 * @example
 *   const [setup] = headings(doc).filter((h) => textOf(h) === 'Setup');
 *   const { start, end } = sectionOf(doc, setup);
 *   splice(doc.source, [{ start, end, text: '<h2>Setup</h2><p>New text.</p>' }]);
 */
export function sectionOf(doc: StorageDocument, heading: StorageNode): StorageSection {
  const level = headingLevel(heading);
  if (level === undefined) throw new TypeError(`sectionOf needs a heading, got <${heading.name}> at offset ${heading.start}`);
  const siblings = heading.parent ? heading.parent.children : doc.children;
  if (siblings[heading.index] !== heading) throw new TypeError(`the heading at offset ${heading.start} is not part of this page`);
  const nodes = [heading];
  for (let i = heading.index + 1; i < siblings.length; i += 1) {
    const next = headingLevel(siblings[i]);
    if (next !== undefined && next <= level) break;
    nodes.push(siblings[i]);
  }
  return { heading, nodes, start: heading.start, end: nodes[nodes.length - 1].end };
}
