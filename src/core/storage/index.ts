/**
 * Storage: a lossless tree of Confluence storage format. Parse a page with node offsets and identities, select
 * nodes, address them across versions, and edit by splicing the original text so bytes outside the edit never change.
 *
 * @example
 *   const doc = parseStorage(page.body);
 *   const [h] = headings(doc).filter((n) => textOf(n) === 'Setup');
 *   const section = sectionOf(doc, h);
 *   const body = splice(doc.source, [{ start: section.start, end: section.end, text: newSectionXml }]);
 */
export { parseStorage, serialize, type StorageDocument, type StorageNode, type StorageNodeKind, type StorageProblem } from './tree';
export { attrValue, leafText, rawOf, textOf } from './text';
export { fingerprint } from './fingerprint';
export { headingLevel, headings, sectionOf, select, walk, type StorageSection } from './select';
export { address, locate, nodeAt, type NodeAddress } from './address';
export { splice, StorageEditError, type StorageEdit } from './splice';
