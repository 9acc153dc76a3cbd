import { fingerprint } from './fingerprint';
import { walk } from './select';
import type { StorageDocument, StorageNode } from './tree';

/**
 * How a change names the node it edits, so the node can be found again in a newer version of the page: the editor's
 * `local-id` where there is one (the key Atlassian's own node-targeted edits use), otherwise the child-index path
 * plus a fingerprint of the content (which includes the tag name).
 */
export type NodeAddress = { localId: string } | { path: number[]; fingerprint: string };

/**
 * The address of a node.
 *
 * @example
 *   address(parseStorage('<p local-id="x1">a</p>').children[0]); // { localId: 'x1' }
 *   address(parseStorage('<p>a</p>').children[0]); // { path: [0], fingerprint: '...' }
 */
export function address(node: StorageNode): NodeAddress {
  return node.localId ? { localId: node.localId } : { path: node.path, fingerprint: fingerprint(node) };
}

/** The node at a child-index path, if the page has one there. */
export function nodeAt(doc: StorageDocument, path: readonly number[]): StorageNode | undefined {
  let siblings: readonly StorageNode[] = doc.children;
  let node: StorageNode | undefined;
  for (const i of path) {
    node = siblings[i];
    if (!node) return undefined;
    siblings = node.children;
  }
  return node;
}

/**
 * Finds an addressed node in a (possibly newer) parse of the page: by local-id; else the node at the path when its
 * fingerprint still matches; else the one node anywhere with that fingerprint. Undefined when none, or when the
 * fingerprint matches several nodes and the path does not tell which: a caller must not guess.
 */
export function locate(doc: StorageDocument, where: NodeAddress): StorageNode | undefined {
  if ('localId' in where) {
    for (const n of walk(doc)) if (n.localId === where.localId) return n;
    return undefined;
  }
  const atPath = nodeAt(doc, where.path);
  if (atPath && fingerprint(atPath) === where.fingerprint) return atPath;
  let found: StorageNode | undefined;
  for (const n of walk(doc)) {
    if (fingerprint(n) !== where.fingerprint) continue;
    if (found) return undefined;
    found = n;
  }
  return found;
}
