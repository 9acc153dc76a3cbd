/**
 * Write-back figures:
 * - writeback_bytes_changed_outside_targets: a generated set of operations (a section, a code block, a sentence, a
 *   macro parameter, a rename) applied to every demo page and every storage construct fixture; the bytes that differ
 *   outside the edited ranges, summed (must be 0). vs: the same pages parsed and written back whole by a DOM
 *   serializer (htmlparser2 + dom-serializer in XML mode), as whole-body tools do: bytes that differ with no edit at all.
 * - writeback_edits_lost: races where a person edits the page between a proposal and its approval, in another
 *   section and in the same one; a person's edit missing from the final page counts as lost (must be 0). vs:
 *   last-writer-wins (the proposal's body computed from the base version, written over the newer one).
 * - apply_p95_ms: one approval end to end against the Confluence simulator on loopback (read, plan, PUT, re-read
 *   and check), p95 over the runs.
 */
import { diffChars } from 'diff';
import render from 'dom-serializer';
import { parseDocument } from 'htmlparser2';
import { ConfluenceClient } from '../../src/core/confluence';
import type { ConfluenceTransport } from '../../src/core/ports';
import { applyProposal } from '../../src/core/review/apply';
import { draftOperations, type DraftInput } from '../../src/core/review/draft';
import { planEdits } from '../../src/core/review/operations';
import type { EditOperation, Proposal } from '../../src/core/review/types';
import { attrValue, headings, parseStorage, sectionOf, select, splice, textOf, type StorageDocument } from '../../src/core/storage';
import { startSimulator } from '../../sandbox/confluence';
import { demoSite } from '../../sandbox/confluence/demo';
import { SteppedClock } from '../../sandbox/clock';
import { demoPages, storageFixtures } from '../../test/fixtures/storage/corpus';
import { percentile, round, type Figure, type FigureModule } from '../figure';

function tryDraft(doc: StorageDocument, input: DraftInput): EditOperation[] {
  try {
    return draftOperations(doc, input);
  } catch {
    return [];
  }
}

/** One operation of each kind the page allows, on distinct nodes. */
function generatedOperations(doc: StorageDocument): EditOperation[][] {
  const sets: EditOperation[][] = [];
  const [first] = headings(doc);
  if (first) sets.push(tryDraft(doc, { section: textOf(first), markdown: 'Updated by the bench.\n\n```sh\necho ]]> done\n```' }));
  const code = select(doc, (n) => n.name === 'ac:structured-macro' && attrValue(n, 'ac:name') === 'code')[0];
  const firstLine = code ? textOf(code).split('\n')[0] : '';
  if (firstLine) sets.push(tryDraft(doc, { target: firstLine, markdown: `${firstLine} --bench` }));
  const para = select(doc, (n) => n.name === 'p' && n.children.length === 1 && n.children[0]!.kind === 'text' && textOf(n).length > 20)[0];
  if (para) {
    const word = textOf(para).split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w));
    if (word) sets.push(tryDraft(doc, { target: word, markdown: `${word}-edited` }));
  }
  const status = select(doc, (n) => n.name === 'ac:structured-macro' && attrValue(n, 'ac:name') === 'status')[0];
  const title = status?.children.find((c) => c.name === 'ac:parameter' && attrValue(c, 'ac:name') === 'title');
  if (title) sets.push(tryDraft(doc, { macroParameter: { macro: 'status', name: 'title', from: textOf(title), to: 'DONE' } }));
  const word = textOf(doc).match(/\b[A-Za-z]{6,}\b/)?.[0];
  if (word) sets.push(tryDraft(doc, { rename: { from: word, to: `${word}X` } }));
  return sets.filter((s) => s.length);
}

/** Bytes that differ between `before` and `after` outside the edited ranges (edits in `before`'s offsets). */
function changedOutside(before: string, after: string, edits: ReadonlyArray<{ start: number; end: number; text: string }>): number {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let changed = 0;
  let oldPos = 0;
  let newPos = 0;
  for (const e of sorted) {
    const keep = e.start - oldPos;
    const a = before.slice(oldPos, e.start);
    const b = after.slice(newPos, newPos + keep);
    for (let i = 0; i < keep; i++) if (a[i] !== b[i]) changed++;
    newPos += keep + e.text.length;
    oldPos = e.end;
  }
  const a = before.slice(oldPos);
  const b = after.slice(newPos);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) changed++;
  return changed;
}

function reserializedDiff(body: string): number {
  const rewritten = render(parseDocument(body, { xmlMode: true, decodeEntities: true }), { xmlMode: true, decodeEntities: true });
  let changed = 0;
  for (const part of diffChars(body, rewritten)) if (part.removed) changed += part.value.length;
  return changed;
}

