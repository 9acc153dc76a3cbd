/**
 * A page event that arrives while storage is over its quota is kept and retried (the trigger answers with an
 * InvocationError, the host delivers it again a minute later), not dropped until the next scan.
 */
import { DEFAULT_STORAGE_BACKOFF } from '../../src/app/adapters/storage-backoff';
import { drainAll, pageId, startFaultSandbox, type FaultSandbox } from '../support/fault-sandbox';
import { readPageRecords } from '../support/index-layout';

let fx: FaultSandbox;
beforeAll(async () => {
  fx = await startFaultSandbox();
}, 60_000);
afterAll(() => fx?.close());

test('an edit whose event met RATE_LIMIT_EXCEEDED is indexed a minute later, before any scan runs', async () => {
  // Line the clock up just after a scan so the next one is four minutes away.
  fx.clock.set(Math.ceil(fx.clock.now() / 300_000) * 300_000 + 1_000);
  await drainAll(fx.sb);
  const id = pageId(fx, 'Runbook: Postgres failover');
  const before = readPageRecords(fx.sb.host, fx.libraryId).get(id)!.version;
  // The trigger's read of the Libraries is refused, as when the minute's read units are spent: on every attempt the
  // storage adapter makes (it waits out a per-second refusal a few times, then gives up), so the trigger must retry.
  const attempts = DEFAULT_STORAGE_BACKOFF.delaysMs.length + 1;
  fx.sb.host.kvsFaults.add({ code: 'RATE_LIMIT_EXCEEDED', status: 429, op: 'read', keyPrefix: 'lib:', count: attempts });
  const editedAt = fx.clock.now();
  fx.sb.sim.control.updatePage(id, { as: fx.admin.accountId, body: '<p>Failover is rehearsed every quarter.</p>' });
  await fx.sb.host.drain({ timeoutMs: 30_000 });
  expect(fx.sb.host.kvsFaults.list()).toEqual([]);
  expect(readPageRecords(fx.sb.host, fx.libraryId).get(id)!.version).toBe(before);

  fx.clock.advance(61_000);
  await fx.sb.host.drain({ timeoutMs: 30_000 });
  expect(readPageRecords(fx.sb.host, fx.libraryId).get(id)!.version).toBe(before + 1);
  const scans = fx.sb.host.invocations().filter((i) => i.functionKey === 'run-scan' && i.startedAt > editedAt);
  expect(scans).toEqual([]);
  const triggers = fx.sb.host.invocations().filter((i) => i.kind === 'trigger' && i.startedAt >= editedAt);
  expect(triggers.map((i) => i.outcome)).toEqual(['retry', 'success']);
}, 60_000);
