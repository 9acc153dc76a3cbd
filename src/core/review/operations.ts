/**
 * Edit operations on storage format, node by node: each operation becomes splice edits of the original page text
 * at the target's offsets (src/core/storage), so every byte outside the edited nodes stays exactly as it was:
 * `ac:macro-id`, `local-id`, inline comment markers, layouts, CDATA, entities and macros the app does not know.
 *
 * Example:
 *   const doc = parseStorage(page.body);
 *   const plan = planEdits(doc, proposal.operations);
 *   if (!plan.changed.length) body = splice(doc.source, plan.edits);
 */
import {
  attrValue,
  fingerprint,
  headingLevel,
  leafText,
  locate,
  parseStorage,
  sectionOf,
  textOf,
  walk,
  type StorageDocument,
  type StorageEdit,
  type StorageNode,
} from '../storage';
import { cdata, markdownToStorage } from './markdown-to-storage';
import { insideAny, keepUnchangedBlocks, type RemovedNode } from './section-keep';
import type { EditOperation, NodeTarget } from './types';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The address and the base content of a node, as a proposal records it. */
export function targetOf(node: StorageNode): NodeTarget {
  const target: NodeTarget = { path: node.path, fingerprint: fingerprint(node), before: textOf(node), kind: node.name };
  if (node.localId) target.localId = node.localId;
  return target;
}

/** The fingerprint of a whole section: it changes when any node in it does. */
export function sectionFingerprint(doc: StorageDocument, heading: StorageNode): string {
  return sectionOf(doc, heading).nodes.map((n) => fingerprint(n)).join('.');
}

/** Finds a target in a (possibly newer) parse: the node, `changed` (found but edited since), or `missing`. */
export function findTarget(doc: StorageDocument, target: NodeTarget): { node: StorageNode } | { problem: 'changed' | 'missing' } {
  if (target.localId) {
    const node = locate(doc, { localId: target.localId });
    if (!node) return { problem: 'missing' };
    return fingerprint(node) === target.fingerprint ? { node } : { problem: 'changed' };
  }
  const node = locate(doc, { path: target.path, fingerprint: target.fingerprint });
  if (node) return { node };
  return { problem: pathStillThere(doc, target) ? 'changed' : 'missing' };
}

function pathStillThere(doc: StorageDocument, target: NodeTarget): boolean {
  let siblings: readonly StorageNode[] = doc.children;
  let node: StorageNode | undefined;
  for (const i of target.path) {
    node = siblings[i];
    if (!node) return false;
    siblings = node.children;
  }
  return node !== undefined && node.name === target.kind;
}

/** Why one operation could not be planned on this version of the page. */
export interface OperationProblem {
  index: number;
  kind: 'changed' | 'missing' | 'invalid';
  target?: NodeTarget;
  message: string;
}

/** An inline comment whose anchor text the edit removes: the reviewer is asked before it is applied. */
export interface CommentAtRisk {
  index: number;
  /** The marker's `ac:ref`: the comment it anchors. */
  ref: string;
  text: string;
}

/** A macro, image or mention a section replacement drops: the reviewer is asked before it is applied. */
export interface NodeAtRisk extends RemovedNode {
  index: number;
}

export interface EditPlan {
  edits: StorageEdit[];
  problems: OperationProblem[];
  commentsAtRisk: CommentAtRisk[];
  /** Macros, images and mentions that replaced sections lose (the blocks whose Markdown came back are kept). */
  nodesAtRisk: NodeAtRisk[];
  /** Per operation, the text before and after (for diffs and messages). */
  summaries: Array<{ index: number; before: string; after: string }>;
}

const MARKER = 'ac:inline-comment-marker';

function isConfiguration(node: StorageNode): boolean {
  for (let n: StorageNode | undefined = node.parent; n; n = n.parent) if (n.name === 'ac:parameter') return true;
  return false;
}

function textNodes(root: StorageNode): StorageNode[] {
  const out: StorageNode[] = [];
  for (const n of walk(root)) if (n.kind === 'text' && !isConfiguration(n)) out.push(n);
  return out;
}

function child(node: StorageNode, name: string, attr?: [string, string]): StorageNode | undefined {
  return node.children.find((c) => c.kind === 'element' && c.name === name && (!attr || attrValue(c, attr[0]) === attr[1]));
}

