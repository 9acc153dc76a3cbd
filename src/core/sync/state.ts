import type { KeyValueStore } from '../ports';
import type { CrawlState, IndexHealth, ScanState, SpaceSyncState } from './types';
import { listByPrefix } from '../store/list-by-prefix';

/**
 * Sync state in KVS: `sync:space:<library>:<space>` per selected space, `sync:crawl:<library>:<crawl>` per crawl
 * of a selection batch, and `sync:scan:<library>` per Library. Each record has one writer at a time (a crawl
 * writes its own record, the Library's scan the scan record), so plain sets suffice.
 * `sync:touched:<library>:<page>`: when a page event's job last read the page, written only while a crawl runs
 * (see crawl-spaces.ts: a crawl step hands such pages back to an event job), deleted when the Library's last
 * crawl finishes. One key per page, so events of different pages never overwrite each other.
 * `sync:sweep:<library>`: a page event took a page out while a crawl ran (its descendants may be in the index
 * under a space the event cannot name): the crawl's spaces are swept when it ends, then the mark goes.
 * `sync:sweepq:<library>:<space>:<slot>`: a sweep of the space is queued for that slot (sweeps.ts), the value the
 * time it runs at; claimed create-if-absent so one job of many queues it, deleted by the sweep as it starts (with any
 * older slot's mark of the space a lost job left behind) and with the Library.
 */
export class SyncStateStore {
  constructor(private readonly store: KeyValueStore) {}

  getSpace(libraryId: string, spaceId: string): Promise<SpaceSyncState | undefined> {
    return this.store.get<SpaceSyncState>(spaceKey(libraryId, spaceId));
  }

  /** Several spaces' states in one batched read; a space without state is left out. */
  async getSpaces(libraryId: string, spaceIds: string[]): Promise<Map<string, SpaceSyncState>> {
    const found = await this.store.getMany<SpaceSyncState>(spaceIds.map((id) => spaceKey(libraryId, id)));
    return new Map([...found.values()].map((state) => [state.spaceId, state]));
  }

  async putSpace(state: SpaceSyncState): Promise<void> {
    await this.store.set(spaceKey(state.libraryId, state.spaceId), state);
  }

  /** Several spaces' states in batched writes. */
  async putSpaces(states: SpaceSyncState[]): Promise<void> {
    if (states.length) await this.store.setMany(states.map((state) => ({ key: spaceKey(state.libraryId, state.spaceId), value: state })));
  }

  async deleteSpace(libraryId: string, spaceId: string): Promise<void> {
    await this.store.delete(spaceKey(libraryId, spaceId));
  }

  async listSpaces(libraryId: string): Promise<SpaceSyncState[]> {
    const { entries } = await listByPrefix<SpaceSyncState>(this.store, `sync:space:${libraryId}:`);
    return entries.map((entry) => entry.value);
  }

  getCrawl(libraryId: string, crawlId: string): Promise<CrawlState | undefined> {
    return this.store.get<CrawlState>(crawlKey(libraryId, crawlId));
  }

  async putCrawl(state: CrawlState): Promise<void> {
    await this.store.set(crawlKey(state.libraryId, state.crawlId), state);
  }

  async deleteCrawl(libraryId: string, crawlId: string): Promise<void> {
    await this.store.delete(crawlKey(libraryId, crawlId));
  }

  async listCrawls(libraryId: string): Promise<CrawlState[]> {
    const { entries } = await listByPrefix<CrawlState>(this.store, `sync:crawl:${libraryId}:`);
    return entries.map((entry) => entry.value);
  }

  /** `sync:index:<library>`: the index's health record (types.ts `IndexHealth`), absent when all is well. */
  getIndexHealth(libraryId: string): Promise<IndexHealth | undefined> {
    return this.store.get<IndexHealth>(`sync:index:${libraryId}`);
  }

  async putIndexHealth(health: IndexHealth): Promise<void> {
    if (!health.lastError && health.rebuildingSince === undefined) await this.store.delete(`sync:index:${health.libraryId}`);
    else await this.store.set(`sync:index:${health.libraryId}`, health);
  }

  getScan(libraryId: string): Promise<ScanState | undefined> {
    return this.store.get<ScanState>(`sync:scan:${libraryId}`);
  }

  async putScan(state: ScanState): Promise<void> {
    await this.store.set(`sync:scan:${state.libraryId}`, state);
  }

  async deleteScan(libraryId: string): Promise<void> {
    await this.store.delete(`sync:scan:${libraryId}`);
  }

  /** Records that a page event's job read these pages at `at` (app clock), while a crawl of the Library runs. */
  async putTouched(libraryId: string, pageIds: string[], at: number): Promise<void> {
    if (pageIds.length) await this.store.setMany(pageIds.map((id) => ({ key: touchedKey(libraryId, id), value: at })));
  }

  /** When page events last read each of these pages (pages no event touched during crawls are left out). */
  async getTouched(libraryId: string, pageIds: string[]): Promise<Map<string, number>> {
    const found = await this.store.getMany<number>(pageIds.map((id) => touchedKey(libraryId, id)));
    const prefix = touchedKey(libraryId, '');
    return new Map([...found].map(([key, at]) => [key.slice(prefix.length), at]));
  }

