/**
 * The app's storage adapter waits out Forge KVS's per-second request limit, through the real `@forge/kvs` SDK and
 * the local host's limit (sandbox/forge/kvs/limits.ts). The host's per-second window follows a clock this test
 * moves, and the adapter's pauses move it, so what is tested is the rule, not how fast this machine is.
 */
import { join } from 'node:path';
import { SteppedClock } from '../../sandbox/clock';
import { startForgeHost, type ForgeHost, type ForgeHostOptions } from '../../sandbox/forge';
import { startSandbox } from '../../sandbox/start';
import { ForgeKeyValueStore } from '../../src/app/adapters';
import { errorKind } from '../../src/core/errors';
import * as fixture from '../fixtures/host-app';

const manifestPath = join(__dirname, '../fixtures/host-app/manifest.yml');
const noConfluence: ForgeHostOptions['confluence'] = { mode: 'site', siteUrl: 'http://127.0.0.1:9', email: 'a@example.com', apiToken: 'unused-token' };

let wall = 0;
let host: ForgeHost;
const pauses: number[] = [];
/** A sleeper that moves the per-second window's clock instead of waiting. */
const movingSleep = async (ms: number) => {
  pauses.push(ms);
  wall += ms;
};
const standingSleep = async (ms: number) => {
  pauses.push(ms);
};

beforeEach(async () => {
  wall = 10_000;
  pauses.length = 0;
  host = await startForgeHost({
    manifestPath,
    handlers: fixture,
    dataDir: ':memory:',
    clock: new SteppedClock(),
    confluence: noConfluence,
    limits: { kvs: { requestsPerSecond: 2 }, rateClock: 'host', secondClock: () => wall },
  });
});
afterEach(() => host.close());

it('a request refused for the per-second limit is sent again once the second has turned, and succeeds', async () => {
  const store = new ForgeKeyValueStore({ delaysMs: [100, 200, 400, 800, 1000], sleep: movingSleep });
  await host.withInvocation(async () => {
    await store.set('a', 1);
    await store.set('b', 2);
    // The third request of second 10 is refused; the pauses reach second 11 after 100 + 200 + 400 + 800 ms.
    await store.set('c', 3);
  });
  expect(pauses).toEqual([100, 200, 400, 800]);
  expect(wall).toBe(11_500);
  expect(await host.withInvocation(() => new ForgeKeyValueStore({ delaysMs: [], sleep: movingSleep }).getMany(['a', 'b', 'c']))).toEqual(new Map([['a', 1], ['b', 2], ['c', 3]]));
});

it('every kind of request waits: batches, lists, transactions, set-if-absent', async () => {
  const store = new ForgeKeyValueStore({ delaysMs: [1000], sleep: movingSleep });
  await host.withInvocation(async () => {
    await store.setMany([{ key: 'p:1', value: 1 }, { key: 'p:2', value: 2 }]);
    await store.get('p:1');
    expect((await store.list('p:')).entries.map((e) => e.key)).toEqual(['p:1', 'p:2']);
    expect(await store.setIfAbsent('p:1', 9)).toBe(false);
    await store.transact([{ op: 'set', key: 'p:3', value: 3 }, { op: 'delete', key: 'p:2' }]);
    await store.deleteMany(['p:1']);
  });
  expect(pauses.length).toBeGreaterThanOrEqual(3);
  expect(pauses.every((ms) => ms === 1000)).toBe(true);
  const left = await host.withInvocation(() => new ForgeKeyValueStore({ delaysMs: [1000], sleep: movingSleep }).list('p:'));
  expect(left.entries).toEqual([{ key: 'p:3', value: 3 }]);
});

it('gives up after its bounded pauses with the storage refusal itself, and the refused write left nothing', async () => {
  const store = new ForgeKeyValueStore({ delaysMs: [100, 200, 400, 800, 1000], sleep: standingSleep });
  const refusal = await host
    .withInvocation(async () => {
      await store.get('x');
      await store.get('y');
      await store.set('z', 1);
    })
    .then(() => undefined, (error: unknown) => error);
  expect(pauses).toEqual([100, 200, 400, 800, 1000]);
  expect(refusal).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
  expect(errorKind(refusal)).toBe('quota');
  wall += 1000;
  expect(await host.withInvocation(() => store.get('z'))).toBeUndefined();
});

it('a resolver that storage keeps refusing answers "busy, try again", never a stack trace', async () => {
  // No read units at all this (stepped) minute: the adapter's real pauses (2.5 s) cannot help, so it gives up.
  const sb = await startSandbox({ clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true, dataDir: ':memory:', bootstrap: false, limits: { kvs: { readUnitsPerMinute: 0 } } });
  try {
    const member = sb.seed.users.find((u) => !u.siteAdmin)!;
    const answer = await sb.host.invokeResolver({ moduleKey: 'librarian-ask', functionKey: 'ask', payload: { question: 'How do we deploy?' }, accountId: member.accountId });
    expect(answer).toEqual({ error: { code: 'unavailable', message: 'Librarian is busy right now. Try again in a minute.' } });
  } finally {
    await sb.close();
  }
}, 60_000);

it('any other refusal is thrown at once, without a pause', async () => {
  const store = new ForgeKeyValueStore({ delaysMs: [100, 200], sleep: movingSleep });
  await expect(host.withInvocation(() => store.set('bad/key', 1))).rejects.toMatchObject({ code: 'INVALID_KEY' });
  expect(pauses).toEqual([]);
});
