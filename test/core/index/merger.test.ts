/**
 * Bad input for the merger: a merge killed between any two writes, two mergers at once, a page indexed, removed
 * and indexed again within one merge, a page indexed again while the merge removing it runs (before each of its
 * requests in turn), a term in every page. Each ends with the index identical, key by key (page
 * records, chunk records, stats and every term's postings), to a fresh rebuild of the same pages, and with no
 * structural fault (canonicalIndex in test/support/index-layout.ts).
 */
import type { KeyValueStore, StoredEntry, TransactionOp } from '../../../src/core/ports';
import { SearchIndex, type IndexConfig } from '../../../src/core/index';
import { pageDocument, type StoragePage } from '../../../src/core/sync';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { canonicalIndex } from '../../support/index-layout';

/** Small blocks, inline heads and fresh-run limits, so a few dozen pages exercise splits, fresh runs and folds. */
const SMALL: Partial<IndexConfig> = {
  maxBlockPostings: 6,
  maxBlockBytes: 100_000,
  maxInlinePostings: 4,
  maxInlineBytes: 100_000,
  maxFreshRuns: 2,
  freshFraction: 0.5,
  maxBlocksPerTerm: Infinity,
};

function clockAt(start: number): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'lambda'];

/** Page `id` at `version`: the word "everywhere" in every page, and words that change with the version. */
function page(id: number, version = 1): StoragePage {
  const words = Array.from({ length: 3 + ((id * 7 + version) % 9) }, (_, i) => WORDS[(id * 3 + i * version) % WORDS.length]);
  const body = `<h2>${WORDS[(id + version) % WORDS.length]} notes</h2><p>everywhere ${words.join(' ')} ${'pad '.repeat(id % 5)} w${id}v${version}</p>`;
  return { pageId: String(1000 + id), version, spaceKey: 'ENG', title: `Page ${id} ${WORDS[id % 8]}`, url: `https://acme.atlassian.net/wiki/spaces/ENG/pages/${1000 + id}`, body };
}

/** A store that dies at its `killAt`-th write request (a batch of up to 25 is one request): it and every later call throws. */
class KillableStore implements KeyValueStore {
  writes = 0;
  dead = false;
  constructor(
    private readonly inner: MemoryKeyValueStore,
    private readonly killAt = Infinity,
  ) {}
  private write(requests = 1): void {
    if (this.dead) throw new Error('killed');
    for (let i = 0; i < requests; i += 1) {
      this.writes += 1;
      if (this.writes >= this.killAt) {
        this.dead = true;
        throw new Error('killed');
      }
    }
  }
  private read(): void {
    if (this.dead) throw new Error('killed');
  }
  async get<T>(key: string) { this.read(); return this.inner.get<T>(key); }
  async getMany<T>(keys: string[]) { this.read(); return this.inner.getMany<T>(keys); }
  async list<T>(prefix: string, options?: { limit?: number; cursor?: string }) { this.read(); return this.inner.list<T>(prefix, options); }
  async set<T>(key: string, value: T) { this.write(); return this.inner.set(key, value); }
  async setIfAbsent<T>(key: string, value: T) { this.write(); return this.inner.setIfAbsent(key, value); }
  async delete(key: string) { this.write(); return this.inner.delete(key); }
  async transact(ops: TransactionOp[]) { this.write(); return this.inner.transact(ops); }
  // Batches of 25 are separate requests: the kill may fall between two of them.
  async setMany(entries: Array<StoredEntry<unknown>>) {
    for (let i = 0; i < entries.length; i += 25) {
      this.write();
      await this.inner.setMany(entries.slice(i, i + 25));
    }
  }
  async deleteMany(keys: string[]) {
    for (let i = 0; i < keys.length; i += 25) {
      this.write();
      await this.inner.deleteMany(keys.slice(i, i + 25));
    }
  }
}

async function indexAll(index: SearchIndex, pages: StoragePage[]): Promise<void> {
  for (const p of pages) await index.indexPage(pageDocument(p));
}

/** The index a fresh store gets from these pages, indexed and merged once. */
async function rebuild(pages: StoragePage[]): Promise<{ entries: Record<string, string>; problems: string[] }> {
  const store = new MemoryKeyValueStore();
  const index = new SearchIndex(store, { ...SMALL, clock: clockAt(1_700_000_000_000) });
  await indexAll(index, pages);
  await index.mergeAll();
  return canonicalIndex(store, 'ix:');
}

/**
 * An index with history (three merges, so terms have main blocks and fresh runs), then a batch queued on top:
 * new pages, new versions, removals, and page 3 indexed, removed and indexed again. `final` is what it should hold.
 */
