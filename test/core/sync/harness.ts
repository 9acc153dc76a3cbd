import { LibraryRepository } from '../../../src/core/library';
import type { Clock, JobQueue } from '../../../src/core/ports';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import {
  SyncStateStore,
  syncSettings,
  type SourcePage,
  type SourceSpace,
  type SyncContext,
  type SyncIndex,
  type SyncJob,
  type SyncSource,
} from '../../../src/core/sync';
import { QUEUES, queueOf, runJob, type Job } from '../../../src/core/jobs';

/** A site the fake Source reads: spaces and pages whose fields the test edits directly. */
export class FakeSite {
  spaces = new Map<string, SourceSpace>();
  pages = new Map<string, SourcePage>();
  requests: string[] = [];
  /** Every list request's query, for tests that tell a crawl's lists from a scan's. */
  lists: Array<{ spaceIds: string[]; statuses: string[]; sort?: string; cursor?: string }> = [];
  failNext: Array<() => Error> = [];
  unauthorized = false;
  pageSize = 250;
  /** How far Confluence's clock is ahead of the app's (negative: behind); page timestamps are Confluence's. */
  skewMs = 0;

  constructor(private readonly clock: Clock) {}

  /** Confluence's time now. */
  now(): number {
    return this.clock.now() + this.skewMs;
  }

  addSpace(space: SourceSpace): void {
    this.spaces.set(space.id, space);
  }

  put(page: Omit<SourcePage, 'modifiedAt' | 'version' | 'status'> & Partial<SourcePage>): SourcePage {
    const previous = this.pages.get(page.id);
    const next: SourcePage = {
      status: 'current',
      ...previous,
      ...page,
      version: page.version ?? (previous ? previous.version + 1 : 1),
      modifiedAt: page.modifiedAt ?? this.now(),
    };
    this.pages.set(next.id, next);
    return next;
  }

  source(): SyncSource {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the returned object's methods read the live site
    const site = this;
    const gate = (what: string) => {
      site.requests.push(what);
      if (site.unauthorized) throw Object.assign(new Error('401 Unauthorized'), { kind: 'authorization', status: 401 });
      const fail = site.failNext.shift();
      if (fail) throw fail();
    };
    return {
      async listPages(query) {
        gate(`list ${query.statuses.join(',')}`);
        site.lists.push({ spaceIds: [...query.spaceIds], statuses: [...query.statuses], sort: query.sort, cursor: query.cursor });
        // Keyset cursors, like Cloud's: the cursor names the last page's sort key, so pages created, edited or
        // removed meanwhile never shift a later list page.
        const key = (p: SourcePage): [number, number] => (query.sort === '-modified-date' ? [p.modifiedAt, Number(p.id)] : [Number(p.id), 0]);
        const descending = query.sort !== 'id';
        const order = (a: [number, number], b: [number, number]) => (descending ? -1 : 1) * (a[0] - b[0] || a[1] - b[1]);
        const after = query.cursor ? (JSON.parse(query.cursor) as [number, number]) : undefined;
        const all = [...site.pages.values()]
          .filter((p) => query.spaceIds.includes(p.spaceId) && query.statuses.includes(p.status as 'current'))
          .filter((p) => !after || order(key(p), after) > 0)
          .sort((a, b) => order(key(a), key(b)));
        const slice = all.slice(0, site.pageSize);
        const pages = slice.map((p) => (query.withBodies ? { ...p } : { ...p, body: undefined }));
        const last = slice[slice.length - 1];
        return { pages, cursor: all.length > slice.length && last ? JSON.stringify(key(last)) : undefined };
      },
      async getPages(ids, statuses) {
        gate('get pages');
        return ids.map((id) => site.pages.get(id)).filter((p): p is SourcePage => !!p && statuses.includes(p.status as 'current')).map((p) => ({ ...p }));
      },
      async getSpaces(ids) {
        gate('get spaces');
        return ids.map((id) => site.spaces.get(id)).filter((s): s is SourceSpace => !!s);
      },
      async listAllSpaces() {
        gate('list spaces');
        return { spaces: [...site.spaces.values()] };
      },
    };
  }
}

