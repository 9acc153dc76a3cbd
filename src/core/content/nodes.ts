/** Small readers over storage-tree nodes shared by the projections (blocks, Markdown, mentions). */
import { attrValue, leafText, type StorageNode } from '../storage';

export type AnyNode = StorageNode;
/** An element node (`kind === 'element'`). */
export type Element = StorageNode;

export function isTag(node: StorageNode): boolean {
  return node.kind === 'element';
}

export function isText(node: StorageNode): boolean {
  return node.kind === 'text';
}

export function isCDATA(node: StorageNode): boolean {
  return node.kind === 'cdata';
}

/** The tag name in lower case: storage format is XHTML, but pasted and legacy markup is not always. */
export function lname(node: StorageNode): string {
  return node.name.toLowerCase();
}

export function children(node: StorageNode): readonly StorageNode[] {
  return node.children;
}

/** Decoded text of a text node or a CDATA body. */
export function nodeText(node: StorageNode): string {
  return leafText(node);
}

/** An attribute's decoded value, the name matched without regard to case. */
export function attr(node: StorageNode, name: string): string | undefined {
  const exact = attrValue(node, name);
  if (exact !== undefined) return exact;
  const key = Object.keys(node.attrs).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : attrValue(node, key);
}
