import type { Library, SelectedSpace } from '../library';
import { LibraryError } from '../library';
import type { SyncContext } from './context';
import { spaceNotIndexableReason } from './eligibility';
import { crawledBy, resumeCrawls, startCrawls } from './crawls';
import type { CrawlState, IndexHealth, ScanState, SourceSpace, SpaceSyncState } from './types';
import { isConfluenceId } from '../ids';

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
  /** Pages indexed so far: counts up while the space is crawled. */
  pagesIndexed: number;
  pagesFailed: number;
  /** 0..1 while crawling, when the page count is known (Confluence does not give it for free: mostly absent). */
  progress?: number;
  /** While crawling: about how many pages the crawl will see, when it knows (see `progress`). */
  pagesExpected?: number;
  lastScanAt?: number;
  lastError?: SpaceSyncState['lastError'];
}

export interface LibraryStatus {
  libraryId: string;
  health: NonNullable<Library['source']>['health'] | { state: 'not_connected' };
  spaces: SpaceStatus[];
  scan?: Pick<ScanState, 'lastScanAt' | 'lastScanChanged' | 'lastScanRemoved' | 'lastError'>;
  /**
   * Present when something is wrong with the index: what stopped its merges, and a rebuild under way (`stalled`:
   * it started over an hour ago, so its job was likely given up on; asking again starts it over).
   */
  index?: Pick<IndexHealth, 'lastError' | 'rebuildingSince'> & { stalled?: boolean };
}

