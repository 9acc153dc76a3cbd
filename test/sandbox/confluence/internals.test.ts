/** The simulator's small pure parts: storage text extraction, keyset pagination, time zones. */
import { storageText, storagePlainText, storageToAdf, adfToStorage } from '../../../sandbox/confluence/storage-text';
import { paginate, decodeCursor } from '../../../sandbox/confluence/pagination';
import { formatLocal, zoneOffset } from '../../../sandbox/confluence/timezone';

test('storage text keeps code, tables and entities, drops markup', () => {
  const body =
    '<p>Hello <strong>world</strong> &amp; friends&#33;</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if (a < b) run();]]></ac:plain-text-body></ac:structured-macro><table><tr><th>Key</th><td>Value</td></tr></table><!-- note -->';
  expect(storageText(body)).toBe('Hello world & friends!\nif (a < b) run();\nKey\nValue');
  expect(storagePlainText(body)).toContain('if (a < b) run();');
  expect(storagePlainText(body)).not.toContain('<strong>');
  const adf = JSON.parse(storageToAdf('<p>one</p><p>two &lt;3</p>'));
  expect(adf.content.map((p: { content: Array<{ text: string }> }) => p.content[0].text)).toEqual(['one', 'two <3']);
  expect(adfToStorage(storageToAdf('<p>a &amp; b</p>'))).toBe('<p>a &amp; b</p>');
});

test('a keyset cursor resumes after the last item even if items around it change', () => {
  const items = [1, 2, 3, 4, 5, 6].map((id) => ({ id }));
  const first = paginate(items, (i) => [i.id], [1], null, 2);
  expect(first.page.map((i) => i.id)).toEqual([1, 2]);
  // Item 2 is deleted and item 0 is added before the next request: nothing is skipped or repeated.
  const changed = [{ id: 0 }, ...items.filter((i) => i.id !== 2)];
  const second = paginate(changed, (i) => [i.id], [1], first.next ?? null, 2);
  expect(second.page.map((i) => i.id)).toEqual([3, 4]);
  const third = paginate(changed, (i) => [i.id], [1], second.next ?? null, 2);
  expect(third.page.map((i) => i.id)).toEqual([5, 6]);
  expect(third.next).toBeUndefined();
  expect(() => decodeCursor('bm9wZQ')).toThrow(/Invalid cursor/);
});

test('descending multi-key order', () => {
  const items = [
    { id: 1, at: 5 },
    { id: 2, at: 9 },
    { id: 3, at: 9 },
  ];
  const { page } = paginate(items, (i) => [i.at, i.id], [-1, -1], null, 3);
  expect(page.map((i) => i.id)).toEqual([3, 2, 1]);
});

test('zone offsets follow DST', () => {
  expect(zoneOffset(Date.parse('2026-01-15T00:00:00Z'), 'Pacific/Auckland') / 3_600_000).toBe(13);
  expect(zoneOffset(Date.parse('2026-07-15T00:00:00Z'), 'Pacific/Auckland') / 3_600_000).toBe(12);
  expect(formatLocal(Date.parse('2026-07-15T00:00:00Z'), 'America/New_York')).toBe('2026-07-14 20:00');
});
