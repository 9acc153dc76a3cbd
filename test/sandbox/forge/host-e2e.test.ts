/**
 * End to end through the real SDKs (issue 3, item 5): `@forge/bridge` invoke -> resolver -> `requestConfluence`,
 * `@forge/kvs`, `@forge/events` -> consumer; and a 300 KiB value failing as Forge fails it.
 */
import { join } from 'node:path';
import { kvs, ForgeKvsAPIError } from '@forge/kvs';
import { SteppedClock } from '../../../sandbox/clock';
import { startForgeHost, simulatorConfluence, type ForgeHost } from '../../../sandbox/forge';
import { createNodeBridge, type NodeBridge } from '../../../sandbox/forge/node-bridge';
import * as fixture from '../../fixtures/host-app';
import { startStubConfluence, type StubConfluence } from '../../fixtures/host-app/stub-confluence';

const manifestPath = join(__dirname, '../../fixtures/host-app/manifest.yml');

let stub: StubConfluence;
let host: ForgeHost;
let bridge: NodeBridge;
let invoke: (functionKey: string, payload?: Record<string, unknown>) => Promise<unknown>;

beforeAll(async () => {
  const clock = new SteppedClock();
  stub = await startStubConfluence(() => clock.now());
  host = await startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock, confluence: simulatorConfluence({ url: stub.url }) });
  bridge = createNodeBridge(host, { moduleKey: 'ask-macro', accountId: 'user-ada', extension: { space: { key: 'ENG' }, content: { id: '101', type: 'page' } } });
  // The browser page installs __bridge before the app's bundle loads @forge/bridge; do the same here.
  (globalThis as unknown as { __bridge: NodeBridge }).__bridge = { callBridge: (name, payload) => bridge.callBridge(name, payload) };
  ({ invoke } = (await import('@forge/bridge')) as unknown as { invoke: typeof invoke });
});

afterAll(async () => {
  await host.close();
  await stub.close();
});

beforeEach(() => fixture.observed.reset());

test('a resolver reads a page, stores it, pushes an event, and the consumer receives it', async () => {
  const result = (await invoke('indexPage', { pageId: '101', as: 'user' })) as { status: number; title: string; jobId: string };
  expect(result).toMatchObject({ status: 200, title: 'Page 101' });

  // The page request went out with the invoking user's consent token, not the app's.
  expect(stub.tokensIssued).toContainEqual({ kind: 'user', accountId: 'user-ada' });
  expect(stub.seenAuth.at(-1)).toMatch(/^Bearer tok-user-/);

  await host.drain();
  expect(fixture.observed.consumed).toHaveLength(1);
  expect(fixture.observed.consumed[0]).toMatchObject({ body: { pageId: '101', title: 'Page 101' }, jobId: result.jobId, retryCount: 0 });
  expect(fixture.observed.consumed[0].installContext).toBe(host.identity.installContext);

  const stored = await host.withInvocation(() => kvs.get('page:101'));
  expect(stored).toEqual({ title: 'Page 101', version: 3, by: 'user-ada' });
  const stats = await invoke('jobStats', { jobId: result.jobId });
  expect(stats).toEqual({ success: 1, inProgress: 0, failed: 0 });
});

test('asApp() uses the app token', async () => {
  const result = (await invoke('indexPage', { pageId: '102', as: 'app' })) as { status: number };
  expect(result.status).toBe(200);
  expect(stub.seenAuth.at(-1)).toMatch(/^Bearer tok-app-/);
  await host.drain();
});

test('a lapsed user consent reaches the caller as 401', async () => {
  stub.revoke('user-ada');
  const result = await invoke('indexPage', { pageId: '103', as: 'user' });
  expect(result).toEqual({ status: 401 });
});

test('a 300 KiB value fails with the SDK error Forge raises', async () => {
  const value = 'x'.repeat(300 * 1024);
  await expect(host.withInvocation(() => kvs.set('too-big', value))).rejects.toMatchObject({
    name: 'ForgeKvsError',
    code: 'MAX_SIZE',
    responseDetails: expect.objectContaining({ status: 400, httpPath: '/api/v1/set' }),
  });
  await expect(host.withInvocation(() => kvs.set('too-big', value))).rejects.toBeInstanceOf(ForgeKvsAPIError);

  // Through the bridge, the resolver's failure reaches the UI as an invocation error naming the SDK's error.
  await expect(invoke('storeValue', { key: 'too-big', value })).rejects.toMatchObject({ code: 'FUNCTION_ERR', message: expect.stringContaining('240 KiB') });
  expect(await host.withInvocation(() => kvs.get('too-big'))).toBeUndefined();
});

test('the resolver context comes from the host, not from the payload', async () => {
  const who = (await invoke('whoami', { accountId: 'attacker' })) as Record<string, unknown>;
  expect(who).toEqual({
    accountId: 'user-ada',
    license: { isActive: true },
    installContext: host.identity.installContext,
    extension: { type: 'macro', space: { key: 'ENG' }, content: { id: '101', type: 'page' } },
  });
});
