import type { KeyValueStore, ListPage, StoredEntry, TransactionOp } from '../../../src/core/ports';
import { SearchIndex } from '../../../src/core/index';
import { resolveConfig } from '../../../src/core/index/config';
import { acquireLease } from '../../../src/core/index/lease';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { pageDocument, type StoragePage } from '../../../src/core/sync';

const T0 = 1_700_000_000_000;

function steppedClock(): { now: () => number; at: number } {
  const clock = { at: T0, now: () => clock.at };
  return clock;
}

function page(id: string, body: string): StoragePage {
  return { pageId: id, version: 1, spaceKey: 'ENG', title: `Page ${id}`, url: `https://acme.atlassian.net/wiki/spaces/ENG/pages/${id}`, body };
}

/** Refuses writes to lease keys while `failing` is set, as Forge does once the write quota of the minute is spent. */
class QuotaStore extends MemoryKeyValueStore {
  failing = false;
  override async set<T>(key: string, value: T): Promise<void> {
    if (this.failing && key.includes(':lease:')) throw new Error('429 RATE_LIMIT_EXCEEDED: too many write units');
    return super.set(key, value);
  }
}

/** Lists values as they were when `freeze` was called (KVS listing is eventually consistent); gets are current. */
class StaleListStore extends MemoryKeyValueStore {
  private snapshot: Map<string, unknown> | undefined;
  async freeze(): Promise<void> {
    this.snapshot = new Map();
    for (const key of this.keys()) this.snapshot.set(key, await this.get(key));
  }
  override async list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>> {
    const page = await super.list<T>(prefix, options);
    const snapshot = this.snapshot;
    if (!snapshot) return page;
    return { ...page, entries: page.entries.map((e): StoredEntry<T> => ({ key: e.key, value: (snapshot.has(e.key) ? snapshot.get(e.key) : e.value) as T })) };
  }
}

/** Passes every call to `inner`, except that its first listing waits until `resume` (a contender that stalls after it listed). */
class StallingStore implements KeyValueStore {
  private listed = false;
  private release: () => void = () => undefined;
  private readonly stalled = new Promise<void>((r) => (this.release = r));
  constructor(private readonly inner: MemoryKeyValueStore) {}
  resume(): void {
    this.release();
  }
  async list<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage<T>> {
    const page = await this.inner.list<T>(prefix, options);
    if (!this.listed) {
      this.listed = true;
      await this.stalled;
    }
    return page;
  }
  get<T>(key: string) { return this.inner.get<T>(key); }
  getMany<T>(keys: string[]) { return this.inner.getMany<T>(keys); }
  set<T>(key: string, value: T) { return this.inner.set(key, value); }
  setIfAbsent<T>(key: string, value: T) { return this.inner.setIfAbsent(key, value); }
  setMany(entries: Array<StoredEntry<unknown>>) { return this.inner.setMany(entries); }
  delete(key: string) { return this.inner.delete(key); }
  deleteMany(keys: string[]) { return this.inner.deleteMany(keys); }
  transact(ops: TransactionOp[]) { return this.inner.transact(ops); }
}

