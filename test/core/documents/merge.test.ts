import { mergeDocument, type OwnedSection } from '../../../src/core/documents/merge';
import { documentSections } from '../../../src/core/documents/sections';
import { planEdits } from '../../../src/core/review';
import { parseStorage, splice, walk } from '../../../src/core/storage';

/** Applies a plan the way Review's apply does (planEdits + splice), failing on any problem. */
function apply(body: string, markdown: string, owned: OwnedSection[]) {
  const plan = mergeDocument(parseStorage(body), documentSections(markdown), owned);
  const edits = planEdits(parseStorage(body), plan.operations);
  expect(edits.problems).toEqual([]);
  return { plan, body: splice(body, edits.edits), commentsAtRisk: edits.commentsAtRisk };
}

const V1 = '# Deploy\n\nHow we deploy.\n\n## Install\n\nRun `npm ci`.\n\nThen `npm run build`.\n\n## Rollback\n\nRevert the tag.\n';

const CONFLUENCE_SECTION = '<h2>Team notes</h2><p>Ask <ac:link><ri:user ri:account-id="557058:aa" /></ac:link> first &amp; <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="title">DRAFT</ac:parameter></ac:structured-macro></p>';

test('the first sync appends the Document after the page\'s own content and touches nothing else', () => {
  const body = `<p local-id="p0">Written in Confluence.</p>${CONFLUENCE_SECTION}`;
  const { plan, body: after } = apply(body, V1, []);
  expect(after.startsWith(body)).toBe(true);
  expect(after).toContain('<h2>Install</h2>');
  expect(after).not.toContain('<h1>');
  expect(plan.sections.map((s) => s.key)).toEqual(['', 'install', 'rollback']);
  expect(plan.operations.map((o) => o.op)).toEqual(['insertAfter']);
});

test('a second sync replaces only the changed Document blocks; Confluence sections, comments and editor macros keep their bytes', () => {
  const first = apply(`<p>Intro from Confluence.</p>${CONFLUENCE_SECTION}`, V1, []);
  // What editors did since: an inline comment on an unchanged Document paragraph, a macro added inside a Document
  // section, a Confluence-only section after the Document's, and the editor's local-ids on headings.
  const marker = '<ac:inline-comment-marker ac:ref="c0ffee-1">npm ci</ac:inline-comment-marker>';
  const editorMacro = '<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="j-9"><ac:parameter ac:name="key">OPS-1</ac:parameter></ac:structured-macro>';
  const trailing = '<h2>Owners</h2><p>SRE on call.</p>';
  let edited = first.body
    .replace('<h2>Install</h2>', '<h2 local-id="h-install">Install</h2>')
    .replace('Run <code>npm ci</code>.', `Run <code>${marker}</code>.`)
    .replace('<h2>Rollback</h2>', `${editorMacro}<h2>Rollback</h2>`);
  edited += trailing;
  const v2 = V1.replace('Then `npm run build`.', 'Then `npm run build -- --prod`.').replace('Revert the tag.', 'Revert the tag, then redeploy.') + '\n## Verify\n\nCheck /health.\n';
  const second = apply(edited, v2, first.plan.sections);
  const out = second.body;
  // Kept byte for byte.
  for (const kept of [`<p>Intro from Confluence.</p>${CONFLUENCE_SECTION}`, `<p>Run <code>${marker}</code>.</p>`, editorMacro, trailing, '<h2 local-id="h-install">Install</h2>']) expect(out).toContain(kept);
  expect(second.commentsAtRisk).toEqual([]);
  expect(out.split('How we deploy.')).toHaveLength(2);
  // Changed.
  expect(out).toContain('npm run build -- --prod');
  expect(out).not.toContain('<p>Then <code>npm run build</code>.</p>');
  expect(out).toContain('Revert the tag, then redeploy.');
  expect(out.indexOf('<h2>Verify</h2>')).toBeGreaterThan(out.indexOf('redeploy'));
  expect(out.indexOf('<h2>Verify</h2>')).toBeLessThan(out.indexOf('<h2>Owners</h2>'));
  expect(second.plan.keptBlocks).toBe(1);
  expect(second.plan.notes.join(' ')).toContain('section "Install" holds 1 block written in Confluence');
  // The editor's local-id is recorded so a renamed heading is still found.
  expect(second.plan.sections.find((s) => s.key === 'install')?.localId).toBe('h-install');
  // Only the changed blocks were addressed: two deletions, the new text, and the new section.
  expect(second.plan.operations.filter((o) => o.op === 'deleteNode')).toHaveLength(2);
});

