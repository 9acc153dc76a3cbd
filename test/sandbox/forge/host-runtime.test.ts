/**
 * The host's runtime: scheduled triggers on a stepped clock, product events from the Confluence simulator,
 * concurrent invocations keeping their own context, actions, invocation limits, logging, the control API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getAppContext } from '@forge/api';
import { kvs } from '@forge/kvs';
import { SteppedClock } from '../../../sandbox/clock';
import { startSimulator, type Simulator } from '../../../sandbox/confluence';
import { INVOCATION_LIMITS, startForgeHost, simulatorConfluence, type ForgeHost, type ForgeHostOptions } from '../../../sandbox/forge';
import { createControlApi } from '../../../sandbox/forge/control-api';
import { openHostDatabase } from '../../../sandbox/forge/db';
import { Scheduler } from '../../../sandbox/forge/scheduler';
import * as fixture from '../../fixtures/host-app';
import { hostAppSeed } from '../../fixtures/host-app/seed';

const manifestPath = join(__dirname, '../../fixtures/host-app/manifest.yml');

const seed = hostAppSeed;

let clock: SteppedClock;
let sim: Simulator;
let host: ForgeHost;

async function start(extra: Partial<ForgeHostOptions> = {}): Promise<void> {
  host = await startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock, confluence: simulatorConfluence(sim), simulator: sim, ...extra });
}

beforeEach(async () => {
  fixture.observed.reset();
  clock = new SteppedClock();
  sim = await startSimulator({ seed, clock, indexLagMs: 0 });
  await start();
});
afterEach(async () => {
  await host.close();
  await sim.close();
});

const macro = { moduleKey: 'ask-macro', accountId: 'user-ada' };

test('scheduled triggers fire once per interval crossed, in time order, on the stepped clock', async () => {
  clock.advance(65 * 60_000);
  await host.drain();
  const fired = host.invocations().filter((i) => i.kind === 'scheduledTrigger').map((i) => i.moduleKey);
  expect(fired).toEqual([...Array(12).fill('scan-trigger'), 'hourly-trigger', 'scan-trigger']);
  expect(fixture.observed.scans.every((s) => s.moduleKey === 'scan-trigger')).toBe(true);
  expect(await host.withInvocation(() => kvs.get('scan:count'))).toBe(13);

  clock.advance(4 * 60_000);
  await host.drain();
  expect(fixture.observed.scans).toHaveLength(13);
  await host.runScheduledTrigger('hourly-trigger');
  expect(fixture.observed.hourly).toBe(2);
});

test('nextScheduledRun answers when a scheduled trigger next fires, from its own schedule', async () => {
  const start = clock.now();
  expect(host.nextScheduledRun('scan-trigger')).toBe(start + 5 * 60_000);
  expect(host.nextScheduledRun('hourly-trigger')).toBe(start + 60 * 60_000);
  clock.advance(7 * 60_000);
  await host.drain();
  // Ran outside its schedule: the schedule does not move.
  await host.runScheduledTrigger('scan-trigger');
  expect(host.nextScheduledRun('scan-trigger')).toBe(start + 10 * 60_000);
  expect(() => host.nextScheduledRun('no-such-trigger')).toThrow('No scheduledTrigger with key no-such-trigger');
});

test('what an invocation has left is counted in wall time, however far the stepped clock is from it', async () => {
  // Months ahead of wall time, then the same distance behind: neither may read as "no time left" or "months left".
  for (const offset of [180 * 86_400_000, -180 * 86_400_000]) {
    clock = new SteppedClock(Date.now() + offset);
    await host.close();
    await start();
    const left = await host.withInvocation(async () => getAppContext().invocationRemainingTimeInMillis());
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(INVOCATION_LIMITS.functionTimeoutMs);
  }
});

test('product events from the simulator reach the trigger whose events list names them', async () => {
  const page = sim.control.createPage({ as: 'user-ada', spaceKey: 'ENG', title: 'Alerts', body: '<p>Page the on-call.</p>' });
  await new Promise((resolve) => setImmediate(resolve));
  await host.drain();
  expect(fixture.observed.pageEvents).toHaveLength(1);
  expect(fixture.observed.pageEvents[0]).toMatchObject({
    eventType: 'avi:confluence:created:page',
    content: { id: page.id, title: 'Alerts' },
    context: { cloudId: host.identity.cloudId, moduleKey: 'page-events' },
  });
});

test('requestConfluence as the user reaches the simulator with that user consent token', async () => {
  const home = sim.control.findPage('Runbook', 'ENG');
  const result = await host.invokeResolver({ ...macro, functionKey: 'indexPage', payload: { pageId: home?.id, as: 'user' } });
  expect(result).toMatchObject({ status: 200, title: 'Runbook' });
  sim.control.revokeToken({ accountId: 'user-ada' });
  // The cached token is now revoked: the app sees Confluence's 401, as after a lapsed consent.
  expect(await host.invokeResolver({ ...macro, functionKey: 'indexPage', payload: { pageId: home?.id, as: 'user' } })).toEqual({ status: 401 });
});

test('concurrent invocations keep separate contexts', async () => {
  const calls = ['user-a', 'user-b', 'user-c'].map((accountId, i) =>
    host.invokeResolver({ moduleKey: 'ask-macro', accountId, functionKey: 'slowWhoami', payload: { delayMs: 60 - i * 20 } }),
  );
  expect(await Promise.all(calls)).toEqual([
    { accountId: 'user-a', runtimeAccountId: 'user-a' },
    { accountId: 'user-b', runtimeAccountId: 'user-b' },
    { accountId: 'user-c', runtimeAccountId: 'user-c' },
  ]);
});

test('actions get their payload and the platform context', async () => {
  const result = await host.invokeAction('echo-action', { text: 'hello' }, 'user-ada');
  expect(result).toEqual({ echo: 'hello', accountId: 'user-ada', moduleContext: { cloudId: host.identity.cloudId, moduleKey: 'echo-action' } });
});

test('invocation limits: resolver timeout and 500 KB invoke payload', async () => {
  await host.close();
  await start({ limits: { resolverTimeoutMs: 50 } });
  await expect(host.invokeResolver({ ...macro, functionKey: 'slowWhoami', payload: { delayMs: 500 } })).rejects.toMatchObject({ code: 'FUNCTION_TIME_OUT' });
  expect(host.invocations().at(-1)).toMatchObject({ kind: 'resolver', outcome: 'timeout' });
  await expect(host.invokeResolver({ ...macro, functionKey: 'whoami', payload: { blob: 'x'.repeat(501 * 1024) } })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
});

test('console output of an invocation is captured, capped at 100 lines per runtime minute, and scrubbed of tokens', async () => {
  const printed: string[] = [];
  const handlers = {
    ...fixture,
    chatty: async () => {
      for (let i = 0; i < 150; i += 1) console.log(`line ${i}`);
    },
    leaky: async () => console.warn('calling with ada-api-token-123'),
  };
  await host.close();
  host = await startForgeHost({
    manifestPath,
    handlers,
    dataDir: ':memory:',
    clock,
    confluence: { mode: 'site', siteUrl: sim.url, email: 'ada@example.com', apiToken: 'ada-api-token-123' },
    logSink: (line) => printed.push(line),
  });
  await host.invokeFunction('index.chatty');
  expect(printed).toHaveLength(101);
  expect(printed[0]).toBe('[forge:index.chatty] line 0');
  expect(printed[99]).toBe('[forge:index.chatty] line 99');
  expect(printed[100]).toMatch(/log limit of 100 lines per runtime minute/);
  expect(host.invocations().at(-1)?.logTail.at(-1)).toBe('log: line 99');

  await host.invokeFunction('index.leaky');
  expect(printed.at(-1)).toBe('[forge:index.leaky] calling with ***');
});

test('the control API advances the clock, runs triggers, drains and reports', async () => {
  const control = createControlApi(host);
  const server: Server = createServer((req, res) => {
    void control(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string, body?: unknown) => fetch(base + path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  try {
    const advanced = await post('/__sandbox/clock/advance', { ms: 5 * 60_000 });
    expect(await advanced.json()).toEqual({ now: clock.now() });
    expect((await post('/__sandbox/triggers/hourly-trigger/run')).status).toBe(200);
    expect((await post('/__sandbox/triggers/nope/run')).status).toBe(404);
    await host.invokeResolver({ ...macro, functionKey: 'push', payload: { events: [{ body: { n: 1 }, delayInSeconds: 60 }] } });
    const queues = (await (await fetch(`${base}/__sandbox/queues`)).json()) as { queues: unknown[] };
    expect(queues.queues).toEqual([{ queue: 'index-queue', pending: 1, running: 0, nextDueAt: clock.now() + 60_000 }]);
    expect(await (await post('/__sandbox/drain', { advanceClock: true })).json()).toEqual({ delayedPending: 0 });
    expect(fixture.observed.consumed).toHaveLength(1);
    const history = (await (await fetch(`${base}/__sandbox/invocations`)).json()) as { invocations: Array<{ kind: string }> };
    expect(history.invocations.map((i) => i.kind)).toEqual(['scheduledTrigger', 'scheduledTrigger', 'resolver', 'consumer']);
    expect(fixture.observed.scans).toHaveLength(1);
    expect(fixture.observed.hourly).toBe(1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('on a real clock the scheduler fires only the latest missed tick, as Forge does not make up runs', async () => {
  const db = openHostDatabase(':memory:');
  let now = 1_000_000;
  const fired: number[] = [];
  const scheduler = new Scheduler({
    db,
    triggers: [{ key: 'scan', function: 'scan-fn', interval: 'fiveMinute' }],
    now: () => now,
    catchUp: false,
    fire: async (_trigger, at) => {
      fired.push(at - 1_000_000);
    },
  });
  now += 17 * 60_000;
  await scheduler.check();
  expect(fired).toEqual([15 * 60_000]);
  expect(scheduler.nextTickAt()).toBe(1_000_000 + 20 * 60_000);
  scheduler.close();
  db.close();
});