describe('merge lease', () => {
  it('is short and extended by its holder, so a contender stays out while the holder works', async () => {
    const clock = steppedClock();
    const store = new MemoryKeyValueStore();
    // A run budget longer than the 6 extensions below, which are what this test is about.
    const config = resolveConfig({ clock, leaseMs: 120_000, leaseMarginMs: 30_000, mergeRunMs: 480_000 });
    const a = await acquireLease(store, config);
    expect(a).toBeDefined();
    for (let step = 0; step < 6; step += 1) {
      clock.at += 70_000;
      expect(await a?.keep()).toBe(true);
      expect(await acquireLease(store, config)).toBeUndefined();
    }
    // The holder stops extending (it died): the next merger gets in one grant later, not after a whole run.
    clock.at += 120_001;
    const b = await acquireLease(store, config);
    expect(b).toBeDefined();
    // The old holder must not write any more: its grant is past the margin.
    expect(await a?.keep()).toBe(false);
  });

  it('frees a grant whose end no holder could have written (a corrupt or absurd expiry), instead of stalling every merge', async () => {
    const clock = steppedClock();
    const store = new MemoryKeyValueStore();
    const config = resolveConfig({ clock, leaseMs: 120_000, leaseMarginMs: 30_000 });
    // A holder crashed after a bad write: its grant "ends" in the year 33658. A holder only ever writes now + leaseMs.
    await store.set(config.keys.lease(7), { until: 1e15 });
    const next = await acquireLease(store, config);
    expect(next?.epoch).toBe(8);
    // A real grant, even one extended just now from another instance's clock, still keeps others out.
    clock.at += 1_000;
    expect(await acquireLease(store, config)).toBeUndefined();
  });

  it('stops its holder when the invocation nears its deadline, read from the runtime, before its own budget', async () => {
    const clock = steppedClock();
    let left = 250_000;
    const config = resolveConfig({ clock, deadline: { remainingMs: () => left }, deadlineReserveMs: 60_000 });
    const a = await acquireLease(new MemoryKeyValueStore(), config);
    expect(await a?.keep()).toBe(true);
    left = 59_000;
    expect(await a?.keep()).toBe(false);
  });

  it('never extends a grant within the margin of its end, so an extension cannot land after a rival took over', async () => {
    const clock = steppedClock();
    const store = new MemoryKeyValueStore();
    const config = resolveConfig({ clock, leaseMs: 120_000, leaseMarginMs: 30_000 });
    const a = await acquireLease(store, config);
    clock.at += 95_000;
    store.resetCounters();
    expect(await a?.keep()).toBe(false);
    expect(store.counters.keysWritten).toBe(0);
  });

  it('ends a run after mergeRunMs even while the grant could be extended', async () => {
    const clock = steppedClock();
    const store = new MemoryKeyValueStore();
    const config = resolveConfig({ clock, leaseMs: 120_000, leaseMarginMs: 30_000, mergeRunMs: 200_000 });
    const a = await acquireLease(store, config);
    clock.at += 70_000;
    expect(await a?.keep()).toBe(true);
    clock.at += 70_000;
    expect(await a?.keep()).toBe(true);
    clock.at += 70_000;
    expect(await a?.keep()).toBe(false);
  });

  it('reads the latest grant directly, so a stale listing of an extended grant lets no second merger in', async () => {
    const clock = steppedClock();
    const store = new StaleListStore();
    const config = resolveConfig({ clock, leaseMs: 120_000, leaseMarginMs: 30_000 });
    const a = await acquireLease(store, config);
    await store.freeze();
    clock.at += 70_000;
    expect(await a?.keep()).toBe(true);
    clock.at += 60_000;
    // The listing still shows the first grant (expired by now); the extension holds until T0 + 190 s.
    expect(await acquireLease(store, config)).toBeUndefined();
  });

  it('lets no second merger in when a contender that listed long ago creates an epoch the chain has already deleted', async () => {
    const clock = steppedClock();
    const store = new MemoryKeyValueStore();
    const config = resolveConfig({ clock });
    (await acquireLease(store, config))?.release();
    // A contender lists the chain (epoch 0, released) and then stalls before it takes epoch 1.
    const contender = new StallingStore(store);
    const late = acquireLease(contender, config);
    // Meanwhile six merges take and release the lease: the chain keeps the last four epochs, so epoch 1 is deleted.
    for (let i = 0; i < 6; i += 1) expect(await (await acquireLease(store, config))?.release()).toBe(true);
    const holder = await acquireLease(store, config);
    expect(holder?.epoch).toBe(7);
    expect(store.keys('ix:lease:')).not.toContain('ix:lease:000000000001');
    contender.resume();
    // The contender creates epoch 1 again, sees the chain went on without it, and backs off.
    expect(await late).toBeUndefined();
    expect(await acquireLease(store, config)).toBeUndefined();
    expect(await holder?.keep()).toBe(true);
  });

  it('is taken at once after a release, and a failed release costs the next merge one grant, not ten minutes', async () => {
    const clock = steppedClock();
    const store = new QuotaStore();
    const config = resolveConfig({ clock, leaseMs: 120_000, leaseMarginMs: 30_000 });
    const a = await acquireLease(store, config);
    expect(await a?.release()).toBe(true);
    const b = await acquireLease(store, config);
    expect(b).toBeDefined();
    store.failing = true;
    await expect(b?.release()).resolves.toBe(false);
    store.failing = false;
    expect(await acquireLease(store, config)).toBeUndefined();
    clock.at += 119_999;
    expect(await acquireLease(store, config)).toBeUndefined();
    clock.at += 2;
    expect(await acquireLease(store, config)).toBeDefined();
  });
});

describe('merge with a lease that cannot be released', () => {
  it('keeps its result when the release hits the write quota, and the next merge runs one grant later', async () => {
    const clock = steppedClock();
    const store = new QuotaStore();
    const index = new SearchIndex(store, { clock });
    await index.indexPage(pageDocument(page('1', '<p>alpha beta</p>')));
    store.failing = false;
    // Let the lease's own creation through, then fail its release: the quota ran out during the merge.
    const original = store.setIfAbsent.bind(store);
    store.setIfAbsent = async <T>(key: string, value: T): Promise<boolean> => {
      const wrote = await original(key, value);
      if (key.includes(':lease:')) store.failing = true;
      return wrote;
    };
    const report = await index.merge();
    expect(report).toMatchObject({ busy: false, pagesIndexed: 1 });
    store.failing = false;
    store.setIfAbsent = original;
    await index.indexPage(pageDocument(page('2', '<p>gamma</p>')));
    expect((await index.merge()).busy).toBe(true);
    clock.at += index.config.leaseMs + 1;
    expect(await index.merge()).toMatchObject({ busy: false, pagesIndexed: 1 });
    expect(index.config.leaseMs).toBeLessThanOrEqual(120_000);
    expect((await index.search('gamma')).hits.map((h) => h.pageId)).toEqual(['2']);
  });

  it('stops between rounds and leaves the rest for the next run when its grant can no longer be extended', async () => {
    const clock = steppedClock();
    const store = new MemoryKeyValueStore();
    const index = new SearchIndex(store, { clock, leaseMs: 120_000, leaseMarginMs: 30_000 });
    // 600 distinct terms: two rounds of term updates; the clock jumps past the margin during the first one.
    await index.indexPage(pageDocument(page('1', `<p>${Array.from({ length: 600 }, (_, i) => `word${i}x`).join(' ')}</p>`)));
    const setMany = store.setMany.bind(store);
    let jumped = false;
    store.setMany = async (entries) => {
      if (!jumped && entries.some((e) => e.key.startsWith('ix:h:'))) {
        jumped = true;
        clock.at += 100_000;
      }
      return setMany(entries);
    };
    const first = await index.merge();
    expect(first).toMatchObject({ busy: false, more: true, pagesIndexed: 0, termsUpdated: 400 });
    store.setMany = setMany;
    const second = await index.merge();
    expect(second).toMatchObject({ busy: false, pagesIndexed: 1 });
    expect((await index.search('word599x')).hits.map((h) => h.pageId)).toEqual(['1']);
    // Stats are written once, after every round: the stopped run left no half-counted page behind.
    expect(await index.stats()).toMatchObject({ pages: 1, chunks: store.keys('ix:c:1:').length });
  });
});
