import { createHash } from 'node:crypto';
import { attrValue, leafText } from './text';
import type { StorageNode } from './tree';

/**
 * Attributes the editor or Cloud adds or renumbers without a change of content: Cloud assigns `ac:macro-id` to
 * macros that lack one and stores `ac:schema-version`; the editor stamps `local-id`/`ac:local-id` on save.
 */
const VOLATILE_ATTRS = new Set(['ac:macro-id', 'local-id', 'ac:local-id', 'ac:schema-version']);

const cache = new WeakMap<StorageNode, string>();

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The node written out canonically: volatile attributes dropped, attributes sorted, entities decoded. */
function canonical(root: StorageNode): string {
  const out: string[] = [];
  const stack: Array<StorageNode | string> = [root];
  while (stack.length > 0) {
    const item = stack.pop() as StorageNode | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    if (item.kind === 'text' || item.kind === 'cdata') out.push(escape(leafText(item)));
    else if (item.kind === 'comment' || item.kind === 'raw') out.push(`<!${escape(item.source.slice(item.start, item.end))}>`);
    else {
      const attrs = Object.keys(item.attrs)
        .filter((a) => !VOLATILE_ATTRS.has(a))
        .sort()
        .map((a) => ` ${a}="${escape(attrValue(item, a) ?? '')}"`)
        .join('');
      out.push(`<${item.name}${attrs}>`);
      stack.push(`</${item.name}>`);
      for (let i = item.children.length - 1; i >= 0; i -= 1) stack.push(item.children[i]);
    }
  }
  // Whitespace differences (indentation, line breaks between tags, runs of spaces) do not change the fingerprint.
  return out.join('').replace(/\s+/g, ' ').replace(/ ?([<>]) ?/g, '$1');
}

/**
 * A short stable hash (16 base64url characters of SHA-256) of a node's normalised content: the same for a node
 * whose macro-id, local-id or schema-version changed, whose attributes were reordered or whose whitespace moved.
 * An identity check for finding a node again, not a change check: compare source slices to see an edit.
 *
 * @example
 *   fingerprint(parseStorage('<p local-id="1">a  b</p>').children[0]) ===
 *     fingerprint(parseStorage('<p>a b</p>').children[0]); // true
 */
export function fingerprint(node: StorageNode): string {
  const hit = cache.get(node);
  if (hit !== undefined) return hit;
  const hash = createHash('sha256').update(canonical(node)).digest('base64url').slice(0, 16);
  cache.set(node, hash);
  return hash;
}
