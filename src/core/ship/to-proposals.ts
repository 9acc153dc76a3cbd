/**
 * Ship findings as Review proposals. A finding says which section a change makes wrong and suggests an edit; here
 * each suggestion becomes an exact edit operation on the page version the finding read, or, when no exact edit
 * exists, an item listed for a person (`ShipForPerson`) with the sentence and the reason. Nothing is dropped.
 *
 * - `renameToken` (a renamed definition, flag, variable, key, route or file): the page's text runs and inline code
 *   get Review's page-wide `renameToken`; each code block that names the token gets a `replaceCode` with the token
 *   renamed in its body (Review's rename leaves code blocks alone). A common word (`timeout`, `deploy`) is never
 *   renamed page-wide: it is listed for a person.
 * - `replaceCode` (a code block showing a changed region's old lines): the code block holding those lines, in order
 *   (whitespace at the ends of lines ignored), gets them replaced by the region's new lines, indented as the page
 *   indents them. Old lines that no code block holds exactly (a fuzzy match) are listed for a person.
 * - `flag` (a removed flag, route, key or file; prose): listed for a person with the sentence: rewriting prose is
 *   a writer's call, and a proposal that changes nothing when approved would only look like one.
 * One proposal per changed node (or per rename), so each can be approved, edited or declined on its own.
 *
 * @example
 * const plan = planShipEdits(parseStorage(body), findingsOfThePage);
 * // plan.edits[0] = { operation: { op: 'replaceCode', target, code: 'acme-search reindex … --parallel 4' }, findings: [...] }
 * // plan.forPerson[0] = { finding, why: 'prose names a removed flag: rewrite the sentence' }
 */
import { createHash } from 'node:crypto';
import { attrValue, leafText, select, type StorageDocument, type StorageNode } from '../storage';
import { countToken, linkUrl, targetOf, type EditOperation, type Proposal, type ProposalLink } from '../review';
import type { ShipChange, ShipFinding } from './types';

/** An exact edit and the findings it answers. */
export interface ShipEdit {
  operation: EditOperation;
  findings: ShipFinding[];
}

/** A finding no exact edit answers: shown to a person with the page, the section, the sentence and why. */
export interface ShipForPerson {
  pageId: string;
  title: string;
  spaceKey: string;
  section: string[];
  url: string;
  reason: string;
  /** The sentence (or code line) that needs a person. */
  sentence: string;
  why: string;
}

export interface ShipEditPlan {
  edits: ShipEdit[];
  forPerson: ShipForPerson[];
}

