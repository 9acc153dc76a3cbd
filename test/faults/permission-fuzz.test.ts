/**
 * Permission fuzzing (test/support/permission-fuzz.ts): random restriction trees, space permissions and guests,
 * every user x every question through Ask, the Rovo actions, MCP, the CLI's API and Review; zero leaks. Each
 * world's seed is in its test name, so a failure replays with `runPermissionFuzz({ seed })`. The bench runs more
 * and larger worlds (bench/figures/faults.ts, `permission_leaks`).
 */
import { runPermissionFuzz, type FuzzRun } from '../support/permission-fuzz';

const SEEDS = [101, 202];
const runs: FuzzRun[] = [];

test.each(SEEDS)('seed %i: no page id or text of a page the user may not read, on any surface', async (seed) => {
  const run = await runPermissionFuzz({ seed });
  runs.push(run);
  console.log(`permission fuzz seed ${seed}: ${run.asks} asks, ${JSON.stringify(run.checks)}, shown ${run.shown}, withheld ${run.withheld}, ${run.proposals} proposals`);
  expect(run.oracleMismatches).toEqual([]);
  if (run.leaks.length) console.log(JSON.stringify(run.leaks.slice(0, 20)));
  expect(run.leaks).toEqual([]);
  expect(run.errors).toEqual([]);
}, 240_000);

test('seed 303, an organization-wide Library: guests are answered only from pages they may read, members from what it indexes', async () => {
  const run = await runPermissionFuzz({ seed: 303, visibility: 'organization' });
  console.log(`permission fuzz seed 303 (organization-wide): ${run.asks} asks, ${JSON.stringify(run.checks)}, shown ${run.shown}, withheld ${run.withheld}`);
  expect(run.oracleMismatches).toEqual([]);
  if (run.leaks.length) console.log(JSON.stringify(run.leaks.slice(0, 20)));
  expect(run.leaks).toEqual([]);
  expect(run.errors).toEqual([]);
  expect(run.shown).toBeGreaterThan(0);
  expect(run.withheld).toBeGreaterThan(0);
}, 240_000);

test('the fuzz had work to do: readable pages shown, unreadable ones withheld, on every surface', () => {
  expect(runs.map((r) => r.seed)).toEqual(SEEDS);
  expect(runs.every((r) => r.shown > 0 && r.withheld > 0 && r.proposals > 0)).toBe(true);
  const surfaces = new Set(runs.flatMap((r) => Object.keys(r.checks)));
  for (const s of ['indexed Ask', 'indexed MCP ask-library', 'indexed CLI search-library', 'indexed action read-page', 'Review space queue', 'restricted later Ask']) expect(surfaces).toContain(s);
});
