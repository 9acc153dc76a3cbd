import { MemoryKeyValueStore } from '../../../../sandbox/forge/kvs/memory-store';

describe('MemoryKeyValueStore write units', () => {
  it('counts Forge write units per request: 10 KB rounded up, a batch as one request, a delete as one', async () => {
    const store = new MemoryKeyValueStore();
    await store.set('small', 'x');
    expect(store.counters.writeUnits).toBe(1);
    await store.set('big', 'y'.repeat(25 * 1024));
    expect(store.counters.writeUnits).toBe(1 + 3);
    // 25 values of ~1 KB: one batch of ~25 KB, 3 units (not 25).
    await store.setMany(Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, value: 'z'.repeat(1000) })));
    expect(store.counters.writeUnits).toBe(4 + 3);
    await store.deleteMany(Array.from({ length: 30 }, (_, i) => `k${i}`));
    expect(store.counters.writeUnits).toBe(7 + 2);
    await store.setIfAbsent('small', 'again');
    expect(store.counters.writeUnits).toBe(10);
    expect(store.resetCounters().writeUnits).toBe(10);
    expect(store.counters.writeUnits).toBe(0);
  });
});