const CODE_MACROS = new Set(['code', 'noformat']);

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The name as a whole token of code: not inside a longer word, flag or path (the finder's own rule). */
function codeToken(name: string): RegExp {
  return new RegExp(`(?<![\\w$-])${escapeRe(name)}(?![\\w$-]|\\.[\\w])`, 'g');
}

/**
 * Whether a page-wide rename of this name is safe: names that read as code (a flag, a path, snake_case, camelCase,
 * a dotted key, digits, an ALL_CAPS variable, a route). A plain word would be renamed in prose too.
 */
export function isDistinctiveName(name: string): boolean {
  return /[_.$/]|^-|[a-z][A-Z]|\d/.test(name) || /^[A-Z][A-Z0-9_]{2,}$/.test(name);
}

function codeMacros(doc: StorageDocument): StorageNode[] {
  return select(doc, (n) => n.kind === 'element' && n.name === 'ac:structured-macro' && CODE_MACROS.has(attrValue(n, 'ac:name') ?? ''));
}

/** A code macro's body exactly as written (its CDATA), '' when it has none. */
function codeBody(macro: StorageNode): string {
  const body = macro.children.find((c) => c.kind === 'element' && c.name === 'ac:plain-text-body');
  return body ? body.children.map(leafText).join('') : '';
}

const leading = (line: string): string => /^\s*/.exec(line)![0];

/**
 * Replaces the hunk's old lines in `body` with its new lines, when the body holds the old lines in a row (ends of
 * lines trimmed); the new lines take the page's indentation of the first old line. Undefined when it does not.
 */
export function replaceRegion(body: string, oldText: string, newText: string): string | undefined {
  const old = oldText.split('\n').filter((l) => l.trim());
  if (!old.length) return undefined;
  const lines = body.split('\n');
  const at: number[] = [];
  for (let i = 0; i + old.length <= lines.length; i++) {
    if (old.every((l, k) => lines[i + k]!.trim() === l.trim())) at.push(i);
  }
  if (at.length !== 1) return undefined;
  const i = at[0]!;
  const pageIndent = leading(lines[i]!);
  const diffIndent = leading(old[0]!);
  const fresh = newText.replace(/\n$/, '').split('\n').map((l) => (l.startsWith(diffIndent) ? pageIndent + l.slice(diffIndent.length) : l));
  return [...lines.slice(0, i), ...fresh, ...lines.slice(i + old.length)].join('\n');
}

function forPerson(finding: ShipFinding, sentence: string, why: string): ShipForPerson {
  return { pageId: finding.pageId, title: finding.title, spaceKey: finding.spaceKey, section: finding.section, url: finding.url, reason: finding.reason, sentence, why };
}

/**
 * The exact edits one page's findings call for, on this parse of the page (the version the findings read), and
 * what is left for a person. Pure: reads nothing, writes nothing.
 */
export function planShipEdits(doc: StorageDocument, findings: readonly ShipFinding[]): ShipEditPlan {
  const macros = codeMacros(doc);
  const bodies = new Map<StorageNode, { code: string; findings: ShipFinding[] }>();
  const renames = new Map<string, ShipEdit>();
  const left: ShipForPerson[] = [];
  const touch = (macro: StorageNode, code: string, finding: ShipFinding): void => {
    const entry = bodies.get(macro) ?? { code: codeBody(macro), findings: [] };
    entry.code = code;
    if (!entry.findings.includes(finding)) entry.findings.push(finding);
    bodies.set(macro, entry);
  };
  const current = (macro: StorageNode): string => bodies.get(macro)?.code ?? codeBody(macro);

  // Regions first, then renames: a rename then also reaches lines a region just wrote.
  for (const finding of findings) {
    const edit = finding.edit;
    if (edit.op !== 'replaceCode') continue;
    const placed = macros.map((m) => ({ m, code: replaceRegion(current(m), edit.before, edit.code) })).filter((x) => x.code !== undefined);
    if (placed.length === 1) touch(placed[0]!.m, placed[0]!.code!, finding);
    else left.push(forPerson(finding, edit.before.split('\n').find((l) => l.trim())?.trim() ?? '', placed.length ? 'the old lines appear in more than one code block: choose which to update' : 'the page shows these lines only in part: update the example by hand'));
  }
  for (const finding of findings) {
    const edit = finding.edit;
    if (edit.op === 'flag') {
      left.push(forPerson(finding, edit.sentence, 'no exact edit follows from the change: rewrite or remove the sentence'));
      continue;
    }
    if (edit.op !== 'renameToken') continue;
    if (!isDistinctiveName(edit.from)) {
      left.push(forPerson(finding, edit.from, `\`${edit.from}\` is a common word, so it is not renamed everywhere: rename it where it means the code`));
      continue;
    }
    const re = codeToken(edit.from);
    let renamedInCode = 0;
    for (const macro of macros) {
      const code = current(macro);
      const renamed = code.replace(re, () => edit.to);
      if (renamed === code) continue;
      touch(macro, renamed, finding);
      renamedInCode++;
    }
    const inText = countToken(doc, edit.from);
    const key = `${edit.from}\u0000${edit.to}`;
    if (inText > 0) {
      const existing = renames.get(key);
      if (existing) existing.findings.push(finding);
      else renames.set(key, { operation: { op: 'renameToken', from: edit.from, to: edit.to, occurrences: inText }, findings: [finding] });
    } else if (!renamedInCode) {
      left.push(forPerson(finding, edit.from, `\`${edit.from}\` is no longer in the page's text as one token (it may be split by formatting): rename it by hand`));
    }
  }
  const edits: ShipEdit[] = [];
  for (const [macro, entry] of bodies) {
    if (entry.code === codeBody(macro)) continue;
    edits.push({ operation: { op: 'replaceCode', target: targetOf(macro), code: entry.code }, findings: entry.findings });
  }
  edits.push(...renames.values());
  return { edits, forPerson: left };
}

/** A short label of the change for Review: the pull request (`acme/api#42`) or the commit (`a1b2c3d`). */
export function changeLabel(change: Pick<ShipChange, 'head' | 'link'>): string {
  const pr = change.link ? /github\.com\/([^/]+\/[^/]+)\/pull\/(\d+)/.exec(change.link) : null;
  if (pr) return `${pr[1]}#${pr[2]}`;
  return change.head.slice(0, 7);
}

function linksOf(change: Pick<ShipChange, 'link'>): ProposalLink[] {
  if (!change.link) return [];
  const checked = linkUrl(change.link);
  if ('refused' in checked) return [];
  const { url } = checked;
  return [{ kind: /\/pull\/\d+/.test(url.pathname) || /\/merge_requests\/\d+/.test(url.pathname) ? 'pr' : 'commit', url: url.toString() }];
}

/** The key of one shipped change: the same change sent twice (or a consumer run twice) makes the same proposals. */
export function changeKey(libraryId: string, change: ShipChange): string {
  return createHash('sha256').update(`${libraryId}\u0000${change.base}\u0000${change.head}\u0000${JSON.stringify(change.symbols)}\u0000${change.files.length}`).digest('hex').slice(0, 24);
}

/** A proposal id (16 hex characters, as Review's ids are) derived from the change and the edit, so re-runs reuse it. */
export function shipProposalId(key: string, pageId: string, operation: EditOperation): string {
  const where = operation.op === 'renameToken' ? `rename:${operation.from}:${operation.to}` : operation.op === 'createPage' ? `create:${operation.title}` : `${operation.op}:${operation.target.localId ?? operation.target.path.join('.')}`;
  return createHash('sha256').update(`${key}\u0000${pageId}\u0000${where}`).digest('hex').slice(0, 16);
}

export interface ShipProposalInput {
  libraryId: string;
  change: ShipChange;
  page: { id: string; title: string; spaceKey: string; spaceId?: string; version: number };
  edit: ShipEdit;
  now: number;
}

const MAX_REASON = 2000;

/**
 * The Review proposal of one exact edit: origin "code change", the reason (each finding's sentence, the commit
 * subjects and a link to the commit or pull request), against the page version the findings read. Its new text
 * comes from the diff itself (the region's new lines, or the new name), never from a model.
 */
export function shipProposal(input: ShipProposalInput): Proposal {
  const { change, edit, page, now } = input;
  const label = changeLabel(change);
  const subjects = change.subjects.slice(-3).map((s) => `"${s}"`).join(', ');
  const why = [...new Set(edit.findings.map((f) => f.reason))].join('; ');
  const text = `${why}.${subjects ? ` Shipped in ${label}: ${subjects}.` : ''}`.slice(0, MAX_REASON);
  return {
    id: shipProposalId(changeKey(input.libraryId, change), page.id, edit.operation),
    libraryId: input.libraryId,
    pageId: page.id,
    pageTitle: page.title,
    spaceKey: page.spaceKey,
    ...(page.spaceId ? { spaceId: page.spaceId } : {}),
    baseVersion: page.version,
    operations: [edit.operation],
    reason: { text, links: linksOf(change) },
    origin: { kind: 'code-change', name: label },
    author: { name: `librarian ship (${label})` },
    modelWritten: false,
    state: 'pending',
    revision: 0,
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, byName: `librarian ship (${label})`, action: 'proposed', version: page.version }],
  };
}
