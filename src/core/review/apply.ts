/**
 * Applying a proposal to its page, losslessly and without ever overwriting a newer version.
 *
 * 1. Read the page's storage body and version number.
 * 2. Locate every target in that body (moved nodes are found again; changed or deleted ones make a conflict that
 *    names who edited the page in which version) and check inline comment markers in replaced text.
 * 3. Splice the edits into the original text: bytes outside the targets are untouched.
 * 4. `PUT /wiki/api/v2/pages/{id}` with `version.number` = the version read in step 1 + 1 (Atlassian's v2
 *    reference: "Set this to the current version number plus one"). Confluence has no ETag or If-Match: this number
 *    is the only guard, and Cloud answers 409 when someone saved in between; then the page is read again and the
 *    proposal re-checked once (targets re-located), never forced.
 * 5. Read the page back and check that every macro and comment marker outside the targets is still there; if not,
 *    write the previous body back as the next version, guarded by the version just written, and report it.
 *    Why not v1 "Restore content version" (`POST /wiki/rest/api/content/{id}/version`, operationKey `restore`):
 *    Atlassian's reference says it "restores a historical version to be the latest version", and it takes no
 *    expected current version, so a person who saved after our write would have their edit silently replaced. A
 *    PUT with `version.number` = our version + 1 is refused (409) in that case, and their version stands.
 *
 * Example:
 *   const outcome = await applyProposal({ client: userClient, names }, proposal, { approver: { name: 'Ada' } });
 *   if (outcome.kind === 'applied') console.log(outcome.version);
 */
import { NotFoundError, VersionConflictError, type ConfluenceClient, type Page } from '../confluence';
import { attrValue, fingerprint, parseStorage, splice, walk, type StorageDocument, type StorageEdit } from '../storage';
import { createProposedPage, isPageCreation } from './create-page';
import { planEdits, type CommentAtRisk, type EditPlan, type NodeAtRisk } from './operations';
import type { EditOperation, Proposal } from './types';

export interface ApplyDeps {
  /** Confluence as the approving user (or the app for Auto-Accept): their rights decide. */
  client: ConfluenceClient;
  /** Display names for account ids, for conflict messages; missing names read as "someone". */
  names: (accountIds: string[]) => Promise<Map<string, string>>;
}

export interface ApplyOptions {
  approver: { accountId?: string; name: string };
  /**
   * The reviewer saw what the update drops that a text diff does not show (inline comments losing their anchor;
   * macros, images and mentions of a replaced section) and approved anyway.
   */
  confirmCommentLoss?: boolean;
  /** Operations to apply instead of the stored ones (the reviewer's edit). */
  operations?: EditOperation[];
}

export type ApplyOutcome =
  /** `pageId`: the page a `createPage` proposal created. */
  | { kind: 'applied'; version: number; message: string; pageId?: string }
  | { kind: 'unchanged'; version: number; message: string }
  | { kind: 'conflict'; version: number; message: string }
  | { kind: 'confirm-comments'; version: number; comments: CommentAtRisk[]; nodes: NodeAtRisk[]; message: string }
  | { kind: 'gone'; message: string }
  | { kind: 'restored'; version: number; message: string };

/** How many past versions a conflict message looks through to name the edit that changed a target. */
const MAX_HISTORY_READS = 10;

function bodyOf(page: Page): string {
  return page.body?.storage?.value ?? '';
}