async function withQueuedBatch(store: KeyValueStore, clock: ReturnType<typeof clockAt>): Promise<{ index: SearchIndex; final: StoragePage[] }> {
  const index = new SearchIndex(store, { ...SMALL, clock });
  const current = new Map<number, StoragePage>();
  const put = async (p: StoragePage) => {
    await index.indexPage(pageDocument(p));
    current.set(Number(p.pageId) - 1000, p);
    clock.advance(1);
  };
  for (let i = 0; i < 16; i += 1) await put(page(i));
  await index.mergeAll();
  for (let i = 16; i < 22; i += 1) await put(page(i));
  await index.mergeAll();
  for (let i = 22; i < 26; i += 1) await put(page(i));
  await put(page(2, 2));
  await index.mergeAll();
  // The batch the tests merge.
  for (let i = 26; i < 30; i += 1) await put(page(i));
  for (const i of [0, 5, 17]) await put(page(i, 3));
  // Page 6 moves to another space: it leaves ENG's listing and joins OPS's in the same merge.
  await put({ ...page(6, 2), spaceKey: 'OPS' });
  for (const i of [1, 9, 20]) {
    await index.removePage(String(1000 + i));
    current.delete(i);
    clock.advance(1);
  }
  await put(page(3, 1));
  await index.removePage('1003');
  clock.advance(1);
  await put(page(3, 1));
  return { index, final: [...current.values()] };
}

describe('merge killed between any two writes', () => {
  it('ends identical to a fresh rebuild, wherever the kill falls, even when the merge that finishes it is killed too', async () => {
    // How many write requests an unkilled merge of the batch makes.
    const probe = new KillableStore(new MemoryKeyValueStore());
    const probeClock = clockAt(1_700_000_000_000);
    const { index: probeIndex, final } = await withQueuedBatch(probe, probeClock);
    const before = probe.writes;
    await probeIndex.mergeAll();
    const total = probe.writes - before;
    expect(total).toBeGreaterThan(8);
    const expected = await rebuild(final);
    expect(expected.problems).toEqual([]);

    for (let kill = 1; kill <= total; kill += 1) {
      const memory = new MemoryKeyValueStore();
      const clock = clockAt(1_700_000_000_000);
      const setup = new KillableStore(memory);
      await withQueuedBatch(setup, clock);
      const killable = new KillableStore(memory, kill);
      // Killed at a write of its work it throws; killed at its last write (the lease release, which never throws) it returns.
      await new SearchIndex(killable, { ...SMALL, clock }).mergeAll().catch(() => undefined);
      expect(killable.dead).toBe(true);
      // The dead merger's lease runs out; the next merge is itself killed a few writes in, then one completes.
      clock.advance(10 * 60_000);
      const second = new SearchIndex(new KillableStore(memory, 1 + (kill % 5)), { ...SMALL, clock });
      await second.mergeAll().catch(() => undefined);
      clock.advance(10 * 60_000);
      await new SearchIndex(memory, { ...SMALL, clock }).mergeAll();
      const got = canonicalIndex(memory, 'ix:');
      expect([kill, got.problems]).toEqual([kill, []]);
      expect([kill, got.entries]).toEqual([kill, expected.entries]);
    }
  });
});

describe('two mergers at once', () => {
  it('lets one merge while the other is busy, and the index ends as a rebuild', async () => {
    const memory = new MemoryKeyValueStore();
    const clock = clockAt(1_700_000_000_000);
    const { final } = await withQueuedBatch(memory, clock);
    const a = new SearchIndex(memory, { ...SMALL, clock });
    const b = new SearchIndex(memory, { ...SMALL, clock });
    const [ra, rb] = await Promise.all([a.merge(), b.merge()]);
    expect([ra.busy, rb.busy].sort()).toEqual([false, true]);
    await a.mergeAll();
    const got = canonicalIndex(memory, 'ix:');
    expect(got.problems).toEqual([]);
    expect(got.entries).toEqual((await rebuild(final)).entries);
  });
});

