import { parseStorage, sectionOf, headings, splice, StorageEditError } from '../../../src/core/storage';

describe('splice', () => {
  const source = '<p>a</p><p>b</p><p>c</p>';

  it('is the identity with no edits', () => {
    expect(splice(source, [])).toBe(source);
  });

  it('replaces, inserts and deletes in any order, keeping every other byte', () => {
    const out = splice(source, [
      { start: 16, end: 24, text: '' },
      { start: 0, end: 0, text: '<h2>T</h2>' },
      { start: 8, end: 16, text: '<p>B</p>' },
    ]);
    expect(out).toBe('<h2>T</h2><p>a</p><p>B</p>');
  });

  it('applies insertions at one offset in the order given, before a replacement starting there', () => {
    expect(splice('xy', [{ start: 1, end: 2, text: 'Z' }, { start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }])).toBe('x12Z');
  });

  it('accepts touching edits and refuses overlapping ones with a clear error', () => {
    expect(splice(source, [{ start: 0, end: 8, text: 'A' }, { start: 8, end: 16, text: 'B' }])).toBe('AB<p>c</p>');
    const overlap = (): string => splice(source, [{ start: 0, end: 10, text: 'A' }, { start: 8, end: 16, text: 'B' }]);
    expect(overlap).toThrow(StorageEditError);
    expect(overlap).toThrow('edits [0, 10) and [8, 16) overlap');
    expect(() => splice(source, [{ start: 0, end: 10, text: 'A' }, { start: 5, end: 5, text: 'B' }])).toThrow('overlap');
    expect(overlap).toThrow(expect.objectContaining({ kind: 'overlapping-edits' }));
  });

  it('refuses ranges outside the page', () => {
    for (const edit of [{ start: -1, end: 2 }, { start: 3, end: 2 }, { start: 0, end: 99 }, { start: 0.5, end: 2 }]) {
      expect(() => splice(source, [{ ...edit, text: '' }])).toThrow(expect.objectContaining({ kind: 'edit-out-of-range' }));
    }
  });

  it('replaces a section found through the tree, leaving other bytes untouched', () => {
    const page = '<h2 local-id="1">Keep</h2><p>k <ac:inline-comment-marker ac:ref="c1">x</ac:inline-comment-marker></p><h2>Change</h2><p>old</p>';
    const doc = parseStorage(page);
    const section = sectionOf(doc, headings(doc)[1]);
    const out = splice(page, [{ start: section.start, end: section.end, text: '<h2>Change</h2><p>new</p>' }]);
    expect(out.slice(0, section.start)).toBe(page.slice(0, section.start));
    expect(out).toBe('<h2 local-id="1">Keep</h2><p>k <ac:inline-comment-marker ac:ref="c1">x</ac:inline-comment-marker></p><h2>Change</h2><p>new</p>');
  });
});
