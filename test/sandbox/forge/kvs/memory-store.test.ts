import { KVS_LIMITS, TransactionConflictError } from '../../../../src/core/ports';
import { MemoryKeyValueStore, StoreLimitError } from '../../../../sandbox/forge/kvs/memory-store';

describe('MemoryKeyValueStore enforces Forge KVS limits', () => {
  it('refuses keys outside Forge’s charset or longer than 500 characters', async () => {
    const store = new MemoryKeyValueStore();
    await expect(store.set('a/b', 1)).rejects.toThrow(StoreLimitError);
    await expect(store.set('é', 1)).rejects.toThrow(StoreLimitError);
    await expect(store.set('k'.repeat(501), 1)).rejects.toThrow(/500/);
    await store.set('ok:key_1.2-3 #x', 1);
    expect(await store.get('ok:key_1.2-3 #x')).toBe(1);
  });

  it('measures values as UTF-8 JSON against 240 KiB', async () => {
    const store = new MemoryKeyValueStore();
    const limit = KVS_LIMITS.maxValueBytes;
    await store.set('fits', 'a'.repeat(limit - 2));
    await expect(store.set('over', 'a'.repeat(limit - 1))).rejects.toThrow(/240|245760/);
    // Three bytes per character in UTF-8: a third as many characters already overflow.
    await expect(store.set('cjk', '語'.repeat(Math.ceil(limit / 3)))).rejects.toThrow(StoreLimitError);
  });

  it('refuses values nested deeper than 31 levels', async () => {
    const store = new MemoryKeyValueStore();
    let deep: unknown = 1;
    for (let i = 0; i < 32; i += 1) deep = { d: deep };
    await expect(store.set('deep', deep)).rejects.toThrow(/deeper/);
  });

  it('stores copies, not references', async () => {
    const store = new MemoryKeyValueStore();
    const value = { list: [1] };
    await store.set('v', value);
    value.list.push(2);
    expect(await store.get('v')).toEqual({ list: [1] });
  });

  it('lists by prefix in key order, at most 100 a page, with a cursor', async () => {
    const store = new MemoryKeyValueStore();
    await store.setMany(Array.from({ length: 130 }, (_, i) => ({ key: `p:${String(i).padStart(3, '0')}`, value: i })));
    await store.set('q:other', 0);
    const first = await store.list<number>('p:');
    expect(first.entries).toHaveLength(100);
    expect(first.entries[0].key).toBe('p:000');
    const second = await store.list<number>('p:', { cursor: first.cursor });
    expect(second.entries.map((e) => e.value)).toEqual(Array.from({ length: 30 }, (_, i) => 100 + i));
    expect(second.cursor).toBeUndefined();
    await expect(store.list('p:', { limit: 101 })).rejects.toThrow(StoreLimitError);
  });

  it('batches getMany/setMany/deleteMany by 25 and counts reads and read units', async () => {
    const store = new MemoryKeyValueStore();
    await store.setMany(Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: i })));
    expect(store.counters.operations).toBe(3);
    store.resetCounters();
    await store.set('big', 'x'.repeat(25_000));
    store.resetCounters();
    const got = await store.getMany<number>(['k1', 'k2', 'missing', 'big']);
    expect(got.size).toBe(3);
    expect(store.counters).toMatchObject({ keysRead: 4, readCalls: 1, operations: 1, readUnits: 1 + 1 + 1 + 3 });
    // As Forge bills them, the batch is one request of ~25 KB: 3 units, not one per value.
    expect(store.counters.requestReadUnits).toBe(3);
  });

  it('counts read units per request as well: a batch of 25 keys and a listing page are one request each', async () => {
    const store = new MemoryKeyValueStore();
    await store.setMany(Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: i })));
    await store.set('wide', 'y'.repeat(15_000));
    store.resetCounters();
    await store.getMany<number>(Array.from({ length: 30 }, (_, i) => `k${i}`));
    expect(store.counters).toMatchObject({ readCalls: 2, readUnits: 30, requestReadUnits: 2 });
    store.resetCounters();
    const page = await store.list<number>('k');
    expect(page.entries).toHaveLength(60);
    expect(store.counters).toMatchObject({ listCalls: 1, readUnits: 60, requestReadUnits: 1 });
    store.resetCounters();
    expect(await store.get('nothing')).toBeUndefined();
    expect(await store.get<string>('wide')).toHaveLength(15_000);
    expect(store.counters).toMatchObject({ readCalls: 2, readUnits: 1 + 2, requestReadUnits: 1 + 2 });
  });

  it('applies a transaction whole or not at all, and fails when a checked key exists', async () => {
    const store = new MemoryKeyValueStore();
    await store.set('taken', 1);
    await expect(store.transact([{ op: 'set', key: 'a', value: 1 }, { op: 'checkAbsent', key: 'taken' }])).rejects.toThrow(TransactionConflictError);
    expect(await store.get('a')).toBeUndefined();
    await store.transact([{ op: 'set', key: 'a', value: 1 }, { op: 'delete', key: 'taken' }, { op: 'checkAbsent', key: 'b' }]);
    expect(await store.get('a')).toBe(1);
    expect(await store.get('taken')).toBeUndefined();
    await expect(store.transact(Array.from({ length: 26 }, (_, i) => ({ op: 'delete' as const, key: `x${i}` })))).rejects.toThrow(/25/);
  });

  it('lists in key order while keys come and go between lists (its sorted keys are kept in place, not rebuilt)', async () => {
    const store = new MemoryKeyValueStore();
    const held = new Set<string>();
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let step = 0; step < 600; step += 1) {
      const key = `k:${next() % 97}:${next() % 5}`;
      if (next() % 3 === 0) {
        await store.delete(key);
        held.delete(key);
      } else {
        await store.set(key, step);
        held.add(key);
      }
      if (step % 7 === 0) {
        const prefix = `k:${next() % 97}:`;
        const listed = (await store.list(prefix, { limit: 100 })).entries.map((e) => e.key);
        expect(listed).toEqual([...held].filter((k) => k.startsWith(prefix)).sort());
      }
    }
    expect(store.keys('k:')).toEqual([...held].sort());
    // Many changes between two listings: the order is rebuilt rather than patched, and still right.
    for (let i = 0; i < 150; i += 1) {
      const key = `k:${next() % 97}:${next() % 5}`;
      if (i % 4 === 0) {
        await store.delete(key);
        held.delete(key);
      } else {
        await store.set(key, i);
        held.add(key);
      }
    }
    expect((await store.list('k:1', { limit: 100 })).entries.map((e) => e.key)).toEqual([...held].filter((k) => k.startsWith('k:1')).sort().slice(0, 100));
    expect(store.keys('k:')).toEqual([...held].sort());
  });

  it('lets exactly one of several concurrent setIfAbsent calls win, even with latency', async () => {
    const store = new MemoryKeyValueStore({ latencyMs: 2 });
    const results = await Promise.all([1, 2, 3, 4].map((n) => store.setIfAbsent('lease', n)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
