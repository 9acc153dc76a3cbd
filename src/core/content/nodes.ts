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

/** Elements whose content is configuration, a duplicate rendering or editor scaffolding, never shown to a reader. */
export const NOT_SHOWN: ReadonlySet<string> = new Set([
  'ac:parameter', 'ac:adf-fallback', 'ac:adf-attribute', 'ac:placeholder', 'ac:task-id', 'ac:task-uuid', 'ac:task-status',
  'script', 'style', 'colgroup', 'col', 'head', 'title',
]);

/** Elements that only group content: their markup goes, their content stays, as blocks. */
export const CONTAINERS: ReadonlySet<string> = new Set([
  'div', 'section', 'article', 'main', 'header', 'footer', 'body', 'html', 'center', 'nav', 'aside', 'figure', 'details', 'summary',
  'ac:layout', 'ac:layout-section', 'ac:layout-cell', 'ac:rich-text-body', 'ac:adf-content', 'dl', 'address', 'figcaption',
]);

/** Macros that sit inside a line of text rather than forming a block of their own. */
export const INLINE_MACROS: ReadonlySet<string> = new Set(['status', 'anchor', 'jira', 'mention', 'emoticon', 'date', 'cheese', 'profile-picture']);

/** The macro whose plain-text body is HTML: a reader sees its visible text, never its markup. */
export const HTML_MACRO = 'html';

/**
 * The language a macro with a plain-text body is fenced with: `code` and third-party code macros (`code-pro`,
 * `sourcecode`, `syntaxhighlighter`...) name it in a parameter; `noformat` and `unmigrated-wiki-markup` have none;
 * any other plain-text macro (`mermaid-cloud`, `plantuml`) is named by the macro itself. Both projections (the
 * index's blocks and the page Markdown) ask this, so a body one keeps the other keeps too.
 *
 * @example plainMacroLanguage('code-pro', (...names) => 'python'); // 'python'
 */
export function plainMacroLanguage(name: string, param: (...names: string[]) => string | undefined): string {
  if (name === 'code' || /code|source|syntax|highlight/.test(name)) return (param('language', 'lang', 'syntax') ?? '').toLowerCase();
  if (name === 'noformat' || name === 'unmigrated-wiki-markup') return '';
  return name;
}