  /** Asks for a sweep of the crawled spaces when the Library's crawls end (see index-pages.ts). */
  async markSweepAfterCrawl(libraryId: string): Promise<void> {
    await this.store.set(sweepKey(libraryId), true);
  }

  /** Whether a sweep was asked for; taking it clears it. */
  async takeSweepAfterCrawl(libraryId: string): Promise<boolean> {
    const asked = (await this.store.get<boolean>(sweepKey(libraryId))) === true;
    if (asked) await this.store.delete(sweepKey(libraryId));
    return asked;
  }

  /** Claims the sweep of one space in one slot (sweeps.ts); false when another job already queued it. */
  claimSweep(libraryId: string, spaceKey: string, slot: number, runAt: number): Promise<boolean> {
    return this.store.setIfAbsent(sweepMarkKey(libraryId, spaceKey, slot), runAt);
  }

  /** Gives one slot's claim back (its sweep was not queued after all). */
  async releaseSweep(libraryId: string, spaceKey: string, slot: number): Promise<void> {
    await this.store.delete(sweepMarkKey(libraryId, spaceKey, slot));
  }

  /**
   * A sweep of the space is starting: its slot's mark goes, and so do older slots' marks of the same space that
   * no sweep will delete (a claim whose push and release both failed). Later slots' marks stay: their sweeps are
   * still to come. One list (100 keys) a sweep; more than that many lost marks are removed by later sweeps.
   */
  async startSweep(libraryId: string, spaceKey: string, slot: number): Promise<void> {
    await this.store.delete(sweepMarkKey(libraryId, spaceKey, slot));
    const prefix = sweepMarkKey(libraryId, spaceKey, '');
    const page = await this.store.list<number>(prefix, { limit: 100 });
    const older = page.entries.filter((entry) => Number(entry.key.slice(prefix.length)) < slot).map((entry) => entry.key);
    if (older.length) await this.store.deleteMany(older);
  }

  /** The Library is deleted: its sweep marks go, and its sweep-after-crawl mark and page-event marks with them. */
  async deleteMarks(libraryId: string): Promise<void> {
    await this.store.delete(sweepKey(libraryId));
    await this.deleteTouched(libraryId);
    for (;;) {
      const page = await this.store.list(`sync:sweepq:${libraryId}:`, { limit: 100 });
      if (!page.entries.length) return;
      await this.store.deleteMany(page.entries.map((entry) => entry.key));
    }
  }

  async deleteTouched(libraryId: string): Promise<void> {
    for (;;) {
      const page = await this.store.list(touchedKey(libraryId, ''), { limit: 100 });
      if (!page.entries.length) return;
      await this.store.deleteMany(page.entries.map((entry) => entry.key));
    }
  }

  /** Page ids a reconcile run has seen, one value per enumeration step (250 ids, well under the value limit). */
  async putSeen(libraryId: string, spaceId: string, runId: string, step: number, ids: string[]): Promise<void> {
    await this.store.set(seenPrefix(libraryId, spaceId, runId) + String(step).padStart(6, '0'), ids);
  }

  async readSeen(libraryId: string, spaceId: string, runId: string): Promise<Set<string>> {
    const { entries } = await listByPrefix<string[]>(this.store, seenPrefix(libraryId, spaceId, runId));
    return new Set(entries.flatMap((entry) => entry.value));
  }

  async deleteSeen(libraryId: string, spaceId: string, runId?: string): Promise<void> {
    const prefix = runId ? seenPrefix(libraryId, spaceId, runId) : `sync:seen:${libraryId}:${spaceId}:`;
    for (;;) {
      const page = await this.store.list(prefix, { limit: 100 });
      if (!page.entries.length) return;
      await this.store.deleteMany(page.entries.map((entry) => entry.key));
    }
  }
}

function spaceKey(libraryId: string, spaceId: string): string {
  return `sync:space:${libraryId}:${spaceId}`;
}

function crawlKey(libraryId: string, crawlId: string): string {
  return `sync:crawl:${libraryId}:${crawlId}`;
}

function sweepKey(libraryId: string): string {
  return `sync:sweep:${libraryId}`;
}

/**
 * A space key as a KVS key part: Confluence's keys are letters and digits, but personal spaces' start with `~`,
 * outside Forge's key charset; anything else is written as hex after `x`, so two spaces never share a part.
 */
function spaceKeyPart(spaceKey: string): string {
  return /^[A-Za-z0-9]+$/.test(spaceKey) ? `k${spaceKey}` : `x${Buffer.from(spaceKey, 'utf8').toString('hex')}`;
}

function sweepMarkKey(libraryId: string, spaceKey: string, slot: number | ''): string {
  return `sync:sweepq:${libraryId}:${spaceKeyPart(spaceKey)}:${slot}`;
}

function touchedKey(libraryId: string, pageId: string): string {
  return `sync:touched:${libraryId}:${pageId}`;
}

function seenPrefix(libraryId: string, spaceId: string, runId: string): string {
  return `sync:seen:${libraryId}:${spaceId}:${runId}:`;
}