/**
 * Markers inside [start, end) of the old page whose text does not survive in `replacement`: kept when their text is
 * found once in the new text (re-wrapped with the original marker tag), else reported as at risk.
 */
function keepMarkers(source: string, markers: StorageNode[], replacement: string, index: number, risks: CommentAtRisk[]): string {
  let out = replacement;
  for (const marker of markers) {
    const text = textOf(marker);
    const ref = attrValue(marker, 'ac:ref') ?? '';
    const escaped = escapeXml(text);
    const at = text ? out.indexOf(escaped) : -1;
    const insideTag = at >= 0 && out.lastIndexOf('<', at) > out.lastIndexOf('>', at);
    if (at < 0 || insideTag || out.indexOf(escaped, at + 1) >= 0) {
      risks.push({ index, ref, text });
      continue;
    }
    const open = source.slice(marker.start, marker.openEnd);
    out = out.slice(0, at) + open + escaped + '</ac:inline-comment-marker>' + out.slice(at + escaped.length);
  }
  return out;
}

function markersIn(doc: StorageDocument, start: number, end: number): StorageNode[] {
  const out: StorageNode[] = [];
  for (const n of walk(doc)) if (n.kind === 'element' && n.name === MARKER && n.start >= start && n.end <= end) out.push(n);
  return out;
}

/** Occurrences of `token` as a whole word in text runs and inline code (not in macro parameters or code blocks). */
export function tokenPattern(token: string): RegExp {
  const escaped = escapeXml(token).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'gu');
}

export function countToken(doc: StorageDocument, token: string): number {
  let count = 0;
  for (const n of walk(doc)) {
    if (n.kind !== 'text' || isConfiguration(n)) continue;
    count += (n.source.slice(n.start, n.end).match(tokenPattern(token)) ?? []).length;
  }
  return count;
}

/**
 * Turns operations into splice edits on this parse of the page. A target that moved is found again; one that was
 * edited since the proposal (or is gone) becomes a problem, and nothing is planned for it.
 */
