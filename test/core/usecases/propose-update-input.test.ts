/** propose-update's inputs, read once for the Rovo action, the external endpoint's tool and the CLI. */
import { readProposeUpdateInput } from '../../../src/core/usecases/propose-update-input';
import { ToolFailure } from '../../../src/core/usecases/result';

const base = { pageId: '123', change: 'The script was renamed' };

test('replace (the default), insert-after and delete map onto draft placements; delete takes no Markdown', () => {
  expect(readProposeUpdateInput({ ...base, section: 'Deploy', replacement: 'Run `ship`.' })).toEqual({
    pageId: '123', reason: 'The script was renamed', draft: { section: 'Deploy', markdown: 'Run `ship`.' }, links: [],
  });
  expect(readProposeUpdateInput({ ...base, target: 'old line', operation: 'insert-after', replacement: 'New line.', link: 'https://github.com/a/b/pull/4', baseVersion: '7' })).toEqual({
    pageId: '123', reason: 'The script was renamed', draft: { target: 'old line', markdown: 'New line.', placement: 'insertAfter' }, links: [{ kind: 'pr', url: 'https://github.com/a/b/pull/4' }], baseVersion: 7,
  });
  expect(readProposeUpdateInput({ ...base, section: 'Old', operation: 'delete' }).draft).toEqual({ section: 'Old', placement: 'delete' });
  expect(readProposeUpdateInput({ ...base, pageId: 'https://x.atlassian.net/wiki/spaces/ENG/pages/98765/Title', section: 'S', replacement: 'x' }, 'https://x.atlassian.net').pageId).toBe('98765');
});

test.each([
  [{ ...base, section: 'S', operation: 'delete', replacement: 'x' }, /takes no replacement/],
  [{ ...base, section: 'S', operation: 'insert-after' }, /the Markdown to insert/],
  [{ ...base, section: 'S' }, /replacement is required/],
  [{ ...base, section: 'S', replacement: 5 }, /replacement must be a string/],
  [{ ...base, section: 'S', operation: 'move', replacement: 'x' }, /operation must be one of replace, insert-after, delete; it was "move"/],
  [{ ...base, replacement: 'x' }, /exactly one of section/],
  [{ ...base, section: 'S', target: 'T', replacement: 'x' }, /exactly one of section/],
  [{ ...base, section: 'S', replacement: 'x', colour: 'red' }, /Unknown input "colour"/],
  [{ ...base, change: ' ', section: 'S', replacement: 'x' }, /change is required/],
  [{ ...base, section: 'S', replacement: 'x'.repeat(100_001) }, /at most 100,000 fit in one proposal/],
])('refuses %j', (input, message) => {
  let thrown: unknown;
  try {
    readProposeUpdateInput(input as Record<string, unknown>);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ToolFailure);
  expect((thrown as ToolFailure).code).toBe('INVALID_INPUT');
  expect((thrown as Error).message).toMatch(message);
});
