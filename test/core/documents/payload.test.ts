import { documentDigest, MAX_DOCUMENT_BYTES, shipDocuments } from '../../../src/core/documents/payload';

const ok = { path: 'docs/a.md', target: { pageId: '12' }, markdown: '# A\n', digest: documentDigest('# A\n') };

test('the ship trigger takes well-formed Documents and refuses hostile ones', () => {
  expect(shipDocuments.safeParse([ok, { ...ok, path: 'docs/b.md', target: { title: 'B', spaceKey: 'ENG' }, parentId: '7' }]).success).toBe(true);
  for (const bad of [
    { ...ok, path: '../etc/passwd.md' },
    { ...ok, path: '/abs.md' },
    { ...ok, path: 'docs/a.txt' },
    { ...ok, target: { pageId: '12; DROP' } },
    { ...ok, target: { pageId: '12', title: 'both' } },
    { ...ok, target: { title: 'T', spaceKey: 'bad key' } },
    { ...ok, parentId: 'x' },
    { ...ok, digest: 'nope' },
    { ...ok, extra: 1 },
    { ...ok, markdown: 'x'.repeat(MAX_DOCUMENT_BYTES + 1) },
  ]) {
    expect(shipDocuments.safeParse([bad]).success).toBe(false);
  }
  expect(shipDocuments.safeParse(Array.from({ length: 21 }, (_, i) => ({ ...ok, path: `d/${i}.md` }))).success).toBe(false);
});
