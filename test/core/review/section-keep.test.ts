/**
 * A section replacement keeps, byte for byte, every old block whose Markdown the new content repeats (the agent
 * edited the section from read-page's Markdown), and lists the macros, images and mentions it drops, so Review
 * shows them and asks before they go.
 */
import { pageMarkdown } from '../../../src/core/content/page-markdown';
import { draftOperations } from '../../../src/core/review/draft';
import { planEdits } from '../../../src/core/review/operations';
import { keepUnchangedBlocks } from '../../../src/core/review/section-keep';
import { changeView } from '../../../src/core/review/view';
import { parseStorage, sectionOf, headings, splice } from '../../../src/core/storage';

const JIRA = '<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="j-1"><ac:parameter ac:name="key">ENG-7</ac:parameter><ac:parameter ac:name="server">System JIRA</ac:parameter></ac:structured-macro>';
const CODE = '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="c-1"><ac:parameter ac:name="title">Deploy</ac:parameter><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[npm run ship -- --prod]]></ac:plain-text-body></ac:structured-macro>';
const MENTION = '<p local-id="p-2">Ask <ac:link><ri:user ri:account-id="557058:abc" /></ac:link> before <ac:inline-comment-marker ac:ref="c-9">a release</ac:inline-comment-marker>.</p>';
const INTRO = '<p local-id="p-1">Deploy from main.</p>';
const BODY = `<h1>Guide</h1><h2>Deploy</h2>${INTRO}${JIRA}${CODE}${MENTION}<h2>Rollback</h2><p>Undo.</p>`;

const doc = parseStorage(BODY);
const heading = headings(doc).find((h) => h.source.slice(h.start, h.end) === '<h2>Deploy</h2>')!;
/** What read-page shows an agent of the Deploy section (without its heading). */
const sectionMarkdown = pageMarkdown(sectionOf(doc, heading).nodes.slice(1));

function applied(markdown: string): { body: string; plan: ReturnType<typeof planEdits> } {
  const operations = draftOperations(doc, { section: 'Deploy', markdown });
  const plan = planEdits(doc, operations);
  return { body: splice(BODY, plan.edits), plan };
}

test('blocks whose Markdown comes back unchanged keep their bytes: macro ids, parameters, mentions, comment markers', () => {
  const edited = sectionMarkdown.replace('Deploy from main.', 'Deploy from the release branch.');
  expect(edited).not.toBe(sectionMarkdown);
  const { body, plan } = applied(edited);
  expect(plan.problems).toEqual([]);
  expect(plan.nodesAtRisk).toEqual([]);
  expect(plan.commentsAtRisk).toEqual([]);
  for (const kept of [JIRA, CODE, MENTION]) expect(body).toContain(kept);
  expect(body.startsWith('<h1>Guide</h1><h2>Deploy</h2>')).toBe(true);
  expect(body.endsWith('<h2>Rollback</h2><p>Undo.</p>')).toBe(true);
  expect(body).toContain('<p>Deploy from the release branch.</p>');
  expect(body).not.toContain(INTRO);
});

test('a dropped macro and mention are listed, shown as removed in the diff, and asked about', () => {
  const withoutJira = sectionMarkdown.split('\n\n').filter((block) => !block.includes('jira') && !block.includes('Ask')).join('\n\n');
  const { plan } = applied(withoutJira);
  expect(plan.nodesAtRisk.map((n) => [n.name, n.label])).toEqual([
    ['jira', 'the jira macro "ENG-7"'],
    ['mention', 'a mention'],
  ]);
  expect(plan.commentsAtRisk.map((c) => c.ref)).toEqual(['c-9']);
  const [operation] = draftOperations(doc, { section: 'Deploy', markdown: withoutJira });
  const removed = changeView(operation!).diff.filter((part) => part.kind === 'removed').map((part) => part.text);
  expect(removed).toEqual(expect.arrayContaining(['\n[removes the jira macro "ENG-7"]', '\n[removes a mention]']));
});

test('an old code block replaced by a new one is an explicit replacement, not a loss', () => {
  const newCode = sectionMarkdown.replace('npm run ship -- --prod', 'npm run deploy -- --prod');
  const { body, plan } = applied(newCode);
  expect(plan.nodesAtRisk).toEqual([]);
  expect(body).toContain('<![CDATA[npm run deploy -- --prod]]>');
  expect(body).not.toContain('ac:macro-id="c-1"');
  expect(body).toContain(JIRA);
});

test('text that only looks like a kept block is converted as text; the placeholder tag cannot be forged', () => {
  const nodes = sectionOf(doc, heading).nodes.slice(1);
  const first = keepUnchangedBlocks(nodes, 'librarian-keep-000000000000-0');
  expect(first.kept).toEqual([]);
  expect(first.storage).toBe('<p>librarian-keep-000000000000-0</p>');
  expect(first.removed.map((r) => r.name)).toEqual(['jira', 'code', 'mention']);
});
