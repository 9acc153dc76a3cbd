/**
 * The Ask budget's buckets on a store with Forge's semantics and a hand-moved clock: concurrent questions never
 * take more than the budget (slots are taken with create-if-absent writes), slots free on time, one person's
 * budget is theirs alone, and the installation's share refuses without spending the asker's.
 */
import { AskBudget, AskTooFastError } from '../../../src/core/answer';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

function setup(installation = { capacity: 40, refillMs: 1_500 }) {
  let now = 1_000_000_000_000 + 3_000; // 3 s into a 10 s slot
  const store = new MemoryKeyValueStore();
  const budget = new AskBudget(store, { now: () => now }, { account: { capacity: 6, refillMs: 10_000 }, installation });
  const outcome = (p: Promise<void>) => p.then(() => 'ok', (e: unknown) => (e instanceof AskTooFastError ? `${e.scope} ${e.retryAfterSeconds}` : String(e)));
  return { store, budget, outcome, advance: (ms: number) => (now += ms) };
}

it('never lets concurrent questions past the budget, and frees one slot per refill', async () => {
  const { budget, outcome, advance } = setup();
  const results = await Promise.all(Array.from({ length: 20 }, () => outcome(budget.take('557058:abc-def'))));
  expect(results.filter((r) => r === 'ok')).toHaveLength(6);
  expect(new Set(results.filter((r) => r !== 'ok'))).toEqual(new Set(['account 7']));
  await expect(outcome(budget.take('someone-else'))).resolves.toBe('ok');
  advance(7_000);
  expect(await outcome(budget.take('557058:abc-def'))).toBe('ok');
  expect(await outcome(budget.take('557058:abc-def'))).toBe('account 10');
});

it('refuses for the installation without spending the asker\'s budget, and prunes expired slots', async () => {
  const { store, budget, outcome, advance } = setup({ capacity: 2, refillMs: 60_000 });
  expect(await outcome(budget.take('a'))).toBe('ok');
  expect(await outcome(budget.take('b'))).toBe('ok');
  for (let i = 0; i < 10; i += 1) expect(await outcome(budget.take('c'))).toMatch(/^installation \d+$/);
  advance(60_000);
  // c's refusals cost c nothing: its whole budget is still there.
  expect(await outcome(budget.take('c'))).toBe('ok');
  advance(10 * 60_000);
  await budget.take('a');
  expect((await store.list('askb:u.aa:')).entries).toHaveLength(1);
});
