import type { Library, SelectedSpace } from '../library';
import { LibraryError } from '../library';
import type { SyncContext } from './context';
import { spaceNotIndexableReason } from './eligibility';
import type { SyncSource } from './ports';
import type { ScanState, SourceSpace, SpaceSyncState } from './types';

/** A space as the admin's picker shows it. */
export interface SpaceChoice extends SourceSpace {
  selected: boolean;
  /** Why it cannot be indexed (personal, system, archived...), or undefined when it can. */
  notIndexable?: string;
}

/** A selected space's sync status, as both settings pages show it. */
export interface SpaceStatus {
  spaceId: string;
  spaceKey: string;
  name: string;
  phase: SpaceSyncState['phase'] | 'waiting';
  pagesIndexed: number;
  pagesFailed: number;
  /** 0..1 while crawling, when the page count is known. */
  progress?: number;
  lastScanAt?: number;
  lastError?: SpaceSyncState['lastError'];
}

export interface LibraryStatus {
  libraryId: string;
  health: NonNullable<Library['source']>['health'] | { state: 'not_connected' };
  spaces: SpaceStatus[];
  scan?: Pick<ScanState, 'lastScanAt' | 'lastScanChanged' | 'lastScanRemoved' | 'lastError'>;
}

/**
 * What admins do to a Library's Source, turned into sync jobs: choose spaces (starting or stopping crawls),
 * reconnect after a lapse (resuming from checkpoints), delete the Library (stopping everything first).
 * Callers check admin rights before calling.
 */
export class SourceService {
  constructor(private readonly ctx: SyncContext) {}

