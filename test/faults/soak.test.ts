/** A simulated day of random changes (test/support/soak.ts): the index converges and stored bytes stay bounded. */
import { runSoak } from '../support/soak';

test('a day of edits, moves, restrictions, archives, trashes, restores and purges converges to the oracle; storage stays bounded', async () => {
  const day = await runSoak({ seed: 7 });
  // 48 half-hour steps of three actions each.
  expect(Object.values(day.actions).reduce((a, b) => a + b, 0)).toBe(144);
  for (const kind of ['edit', 'create', 'move-space', 'restrict', 'archive', 'trash', 'restore', 'purge']) expect(day.actions[kind]).toBeGreaterThan(0);
  expect(day.problems).toEqual([]);
  // Superseded chunks, old postings and inbox entries are deleted: the day's edits replaced text, they did not pile it up.
  expect(day.bytes.end).toBeLessThan(day.bytes.afterSync * 1.25);
  expect(day.bytes.max).toBeLessThan(day.bytes.afterSync * 1.5);
  console.log(`soak: ${JSON.stringify(day.actions)}; converged ${day.convergedSeconds} s after the day; bytes ${JSON.stringify(day.bytes)}`);
}, 120_000);
