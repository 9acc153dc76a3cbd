import { draftOperations } from '../../../src/core/review/draft';
import { planEdits, targetOf } from '../../../src/core/review/operations';
import { contentOf } from '../../../src/core/review/draft';
import { parseStorage, splice } from '../../../src/core/storage';

const PAGE =
  '<p>Call <code>getUser</code> or getUser() &amp; friends; not getUsers.</p>' +
  '<ac:structured-macro ac:name="status" ac:macro-id="s1"><ac:parameter ac:name="title">BETA</ac:parameter></ac:structured-macro>' +
  '<ac:structured-macro ac:name="code"><ac:parameter ac:name="title">getUser</ac:parameter><ac:plain-text-body><![CDATA[getUser(1)]]></ac:plain-text-body></ac:structured-macro>' +
  '<p local-id="x9">Old line</p><p>Keep</p>';

function apply(input: Parameters<typeof draftOperations>[1]): string {
  const doc = parseStorage(PAGE);
  const plan = planEdits(doc, draftOperations(doc, input));
  expect(plan.problems).toEqual([]);
  return splice(PAGE, plan.edits);
}

test('rename touches text runs and inline code, whole words only, never macro parameters or code blocks', () => {
  const out = apply({ rename: { from: 'getUser', to: 'fetchUser' } });
  expect(out).toBe(PAGE.replace('<code>getUser</code> or getUser()', '<code>fetchUser</code> or fetchUser()'));
});

test('setting a status title changes only that parameter', () => {
  expect(apply({ macroParameter: { macro: 'status', name: 'title', from: 'BETA', to: 'GA & stable' } })).toBe(PAGE.replace('>BETA<', '>GA &amp; stable<'));
});

test('a text span inside a block keeps the entities around it', () => {
  expect(apply({ target: 'friends', markdown: 'helpers' })).toBe(PAGE.replace('friends;', 'helpers;'));
});

test('insert after and delete by local-id, and a changed target is a problem, not an edit', () => {
  const doc = parseStorage(PAGE);
  const node = doc.children.find((n) => n.localId === 'x9')!;
  const target = targetOf(node);
  const plan = planEdits(doc, [{ op: 'insertAfter', target, content: contentOf('New **line**') }]);
  expect(splice(PAGE, plan.edits)).toBe(PAGE.replace('<p local-id="x9">Old line</p>', '<p local-id="x9">Old line</p><p>New <strong>line</strong></p>'));
  expect(splice(PAGE, planEdits(doc, [{ op: 'deleteNode', target }]).edits)).toBe(PAGE.replace('<p local-id="x9">Old line</p>', ''));
  const edited = parseStorage(PAGE.replace('Old line', 'Old line, edited'));
  const problems = planEdits(edited, [{ op: 'deleteNode', target }]).problems;
  expect(problems).toEqual([expect.objectContaining({ kind: 'changed', message: 'The paragraph "Old line" was edited since the proposal was made.' })]);
});
