/** Insert-after and delete, drafted at a section or at the block holding a target text, and applied in place. */
import { draftOperations } from '../../../src/core/review/draft';
import { planEdits } from '../../../src/core/review/operations';
import { parseStorage, splice } from '../../../src/core/storage';

const BODY = '<h2>Deploy</h2><p>Run the ship script.</p><ul><li><p>Check the logs.</p></li></ul><h2>Rollback</h2><p>Undo it.</p><h2>Notes</h2><p>Last.</p>';
const doc = parseStorage(BODY);
const apply = (input: Parameters<typeof draftOperations>[1]) => {
  const plan = planEdits(doc, draftOperations(doc, input));
  expect(plan.problems).toEqual([]);
  return splice(BODY, plan.edits);
};

test('insert after a section puts the new blocks at its end, before the next heading', () => {
  expect(apply({ section: 'Deploy', markdown: 'Then tell the team.', placement: 'insertAfter' })).toBe(
    '<h2>Deploy</h2><p>Run the ship script.</p><ul><li><p>Check the logs.</p></li></ul><p>Then tell the team.</p><h2>Rollback</h2><p>Undo it.</p><h2>Notes</h2><p>Last.</p>',
  );
});

test('insert after a target inside a list goes after the whole list, never inside an item', () => {
  expect(apply({ target: 'Check the logs.', markdown: 'Then tell the team.', placement: 'insertAfter' })).toBe(
    '<h2>Deploy</h2><p>Run the ship script.</p><ul><li><p>Check the logs.</p></li></ul><p>Then tell the team.</p><h2>Rollback</h2><p>Undo it.</p><h2>Notes</h2><p>Last.</p>',
  );
});

test('delete a section removes its heading and blocks only; delete a target removes its block', () => {
  expect(apply({ section: 'Rollback', placement: 'delete' })).toBe('<h2>Deploy</h2><p>Run the ship script.</p><ul><li><p>Check the logs.</p></li></ul><h2>Notes</h2><p>Last.</p>');
  expect(apply({ target: 'Undo it.', placement: 'delete' })).toBe('<h2>Deploy</h2><p>Run the ship script.</p><ul><li><p>Check the logs.</p></li></ul><h2>Rollback</h2><h2>Notes</h2><p>Last.</p>');
});

test('bad placements get clear errors', () => {
  expect(() => draftOperations(doc, { section: 'Deploy', placement: 'insertAfter' })).toThrow('Give the new text (Markdown) to insert.');
  expect(() => draftOperations(doc, { placement: 'delete' })).toThrow('Say where: a section (its heading) or the exact text of the block.');
  expect(() => draftOperations(doc, { section: 'Nowhere', placement: 'delete' })).toThrow('The page has no section "Nowhere". Its sections: "Deploy", "Rollback", "Notes".');
});
