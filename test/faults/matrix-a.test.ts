/** The fault matrix, first half (see test/support/fault-cases.ts): every case converges to the oracle. */
import { FAULT_CASES, runFaultCase } from '../support/fault-cases';

const cases = FAULT_CASES.slice(0, Math.ceil(FAULT_CASES.length / 2));

test.each(cases.map((c) => [c.kind, c] as const))('%s: converges to the oracle', async (_kind, c) => {
  const result = await runFaultCase(c);
  expect(result.exercised).toBe(true);
  expect(result.problems).toEqual([]);
  // For the record: how long the app took, and how far off it was once the fault had passed.
  console.log(`${result.kind}: converged ${result.seconds} s after the first drain (${result.initialProblems} differences then)`);
}, 60_000);
