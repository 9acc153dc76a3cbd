import { attrValue, parseStorage, walk, type StorageDocument, type StorageNode } from '../storage';
import { NOT_SHOWN } from './nodes';

/** An attribute's decoded value, matching the name without regard to case (`RI:ACCOUNT-ID` in sloppy markup). */
function attrNoCase(node: StorageNode, name: string): string | undefined {
  const exact = attrValue(node, name);
  if (exact !== undefined) return exact;
  const key = Object.keys(node.attrs).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : attrValue(node, key);
}

/**
 * The account ids a page @-mentions (`<ac:link><ri:user ri:account-id="..."/></ac:link>`), in order of first
 * appearance, without duplicates: what the caller resolves to display names before `extractContent` runs.
 * Mentions inside macro parameters and other configuration are skipped, as extraction skips them; legacy
 * `ri:userkey` and `ri:username` references are not account ids and are left out. Pass a parsed page to reuse
 * its tree; a string is parsed here.
 */
export function mentionedAccountIds(storage: string | StorageDocument): string[] {
  const ids: string[] = [];
  const source = typeof storage === 'string' ? storage : storage?.source;
  // Most pages mention nobody: skip the parse for them.
  if (typeof source !== 'string' || !/ri:user/i.test(source)) return ids;
  const doc = typeof storage === 'string' ? parseStorage(storage) : storage;
  const seen = new Set<string>();
  for (const node of walk(doc)) {
    if (node.kind !== 'element' || node.name.toLowerCase() !== 'ri:user') continue;
    let inLink = false;
    let inConfig = false;
    for (let up = node.parent; up; up = up.parent) {
      const name = up.name.toLowerCase();
      if (name === 'ac:link') inLink = true;
      else if (NOT_SHOWN.has(name)) inConfig = true;
    }
    if (!inLink || inConfig) continue;
    const id = (attrNoCase(node, 'ri:account-id') ?? '').trim();
    if (id && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}