/** An index that remembers (page, version, space) and nothing else: the sync's contract, not the ranking. */
export class FakeIndex implements SyncIndex {
  pages = new Map<string, { version: number; spaceId: string; spaceKey: string; title: string }>();
  upserts = 0;
  async versions(ids: string[]) {
    const out = new Map<string, number>();
    for (const id of ids) {
      const page = this.pages.get(id);
      if (page) out.set(id, page.version);
    }
    return out;
  }
  async spaceKeys(ids: string[]) {
    const out = new Map<string, string>();
    for (const id of ids) {
      const page = this.pages.get(id);
      if (page) out.set(id, page.spaceKey);
    }
    return out;
  }
  async upsert(page: SourcePage & { body: string; spaceKey: string }) {
    if (page.body.includes('<<broken>>')) throw new Error('malformed storage format');
    this.upserts += 1;
    this.pages.set(page.id, { version: page.version, spaceId: page.spaceId, spaceKey: page.spaceKey, title: page.title });
  }
  async remove(ids: string[]) {
    for (const id of ids) this.pages.delete(id);
  }
  async listPageIds(spaceKey: string, cursor?: string) {
    const ids = [...this.pages.entries()].filter(([, p]) => p.spaceKey === spaceKey).map(([id]) => id).sort();
    const start = cursor ? Number(cursor) : 0;
    return { ids: ids.slice(start, start + 100), cursor: start + 100 < ids.length ? String(start + 100) : undefined };
  }
  async clearStep() {
    const ids = [...this.pages.keys()].slice(0, 100);
    for (const id of ids) this.pages.delete(id);
    return this.pages.size === 0;
  }
  merges = 0;
  async merge() {
    this.merges += 1;
    return { busy: false, more: false };
  }
}

export class ManualClock implements Clock {
  constructor(public t = Date.parse('2026-03-01T00:00:00Z')) {}
  now() {
    return this.t;
  }
}

/** A queue that holds jobs until the test runs them, honouring delays on the manual clock. */
export class HeldQueue implements JobQueue<Job> {
  jobs: Array<{ job: SyncJob; dueAt: number }> = [];
  pushed: SyncJob[] = [];
  constructor(private readonly clock: ManualClock) {}
  /** Jobs of the merge queue, held apart as on Forge (another queue, another consumer); `drain` runs sync jobs only. */
  merges: Job[] = [];
  async push(events: Job[], options?: { delaySeconds?: number }) {
    if (events.length > 50) throw new Error('too many events');
    for (const job of events) {
      if (job.type === 'merge' || job.type === 'ship' || job.type === 'document' || queueOf(job) === QUEUES.merge) {
        this.merges.push(job);
        continue;
      }
      this.jobs.push({ job: structuredClone(job), dueAt: this.clock.now() + (options?.delaySeconds ?? 0) * 1000 });
      this.pushed.push(job);
    }
    return 'job';
  }
}

export function setup() {
  const clock = new ManualClock();
  const store = new MemoryKeyValueStore();
  const site = new FakeSite(clock);
  const indexes = new Map<string, FakeIndex>();
  const queue = new HeldQueue(clock);
  const notices: string[] = [];
  const ctx: SyncContext = {
    libraries: new LibraryRepository(store, clock),
    state: new SyncStateStore(store),
    queue,
    clock,
    notifier: { reauthorizationNeeded: async (id) => void notices.push(id) },
    sourceFor: async () => site.source(),
    indexFor: (id) => {
      if (!indexes.has(id)) indexes.set(id, new FakeIndex());
      return indexes.get(id)!;
    },
    settings: syncSettings,
  };
  /** Runs due jobs until none is left that is due; advancing the clock to the next delayed one when asked. */
  async function drain(options: { advance?: boolean; max?: number } = {}) {
    const outcomes = [];
    for (let i = 0; i < (options.max ?? 10_000); i++) {
      queue.jobs.sort((a, b) => a.dueAt - b.dueAt);
      const next = queue.jobs[0];
      if (!next) break;
      if (next.dueAt > clock.now()) {
        if (!options.advance) break;
        clock.t = next.dueAt;
      }
      queue.jobs.shift();
      outcomes.push(await runJob(ctx, next.job));
    }
    return outcomes;
  }
  return { clock, store, site, indexes, queue, ctx, drain, notices, index: (id: string) => ctx.indexFor(id) as FakeIndex };
}
