import { decodeHTML } from 'entities';
import type { StorageDocument, StorageNode } from './tree';

/** Elements whose text configures a macro rather than being read: left out of a node's visible text. */
const CONFIGURATION = new Set(['ac:parameter']);

/** The decoded value of an attribute (`&amp;` -> `&`), or undefined when the node has no such attribute. */
export function attrValue(node: StorageNode, name: string): string | undefined {
  const raw = node.attrs[name];
  return raw === undefined ? undefined : decodeHTML(raw);
}

/** The node's bytes exactly as they are in the source. */
export function rawOf(node: StorageNode): string {
  return node.source.slice(node.start, node.end);
}

/** A text node's decoded text, or a CDATA section's body exactly as written; '' for anything else. */
export function leafText(node: StorageNode): string {
  if (node.kind === 'text') return decodeHTML(node.source.slice(node.start, node.end));
  if (node.kind === 'cdata') {
    const body = node.source.slice(node.start + '<![CDATA['.length, node.end);
    return body.endsWith(']]>') ? body.slice(0, -3) : body;
  }
  return '';
}

function isDocument(x: StorageNode | StorageDocument): x is StorageDocument {
  return (x as StorageDocument).problems !== undefined;
}

/**
 * The text a node (or a whole page) holds, like the DOM's `textContent`: entities decoded, CDATA bodies kept as
 * written; comments, stray markup and macro parameters (`ac:parameter`: configuration, not content) left out. No
 * spaces are added between elements.
 *
 * @example
 *   const doc = parseStorage('<h2>Tom &amp; Jerry</h2>');
 *   textOf(doc.children[0]); // 'Tom & Jerry'
 */
export function textOf(node: StorageNode | StorageDocument): string {
  const roots = isDocument(node) ? node.children : [node];
  const out: string[] = [];
  // Iterative: a page can nest deeper than the call stack allows.
  const stack: StorageNode[] = [];
  for (let i = roots.length - 1; i >= 0; i -= 1) stack.push(roots[i]);
  while (stack.length > 0) {
    const n = stack.pop() as StorageNode;
    if (n.kind === 'text' || n.kind === 'cdata') out.push(leafText(n));
    else if (n.kind === 'element' && !CONFIGURATION.has(n.name)) {
      for (let i = n.children.length - 1; i >= 0; i -= 1) stack.push(n.children[i]);
    }
  }
  return out.join('');
}