describe('a page indexed, removed and indexed again within one merge', () => {
  it('ends indexed, whether it was new or already merged, and a later removal still removes it', async () => {
    const memory = new MemoryKeyValueStore();
    const clock = clockAt(1_700_000_000_000);
    const index = new SearchIndex(memory, { ...SMALL, clock });
    await indexAll(index, [page(1), page(2)]);
    await index.mergeAll();
    // Page 2 is merged at v1; page 3 is new. Both are removed and indexed again (same version) before the merge.
    for (const p of [page(2), page(3)]) {
      expect(await index.indexPage(pageDocument(p))).toBe(p.pageId === '1002' ? 'unchanged' : 'queued');
      await index.removePage(p.pageId);
      expect(await index.indexPage(pageDocument(p))).toBe('queued');
      // Once queued after the removal, the same version again changes nothing.
      expect(await index.indexPage(pageDocument(p))).toBe('unchanged');
    }
    await index.mergeAll();
    let got = canonicalIndex(memory, 'ix:');
    expect(got.problems).toEqual([]);
    expect(got.entries).toEqual((await rebuild([page(1), page(2), page(3)])).entries);
    await index.removePage('1003');
    await index.mergeAll();
    got = canonicalIndex(memory, 'ix:');
    expect(got.entries).toEqual((await rebuild([page(1), page(2)])).entries);
  });
});

describe('a term in every page', () => {
  it('spans main blocks and fresh runs, merge after merge, and still equals a rebuild and finds every page', async () => {
    const memory = new MemoryKeyValueStore();
    const clock = clockAt(1_700_000_000_000);
    const index = new SearchIndex(memory, { ...SMALL, clock });
    const pages: StoragePage[] = [];
    let sawFresh = false;
    for (let round = 0; round < 8; round += 1) {
      const batch = Array.from({ length: 9 }, (_, i) => page(round * 9 + i));
      pages.push(...batch);
      await indexAll(index, batch);
      await index.mergeAll();
      const head = await memory.get<{ blocks: Array<{ r: number }> }>('ix:h:t:everywher');
      if (head?.blocks.some((b) => b.r > 0)) sawFresh = true;
    }
    expect(sawFresh).toBe(true);
    const head = await memory.get<{ df: number; blocks: unknown[] }>('ix:h:t:everywher');
    expect(head?.df).toBe(72);
    expect(head?.blocks.length).toBeGreaterThan(8);
    const got = canonicalIndex(memory, 'ix:');
    expect(got.problems).toEqual([]);
    expect(got.entries).toEqual((await rebuild(pages)).entries);
    const { hits } = await index.search('everywhere', { limit: 100 });
    expect(new Set(hits.map((h) => h.pageId)).size).toBe(72);
  });
});

describe('a page edited in one section', () => {
  it('ends as a rebuild when some chunks keep their text and others change, move or go', async () => {
    const long = (version: number, texts: string[], title = 'Runbook'): StoragePage => ({
      pageId: '2000',
      version,
      spaceKey: 'ENG',
      title,
      url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/2000',
      body: texts.map((t, i) => `<h2>Part ${i}</h2><p>everywhere ${t}</p>`).join(''),
    });
    const versions = [
      long(1, ['alpha beta', 'gamma delta', 'omega sigma', 'kappa lambda']),
      // One section edited: the other three chunks keep their text, title and headings.
      long(2, ['alpha beta', 'gamma delta gamma', 'omega sigma', 'kappa lambda']),
      // A section inserted first and the last one gone: every chunk after it holds other text at its position.
      long(3, ['first words', 'alpha beta', 'gamma delta gamma', 'omega sigma']),
      // Only the title changes: every chunk's postings change.
      long(4, ['first words', 'alpha beta', 'gamma delta gamma', 'omega sigma'], 'Runbook renamed'),
      // Fewer chunks, the first ones unchanged.
      long(5, ['first words', 'alpha beta'], 'Runbook renamed'),
    ];
    expect(pageDocument(versions[0]).chunks.length).toBe(4);
    const memory = new MemoryKeyValueStore();
    const index = new SearchIndex(memory, { ...SMALL, clock: clockAt(1_700_000_000_000) });
    const others = Array.from({ length: 6 }, (_, i) => page(i));
    await indexAll(index, others);
    for (const version of versions) {
      await index.indexPage(pageDocument(version));
      await index.mergeAll();
      const got = canonicalIndex(memory, 'ix:');
      expect(got.problems).toEqual([]);
      expect(got.entries).toEqual((await rebuild([...others, version])).entries);
    }
  });
});

