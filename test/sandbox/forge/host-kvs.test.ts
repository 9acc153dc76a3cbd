/** The host's KVS, driven through the real `@forge/kvs` SDK: protocol, Forge's limits and errors, persistence. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Filter, FilterConditions, WhereConditions, kvs, MetadataField } from '@forge/kvs';
import { SteppedClock } from '../../../sandbox/clock';
import { startForgeHost, type ForgeHost, type ForgeHostOptions } from '../../../sandbox/forge';
import * as fixture from '../../fixtures/host-app';

const manifestPath = join(__dirname, '../../fixtures/host-app/manifest.yml');
const noConfluence: ForgeHostOptions['confluence'] = { mode: 'site', siteUrl: 'http://127.0.0.1:9', email: 'a@example.com', apiToken: 'unused-token' };

function start(extra: Partial<ForgeHostOptions> = {}): Promise<ForgeHost> {
  return startForgeHost({ manifestPath, handlers: fixture, dataDir: ':memory:', clock: new SteppedClock(), confluence: noConfluence, ...extra });
}

describe('KVS through @forge/kvs', () => {
  let host: ForgeHost;
  const inHost = <T>(fn: () => Promise<T>) => host.withInvocation(fn);
  beforeEach(async () => {
    host = await start();
  });
  afterEach(() => host.close());

  test('set, get with metadata, delete; absent keys read as undefined', async () => {
    await inHost(() => kvs.set('library:1', { name: 'Eng' }));
    expect(await inHost(() => kvs.get('library:1'))).toEqual({ name: 'Eng' });
    const withMeta = await inHost(() => kvs.get('library:1', { metadataFields: [MetadataField.CREATED_AT] }));
    expect(withMeta).toEqual({ key: 'library:1', value: { name: 'Eng' }, createdAt: host.clock.now() });
    await inHost(() => kvs.delete('library:1'));
    await inHost(() => kvs.delete('library:1'));
    expect(await inHost(() => kvs.get('library:1'))).toBeUndefined();
  });

  test('keys: Forge charset and 500 characters', async () => {
    await expect(inHost(() => kvs.set('bad/key', 1))).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(inHost(() => kvs.set('k'.repeat(501), 1))).rejects.toMatchObject({ code: 'KEY_TOO_LONG' });
    await expect(inHost(() => kvs.set('   ', 1))).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await inHost(() => kvs.set(`${'k'.repeat(490)}:a.b-c#d`, 1));
    expect(await inHost(() => kvs.get(`${'k'.repeat(490)}:a.b-c#d`))).toBe(1);
  });

  test('values: depth 31 passes, 32 fails; 240 KiB passes, one byte more fails', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });
    await inHost(() => kvs.set('deep', nest(31)));
    await expect(inHost(() => kvs.set('deep', nest(32)))).rejects.toMatchObject({ code: 'MAX_DEPTH' });
    const fits = 'x'.repeat(240 * 1024 - 2); // JSON adds two quotes
    await inHost(() => kvs.set('big', fits));
    await expect(inHost(() => kvs.set('big', `${fits}x`))).rejects.toMatchObject({ code: 'MAX_SIZE' });
  });

  test('keyPolicy and returnValue', async () => {
    await inHost(() => kvs.set('cfg', 1, { keyPolicy: 'FAIL_IF_EXISTS' }));
    await expect(inHost(() => kvs.set('cfg', 2, { keyPolicy: 'FAIL_IF_EXISTS' }))).rejects.toMatchObject({ code: 'KEY_ALREADY_EXISTS' });
    const previous = await inHost(() => kvs.set('cfg', 3, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }));
    expect(previous).toEqual({ key: 'cfg', value: 1 });
    const latest = await inHost(() => kvs.set('cfg', 4, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' }));
    expect(latest).toEqual({ key: 'cfg', value: 4 });
  });

  test('query: beginsWith, limit, cursor; at most 100; secrets never listed', async () => {
    for (let i = 0; i < 7; i += 1) await inHost(() => kvs.set(`chunk:${i}`, i));
    await inHost(() => kvs.set('other', 0));
    await inHost(() => kvs.setSecret('chunk:secret', 'hidden'));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await inHost(() => {
        const q = kvs.query().where('key', WhereConditions.beginsWith('chunk:')).limit(3);
        return (cursor ? q.cursor(cursor) : q).getMany();
      });
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['chunk:0', 'chunk:1', 'chunk:2', 'chunk:3', 'chunk:4', 'chunk:5', 'chunk:6']);
    await expect(inHost(() => kvs.query().limit(101).getMany())).rejects.toMatchObject({ code: 'LIST_QUERY_LIMIT_EXCEEDED' });
  });

  test('secrets live apart from values', async () => {
    await inHost(() => kvs.setSecret('token', 'abc'));
    expect(await inHost(() => kvs.getSecret('token'))).toBe('abc');
    expect(await inHost(() => kvs.get('token'))).toBeUndefined();
    await inHost(() => kvs.deleteSecret('token'));
    expect(await inHost(() => kvs.getSecret('token'))).toBeUndefined();
  });

  test('batches: 25 operations at most; item failures are reported per key', async () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `b:${i}`, value: i }));
    await expect(inHost(() => kvs.batchSet(items(26)))).rejects.toMatchObject({ code: 'BATCH_SIZE_EXCEEDED' });
    const result = await inHost(() => kvs.batchSet([...items(2), { key: 'bad key/', value: 1 }]));
    expect(result.successfulKeys).toEqual([{ key: 'b:0' }, { key: 'b:1' }]);
    expect(result.failedKeys).toEqual([{ key: 'bad key/', error: expect.objectContaining({ code: 'INVALID_KEY' }) }]);
    const got = await inHost(() => kvs.batchGet([{ key: 'b:0' }, { key: 'b:1' }, { key: 'missing' }]));
    expect(got.successfulKeys.map((r) => [r.key, r.value])).toEqual([['b:0', 0], ['b:1', 1]]);
    await inHost(() => kvs.batchDelete([{ key: 'b:0' }, { key: 'b:1' }]));
    expect(await inHost(() => kvs.get('b:0'))).toBeUndefined();
    await expect(inHost(() => kvs.batchSet([{ key: 'd', value: 1 }, { key: 'd', value: 2 }]))).rejects.toMatchObject({ code: 'DUPLICATE_KEYS' });
  });

  test('transactions are atomic, 25 operations at most, one use per key', async () => {
    await inHost(() => kvs.transact().set('t:1', 1).set('t:2', 2).delete('t:3').execute());
    expect(await inHost(() => kvs.get('t:2'))).toBe(2);
    const tooMany = () => {
      let tx = kvs.transact();
      for (let i = 0; i < 26; i += 1) tx = tx.set(`t:${i}`, i);
      return tx.execute();
    };
    await expect(inHost(tooMany)).rejects.toMatchObject({ code: 'TRANSACTION_SIZE_EXCEEDED' });
    await expect(inHost(() => kvs.transact().set('t:1', 5).delete('t:1').execute())).rejects.toMatchObject({ code: 'DUPLICATE_KEYS' });

    // A failing entity condition rolls back the whole transaction, including its plain KVS write.
    await inHost(() => kvs.entity('page-record').set('p1', { spaceKey: 'ENG', title: 'A', version: 1 }));
    const stale = new Filter<{ version: number }>().and('version', FilterConditions.equalTo(0));
    await expect(
      inHost(() => kvs.transact().set('t:1', 99).set('p1', { spaceKey: 'ENG', title: 'A', version: 2 }, { entityName: 'page-record', conditions: stale }).execute()),
    ).rejects.toMatchObject({ code: 'CONDITION_CHECK_FAILED' });
    expect(await inHost(() => kvs.get('t:1'))).toBe(1);
    const current = new Filter<{ version: number }>().and('version', FilterConditions.equalTo(1));
    await inHost(() => kvs.transact().set('p1', { spaceKey: 'ENG', title: 'A', version: 2 }, { entityName: 'page-record', conditions: current }).execute());
    expect(await inHost(() => kvs.entity('page-record').get('p1'))).toMatchObject({ version: 2 });
  });

  test('custom entities: query an index by partition and range, with a cursor', async () => {
    const pages = kvs.entity<{ spaceKey: string; title: string; version: number }>('page-record');
    for (const [key, spaceKey, title] of [['1', 'ENG', 'Deploy'], ['2', 'ENG', 'Alerts'], ['3', 'OPS', 'Backup'], ['4', 'ENG', 'Build']]) {
      await inHost(() => pages.set(key, { spaceKey, title, version: 1 }));
    }
    const first = await inHost(() => pages.query().index('by-space', { partition: ['ENG'] }).limit(2).getMany());
    expect(first.results.map((r) => r.value.title)).toEqual(['Alerts', 'Build']);
    const rest = await inHost(() => pages.query().index('by-space', { partition: ['ENG'] }).cursor(first.nextCursor as string).getMany());
    expect(rest.results.map((r) => r.value.title)).toEqual(['Deploy']);
    expect(rest.nextCursor).toBeUndefined();
    const ranged = await inHost(() => pages.query().index('by-space', { partition: ['ENG'] }).where(WhereConditions.beginsWith('B')).getMany());
    expect(ranged.results.map((r) => r.key)).toEqual(['4']);
    await expect(inHost(() => kvs.entity('undeclared').set('x', { a: 1 }))).rejects.toMatchObject({ code: 'INVALID_ENTITY_TYPE' });
  });

  test('TTL follows the host clock', async () => {
    await inHost(() => kvs.set('lease', 'mine', { ttl: { value: 30, unit: 'SECONDS' } }));
    expect(await inHost(() => kvs.get('lease'))).toBe('mine');
    (host.clock as SteppedClock).advance(31_000);
    expect(await inHost(() => kvs.get('lease'))).toBeUndefined();
  });
});

test('write units per minute: a breach is RATE_LIMIT_EXCEEDED (429) until the minute turns', async () => {
  const clock = new SteppedClock();
  const host = await start({ clock, limits: { kvs: { writeUnitsPerMinute: 5 }, rateClock: 'host' } });
  try {
    // 25 KB rounds up to three 10 KB units.
    await host.withInvocation(() => kvs.set('w:0', 'x'.repeat(25 * 1024)));
    expect(host.kvsUsage().writeUnits).toBe(3);
    await host.withInvocation(() => kvs.set('w:1', 1));
    await host.withInvocation(() => kvs.set('w:2', 1));
    await expect(host.withInvocation(() => kvs.set('w:3', 1))).rejects.toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      responseDetails: expect.objectContaining({ status: 429 }),
    });
    clock.advance(60_000);
    await host.withInvocation(() => kvs.set('w:3', 1));
  } finally {
    await host.close();
  }
});

test('state survives a restart of the host on the same data directory', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'forge-host-'));
  try {
    const first = await start({ dataDir });
    await first.withInvocation(() => kvs.set('persisted', { ok: true }));
    await first.close();
    const second = await start({ dataDir });
    expect(await second.withInvocation(() => kvs.get('persisted'))).toEqual({ ok: true });
    await second.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
