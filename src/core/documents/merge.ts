/**
 * Merging a Document into its page, section by section, as Review edit operations: only blocks that came from the
 * Document are deleted or inserted; everything else on the page (sections written in Confluence, blocks an editor
 * added inside a Document's section, editor-added macros, inline comments on unchanged text) is left alone, so its
 * bytes never change.
 *
 * Which blocks "came from the Document" is the record Librarian keeps (`OwnedSection`: section key, the heading's
 * local-id once the editor stamped one, and the keys of the blocks it wrote), never a guess from the page: a
 * Confluence section that happens to share a Document heading is not taken over. Within a section, old and new
 * blocks are aligned (longest common subsequence of block keys), so an unchanged paragraph is not touched at all
 * and keeps its inline comments; a changed one is deleted and its new text inserted in its place.
 *
 * @example
 * const plan = mergeDocument(parseStorage(page.body), documentSections(markdown), record.sections);
 * plan.operations; // [{ op: 'deleteNode', … }, { op: 'insertAfter', … }]
 * plan.sections;   // what to record once the proposal is applied
 */
import type { EditOperation, NodeTarget } from '../review';
import { targetOf } from '../review/operations';
import { textOf, type StorageDocument, type StorageNode } from '../storage';
import { blockKey, pageSections, type DocumentBlock, type DocumentParts, type PageSection } from './sections';

/** A section Librarian wrote to the page: what it needs to find it again and to tell its blocks from editors'. */
export interface OwnedSection {
  key: string;
  /** The heading's `local-id`, once Confluence's editor stamped one: it survives a rename of the heading. */
  localId?: string;
  /** Keys (`blockKey`) of the blocks the Document put there, heading included. */
  blocks: string[];
}

export interface MergePlan {
  operations: EditOperation[];
  /** The Document's sections as they will be on the page once the operations are applied. */
  sections: OwnedSection[];
  /** Plain sentences for the reviewer: what was kept and why, what could not be placed. */
  notes: string[];
  /** Blocks inside the Document's sections that were written in Confluence and are kept. */
  keptBlocks: number;
}

/** Above this many block pairs per section the alignment is skipped and the section's blocks are replaced whole. */
const MAX_ALIGN_CELLS = 1_000_000;

/** Pairs (i, j) of equal keys in order: the longest common subsequence of a and b. */
function align(a: string[], b: string[]): Array<[number, number]> {
  if (a.length * b.length > MAX_ALIGN_CELLS) return [];
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) for (let j = m - 1; j >= 0; j -= 1) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) out.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i += 1;
    else j += 1;
  }
  return out;
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.slice(0, 60)}${t.length > 60 ? '…' : ''}"`;
}

function sectionName(key: string, heading?: string): string {
  return key === '' ? 'the opening text' : `section ${quote(heading ?? key)}`;
}

class Planner {
  readonly operations: EditOperation[] = [];
  readonly notes: string[] = [];
  keptBlocks = 0;
  private inserts: Array<{ anchor: StorageNode; blocks: DocumentBlock[] }> = [];

  remove(node: StorageNode): void {
    this.operations.push({ op: 'deleteNode', target: targetOf(node) });
  }

  /** New blocks after `anchor` (which may itself be removed: they then take its place). Consecutive ones merge. */
  insert(anchor: StorageNode, blocks: DocumentBlock[]): void {
    if (!blocks.length) return;
    const last = this.inserts[this.inserts.length - 1];
    if (last && last.anchor === anchor) last.blocks.push(...blocks);
    else this.inserts.push({ anchor, blocks: [...blocks] });
  }

  finish(): EditOperation[] {
    for (const { anchor, blocks } of this.inserts) {
      const target: NodeTarget = targetOf(anchor);
      const markdown = blocks.map((b) => b.markdown).filter(Boolean).join('\n\n');
      this.operations.push({ op: 'insertAfter', target, content: { markdown, storage: blocks.map((b) => b.storage).join('\n') } });
    }
    this.inserts = [];
    return this.operations;
  }
}