async function readPage(client: ConfluenceClient, pageId: string): Promise<Page | undefined> {
  try {
    return await client.getPage(pageId, { bodyFormat: 'storage' });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Identities of the macros and comment markers lying entirely outside the edited ranges. */
function anchorsOutside(doc: StorageDocument, ranges: ReadonlyArray<{ start: number; end: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of walk(doc)) {
    if (n.kind !== 'element') continue;
    const isMacro = n.name === 'ac:structured-macro';
    const isMarker = n.name === 'ac:inline-comment-marker';
    if (!isMacro && !isMarker) continue;
    if (ranges.some((r) => n.start < Math.max(r.end, r.start + 1) && r.start < n.end)) continue;
    const id = isMarker ? `marker:${attrValue(n, 'ac:ref') ?? ''}` : `macro:${fingerprint(n)}`;
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** The edited ranges in the new text, from the edits in the old text. */
function shiftedRanges(edits: readonly StorageEdit[]): Array<{ start: number; end: number }> {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let delta = 0;
  return sorted.map((e) => {
    const start = e.start + delta;
    delta += e.text.length - (e.end - e.start);
    return { start, end: start + e.text.length };
  });
}

function missingAnchors(before: Map<string, number>, after: Map<string, number>): string[] {
  const missing: string[] = [];
  for (const [id, n] of before) if ((after.get(id) ?? 0) < n) missing.push(id);
  return missing;
}

/** Names the version that first changed the conflicting target, and its author. */
async function whoChanged(deps: ApplyDeps, proposal: Proposal, page: Page, operations: EditOperation[], problemIndex: number): Promise<string> {
  const current = page.version?.number ?? proposal.baseVersion;
  const op = operations[problemIndex]!;
  let version = current;
  let authorId = page.version?.authorId;
  const from = Math.max(proposal.baseVersion + 1, current - MAX_HISTORY_READS + 1);
  for (let v = from; v < current; v++) {
    try {
      const old = await deps.client.getPage(proposal.pageId, { bodyFormat: 'storage', version: v });
      if (planEdits(parseStorage(bodyOf(old)), [op]).problems.length) {
        version = v;
        authorId = old.version?.authorId;
        break;
      }
    } catch {
      break;
    }
  }
  const names = authorId ? await deps.names([authorId]).catch(() => new Map<string, string>()) : new Map<string, string>();
  return `by ${(authorId && names.get(authorId)) || 'someone'} in version ${version}`;
}

export async function applyProposal(deps: ApplyDeps, proposal: Proposal, options: ApplyOptions): Promise<ApplyOutcome> {
  const operations = options.operations ?? proposal.operations;
  if (isPageCreation(operations)) return createProposedPage(deps, operations[0], options);
  for (let attempt = 0; attempt < 2; attempt++) {
    const page = await readPage(deps.client, proposal.pageId);
    if (!page) return { kind: 'gone', message: 'The page no longer exists, or you cannot see it.' };
    if (page.status !== 'current') return { kind: 'gone', message: `The page is ${page.status}; restore it before applying updates to it.` };
    const version = page.version?.number;
    if (!version) return { kind: 'gone', message: 'Confluence did not say which version the page is at.' };
    const source = bodyOf(page);
    const doc = parseStorage(source);
    const plan: EditPlan = planEdits(doc, operations);
    if (plan.problems.length) {
      const first = plan.problems[0]!;
      const who = first.kind === 'invalid' ? '' : ` (${await whoChanged(deps, proposal, page, operations, first.index)})`;
      return { kind: 'conflict', version, message: `${first.message.replace(/\.$/, '')}${who}. Nothing was changed; ask for a new proposal against version ${version}.` };
    }
    if ((plan.commentsAtRisk.length || plan.nodesAtRisk.length) && !options.confirmCommentLoss) {
      const quoted = plan.commentsAtRisk.map((c) => `"${c.text.slice(0, 60)}"`).join(', ');
      const comments = quoted ? `the text that inline comments are anchored to (${quoted}); those comments would lose their place` : '';
      const nodes = plan.nodesAtRisk.length ? `${plan.nodesAtRisk.map((n) => n.label).join(', ')}, which the new text does not bring back` : '';
      return { kind: 'confirm-comments', version, comments: plan.commentsAtRisk, nodes: plan.nodesAtRisk, message: `This update removes ${[comments, nodes].filter(Boolean).join('; and ')}. Approve again to confirm.` };
    }
    const next = splice(source, plan.edits);
    if (next === source) return { kind: 'unchanged', version, message: 'The page already says this; nothing was written.' };
    const message = `Librarian: proposal ${proposal.id} approved by ${options.approver.name}`.slice(0, 250);
    let written: Page;
    try {
      written = await deps.client.updatePage(proposal.pageId, { title: page.title, storage: next, basedOnVersion: version, message });
    } catch (error) {
      // Someone saved between our read and our write: read again and re-check the targets, once.
      if (error instanceof VersionConflictError && attempt === 0) continue;
      if (error instanceof VersionConflictError) return { kind: 'conflict', version, message: 'The page kept changing while the update was applied; nothing was overwritten. Try again.' };
      throw error;
    }
    const newVersion = written.version?.number ?? version + 1;
    return verify(deps, proposal, { doc, plan, previousBody: source, title: page.title, newVersion });
  }
  return { kind: 'conflict', version: 0, message: 'The page kept changing while the update was applied; nothing was overwritten.' };
}

async function verify(
  deps: ApplyDeps,
  proposal: Proposal,
  state: { doc: StorageDocument; plan: EditPlan; previousBody: string; title: string; newVersion: number },
): Promise<ApplyOutcome> {
  const after = await readPage(deps.client, proposal.pageId);
  const applied: ApplyOutcome = { kind: 'applied', version: state.newVersion, message: `Applied as version ${state.newVersion}.` };
  if (!after || after.version?.number !== state.newVersion) return applied; // Someone saved after us: their version stands.
  const expected = anchorsOutside(state.doc, state.plan.edits);
  const found = anchorsOutside(parseStorage(bodyOf(after)), shiftedRanges(state.plan.edits));
  const missing = missingAnchors(expected, found);
  if (!missing.length) return applied;
  const what = `Confluence changed ${missing.length} macro(s) or comment(s) outside the edit in version ${state.newVersion}`;
  let restored: Page;
  try {
    restored = await deps.client.updatePage(proposal.pageId, {
      title: state.title,
      storage: state.previousBody,
      basedOnVersion: state.newVersion,
      message: `Librarian: restored version ${state.newVersion - 1} (proposal ${proposal.id} changed content outside its edit)`,
    });
  } catch (error) {
    if (error instanceof VersionConflictError) {
      return { kind: 'restored', version: state.newVersion, message: `${what}, and someone saved the page after it, so nothing was restored over their edit: compare version ${state.newVersion} with ${state.newVersion - 1} in the page history.` };
    }
    return { kind: 'restored', version: state.newVersion, message: `${what}, and restoring the previous version failed: restore version ${state.newVersion - 1} from the page history.` };
  }
  const restoredVersion = restored.version?.number ?? state.newVersion + 1;
  // The restore is a save too: if Confluence drops the same markup again, say so rather than claim it is back.
  const back = await readPage(deps.client, proposal.pageId).catch(() => undefined);
  if (back && back.version?.number === restoredVersion) {
    const lost = missingAnchors(anchorsOutside(state.doc, []), anchorsOutside(parseStorage(bodyOf(back)), []));
    if (lost.length) {
      return { kind: 'restored', version: restoredVersion, message: `${what}; the previous content was written back as version ${restoredVersion}, but Confluence dropped ${lost.length} of them again: version ${state.newVersion - 1} in the page history still has them.` };
    }
  }
  return { kind: 'restored', version: restoredVersion, message: `${what}, so the previous content was restored as version ${restoredVersion}.` };
}