/** A rebuild clears 100 keys a step, waits 15 minutes, then starts a crawl: one still clearing after an hour was given up on. */
const REBUILD_STALLED_MS = 60 * 60_000;

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
    if (!wanted.every(isConfluenceId)) throw new LibraryError('invalid', 'Space ids are numbers.');
    const source = await this.ctx.sourceFor(libraryId);
    const spaces = wanted.length ? await source.getSpaces(wanted) : [];
    const byId = new Map(spaces.map((space) => [space.id, space]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length) throw new LibraryError('invalid', `The Source cannot read space ${missing.join(', ')}.`);
    const refused = spaces.filter((space) => spaceNotIndexableReason(space));
    if (refused.length) {
      throw new LibraryError('invalid', refused.map((space) => `${space.name}: ${spaceNotIndexableReason(space)}`).join(' '));
    }

    const change = await this.ctx.libraries.setSpaces(
      libraryId,
      spaces.map((space) => ({ id: space.id, key: space.key, name: space.name })),
      actor,
    );
    return this.follow(libraryId, change);
  }

  /**
   * Adds one space to the Library or takes it out (a space admin's opt-in), leaving every other space as it is
   * even when someone changes the selection at the same moment.
   */
  async includeSpace(libraryId: string, spaceId: string, included: boolean, actor: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source first.');
    if (!isConfluenceId(spaceId)) throw new LibraryError('invalid', 'Space ids are numbers.');
    const selected = library.source.spaces.find((space) => space.id === spaceId);
    let space: Pick<SelectedSpace, 'id' | 'key' | 'name'> | undefined = selected;
    if (included && !selected) {
      const [found] = await (await this.ctx.sourceFor(libraryId)).getSpaces([spaceId]);
      if (!found) throw new LibraryError('invalid', `The Source cannot read space ${spaceId}.`);
      const reason = spaceNotIndexableReason(found);
      if (reason) throw new LibraryError('invalid', `${found.name}: ${reason}`);
      space = found;
    }
    if (!space) return this.status(libraryId);
    const change = await this.ctx.libraries.includeSpace(libraryId, { id: space.id, key: space.key, name: space.name }, included, actor);
    return this.follow(libraryId, change);
  }

  /** Starts crawls for spaces that were added and stops syncing those that were removed. */
  private async follow(libraryId: string, change: { added: SelectedSpace[]; removed: SelectedSpace[] }): Promise<LibraryStatus> {
    // One crawl lists every added space's pages together (up to 100 spaces a crawl); no count, no extra read.
    await startCrawls(this.ctx, libraryId, change.added.map((space) => ({ id: space.id, key: space.key })));
    for (const space of change.removed) await this.stopSpace(libraryId, space);
    return this.status(libraryId);
  }

  /** After the admin reauthorized: the Source is healthy again and every crawl continues from its checkpoint. */
  async reconnect(libraryId: string, actor: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source first.');
    await this.ctx.libraries.connectSource(libraryId, library.source.identity, actor);
    const states = await this.ctx.state.listSpaces(libraryId);
    await resumeCrawls(this.ctx, libraryId, states, await this.ctx.state.listCrawls(libraryId), true);
    await this.ctx.queue.push([{ type: 'scan-library', libraryId }]);
    return this.status(libraryId);
  }

  /**
   * The way out of an index the merges cannot get past: clears the Library's index and crawls its selected spaces
   * again, in the background (jobs/rebuild-index.ts). Asked again while one runs, it changes nothing, unless that
   * one is stalled: then it starts over (the old one's jobs find another `since` and stop).
   */
  async rebuildIndex(libraryId: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source first.');
    const health = await this.ctx.state.getIndexHealth(libraryId);
    if (health?.rebuildingSince === undefined || this.rebuildStalled(health.rebuildingSince)) {
      const since = this.ctx.clock.now();
      await this.ctx.state.putIndexHealth({ ...(health ?? { libraryId }), rebuildingSince: since });
      await this.ctx.queue.push([{ type: 'rebuild-index', libraryId, since }]);
    }
    return this.status(libraryId);
  }

  private rebuildStalled(since: number): boolean {
    return this.ctx.clock.now() - since > REBUILD_STALLED_MS;
  }

  /** Deleting stops answers and syncs at once; the index is removed in the background. */
  async deleteLibrary(libraryId: string, actor: string): Promise<void> {
    await this.ctx.libraries.markDeleting(libraryId, actor);
    await this.ctx.queue.push([{ type: 'delete-library', libraryId }]);
  }

  async status(libraryId: string): Promise<LibraryStatus> {
    const library = await this.ctx.libraries.require(libraryId);
    const states = new Map((await this.ctx.state.listSpaces(libraryId)).map((state) => [state.spaceId, state]));
    const crawls = new Map((await this.ctx.state.listCrawls(libraryId)).map((crawl) => [crawl.crawlId, crawl]));
    const scan = await this.ctx.state.getScan(libraryId);
    const index = await this.ctx.state.getIndexHealth(libraryId);
    const spaces: SpaceStatus[] = (library.source?.spaces ?? []).map((space) => {
      const state = states.get(space.id);
      const crawl = state?.crawlId ? crawls.get(state.crawlId) : undefined;
      return toStatus(space, state && crawl && crawledBy(crawl, state) ? withCrawlCounts(state, crawl) : state);
    });
    return {
      libraryId,
      health: library.source?.health ?? { state: 'not_connected' },
      spaces,
      ...(scan ? { scan: { lastScanAt: scan.lastScanAt, lastScanChanged: scan.lastScanChanged, lastScanRemoved: scan.lastScanRemoved, lastError: scan.lastError } } : {}),
      ...(index
        ? { index: { lastError: index.lastError, rebuildingSince: index.rebuildingSince, ...(index.rebuildingSince !== undefined && this.rebuildStalled(index.rebuildingSince) ? { stalled: true } : {}) } }
        : {}),
    };
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

/** A crawling space's state with the live counts of its crawl (the crawl's checkpoint holds them). */
function withCrawlCounts(state: SpaceSyncState, crawl: CrawlState): SpaceSyncState {
  const entry = crawl.spaces.find((space) => space.spaceId === state.spaceId);
  if (!entry) return state;
  return {
    ...state,
    pagesSeen: entry.pagesSeen,
    pagesIndexed: entry.pagesIndexed,
    pagesFailed: state.pagesFailed + entry.pagesFailed,
    ...(entry.lastError ? { lastError: entry.lastError } : {}),
  };
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
    ...(state.phase === 'crawling' && state.pagesExpected ? { pagesExpected: state.pagesExpected } : {}),
    ...(state.lastScanAt ? { lastScanAt: state.lastScanAt } : {}),
    ...(state.lastError ? { lastError: state.lastError } : {}),
  };
}