  /** The site's spaces as the Source identity sees them, with what can be indexed and what is selected. */
  async spaceChoices(libraryId: string): Promise<SpaceChoice[]> {
    const library = await this.ctx.libraries.require(libraryId);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source first.');
    const selected = new Set(library.source.spaces.map((space) => space.id));
    const source = await this.ctx.sourceFor(libraryId);
    const choices: SpaceChoice[] = [];
    let cursor: string | undefined;
    do {
      const page = await source.listAllSpaces(cursor);
      for (const space of page.spaces) choices.push({ ...space, selected: selected.has(space.id), notIndexable: spaceNotIndexableReason(space) });
      cursor = page.cursor;
    } while (cursor && choices.length < 10_000);
    return choices.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Makes `spaceIds` the Library's selection. New indexable spaces start a checkpointed crawl; spaces dropped from
   * the selection leave the index. Re-selecting a space that is already followed changes nothing.
   */
  async selectSpaces(libraryId: string, spaceIds: string[], actor: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source first.');
    const wanted = [...new Set(spaceIds.map(String))];
    if (wanted.some((id) => !/^\d{1,20}$/.test(id))) throw new LibraryError('invalid', 'Space ids are numbers.');
    const source = await this.ctx.sourceFor(libraryId);
    const spaces = wanted.length ? await source.getSpaces(wanted) : [];
    const byId = new Map(spaces.map((space) => [space.id, space]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length) throw new LibraryError('invalid', `The Source cannot read space ${missing.join(', ')}.`);
    const refused = spaces.filter((space) => spaceNotIndexableReason(space));
    if (refused.length) {
      throw new LibraryError('invalid', refused.map((space) => `${space.name}: ${spaceNotIndexableReason(space)}`).join(' '));
    }

    const { added, removed } = await this.ctx.libraries.setSpaces(
      libraryId,
      spaces.map((space) => ({ id: space.id, key: space.key, name: space.name })),
      actor,
    );
    for (const space of added) await this.startCrawl(libraryId, space, byId.get(space.id)!, source);
    for (const space of removed) await this.stopSpace(libraryId, space);
    if (added.length) await this.lowerWatermark(libraryId, added.map((space) => space.id), source);
    return this.status(libraryId);
  }

  /** After the admin reauthorized: the Source is healthy again and every crawl continues from its checkpoint. */
  async reconnect(libraryId: string, actor: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source first.');
    await this.ctx.libraries.connectSource(libraryId, library.source.identity, actor);
    const now = this.ctx.clock.now();
    for (const state of await this.ctx.state.listSpaces(libraryId)) {
      if (state.phase !== 'crawling') continue;
      await this.ctx.state.putSpace({ ...state, updatedAt: now });
      await this.ctx.queue.push([{ type: 'crawl-space', libraryId, spaceId: state.spaceId, generation: state.generation, step: state.step, cursor: state.cursor }]);
    }
    await this.ctx.queue.push([{ type: 'scan-library', libraryId }]);
    return this.status(libraryId);
  }

  /** Deleting stops answers and syncs at once; the index is removed in the background. */
  async deleteLibrary(libraryId: string, actor: string): Promise<void> {
    await this.ctx.libraries.markDeleting(libraryId, actor);
    await this.ctx.queue.push([{ type: 'delete-library', libraryId }]);
  }

  async status(libraryId: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    const states = new Map((await this.ctx.state.listSpaces(libraryId)).map((state) => [state.spaceId, state]));
    const scan = await this.ctx.state.getScan(libraryId);
    const spaces: SpaceStatus[] = (library.source?.spaces ?? []).map((space) => toStatus(space, states.get(space.id)));
    return {
      libraryId,
      health: library.source?.health ?? { state: 'not_connected' },
      spaces,
      ...(scan ? { scan: { lastScanAt: scan.lastScanAt, lastScanChanged: scan.lastScanChanged, lastScanRemoved: scan.lastScanRemoved, lastError: scan.lastError } } : {}),
    };
  }

  /**
   * Makes the scan look at least as far back as the newest modification in the newly selected spaces, read from
   * Confluence itself: the watermark compares Confluence's timestamps only, never this app's clock, so clock skew
   * cannot hide an edit made while the first crawl runs.
   */
  private async lowerWatermark(libraryId: string, spaceIds: string[], source: SyncSource): Promise<void> {
    let newest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < spaceIds.length; i += 100) {
      const { pages } = await source.listPages({ spaceIds: spaceIds.slice(i, i + 100), statuses: ['current'], withBodies: false, sort: '-modified-date' });
      newest = Math.min(newest, pages[0]?.modifiedAt ?? 0);
    }
    const scan = await this.ctx.state.getScan(libraryId);
    const watermark = Math.min(scan?.watermark ?? Number.POSITIVE_INFINITY, newest);
    await this.ctx.state.putScan({ ...(scan ?? {}), libraryId, watermark: Number.isFinite(watermark) ? watermark : 0 });
  }

  private async startCrawl(libraryId: string, space: SelectedSpace, info: SourceSpace, source: SyncSource): Promise<void> {
    const previous = await this.ctx.state.getSpace(libraryId, space.id);
    const now = this.ctx.clock.now();
    const state: SpaceSyncState = {
      libraryId,
      spaceId: space.id,
      spaceKey: info.key,
      phase: 'crawling',
      generation: (previous?.generation ?? 0) + 1,
      step: 0,
      pagesSeen: 0,
      pagesIndexed: 0,
      pagesFailed: 0,
      pagesExpected: await source.estimatePageCount(info.key).catch(() => undefined),
      crawlStartedAt: now,
      updatedAt: now,
    };
    await this.ctx.state.putSpace(state);
    await this.ctx.queue.push([{ type: 'crawl-space', libraryId, spaceId: space.id, generation: state.generation, step: 0 }]);
  }

  private async stopSpace(libraryId: string, space: SelectedSpace): Promise<void> {
    const spaceId = space.id;
    const state = await this.ctx.state.getSpace(libraryId, spaceId);
    const now = this.ctx.clock.now();
    const generation = (state?.generation ?? 0) + 1;
    await this.ctx.state.putSpace({
      ...(state ?? { libraryId, spaceId, spaceKey: space.key, step: 0, pagesSeen: 0, pagesIndexed: 0, pagesFailed: 0 }),
      phase: 'removing',
      generation,
      updatedAt: now,
    });
    await this.ctx.queue.push([{ type: 'remove-space', libraryId, spaceId, generation }]);
  }
}

function toStatus(space: SelectedSpace, state: SpaceSyncState | undefined): SpaceStatus {
  if (!state) return { spaceId: space.id, spaceKey: space.key, name: space.name, phase: 'waiting', pagesIndexed: 0, pagesFailed: 0 };
  const progress =
    state.phase === 'crawling' && state.pagesExpected ? Math.min(0.99, state.pagesSeen / Math.max(1, state.pagesExpected)) : state.phase === 'ready' ? 1 : undefined;
  return {
    spaceId: space.id,
    spaceKey: state.spaceKey || space.key,
    name: space.name,
    phase: state.phase,
    pagesIndexed: state.pagesIndexed,
    pagesFailed: state.pagesFailed,
    ...(progress !== undefined ? { progress } : {}),
    ...(state.lastScanAt ? { lastScanAt: state.lastScanAt } : {}),
    ...(state.lastError ? { lastError: state.lastError } : {}),
  };
}
