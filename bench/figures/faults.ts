/**
 * Reliability and security figures, from the same cases `npm test` runs (test/support):
 * - faults_tried / faults_survived: kinds of fault in the matrix (fault-cases.ts), and how many converged to the
 *   oracle with the fault really exercised. The six host SIGKILLs (test/faults/host-killed.test.ts) run in
 *   `npm test` only.
 * - lost_updates: pages whose final version is missing from the index after convergence, over the matrix and the soak.
 *   Only runs that converged count: a run that did not converge is a failed fault (faults_survived, soak_converged_s
 *   -1), and counting its pages here too made one failed run read as a Library of lost updates (58 is exactly the
 *   demo Library's page count: a run that ended with none of its pages indexed). Such runs are named in the note.
 * - secrets_in_logs: tokens and passwords (also base64/URL-encoded) found in any log line, invocation record or
 *   resolver answer of the matrix runs.
 * - soak_converged_s: sandbox seconds the index took to match the oracle after a simulated day of random changes.
 * - permission_leaks: citations of a page the asker cannot read, every user x every question of the seeded
 *   permission world, private Library (the Ask permission sweep of test/integration), plus the permission fuzz
 *   (test/support/permission-fuzz.ts): random worlds, every user x question through Ask, the Rovo actions, MCP,
 *   the CLI's API and Review, and restrictions added after indexing; page ids or tags of unreadable pages.
 * - xss_executed: payload calls and dialogs in Chromium over every UI with hostile text (test/support/xss.ts),
 *   plus elements that only exist if hostile text became markup.
 */
import { SteppedClock } from '../../sandbox/clock';
import { permissionWorld } from '../../sandbox/confluence/demo/permission-world';
import { startSandbox } from '../../sandbox/start';
import { FAULT_CASES, runFaultCase } from '../../test/support/fault-cases';
import { runPermissionFuzz, totalChecks, type FuzzRun, type FuzzSize } from '../../test/support/permission-fuzz';
import { runXssSweep } from '../../test/support/xss';
import { secretsIn } from '../../test/support/secrets';
import { runSoak } from '../../test/support/soak';
import type { Figure } from '../figure';

async function permissionLeaks(): Promise<{ leaks: number; asked: number }> {
  const world = permissionWorld();
  const clock = new SteppedClock('2026-03-01T09:00:00Z');
  const sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: 'permissions' });
  try {
    await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
    let leaks = 0;
    let asked = 0;
    for (const user of world.site.users) {
      clock.advance(60_000);
      for (const q of world.questions) {
        const answer = (await sb.host.invokeResolver({ moduleKey: 'librarian-ask', functionKey: 'ask', payload: { question: q.question }, accountId: user.accountId })) as {
          citations?: Array<{ pageId: string }>;
        };
        asked += 1;
        for (const c of answer.citations ?? []) if (!sb.sim.control.canRead(user.accountId, c.pageId)) leaks += 1;
      }
    }
    return { leaks, asked };
  } finally {
    await sb.close();
  }
}

/** Larger than the test's worlds (TEST_SIZE), and more of them. */
const BENCH_FUZZ: { seeds: number[]; size: FuzzSize } = { seeds: [1, 2, 3, 4], size: { users: 8, spaces: 4, pagesPerSpace: 9, questions: 5 } };

export default async function faultFigures(): Promise<Figure[]> {
  let survived = 0;
  let lost = 0;
  /** Pages off the oracle at the end of runs that did not converge: not lost updates, failures (see above). */
  let unconverged = { runs: 0, pages: 0 };
  const count = (converged: boolean, pages: number) => {
    if (converged) lost += pages;
    else unconverged = { runs: unconverged.runs + 1, pages: unconverged.pages + pages };
  };
  const texts: string[] = [];
  const secrets: string[] = [];
  for (const c of FAULT_CASES) {
    const result = await runFaultCase(c);
    if (result.exercised && result.problems.length === 0) survived += 1;
    else console.log(`  ${c.kind}: ${result.exercised ? '' : 'not exercised; '}${result.problems.slice(0, 3).join('; ')}`);
    count(result.problems.length === 0, result.lostUpdates);
    texts.push(...result.transcript);
    secrets.push(...result.secrets);
  }
  const day = await runSoak({ seed: 7 });
  count(day.problems.length === 0, day.lostUpdates);
  const sweep = await permissionLeaks();
  const fuzz: FuzzRun[] = [];
  for (const seed of BENCH_FUZZ.seeds) fuzz.push(await runPermissionFuzz({ seed, size: BENCH_FUZZ.size }));
  const fuzzLeaks = fuzz.reduce((n, r) => n + r.leaks.length, 0);
  for (const r of fuzz) if (r.leaks.length || r.oracleMismatches.length || r.errors.length) console.log(`  permission fuzz seed ${r.seed}: ${r.leaks.length} leaks, ${r.oracleMismatches.length} oracle mismatches, ${r.errors.length} busy answers`);
  const surfaces = new Set(fuzz.flatMap((r) => Object.keys(r.checks).map((k) => k.replace(/^(indexed|restricted later) /, ''))));
  const xss = await runXssSweep();
  const xssRan = xss.executed.length + xss.dialogs.length;
  return [
    { figure: 'faults_tried', value: FAULT_CASES.length, unit: 'kinds', note: 'fault matrix of test/support/fault-cases.ts (plus 6 host SIGKILLs in npm test)' },
    { figure: 'faults_survived', value: survived, unit: 'kinds', note: 'converged to the oracle, fault exercised' },
    { figure: 'lost_updates', value: lost, unit: 'pages', note: `final versions missing after convergence, matrix + soak${unconverged.runs ? `; ${unconverged.runs} runs did not converge (${unconverged.pages} pages off the oracle, counted as failed faults)` : ''}` },
    { figure: 'secrets_in_logs', value: secretsIn(texts, secrets).length, unit: 'secrets', note: `${secrets.length} tokens looked for in ${texts.length} texts` },
    { figure: 'soak_converged_s', value: day.problems.length ? -1 : day.convergedSeconds, unit: 's', note: `sandbox time after a simulated day (${Object.values(day.actions).reduce((a, b) => a + b, 0)} changes); -1: did not converge` },
    {
      figure: 'permission_leaks',
      value: sweep.leaks + fuzzLeaks,
      unit: 'leaks',
      note:
        `permission world: ${sweep.asked} user x question asks (citations); fuzz: ${fuzz.length} random worlds (seeds ${BENCH_FUZZ.seeds.join(', ')}), ` +
        `${fuzz.reduce((n, r) => n + r.asks, 0)} user x question asks, ${totalChecks(fuzz)} answers checked on ${surfaces.size} surfaces (page ids and tags)`,
    },
    {
      figure: 'xss_executed',
      value: xssRan,
      unit: 'executions',
      note: `${xss.surfaces.length} UIs in Chromium, ${xss.surfaces.filter((s) => s.shown).length} showing a payload as text; ${xss.injected.length} elements made of hostile text; detectors checked: ${xss.canary.executed && xss.canary.injected ? 'yes' : 'NO'}`,
    },
  ];
}