/** A section key without its repeat suffix (`install#2` -> `install`): the heading text. */
function baseKey(key: string): string {
  return key.replace(/#\d+$/, '');
}

/**
 * Of the page's sections with a recorded section's heading, the one holding most of its blocks (a Confluence
 * section that only shares the heading holds just that one), preferring, on a tie, the first after the previous
 * recorded section. None when even the heading is not the Document's.
 */
function bestSection(candidates: PageSection[], record: OwnedSection, used: Set<PageSection>, after: number): PageSection | undefined {
  const mine = new Set(record.blocks);
  let best: PageSection | undefined;
  let bestScore = 0;
  for (const c of candidates) {
    if (used.has(c) || !c.heading || !mine.has(blockKey(c.heading))) continue;
    const score = c.nodes.filter((n) => mine.has(blockKey(n))).length;
    const start = c.nodes[0]!.start;
    if (score > bestScore || (score === bestScore && best && best.nodes[0]!.start <= after && start > after)) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** The element just before `node` among its siblings, if any. */
function previousElement(doc: StorageDocument, node: StorageNode): StorageNode | undefined {
  const siblings = node.parent ? node.parent.children : doc.children;
  for (let i = node.index - 1; i >= 0; i -= 1) if (siblings[i]!.kind === 'element') return siblings[i];
  return undefined;
}

/**
 * Operations that make the page say what the Document says in the Document's sections, and only there.
 * `owned` is the record of the last applied sync (empty on the first).
 */
export function mergeDocument(doc: StorageDocument, parts: DocumentParts, owned: readonly OwnedSection[]): MergePlan {
  const planner = new Planner();
  const sections = pageSections(doc);
  const byKey = new Map<string, PageSection>();
  const byLocalId = new Map<string, PageSection>();
  const byHeading = new Map<string, PageSection[]>();
  for (const s of sections) {
    if (!byKey.has(s.key)) byKey.set(s.key, s);
    if (s.heading?.localId) byLocalId.set(s.heading.localId, s);
    const base = baseKey(s.key);
    byHeading.set(base, [...(byHeading.get(base) ?? []), s]);
  }
  const onPage = new Map<string, { page: PageSection; record: OwnedSection }>();
  const used = new Set<PageSection>();
  let lastStart = -1;
  for (const record of owned) {
    if (record.key === '') continue;
    const page = (record.localId && byLocalId.get(record.localId)) || bestSection(byHeading.get(baseKey(record.key)) ?? [], record, used, lastStart);
    if (!page || used.has(page)) continue;
    used.add(page);
    onPage.set(record.key, { page, record });
    lastStart = page.nodes[0]?.start ?? lastStart;
  }
  const firstOwned = [...onPage.values()].map((o) => o.page.nodes[0]).filter((n): n is StorageNode => !!n).sort((a, b) => a.start - b.start)[0];
  // The Document's opening text sits just before its first heading, wherever the first sync put it (after the
  // page's own content, say): the run of its blocks there, else the page's opening text.
  const openingRecord = owned.find((o) => o.key === '');
  const topElements = doc.children.filter((n) => n.kind === 'element');
  if (openingRecord) {
    const mine = new Set(openingRecord.blocks);
    const run: StorageNode[] = [];
    const last = firstOwned ? previousElement(doc, firstOwned) : topElements[topElements.length - 1];
    for (let n = last; n && mine.has(blockKey(n)); n = previousElement(doc, n)) run.unshift(n);
    const page = byKey.get('');
    if (run.length) onPage.set('', { page: { key: '', nodes: run }, record: openingRecord });
    else if (page?.nodes.some((n) => mine.has(blockKey(n)))) onPage.set('', { page, record: openingRecord });
  }
  const fallbackAnchor = firstOwned ? previousElement(doc, firstOwned) : topElements[topElements.length - 1];

  const recorded: OwnedSection[] = [];
  let placedAfter: StorageNode | undefined;
  for (const section of parts.sections) {
    const hit = onPage.get(section.key);
    const keys = section.blocks.map((b) => b.key);
    if (!hit) {
      const anchor = placedAfter ?? fallbackAnchor;
      if (!anchor) {
        planner.notes.push(`${sectionName(section.key, section.heading)} could not be placed: the page has nothing to put it after. Add it in Confluence, or map the Document to a new page.`);
        continue;
      }
      planner.insert(anchor, section.blocks);
      recorded.push({ key: section.key, blocks: keys });
      continue;
    }
    onPage.delete(section.key);
    const mine = new Set(hit.record.blocks);
    const nodes = hit.page.nodes;
    const fromDocument = nodes.filter((n) => mine.has(blockKey(n)));
    const kept = nodes.length - fromDocument.length;
    if (kept) {
      planner.keptBlocks += kept;
      planner.notes.push(`${sectionName(section.key, section.heading)} holds ${kept} block${kept === 1 ? '' : 's'} written in Confluence; kept as they are.`);
    }
    const pairs = align(fromDocument.map(blockKey), keys);
    pairs.push([fromDocument.length, keys.length]);
    let i = 0;
    let j = 0;
    let anchor: StorageNode | undefined;
    for (const [pi, pj] of pairs) {
      const removed = fromDocument.slice(i, pi);
      for (const node of removed) planner.remove(node);
      const added = section.blocks.slice(j, pj);
      const at = removed[removed.length - 1] ?? anchor ?? (section.key === '' ? nodes[nodes.length - 1] : undefined);
      if (added.length && !at) planner.notes.push(`The new start of ${sectionName(section.key, section.heading)} could not be placed (nothing before it on the page).`);
      else if (added.length && at) planner.insert(at, added);
      if (pi < fromDocument.length) anchor = fromDocument[pi];
      i = pi + 1;
      j = pj + 1;
    }
    placedAfter = nodes[nodes.length - 1] ?? placedAfter;
    const localId = hit.page.heading?.localId;
    recorded.push({ key: section.key, ...(localId ? { localId } : {}), blocks: keys });
  }
  // Sections the Document no longer has: their Document blocks go; anything written in Confluence stays.
  for (const { page, record } of onPage.values()) {
    const mine = new Set(record.blocks);
    for (const node of page.nodes) if (mine.has(blockKey(node))) planner.remove(node);
    const kept = page.nodes.filter((n) => !mine.has(blockKey(n))).length;
    if (kept) planner.notes.push(`${sectionName(record.key, page.heading ? textOf(page.heading) : undefined)} left the Document; ${kept} block${kept === 1 ? '' : 's'} written in Confluence stay.`);
  }
  return { operations: planner.finish(), sections: recorded, notes: planner.notes, keptBlocks: planner.keptBlocks };
}
