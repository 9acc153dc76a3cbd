/** The host's async events, driven through the real `@forge/events` SDK on a stepped clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidPushSettingsError, PayloadTooBigError, Queue, RateLimitError, TooManyEventsError } from '@forge/events';
import { RealClock, SteppedClock } from '../../../sandbox/clock';
import { startForgeHost, type ForgeHost, type ForgeHostOptions } from '../../../sandbox/forge';
import * as fixture from '../../fixtures/host-app';

const manifestPath = join(__dirname, '../../fixtures/host-app/manifest.yml');
const noConfluence: ForgeHostOptions['confluence'] = { mode: 'site', siteUrl: 'http://127.0.0.1:9', email: 'a@example.com', apiToken: 'unused-token' };

let clock: SteppedClock;
let host: ForgeHost;
const queue = new Queue({ key: 'index-queue' });
const push = (events: Parameters<Queue['push']>[0]) => host.withInvocation(() => queue.push(events));
const stats = (jobId: string) => host.withInvocation(() => queue.getJob(jobId).getStats());

async function start(extra: Partial<ForgeHostOptions> = {}): Promise<void> {
  clock = new SteppedClock();
  host = await startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock, confluence: noConfluence, ...extra });
}

beforeEach(async () => {
  fixture.observed.reset();
  await start();
});
afterEach(() => host.close());

test('an InvocationError is retried after its retryAfter seconds on the host clock, with the retry count', async () => {
  const { jobId } = await push({ body: { n: 1, failTimes: 2, retryAfter: 30 } });
  expect(await host.drain()).toEqual({ delayedPending: 1 });
  expect(fixture.observed.consumed).toHaveLength(0);
  expect(await stats(jobId)).toEqual({ success: 0, inProgress: 1, failed: 0 });

  clock.advance(29_000);
  await host.drain();
  expect(host.invocations().filter((i) => i.kind === 'consumer').map((i) => i.outcome)).toEqual(['retry']);
  clock.advance(1_000);
  await host.drain();
  expect(host.invocations().filter((i) => i.kind === 'consumer').map((i) => i.outcome)).toEqual(['retry', 'retry']);

  await host.drain({ advanceClock: true });
  expect(fixture.observed.consumed.map((c) => c.retryCount)).toEqual([2]);
  expect(fixture.observed.retryData).toEqual([{ attempt: 0 }, { attempt: 1 }]);
  expect(await stats(jobId)).toEqual({ success: 1, inProgress: 0, failed: 0 });
});

test('delayInSeconds holds an event until the clock passes it; 900 s at most', async () => {
  await push({ body: { n: 1 }, delayInSeconds: 120 });
  await host.drain();
  expect(fixture.observed.consumed).toHaveLength(0);
  expect(host.queueDepth()).toEqual([{ queue: 'index-queue', pending: 1, running: 0, nextDueAt: clock.now() + 120_000 }]);
  clock.advance(120_000);
  await host.drain();
  expect(fixture.observed.consumed).toHaveLength(1);
  expect(host.queueDepth()).toEqual([]);
  await expect(push({ body: { n: 2 }, delayInSeconds: 901 })).rejects.toBeInstanceOf(InvalidPushSettingsError);
});

test('push limits: 50 events and 200 KB per push', async () => {
  const events = (n: number) => Array.from({ length: n }, (_, i) => ({ body: { i }, delayInSeconds: 900 }));
  await expect(push(events(51))).rejects.toBeInstanceOf(TooManyEventsError);
  await expect(push([{ body: { blob: 'x'.repeat(201 * 1024) } }])).rejects.toBeInstanceOf(PayloadTooBigError);
  await push(events(50));
});

test('500 events per minute per installation (budget on the host clock)', async () => {
  await host.close();
  await start({ limits: { rateClock: 'host' } });
  const events = Array.from({ length: 50 }, (_, i) => ({ body: { i }, delayInSeconds: 900 }));
  for (let i = 0; i < 10; i += 1) await push(events);
  await expect(push(events.slice(0, 1))).rejects.toBeInstanceOf(RateLimitError);
  clock.advance(60_000);
  await push(events.slice(0, 1));
});

test('duplicate delivery on demand: each event reaches the consumer twice with the same eventId', async () => {
  host.setDeliveryMode({ duplicates: true });
  await push([{ body: { n: 1 } }, { body: { n: 2 } }]);
  await host.drain();
  const ids = fixture.observed.consumed.map((c) => c.eventId);
  expect(ids).toHaveLength(4);
  expect(new Set(ids).size).toBe(2);
});

test('out-of-order delivery on demand', async () => {
  await host.close();
  await start({ concurrency: 1 });
  host.setDeliveryMode({ newestFirst: true });
  await push([{ body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
  await host.drain();
  expect(fixture.observed.consumed.map((c) => c.body.n)).toEqual([3, 2, 1]);
});

test('consumers run concurrently, up to the configured concurrency', async () => {
  await host.close();
  await start({ concurrency: 3 });
  await push(Array.from({ length: 6 }, (_, n) => ({ body: { n, sleepMs: 40 } })));
  await host.drain();
  expect(fixture.observed.consumed).toHaveLength(6);
  expect(fixture.observed.maxRunning).toBe(3);
});

test('a consumer that throws is retried later with backoff, not lost', async () => {
  await push({ body: { throw: true } });
  await host.drain();
  const [first] = host.invocations();
  expect(first).toMatchObject({ kind: 'consumer', outcome: 'error', error: 'Error: consumer failed on purpose' });
  expect(host.queueDepth()).toEqual([{ queue: 'index-queue', pending: 1, running: 0, nextDueAt: clock.now() + 15_000 }]);
});

test('a cancelled job delivers nothing more', async () => {
  const { jobId } = await push([{ body: { n: 1 }, delayInSeconds: 60 }]);
  await host.withInvocation(() => queue.cancel(jobId));
  clock.advance(60_000);
  await host.drain();
  expect(fixture.observed.consumed).toHaveLength(0);
  expect(await stats(jobId)).toEqual({ success: 0, inProgress: 0, failed: 1 });
});

test('on a real clock a delayed event is delivered when its time comes', async () => {
  await host.close();
  clock = new SteppedClock();
  host = await startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock: new RealClock(), confluence: noConfluence });
  const delivered = new Promise<void>((resolve) => {
    fixture.observed.onConsume = resolve;
  });
  const pushedAt = Date.now();
  await push({ body: { n: 1 }, delayInSeconds: 1 });
  expect(fixture.observed.consumed).toHaveLength(0);
  // No drain: the host's own timer must deliver it (or the test times out).
  await delivered;
  expect(fixture.observed.consumed).toHaveLength(1);
  expect(Date.now() - pushedAt).toBeGreaterThanOrEqual(1000);
});

test('a concurrency key caps how many of its events run at once', async () => {
  await host.close();
  await start({ concurrency: 4 });
  const limited = Array.from({ length: 4 }, (_, n) => ({ body: { n, sleepMs: 30 }, concurrency: { key: 'source-1', limit: 1 } }));
  await push(limited);
  await host.drain();
  expect(fixture.observed.consumed).toHaveLength(4);
  expect(fixture.observed.maxRunning).toBe(1);
});

test('an event that keeps failing ends as failed: after maxEventRetries, or when its retention window runs out', async () => {
  await host.close();
  await start({ limits: { maxEventRetries: 2 } });
  const { jobId } = await push({ body: { throw: true } });
  await host.drain({ advanceClock: true });
  expect(host.invocations().map((i) => i.outcome)).toEqual(['error', 'error', 'error']);
  expect(await stats(jobId)).toEqual({ success: 0, inProgress: 0, failed: 1 });
  expect(host.failedEvents()).toEqual([expect.objectContaining({ queue: 'index-queue', retryCount: 2, lastError: expect.stringContaining('gave up after 2 retries') })]);

  await host.close();
  await start();
  const second = await push({ body: { failTimes: 1000, retryAfter: 900 } });
  await host.drain({ advanceClock: true, timeoutMs: 20_000 });
  // 24 hours of 15-minute retries: the first delivery plus 95 retries, then the window is spent.
  expect(host.invocations().filter((i) => i.kind === 'consumer')).toHaveLength(96);
  expect(await stats(second.jobId)).toEqual({ success: 0, inProgress: 0, failed: 1 });
});

test('queued events survive a restart of the host on the same data directory', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'forge-queue-'));
  try {
    await host.close();
    await start({ dataDir });
    await push({ body: { n: 7 }, delayInSeconds: 600 });
    await host.close();
    await start({ dataDir });
    expect(host.queueDepth()).toEqual([expect.objectContaining({ queue: 'index-queue', pending: 1 })]);
    await host.drain({ advanceClock: true });
    expect(fixture.observed.consumed.map((c) => c.body.n)).toEqual([7]);
  } finally {
    await host.close();
    await start();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