test('a section the Document drops loses its Document blocks, not what editors wrote in it; a renamed heading is found by its local-id', () => {
  const first = apply('<p>x</p>', V1, []);
  const withIds = first.body.replace('<h2>Install</h2>', '<h2 local-id="h-i">Install</h2>');
  const second = apply(withIds, V1, first.plan.sections);
  expect(second.plan.operations).toEqual([]);
  const renamed = withIds.replace('<h2 local-id="h-i">Install</h2>', '<h2 local-id="h-i">Installation</h2>').replace('<h2>Rollback</h2>', '<h2>Rollback</h2><p>Editor: call Ops.</p>');
  const v2 = V1.replace('\n## Rollback\n\nRevert the tag.\n', '');
  const third = apply(renamed, v2, second.plan.sections);
  expect(third.body).toContain('<h2 local-id="h-i">Installation</h2>');
  expect(third.body).not.toContain('Revert the tag.');
  expect(third.body).not.toContain('<h2>Rollback</h2>');
  expect(third.body).toContain('<p>Editor: call Ops.</p>');
  expect(third.plan.notes.join(' ')).toContain('left the Document; 1 block written in Confluence stay');
});

test('a Confluence section sharing a Document heading is never taken over', () => {
  const body = '<h2>Install</h2><p>Our own install notes.</p>';
  const { body: after } = apply(body, V1, []);
  expect(after.startsWith(body)).toBe(true);
  expect(after.match(/<h2>Install<\/h2>/g)).toHaveLength(2);
});

test('hostile Markdown stays inert storage format on this path', () => {
  const hostile = [
    '## Bad',
    '',
    '<script>alert(1)</script> <img src=x onerror=alert(1)>',
    '',
    '[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)',
    '',
    '```html',
    'a ]]> b <![CDATA[ c',
    '```',
    '',
    'Odd \u202e\u0000\u0007 text \ufeff and <![CDATA[ x ]]> &amp; &#0;',
  ].join('\n');
  const { body } = apply('<p>x</p>', hostile, []);
  const elements = new Set<string>();
  const attributes: string[] = [];
  for (const n of walk(parseStorage(body))) {
    if (n.kind !== 'element') continue;
    elements.add(n.name);
    attributes.push(...Object.keys(n.attrs));
  }
  expect([...elements].filter((e) => !['p', 'h2', 'ac:structured-macro', 'ac:parameter', 'ac:plain-text-body'].includes(e))).toEqual([]);
  expect(attributes.filter((a) => !['ac:name', 'ac:schema-version'].includes(a))).toEqual([]);
  expect(body).toContain('&lt;script&gt;');
  expect(body).toContain('<![CDATA[a ]]]]><![CDATA[> b <![CDATA[ c]]>');
  expect(body.includes('\u0000') || body.includes('\u0007')).toBe(false);
  const doc = parseStorage(body);
  expect(doc.problems).toEqual([]);
});

test('once synced, a Document section is told from an earlier Confluence section with the same heading by its blocks', () => {
  const own = '<h2>Install</h2><p>Our own install notes.</p>';
  const first = apply(own, V1, []);
  const v2 = V1.replace('Then `npm run build`.', 'Then `npm run build:prod`.');
  const second = apply(first.body, v2, first.plan.sections);
  expect(second.body.startsWith(own)).toBe(true);
  expect(second.body).toContain('npm run build:prod');
  expect(second.body).not.toContain('<p>Then <code>npm run build</code>.</p>');
  expect(second.body.match(/<h2>Install<\/h2>/g)).toHaveLength(2);
});
