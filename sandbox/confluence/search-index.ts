/**
 * The CQL search index: a copy of each page as it was when last indexed. A change becomes searchable only
 * `lagMs` after it happened (Cloud's CQL index lags behind edits, as Atlassian's search docs warn), measured on the sandbox clock, so tests
 * step through the lag instead of sleeping. Only current pages in the index are searchable.
 */
import type { SandboxClock } from '../clock';
import { latest, modifiedAt, type PageRecord, type Site } from './model';
import { storagePlainText } from './storage-text';

export interface IndexEntry {
  id: string;
  spaceId: string;
  spaceKey: string;
  title: string;
  /** Storage format as indexed; its words are extracted on first use (see `entryWords`). */
  body: string;
  labels: string[];
  ancestorIds: string[];
  parentId: string | null;
  status: PageRecord['status'];
  createdAt: number;
  modifiedAt: number;
  version: number;
}

/**
 * What `text ~` searches: title, body text and labels, lower-cased. Computed per query rather than cached:
 * holding tokenized bodies of a 100,000-page site would cost more memory than the bodies themselves.
 */
export function searchableText(entry: IndexEntry): string {
  return `${entry.title}\n${storagePlainText(entry.body)}\n${entry.labels.join(' ')}`.toLowerCase();
}

export class SearchIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private pending: Array<{ at: number; id: string; entry: IndexEntry | null }> = [];

  constructor(
    private readonly clock: SandboxClock,
    public lagMs: number,
  ) {}

  static entryFor(site: Site, page: PageRecord): IndexEntry {
    const v = latest(page);
    return {
      id: page.id,
      spaceId: page.spaceId,
      spaceKey: site.space(page.spaceId)?.key ?? '',
      title: v.title,
      body: v.body,
      labels: [...page.labels],
      ancestorIds: site.ancestors(page).map((a) => a.id),
      parentId: page.parentId,
      status: page.status,
      createdAt: page.createdAt,
      modifiedAt: modifiedAt(page),
      version: v.number,
    };
  }

  /** Indexes everything now, with no lag: a freshly seeded site is fully searchable. */
  rebuild(site: Site): void {
    this.entries.clear();
    this.pending = [];
    for (const page of site.pages()) if (page.status === 'current') this.entries.set(page.id, SearchIndex.entryFor(site, page));
  }

  /** Queues the page's present state (or its removal) to become visible after the lag. */
  schedule(id: string, entry: IndexEntry | null): void {
    this.pending.push({ at: this.clock.now() + this.lagMs, id, entry: entry && entry.status === 'current' ? entry : null });
  }

  /** Makes every queued change visible now. */
  flush(): void {
    for (const p of this.pending) this.apply(p.id, p.entry);
    this.pending = [];
  }

  /** The entries searchable at the clock's present time. */
  visible(): IndexEntry[] {
    const now = this.clock.now();
    const due = this.pending.filter((p) => p.at <= now);
    if (due.length) {
      this.pending = this.pending.filter((p) => p.at > now);
      for (const p of due) this.apply(p.id, p.entry);
    }
    return [...this.entries.values()];
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private apply(id: string, entry: IndexEntry | null): void {
    if (entry) this.entries.set(id, entry);
    else this.entries.delete(id);
  }
}
