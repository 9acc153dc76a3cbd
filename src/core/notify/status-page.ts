/**
 * The "Librarian status" page: one page per space, created and owned by the app, on which the app posts its
 * notices as footer comments. Its id is kept in the KVS so every notice reuses the same page; a page that was
 * trashed or deleted is replaced, and a page of the same title the app already owns (its KVS entry lost, say
 * after a reinstall) is adopted rather than duplicated.
 */
import { ConfluenceError, NotFoundError, pageByTitleQuery, type ConfluenceClient, type Page } from '../confluence';
import type { Clock, KeyValueStore } from '../ports';
import { NotifyError } from './errors';
import { formatInstant } from './message';

export const STATUS_PAGE_TITLE = 'Librarian status';
const KEY_PREFIX = 'notify:status-page:';

const PAGE_BODY =
  '<p>Librarian, the question-answering app for this site, posts a comment on this page when one of its ' +
  'Libraries needs an administrator. It @-mentions the site administrators, so Confluence emails them.</p>';

interface StoredStatusPage {
  pageId: string;
  spaceId: string;
  createdAt: number;
}

export class StatusPage {
  /** `confluence` must act as the app: the page and its comments are the app's own. */
  constructor(
    private readonly confluence: ConfluenceClient,
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
  ) {}

  /** The id of the space's status page, creating the page if there is no usable one. */
  async ensure(space: { id: string; key: string }): Promise<string> {
    const known = await this.known(space.id);
    if (known) return known;
    let page: Page;
    try {
      page = await this.confluence.createPage({ spaceId: space.id, title: STATUS_PAGE_TITLE, storage: PAGE_BODY });
    } catch (e) {
      // 400 is Cloud's answer to a title already taken in the space.
      if (!(e instanceof ConfluenceError) || e.status !== 400) throw confluenceFailure(e, space.key);
      const again = (await this.known(space.id)) ?? (await this.adopt(space));
      if (again) return again;
      try {
        page = await this.confluence.createPage({ spaceId: space.id, title: `${STATUS_PAGE_TITLE} ${formatInstant(this.clock.now())}`, storage: PAGE_BODY });
      } catch (inner) {
        throw confluenceFailure(inner, space.key);
      }
    }
    await this.remember(space.id, page.id);
    return page.id;
  }

  private key(spaceId: string): string {
    return KEY_PREFIX + spaceId;
  }

  private async remember(spaceId: string, pageId: string): Promise<void> {
    await this.store.set<StoredStatusPage>(this.key(spaceId), { pageId, spaceId, createdAt: this.clock.now() });
  }

  /** The stored page, if it is still a current page in that space. */
  private async known(spaceId: string): Promise<string | undefined> {
    const stored = await this.store.get<StoredStatusPage>(this.key(spaceId));
    if (!stored) return undefined;
    try {
      const page = await this.confluence.getPage(stored.pageId);
      return page.status === 'current' && page.spaceId === spaceId ? page.id : undefined;
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }

  /** A current page with the status title that the app itself owns. */
  private async adopt(space: { id: string; key: string }): Promise<string | undefined> {
    const me = (await this.confluence.getCurrentUser()).accountId;
    if (!me) return undefined;
    const found = await this.confluence.searchContent(pageByTitleQuery(space.key, STATUS_PAGE_TITLE), { limit: 5, expand: [] });
    for (const hit of found.results) {
      const page = await this.confluence.getPage(hit.id).catch(() => undefined);
      if (page && page.status === 'current' && page.spaceId === space.id && (page.ownerId ?? page.authorId) === me) {
        await this.remember(space.id, page.id);
        return page.id;
      }
    }
    return undefined;
  }
}

export function confluenceFailure(e: unknown, spaceKey: string): Error {
  if (e instanceof NotifyError) return e;
  if (e instanceof NotFoundError) {
    return new NotifyError('confluence', `Librarian cannot write in the space "${spaceKey}". Give the app permission to add pages and comments there, or choose another space for notices.`);
  }
  if (e instanceof ConfluenceError) return new NotifyError('confluence', `Confluence refused the notice in the space "${spaceKey}": ${e.message}`);
  return e instanceof Error ? e : new Error(String(e));
}
