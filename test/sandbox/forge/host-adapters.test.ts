/** The Forge adapters of src/app/adapters (the core's ports over the real SDKs), run inside the local host. */
import { join } from 'node:path';
import api, { NeedsAuthenticationError, ProxyRequestError, route } from '@forge/api';
import { SteppedClock } from '../../../sandbox/clock';
import { startSimulator, type Simulator } from '../../../sandbox/confluence';
import { startForgeHost, simulatorConfluence, type ForgeHost } from '../../../sandbox/forge';
import { ForgeConfluenceTransport, ForgeJobQueue, ForgeKeyValueStore } from '../../../src/app/adapters';
import { TransactionConflictError } from '../../../src/core/ports';
import * as fixture from '../../fixtures/host-app';

const manifestPath = join(__dirname, '../../fixtures/host-app/manifest.yml');

let sim: Simulator;
let host: ForgeHost;
const store = new ForgeKeyValueStore();
const inHost = <T>(fn: () => Promise<T>, accountId?: string) => host.withInvocation(fn, { accountId });

beforeAll(async () => {
  const clock = new SteppedClock();
  sim = await startSimulator({
    clock,
    seed: {
      site: { name: 'Adapters', timeZone: 'UTC' },
      users: [{ accountId: 'user-ada', email: 'ada@example.com', displayName: 'Ada', apiToken: 'ada-token-123' }],
      groups: [],
      spaces: [{ key: 'ENG', name: 'Engineering', type: 'global', permissions: [{ principal: { type: 'user', accountId: 'user-ada' }, operations: ['read'] }] }],
      pages: [{ ref: 'p', spaceKey: 'ENG', title: 'Only Ada', authorAccountId: 'user-ada', createdAt: '2026-01-01T00:00:00Z', body: '<p>x</p>' }],
    },
  });
  host = await startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock, confluence: simulatorConfluence(sim) });
});
afterAll(async () => {
  await host.close();
  await sim.close();
});

test('KeyValueStore: many-key operations split into Forge-sized batches', async () => {
  const entries = Array.from({ length: 60 }, (_, i) => ({ key: `item:${String(i).padStart(3, '0')}`, value: { i } }));
  await inHost(() => store.setMany(entries));
  const got = await inHost(() => store.getMany<{ i: number }>([...entries.map((e) => e.key), 'item:missing']));
  expect(got.size).toBe(60);
  expect(got.get('item:059')).toEqual({ i: 59 });
  await inHost(() => store.deleteMany(entries.slice(0, 30).map((e) => e.key)));
  expect(await inHost(() => store.get('item:000'))).toBeUndefined();
  expect(await inHost(() => store.get('item:030'))).toEqual({ i: 30 });
});

test('KeyValueStore: list pages through a prefix 100 at a time', async () => {
  await inHost(() => store.setMany(Array.from({ length: 230 }, (_, i) => ({ key: `chunk:${String(i).padStart(3, '0')}`, value: i }))));
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await inHost(() => store.list<number>('chunk:', { cursor }));
    keys.push(...page.entries.map((e) => e.key));
    cursor = page.cursor;
    pages += 1;
  } while (cursor);
  expect(keys).toHaveLength(230);
  expect(pages).toBe(3);
  expect(keys[229]).toBe('chunk:229');
});

test('KeyValueStore: setIfAbsent and transactions with checkAbsent', async () => {
  expect(await inHost(() => store.setIfAbsent('lock:sync', { owner: 'a' }))).toBe(true);
  expect(await inHost(() => store.setIfAbsent('lock:sync', { owner: 'b' }))).toBe(false);
  expect(await inHost(() => store.get('lock:sync'))).toEqual({ owner: 'a' });
  await expect(inHost(() => store.transact([{ op: 'checkAbsent', key: 'lock:sync' }, { op: 'set', key: 'x', value: 1 }]))).rejects.toBeInstanceOf(TransactionConflictError);
  expect(await inHost(() => store.get('x'))).toBeUndefined();
  await inHost(() => store.transact([{ op: 'checkAbsent', key: 'lock:new' }, { op: 'set', key: 'x', value: 1 }, { op: 'delete', key: 'lock:sync' }]));
  expect(await inHost(() => store.get('x'))).toBe(1);
  expect(await inHost(() => store.get('lock:sync'))).toBeUndefined();
});

test('SecretStore keeps secrets out of ordinary reads', async () => {
  await inHost(() => store.setSecret('smtp', { password: 'p' }));
  expect(await inHost(() => store.getSecret('smtp'))).toEqual({ password: 'p' });
  expect(await inHost(() => store.get('smtp'))).toBeUndefined();
  await inHost(() => store.deleteSecret('smtp'));
  expect(await inHost(() => store.getSecret('smtp'))).toBeUndefined();
});

test('JobQueue pushes reach the consumer with their delay', async () => {
  fixture.observed.reset();
  const queue = new ForgeJobQueue<{ step: string }>('index-queue');
  const jobId = await inHost(() => queue.push([{ step: 'a' }, { step: 'b' }], { delaySeconds: 30 }));
  expect(typeof jobId).toBe('string');
  expect(await host.drain()).toEqual({ delayedPending: 2 });
  await host.drain({ advanceClock: true });
  expect(fixture.observed.consumed.map((c) => c.body.step).sort()).toEqual(['a', 'b']);
});

test('ConfluenceTransport: asUser sees what the user may read, asApp what the app may', async () => {
  const transport = new ForgeConfluenceTransport();
  const asUser = await inHost(() => transport.request('user', '/wiki/api/v2/pages?limit=10'), 'user-ada');
  expect(asUser.status).toBe(200);
  expect((JSON.parse(await asUser.text()) as { results: Array<{ title: string }> }).results.map((p) => p.title)).toEqual(['Only Ada']);
  const asApp = await inHost(() => transport.request('app', '/wiki/api/v2/pages?limit=10'));
  expect(asApp.status).toBe(200);
  expect((JSON.parse(await asApp.text()) as { results: unknown[] }).results).toEqual([]);
  const impersonating = new ForgeConfluenceTransport({ userAccountId: 'user-ada' });
  const fromConsumer = await inHost(() => impersonating.request('user', '/wiki/api/v2/pages?limit=10'));
  expect(fromConsumer.status).toBe(200);
});

test('asUser() with no invoking user fails as on Forge; products the host does not serve give a proxy error', async () => {
  const transport = new ForgeConfluenceTransport();
  await expect(inHost(() => transport.request('user', '/wiki/api/v2/pages'))).rejects.toBeInstanceOf(NeedsAuthenticationError);
  await expect(inHost(() => api.asApp().requestJira(route`/rest/api/3/myself`))).rejects.toBeInstanceOf(ProxyRequestError);
});
