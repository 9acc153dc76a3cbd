/**
 * The host's invocation time limit on a stepped clock (sandbox/forge/invoke.ts): a slow Confluence moves the
 * stepped clock, an invocation whose stepped time passes its limit is killed there (its later SDK calls reach
 * nothing), and a killed consumer's event comes back as Forge retries it. No wall-time race: the limits are
 * 25 s and 120 s, the delays sandbox seconds.
 */
import { join } from 'node:path';
import { Queue } from '@forge/events';
import { SteppedClock } from '../../../sandbox/clock';
import { startSimulator, type Simulator } from '../../../sandbox/confluence';
import { INVOCATION_LIMITS, startForgeHost, simulatorConfluence, type ForgeHost } from '../../../sandbox/forge';
import * as fixture from '../../fixtures/host-app';
import { hostAppSeed } from '../../fixtures/host-app/seed';

const manifestPath = join(__dirname, '../../fixtures/host-app/manifest.yml');

const seed = hostAppSeed;

let clock: SteppedClock;
let sim: Simulator;
let host: ForgeHost;
let pageId: string;
const queue = new Queue({ key: 'index-queue' });

beforeEach(async () => {
  fixture.observed.reset();
  clock = new SteppedClock();
  sim = await startSimulator({ seed, clock, indexLagMs: 0 });
  host = await startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock, confluence: simulatorConfluence(sim), simulator: sim });
  pageId = sim.control.findPage('Runbook', 'ENG')!.id;
});
afterEach(async () => {
  await host.close();
  await sim.close();
});

/** Waits (on events, not on a timer) until `done` holds: a killed invocation's code runs on after its kill. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

const slowPageRead = (ms: number) => sim.control.injectFault({ kind: 'latency', ms, count: 1, match: { identity: 'app', path: '/wiki/api/v2/pages' } });

test('a slow request moves the stepped clock, and the invocation sees its time left shrink by as much', async () => {
  slowPageRead(10_000);
  const before = clock.now();
  const answer = (await host.invokeResolver({ moduleKey: 'ask-macro', accountId: 'user-ada', functionKey: 'remainingAfterRead', payload: { pageId } })) as { remainingMs: number };
  expect(clock.now() - before).toBe(10_000);
  expect(answer.remainingMs).toBeLessThanOrEqual(INVOCATION_LIMITS.resolverTimeoutMs - 10_000);
  expect(answer.remainingMs).toBeGreaterThan(0);
});

test('a resolver whose request outlives its 25 s limit in sandbox time is stopped with FUNCTION_TIME_OUT', async () => {
  slowPageRead(INVOCATION_LIMITS.resolverTimeoutMs + 1_000);
  await expect(host.invokeResolver({ moduleKey: 'ask-macro', accountId: 'user-ada', functionKey: 'indexPage', payload: { pageId, as: 'app' } })).rejects.toMatchObject({
    code: 'FUNCTION_TIME_OUT',
  });
  expect(host.invocations().at(-1)).toMatchObject({ kind: 'resolver', outcome: 'timeout' });
  // The handler's code went on once the response came, but its storage write and push never landed.
  await until(() => fixture.observed.indexPageEnded === 1);
  expect(host.inspectKvs('page:')).toEqual([]);
  expect(host.queueDepth().reduce((n, d) => n + d.pending, 0)).toBe(0);
});

test('a consumer killed at its 120 s limit writes nothing, and its event is redelivered with FUNCTION_TIME_OUT', async () => {
  slowPageRead(121_000);
  await host.withInvocation(() => queue.push([{ body: { n: 1, readPageId: pageId } }]));
  await host.drain({ advanceClock: true });
  const consumers = host.invocations().filter((i) => i.kind === 'consumer');
  expect(consumers.map((i) => i.outcome)).toEqual(['timeout', 'success']);
  expect(consumers[0].error).toMatch(/FUNCTION_TIME_OUT|timed out after 120 s/);
  // The killed delivery's code ran on to its write (both deliveries recorded), but that write reached nothing;
  // the redelivery's landed.
  await until(() => fixture.observed.consumed.length === 2);
  expect(fixture.observed.consumed.map((c) => c.retryCount).sort()).toEqual([0, 1]);
  expect(host.inspectKvs('consumed:').map((e) => (e.value as { retryCount: number }).retryCount)).toEqual([1]);
  expect(host.failedEvents()).toEqual([]);
});

test('work that ends inside its limit is not stopped, however long the stepped clock moved before it started', async () => {
  clock.advance(3 * 3_600_000);
  slowPageRead(100_000);
  await host.withInvocation(() => queue.push([{ body: { n: 2, readPageId: pageId } }]));
  await host.drain({ advanceClock: true });
  expect(host.invocations().filter((i) => i.kind === 'consumer').map((i) => i.outcome)).toEqual(['success']);
  expect(host.inspectKvs('consumed:')).toHaveLength(1);
});
