import type { KeyValueStore } from '../ports';
import type { ScanState, SpaceSyncState } from './types';

/**
 * Sync state in KVS: `sync:space:<library>:<space>` per selected space and `sync:scan:<library>` per Library.
 * Each record has one writer at a time (the crawl of that space, or the Library's scan), so plain sets suffice.
 */
export class SyncStateStore {
  constructor(private readonly store: KeyValueStore) {}

  getSpace(libraryId: string, spaceId: string): Promise<SpaceSyncState | undefined> {
    return this.store.get<SpaceSyncState>(spaceKey(libraryId, spaceId));
  }

  async putSpace(state: SpaceSyncState): Promise<void> {
    await this.store.set(spaceKey(state.libraryId, state.spaceId), state);
  }

  async deleteSpace(libraryId: string, spaceId: string): Promise<void> {
    await this.store.delete(spaceKey(libraryId, spaceId));
  }

  async listSpaces(libraryId: string): Promise<SpaceSyncState[]> {
    const states: SpaceSyncState[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list<SpaceSyncState>(`sync:space:${libraryId}:`, { limit: 100, cursor });
      states.push(...page.entries.map((entry) => entry.value));
      cursor = page.cursor;
    } while (cursor);
    return states;
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

  /** Page ids a reconcile run has seen, one value per enumeration step (250 ids, well under the value limit). */
  async putSeen(libraryId: string, spaceId: string, runId: string, step: number, ids: string[]): Promise<void> {
    await this.store.set(seenPrefix(libraryId, spaceId, runId) + String(step).padStart(6, '0'), ids);
  }

  async readSeen(libraryId: string, spaceId: string, runId: string): Promise<Set<string>> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.store.list<string[]>(seenPrefix(libraryId, spaceId, runId), { limit: 100, cursor });
      for (const entry of page.entries) for (const id of entry.value) seen.add(id);
      cursor = page.cursor;
    } while (cursor);
    return seen;
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

function seenPrefix(libraryId: string, spaceId: string, runId: string): string {
  return `sync:seen:${libraryId}:${spaceId}:${runId}:`;
}
