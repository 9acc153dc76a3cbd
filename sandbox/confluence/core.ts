/**
 * The simulator's shared parts, wired together: the site, its search index, change feed, credentials, faults
 * and request log. Route modules and the control API work on this; index.ts puts an HTTP server in front of it.
 */
import type { IncomingMessage } from 'node:http';
import type { SandboxClock } from '../clock';
import { Credentials } from './auth';
import { NotificationOutbox } from './comments';
import { ChangeFeed, toProductEvent } from './events';
import { Faults } from './faults';
import type { Family, Query, Reply } from './http';
import { Site, type PageChange } from './model';
import type { Identity } from './permissions';
import { RequestLog } from './request-log';
import { SearchIndex } from './search-index';

export interface ApiContext {
  core: SimulatorCore;
  site: Site;
  who: Identity;
  params: Record<string, string>;
  query: Query;
  req: IncomingMessage;
  /** The parsed JSON body (read lazily, bounded). */
  body(): Promise<unknown>;
}

export interface ApiRoute {
  method: string;
  /** Under /wiki, e.g. `/wiki/api/v2/pages/{id}`. */
  template: string;
  family: Family;
  /** Any one of these satisfies a scoped API token. */
  scopes: string[];
  handle(ctx: ApiContext): Reply | Promise<Reply>;
}

export class SimulatorCore {
  site!: Site;
  readonly index: SearchIndex;
  readonly feed = new ChangeFeed();
  readonly credentials: Credentials;
  readonly faults = new Faults();
  readonly log = new RequestLog();
  /** Emails Confluence would have sent for @-mentions. */
  readonly notifications = new NotificationOutbox();
  baseUrl = '';
  private detach: (() => void) | null = null;
  private readonly changeListeners = new Set<(change: PageChange) => void>();
  private readonly dataListeners = new Set<() => void>();

  constructor(
    readonly clock: SandboxClock,
    indexLagMs: number,
    readonly maxBodyBytes: number,
  ) {
    this.index = new SearchIndex(clock, indexLagMs);
    this.credentials = new Credentials(() => this.site, clock);
  }

  get wikiBase(): string {
    return `${this.baseUrl}/wiki`;
  }

  /** Replaces the whole site (seeding); the index is rebuilt with no lag. */
  load(site: Site): void {
    this.detach?.();
    this.site = site;
    this.index.rebuild(site);
    this.detach = site.onChange((change) => this.onChange(change));
  }

  /** Raw model changes, e.g. for persistence. */
  onModelChange(listener: (change: PageChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Site data changed outside a page change (a comment): persistence listens. */
  onDataChange(listener: () => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  dataChanged(): void {
    for (const listener of this.dataListeners) listener();
  }

  private onChange(change: PageChange): void {
    const site = this.site;
    this.feed.publish(toProductEvent(site, change));
    const live = site.page(change.page.id);
    if (!live || change.kind === 'deleted') {
      this.index.schedule(change.page.id, null);
    } else {
      this.index.schedule(live.id, SearchIndex.entryFor(site, live));
      // A move changes the ancestors of the whole subtree.
      if (change.kind === 'moved') for (const d of site.descendants(live.id)) this.index.schedule(d.id, SearchIndex.entryFor(site, d));
    }
    for (const listener of this.changeListeners) listener(change);
  }
}
