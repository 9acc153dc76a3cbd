/** The oracle itself: a clean sync matches it, and each kind of damage to the index is reported. */
import { indexPrefix, readIndex } from '../support/index-layout';
import { compareWithOracle, expectedPages } from '../support/oracle';
import { startFaultSandbox, type FaultSandbox } from '../support/fault-sandbox';

let fx: FaultSandbox;
beforeAll(async () => {
  fx = await startFaultSandbox();
}, 60_000);
afterAll(() => fx?.close());

test('a clean sync of the demo site matches the oracle key by key', () => {
  const expected = expectedPages(fx.sb, fx.libraryId);
  expect(expected.size).toBeGreaterThan(40);
  const snapshot = readIndex(fx.sb.host, fx.libraryId);
  expect(snapshot.pages.size).toBe(expected.size);
  expect(snapshot.postings.size).toBeGreaterThan(1000);
  expect(compareWithOracle(fx.sb, fx.libraryId)).toEqual([]);
});

/** The same stored entries, with one change made to a copy. */
function damaged(change: (entries: Array<{ key: string; value: unknown; bytes: number }>) => void) {
  const entries = structuredClone(fx.sb.host.inspectKvs(''));
  change(entries);
  return { sim: fx.sb.sim, host: { inspectKvs: (prefix = '') => entries.filter((e) => e.key.startsWith(prefix)) } };
}

test('each kind of damage is reported: stale version, orphan chunk and posting, missing page, stats drift, leftovers', () => {
  const prefix = indexPrefix(fx.libraryId);
  const pageKey = (e: { key: string }) => e.key.startsWith(`${prefix}page:`);
  const subject = damaged((entries) => {
    const records = entries.filter(pageKey);
    (records[0].value as { version: number }).version -= 1;
    const gone = records[1];
    entries.splice(entries.indexOf(gone), 1);
    const stats = entries.find((e) => e.key === `${prefix}stats`)!;
    (stats.value as { chunks: number }).chunks += 1;
    entries.push({ key: `${prefix}q:123:u0000000001`, value: { op: 'upsert' }, bytes: 10 });
    entries.push({ key: `${prefix}zz:odd`, value: 1, bytes: 10 });
  });
  const problems = compareWithOracle(subject, fx.libraryId).join('\n');
  expect(problems).toMatch(/at v\d+, Confluence has v\d+/);
  expect(problems).toMatch(/missing page/);
  expect(problems).toMatch(/orphan chunk/);
  expect(problems).toMatch(/postings of no applied chunk|posting .* of no applied chunk/);
  expect(problems).toMatch(/stats count \d+ pages/);
  expect(problems).toMatch(/stats count \d+ chunks/);
  expect(problems).toMatch(/1 inbox entries left/);
  expect(problems).toMatch(/unknown key .*zz:odd/);
});

test('a page Confluence no longer shows (trashed in the simulator, still in the index) is reported', () => {
  const [id] = [...readIndex(fx.sb.host, fx.libraryId).pages.keys()];
  fx.sb.sim.control.trashPage(id, {});
  expect(compareWithOracle(fx.sb, fx.libraryId)).toContain(`page ${id} is indexed but should not be`);
  fx.sb.sim.control.restorePage(id, {});
});
