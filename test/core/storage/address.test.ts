import { address, fingerprint, locate, nodeAt, parseStorage } from '../../../src/core/storage';

describe('address', () => {
  it('uses the local-id where present, else path and fingerprint', () => {
    const doc = parseStorage('<p local-id="p-1">a</p><ac:structured-macro ac:local-id="m-1" ac:name="toc"/><ul><li>b</li></ul>');
    expect(address(doc.children[0])).toEqual({ localId: 'p-1' });
    expect(address(doc.children[1])).toEqual({ localId: 'm-1' });
    const li = doc.children[2].children[0];
    expect(address(li)).toEqual({ path: [2, 0], fingerprint: fingerprint(li) });
  });
});

describe('locate', () => {
  const before = parseStorage('<p local-id="p-1">a</p><h2>Setup</h2><p>run it</p><p>again</p>');

  it('finds by local-id in a newer version wherever the node moved', () => {
    const after = parseStorage('<h1>New</h1><div><p local-id="p-1">a changed</p></div>');
    expect(locate(after, { localId: 'p-1' })?.path).toEqual([1, 0]);
    expect(locate(after, { localId: 'nope' })).toBeUndefined();
  });

  it('finds by path when the fingerprint still matches, else by a unique fingerprint', () => {
    const where = address(before.children[2]);
    expect(locate(before, where)).toBe(before.children[2]);
    const moved = parseStorage('<p>new first</p><p local-id="p-1">a</p><h2>Setup</h2><p ac:macro-id="x">run  it</p>');
    expect(locate(moved, where)).toBe(moved.children[3]);
  });

  it('refuses to guess between several nodes with the fingerprint', () => {
    const where = address(before.children[2]);
    const twice = parseStorage('<p>x</p><p>y</p><p>z</p><p>run it</p><p>run it</p>');
    expect(locate(twice, where)).toBeUndefined();
    expect(locate(parseStorage('<p>gone</p>'), where)).toBeUndefined();
  });

  it('nodeAt follows a path and stops at a missing step', () => {
    expect(nodeAt(before, [1, 0])?.kind).toBe('text');
    expect(nodeAt(before, [9])).toBeUndefined();
    expect(nodeAt(before, [])).toBeUndefined();
  });
});