function bytesFigure(): Figure {
  const pages = [...demoPages(), ...storageFixtures()];
  let ours = 0;
  let whole = 0;
  let operations = 0;
  for (const page of pages) {
    const doc = parseStorage(page.body);
    for (const ops of generatedOperations(doc)) {
      const plan = planEdits(doc, ops);
      if (plan.problems.length) continue;
      operations += ops.length;
      const after = splice(page.body, plan.edits);
      ours += changedOutside(page.body, after, plan.edits);
    }
    whole += reserializedDiff(page.body);
  }
  return {
    figure: 'writeback_bytes_changed_outside_targets',
    value: ours,
    unit: 'bytes',
    vs: { name: 'whole-body re-serialisation (htmlparser2 + dom-serializer), no edit', value: whole },
    note: `${operations} operations on ${pages.length} pages (demo site and construct fixtures)`,
  };
}

function editsLostFigure(): Figure {
  let races = 0;
  let lost = 0;
  let lostLww = 0;
  for (const page of demoPages()) {
    const doc = parseStorage(page.body);
    const hs = headings(doc).filter((h) => !h.parent);
    if (hs.length < 2) continue;
    const [a, b] = [hs[0]!, hs[1]!];
    const proposal = tryDraft(doc, { section: textOf(a), markdown: 'Rewritten by a proposal.' });
    if (!proposal.length) continue;
    for (const where of ['other', 'same'] as const) {
      const heading = where === 'same' ? a : b;
      const section = sectionOf(doc, heading);
      const marker = `PERSON-EDIT-${races}`;
      // The person appends a paragraph at the end of the section.
      const edited = splice(page.body, [{ start: section.end, end: section.end, text: `<p>${marker}</p>` }]);
      races++;
      const plan = planEdits(parseStorage(edited), proposal);
      const final = plan.problems.length ? edited : splice(edited, plan.edits);
      if (!final.includes(marker)) lost++;
      const lww = splice(page.body, planEdits(doc, proposal).edits);
      if (!lww.includes(marker)) lostLww++;
    }
  }
  return { figure: 'writeback_edits_lost', value: lost, unit: 'edits', vs: { name: 'last-writer-wins', value: lostLww }, note: `${races} races (a person edits another section or the same one between proposal and approval)` };
}

async function applyFigure(): Promise<Figure> {
  const sim = await startSimulator({ seed: demoSite(), clock: new SteppedClock('2026-03-01T09:00:00Z') });
  try {
    const admin = demoSite().users.find((u) => u.siteAdmin)!;
    const auth = `Basic ${Buffer.from(`${admin.email}:${admin.apiToken}`).toString('base64')}`;
    const transport: ConfluenceTransport = {
      async request(_identity, path, init = {}) {
        const res = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers: { ...(init.headers ?? {}), Authorization: auth }, body: init.body });
        return { status: res.status, headers: res.headers, text: () => res.text() };
      },
    };
    const client = ConfluenceClient.create(transport, 'user');
    const times: number[] = [];
    const pages = sim.control.pages('ENG').filter((p) => p.status === 'current');
    for (const summary of pages) {
      const page = await client.getPage(summary.id, { bodyFormat: 'storage' });
      const doc = parseStorage(page.body?.storage?.value ?? '');
      const [h] = headings(doc);
      if (!h) continue;
      const operations = tryDraft(doc, { section: textOf(h), markdown: 'Applied by the bench.' });
      if (!operations.length) continue;
      const proposal: Proposal = {
        id: '0123456789abcdef', libraryId: 'bench', pageId: page.id, pageTitle: page.title, spaceKey: 'ENG', baseVersion: page.version!.number, operations,
        reason: { text: 'bench', links: [] }, origin: { kind: 'agent' }, author: { name: 'bench' }, modelWritten: false, state: 'pending', revision: 0, createdAt: 0, updatedAt: 0, history: [],
      };
      const t0 = performance.now();
      // Pages the admin may not edit (restricted) are refused by Confluence: not an approval, not timed. The bench
      // approves what it dropped (macros of the replaced section) at once: it times the apply, not the reviewer.
      const outcome = await applyProposal({ client, names: async () => new Map() }, proposal, { approver: { name: 'Bench', accountId: admin.accountId }, confirmCommentLoss: true }).catch(() => undefined);
      const ms = performance.now() - t0;
      if (outcome?.kind === 'applied') times.push(ms);
    }
    return { figure: 'apply_p95_ms', value: round(percentile(times, 95), 1), unit: 'ms', note: `${times.length} approvals against the simulator on loopback (read, plan, PUT, re-read and check)` };
  } finally {
    await sim.close();
  }
}

const writeback: FigureModule = async () => [bytesFigure(), editsLostFigure(), await applyFigure()];
export default writeback;
