import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { SharedReads } from '../../../src/core/store/shared-reads';

/** The inner store's getMany calls, each the keys it was sent: what Forge would count as requests. */
function recorded(store: MemoryKeyValueStore): string[][] {
  const calls: string[][] = [];
  const getMany = store.getMany.bind(store);
  store.getMany = <T>(keys: string[]) => {
    calls.push([...keys]);
    return getMany<T>(keys);
  };
  return calls;
}

describe('SharedReads', () => {
  it('sends reads issued in the same turn as one request and gives each caller its own keys', async () => {
    const inner = new MemoryKeyValueStore();
    await inner.setMany([{ key: 'lib:1', value: { name: 'L' } }, { key: 'ix:h:a', value: 1 }, { key: 'ix:h:b', value: 2 }]);
    const calls = recorded(inner);
    const reads = new SharedReads(inner);
    const [library, heads] = await Promise.all([reads.get('lib:1'), reads.getMany(['ix:h:a', 'ix:h:b', 'ix:h:missing'])]);
    expect(library).toEqual({ name: 'L' });
    expect([...heads]).toEqual([['ix:h:a', 1], ['ix:h:b', 2]]);
    expect(calls).toEqual([['lib:1', 'ix:h:a', 'ix:h:b', 'ix:h:missing']]);
  });

  it('splits the shared keys into batches of 25 sent at once, each key once', async () => {
    const inner = new MemoryKeyValueStore();
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    await inner.setMany(keys.map((key, i) => ({ key, value: i })));
    const calls = recorded(inner);
    const reads = new SharedReads(inner);
    const [a, b] = await Promise.all([reads.getMany(keys), reads.get<number>('k3')]);
    expect(a.size).toBe(40);
    expect(b).toBe(3);
    expect(calls.map((c) => c.length)).toEqual([25, 15]);
  });

  it('sends reads of later turns as requests of their own', async () => {
    const inner = new MemoryKeyValueStore();
    await inner.set('a', 1);
    const calls = recorded(inner);
    const reads = new SharedReads(inner);
    expect(await reads.get('a')).toBe(1);
    expect(await reads.get('a')).toBe(1);
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('fails every read that shared a failed request', async () => {
    const inner = new MemoryKeyValueStore();
    inner.getMany = () => Promise.reject(new Error('store down'));
    const reads = new SharedReads(inner);
    const results = await Promise.allSettled([reads.get('a'), reads.getMany(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
