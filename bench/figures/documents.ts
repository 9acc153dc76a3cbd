/**
 * Documents figure:
 * - document_bytes_changed_outside_sections: a Document (sections, code with `]]>`, a table, a panel) synced to every
 *   demo page and storage construct fixture after the page's own content, then edited in Confluence (an inline
 *   comment on a Document sentence that stays, a status macro added inside a Document section, a Confluence-only
 *   section at the end), then changed in the repository (two paragraphs changed, a section added, one removed) and
 *   merged again. The figure sums the bytes of Confluence's content (the page's own body, the comment's paragraph,
 *   the editor's macro, the new section) that the second merge left other than byte for byte, in order: it must be 0. vs: replacing the
 *   whole body with the Document (what whole-page publishers do), which overwrites all of those bytes.
 */
import { documentSections } from '../../src/core/documents/sections';
import { mergeDocument } from '../../src/core/documents/merge';
import { planEdits } from '../../src/core/review/operations';
import { parseStorage, splice } from '../../src/core/storage';
import { demoPages, storageFixtures } from '../../test/fixtures/storage/corpus';
import type { Figure, FigureModule } from '../figure';

const V1 = [
  '# Deploy guide',
  '',
  'How we ship the API.',
  '',
  '## Install',
  '',
  'Run `npm ci`, then `npm run build`.',
  '',
  '```sh',
  'npm run ship -- --tag v1 # ]]> is fine',
  '```',
  '',
  '## Rollback',
  '',
  '| step | command |',
  '|---|---|',
  '| 1 | `git revert` |',
  '',
  '> [!WARNING]',
  '> Tell the on-call first.',
  '',
  '## Legacy',
  '',
  'The old path.',
  '',
].join('\n');
const V2 = V1.replace('Run `npm ci`, then `npm run build`.', 'Run `npm ci`, then `npm run build:prod`.')
  .replace('> Tell the on-call first.', '> Tell the on-call and the release channel first.')
  .replace('## Legacy\n\nThe old path.\n', '## Verify\n\nCheck `/health`.\n');
const MARKER = '<ac:inline-comment-marker ac:ref="bench-comment-1">How we ship the API.</ac:inline-comment-marker>';
const MACRO = '<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="bench-status"><ac:parameter ac:name="title">CHECKED</ac:parameter></ac:structured-macro>';
const TAIL = '<h2>Contacts</h2><p>#oncall</p>';

function apply(body: string, operations: Parameters<typeof planEdits>[1]): { body: string; edits: Array<{ start: number; end: number }> } {
  const plan = planEdits(parseStorage(body), operations);
  if (plan.problems.length) throw new Error(`bench: planning failed: ${plan.problems[0]!.message}`);
  return { body: splice(body, plan.edits), edits: plan.edits };
}

/** Bytes of `pieces` (in order) that `body` does not hold verbatim, in that order. */
function changedBytes(body: string, pieces: string[]): number {
  let from = 0;
  let lost = 0;
  for (const piece of pieces) {
    const at = body.indexOf(piece, from);
    if (at < 0) lost += Buffer.byteLength(piece, 'utf8');
    else from = at + piece.length;
  }
  return lost;
}

const documents: FigureModule = async () => {
  const pages = [...demoPages(), ...storageFixtures()].filter((p) => parseStorage(p.body).children.some((n) => n.kind === 'element'));
  let outside = 0;
  let wholeBody = 0;
  let merged = 0;
  for (const page of pages) {
    const first = mergeDocument(parseStorage(page.body), documentSections(V1), []);
    const firstSync = apply(page.body, first.operations);
    if (firstSync.edits.some((e) => e.end !== e.start)) throw new Error(`bench: the first sync changed ${page.name}'s own content`);
    // The page's own content, cut where the first sync inserted the Document.
    const cuts = [...new Set(firstSync.edits.map((e) => e.start))].sort((a, b) => a - b);
    const own = [0, ...cuts].map((from, i) => page.body.slice(from, cuts[i] ?? page.body.length)).filter(Boolean);
    // Editors at work.
    const edited = firstSync.body.replace('<p>How we ship the API.</p>', `<p>${MARKER}</p>`).replace('<h2>Rollback</h2>', `${MACRO}<h2>Rollback</h2>`) + TAIL;
    // In the order they stand on the edited page; whitespace between blocks is not content.
    let from = 0;
    const placed = own.map((piece) => {
      const at = edited.indexOf(piece, from);
      from = at + piece.length;
      return { piece, at };
    });
    for (const piece of [`<p>${MARKER}</p>`, MACRO, TAIL]) placed.push({ piece, at: edited.indexOf(piece, cuts[0] ?? 0) });
    if (placed.some((p) => p.at < 0)) throw new Error(`bench: could not find the page's content on ${page.name}`);
    const confluence = placed.sort((a, b) => a.at - b.at).map((p) => p.piece).filter((p) => p.trim());
    const second = mergeDocument(parseStorage(edited), documentSections(V2), first.sections);
    const { body: after } = apply(edited, second.operations);
    if (!after.includes('npm run build:prod') || after.includes('The old path.')) throw new Error(`bench: the second merge did not update ${page.name}`);
    outside += changedBytes(after, confluence);
    wholeBody += changedBytes(documentSections(V2).storage, confluence);
    merged += 1;
  }
  const figures: Figure[] = [
    {
      figure: 'document_bytes_changed_outside_sections',
      value: outside,
      unit: 'bytes',
      vs: { name: 'whole body replaced by the Document', value: wholeBody },
      note: `${merged} pages (demo site and storage fixtures): bytes of Confluence content not kept verbatim after the second merge`,
    },
  ];
  return figures;
};

export default documents;