/** A store that runs `act` once, just before its `at`-th request (a read or a write; a batch of up to 25 is one). */
class InterleavingStore implements KeyValueStore {
  calls = 0;
  constructor(
    private readonly inner: MemoryKeyValueStore,
    private readonly at: number,
    private readonly act: () => Promise<void>,
  ) {}
  private async step(): Promise<void> {
    this.calls += 1;
    if (this.calls === this.at) await this.act();
  }
  async get<T>(key: string) { await this.step(); return this.inner.get<T>(key); }
  async list<T>(prefix: string, options?: { limit?: number; cursor?: string }) { await this.step(); return this.inner.list<T>(prefix, options); }
  async set<T>(key: string, value: T) { await this.step(); return this.inner.set(key, value); }
  async setIfAbsent<T>(key: string, value: T) { await this.step(); return this.inner.setIfAbsent(key, value); }
  async delete(key: string) { await this.step(); return this.inner.delete(key); }
  async transact(ops: TransactionOp[]) { await this.step(); return this.inner.transact(ops); }
  async getMany<T>(keys: string[]) {
    const out = new Map<string, T>();
    for (let i = 0; i < Math.max(1, keys.length); i += 25) {
      await this.step();
      for (const [k, v] of await this.inner.getMany<T>(keys.slice(i, i + 25))) out.set(k, v);
    }
    return out;
  }
  async setMany(entries: Array<StoredEntry<unknown>>) {
    for (let i = 0; i < entries.length; i += 25) {
      await this.step();
      await this.inner.setMany(entries.slice(i, i + 25));
    }
  }
  async deleteMany(keys: string[]) {
    for (let i = 0; i < keys.length; i += 25) {
      await this.step();
      await this.inner.deleteMany(keys.slice(i, i + 25));
    }
  }
}

describe('a page indexed again while the merge that removes it runs', () => {
  /**
   * `setup` leaves a removal of page `again` queued; the merge that applies it is interrupted before each of its
   * store requests in turn by a writer indexing that page again at the same version (a page restored from the
   * trash, a duplicate event). However the two interleave, the next merge leaves the page indexed, as a rebuild.
   */
  async function everyInterleaving(setup: (index: SearchIndex) => Promise<void>, again: StoragePage, final: StoragePage[]) {
    const expected = await rebuild(final);
    expect(expected.problems).toEqual([]);
    const probe = new MemoryKeyValueStore();
    const probeClock = clockAt(1_700_000_000_000);
    await setup(new SearchIndex(probe, { ...SMALL, clock: probeClock }));
    const counting = new InterleavingStore(probe, Infinity, async () => undefined);
    await new SearchIndex(counting, { ...SMALL, clock: probeClock }).mergeAll();
    expect(counting.calls).toBeGreaterThan(8);
    for (let at = 1; at <= counting.calls + 1; at += 1) {
      const memory = new MemoryKeyValueStore();
      const clock = clockAt(1_700_000_000_000);
      const index = new SearchIndex(memory, { ...SMALL, clock });
      await setup(index);
      const outcomes: string[] = [];
      const interleaved = new InterleavingStore(memory, at, async () => {
        clock.advance(1);
        outcomes.push(await index.indexPage(pageDocument(again)));
      });
      await new SearchIndex(interleaved, { ...SMALL, clock }).mergeAll();
      // After the merge ended, for the last position: the writer then runs on its own.
      if (!outcomes.length) outcomes.push(await index.indexPage(pageDocument(again)));
      expect([at, outcomes]).toEqual([at, ['queued']]);
      await index.mergeAll();
      const got = canonicalIndex(memory, 'ix:');
      expect([at, got.problems]).toEqual([at, []]);
      expect([at, got.entries]).toEqual([at, expected.entries]);
    }
  }

  const pages = Array.from({ length: 6 }, (_, i) => page(i));

  it('ends indexed when the page was merged before its removal', async () => {
    await everyInterleaving(async (index) => {
      await indexAll(index, pages);
      await index.mergeAll();
      await index.removePage('1002');
    }, page(2), pages);
  });

  it('ends indexed at the newer version when one is written while the merge removes the older', async () => {
    await everyInterleaving(async (index) => {
      await indexAll(index, pages);
      await index.mergeAll();
      await index.removePage('1004');
    }, page(4, 2), [...pages.filter((p) => p.pageId !== '1004'), page(4, 2)]);
  });

  it('ends indexed when a page the index no longer holds is removed again (a duplicate event) while it is written', async () => {
    await everyInterleaving(async (index) => {
      await indexAll(index, pages);
      await index.mergeAll();
      await index.removePage('1005');
      await index.mergeAll();
      await index.removePage('1005');
    }, page(5), pages);
  });

  it('ends indexed when the page was queued, then removed, in the batch of that merge', async () => {
    await everyInterleaving(async (index) => {
      await indexAll(index, pages.filter((p) => p.pageId !== '1003'));
      await index.mergeAll();
      await index.indexPage(pageDocument(page(3)));
      await index.removePage('1003');
    }, page(3), pages);
  });
});