export function planEdits(doc: StorageDocument, operations: readonly EditOperation[]): EditPlan {
  const plan: EditPlan = { edits: [], problems: [], commentsAtRisk: [], nodesAtRisk: [], summaries: [] };
  const source = doc.source;
  operations.forEach((operation, index) => {
    if (operation.op === 'renameToken') {
      const pattern = tokenPattern(operation.from);
      let count = 0;
      for (const n of walk(doc)) {
        if (n.kind !== 'text' || isConfiguration(n)) continue;
        const raw = source.slice(n.start, n.end);
        const next = raw.replace(pattern, () => {
          count++;
          return escapeXml(operation.to);
        });
        if (next !== raw) plan.edits.push({ start: n.start, end: n.end, text: next });
      }
      if (count === 0) plan.problems.push({ index, kind: 'missing', message: `"${operation.from}" no longer appears on the page.` });
      plan.summaries.push({ index, before: operation.from, after: operation.to });
      return;
    }
    if (operation.op === 'createPage') {
      plan.problems.push({ index, kind: 'invalid', message: 'A new page is created on its own; it cannot be edited into a page.' });
      return;
    }
    const found = findTarget(doc, operation.target);
    if ('problem' in found) {
      plan.problems.push({
        index,
        kind: found.problem,
        target: operation.target,
        message: found.problem === 'changed' ? `The ${describe(operation.target)} was edited since the proposal was made.` : `The ${describe(operation.target)} is no longer on the page.`,
      });
      return;
    }
    const node = found.node;
    switch (operation.op) {
      case 'replaceText': {
        const runs = textNodes(node);
        const holders = runs.filter((run) => leafText(run).includes(operation.find));
        if (holders.length !== 1 || leafText(holders[0]!).split(operation.find).length !== 2) {
          plan.problems.push({ index, kind: 'invalid', target: operation.target, message: `"${operation.find}" is not found exactly once in one run of text of the ${describe(operation.target)}.` });
          return;
        }
        const run = holders[0]!;
        const raw = source.slice(run.start, run.end);
        const escapedFind = escapeXml(operation.find);
        const at = raw.indexOf(escapedFind);
        const text =
          at >= 0 && raw.indexOf(escapedFind, at + 1) < 0
            ? raw.slice(0, at) + escapeXml(operation.replace) + raw.slice(at + escapedFind.length)
            : escapeXml(leafText(run).replace(operation.find, operation.replace));
        plan.edits.push({ start: run.start, end: run.end, text });
        plan.summaries.push({ index, before: textOf(node), after: textOf(node).replace(operation.find, operation.replace) });
        return;
      }
      case 'replaceCode': {
        const body = child(node, 'ac:plain-text-body');
        if (!body) plan.edits.push({ start: node.closeStart, end: node.closeStart, text: `<ac:plain-text-body>${cdata(operation.code)}</ac:plain-text-body>` });
        else if (body.closeStart === body.end && body.openEnd === body.end) plan.edits.push({ start: body.start, end: body.end, text: `<ac:plain-text-body>${cdata(operation.code)}</ac:plain-text-body>` });
        else plan.edits.push({ start: body.openEnd, end: body.closeStart, text: cdata(operation.code) });
        plan.summaries.push({ index, before: textOf(node), after: operation.code });
        return;
      }
      case 'setMacroParameter': {
        const param = child(node, 'ac:parameter', ['ac:name', operation.name]);
        const value = escapeXml(operation.value);
        if (param && param.openEnd !== param.end) plan.edits.push({ start: param.openEnd, end: param.closeStart, text: value });
        else if (param) plan.edits.push({ start: param.start, end: param.end, text: `<ac:parameter ac:name="${escapeXml(operation.name)}">${value}</ac:parameter>` });
        else plan.edits.push({ start: node.openEnd, end: node.openEnd, text: `<ac:parameter ac:name="${escapeXml(operation.name)}">${value}</ac:parameter>` });
        const before = param ? param.children.map(leafText).join('') : '';
        plan.summaries.push({ index, before: `${operation.name}: ${before}`, after: `${operation.name}: ${operation.value}` });
        return;
      }
      case 'insertAfter': {
        plan.edits.push({ start: node.end, end: node.end, text: operation.content.storage });
        plan.summaries.push({ index, before: '', after: textOf(parseFragment(operation.content.storage)) });
        return;
      }
      case 'deleteNode': {
        for (const marker of markersIn(doc, node.start, node.end)) plan.commentsAtRisk.push({ index, ref: attrValue(marker, 'ac:ref') ?? '', text: textOf(marker) });
        plan.edits.push({ start: node.start, end: node.end, text: '' });
        plan.summaries.push({ index, before: textOf(node), after: '' });
        return;
      }
      case 'replaceSection': {
        if (headingLevel(node) === undefined) {
          plan.problems.push({ index, kind: 'invalid', target: operation.target, message: 'A section edit must target a heading.' });
          return;
        }
        if (sectionFingerprint(doc, node) !== operation.sectionFingerprint) {
          plan.problems.push({ index, kind: 'changed', target: operation.target, message: `The section "${textOf(node)}" was edited since the proposal was made.` });
          return;
        }
        const section = sectionOf(doc, node);
        const replacesHeading = /^\s*<h[1-6][\s>]/i.test(operation.content.storage);
        const start = replacesHeading ? section.start : node.end;
        // Blocks whose Markdown the new content repeats keep their original bytes; what else it drops is listed.
        const content = operation.content;
        const keep = keepUnchangedBlocks(replacesHeading ? section.nodes : section.nodes.slice(1), content.markdown, (md) => (md === content.markdown ? content.storage : markdownToStorage(md)));
        for (const removed of keep.removed) plan.nodesAtRisk.push({ index, ...removed });
        const markers = markersIn(doc, start, section.end).filter((m) => !insideAny(m, keep.kept));
        const text = keep.fill(keepMarkers(source, markers, keep.withPlaceholders, index, plan.commentsAtRisk));
        plan.edits.push({ start, end: section.end, text: replacesHeading ? text : text ? `\n${text}` : '' });
        plan.summaries.push({ index, before: section.nodes.map((n) => textOf(n)).join('\n'), after: (replacesHeading ? '' : textOf(node) + '\n') + textOf(parseFragment(operation.content.storage)) });
        return;
      }
    }
  });
  return plan;
}

function describe(target: NodeTarget): string {
  const what = /^h[1-6]$/.test(target.kind) ? 'heading' : target.kind === 'ac:structured-macro' ? 'macro' : target.kind === 'p' ? 'paragraph' : `<${target.kind}>`;
  const text = target.before.trim().slice(0, 60);
  return text ? `${what} "${text}${target.before.trim().length > 60 ? '…' : ''}"` : what;
}

function parseFragment(storage: string): StorageDocument {
  return parseStorage(storage);
}
