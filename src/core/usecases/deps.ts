import type { AskBudget, PageAccess, Retriever, Synthesizer } from '../answer';
import type { Library, LibraryRepository } from '../library';
import type { ReviewContext } from './review-context';

/**
 * Who a tool runs for. Rovo actions take the account from the platform's context; the external endpoint takes it
 * from a verified agent token (and then `libraryScope` is that token's one Library). Never from a tool input.
 */
export interface Asker {
  /** Atlassian account id; null for an anonymous visitor. */
  accountId: string | null;
  /** The only Library this request may query (an agent token's scope). */
  libraryScope?: string;
  /** The agent token the request came with (external endpoint): its id and the name its owner gave it. */
  agentToken?: { id: string; name: string };
}

/** A page as Confluence reports it now, through the Library's Source identity. */
export interface PageFacts {
  id: string;
  title: string;
  spaceId: string;
  version: number;
  /** ISO-8601 time of the current version. */
  lastModified?: string;
  /** Confluence's web UI path (`/spaces/KEY/pages/ID/Title`), when it gave one. */
  webui?: string;
}

/** Confluence pages read through the Library's Source identity (what the index holds), never as the asker. */
export interface PageSource {
  /** Of these pages, the current ones, with their facts; one bulk request per 250 ids. */
  current(library: Library, pageIds: string[]): Promise<Map<string, PageFacts>>;
  /** A current page with its storage-format body; undefined when it is missing, trashed or unreadable to the Source. */
  withBody(library: Library, pageId: string): Promise<(PageFacts & { storage: string }) | undefined>;
}

/** How fresh a Library's index is, for list-libraries. */
export interface LibraryFreshness {
  pages?: number;
  /** Epoch ms of the last change scan. */
  lastScanAt?: number;
  health: string;
  spaces: Array<{ key: string; name: string; phase?: string }>;
}

/** Everything the four read tools need; the app builds it from Forge adapters, tests from the simulator. */
export interface AgentDeps {
  libraries: Pick<LibraryRepository, 'list' | 'get'>;
  /** The retriever over a Library's index, by the Library's id. */
  retrieverFor(libraryId: string): Retriever;
  /** Whether a person may read pages now (`readableBy`); `stillCurrent` serves organization and public Libraries. */
  access: PageAccess;
  pages: PageSource;
  freshness?(library: Library): Promise<LibraryFreshness>;
  synthesizer?: Synthesizer;
  /** The site's base URL (`https://x.atlassian.net`), to make links absolute and to recognise this site's URLs. */
  siteUrl?: string;
  /**
   * Review, for propose-update. On the external endpoint there is no user to ask as, so `asUser` is the app's
   * identity: the tool has checked with Confluence that the token owner may read the page before using it.
   */
  review?: ReviewContext;
  /**
   * The question budget (src/core/answer/ask-budget.ts) that `search-library` and `ask-library` spend before any
   * storage read: the same per-person and installation-wide buckets as the Ask macro, so a person's agents and
   * their questions in Confluence share one budget, and every surface together leaves indexing its read quota.
   * Absent only in tests and benches that measure the tools without it.
   */
  budget?: Pick<AskBudget, 'take'>;
}
