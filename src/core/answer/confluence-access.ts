import type { ConfluenceClient } from '../confluence';
import type { PageAccess } from './ports';

/**
 * The permission filter over Confluence itself: a bulk v2 `GET /pages?id=...&status=current` made as the asker
 * returns only the current pages that person may read (space permissions, page restrictions and every restricted
 * ancestor are Confluence's to apply), one request per 250 pages. The app's own client confirms pages are current
 * for Libraries that are not private. Guests are told apart by `user/current` asked as them.
 */
export function confluenceAccess(clients: { asUser(accountId: string): ConfluenceClient; asApp(): ConfluenceClient }): PageAccess {
  return {
    async readableBy(accountId, pageIds) {
      if (!pageIds.length) return new Set();
      const pages = await clients.asUser(accountId).getPagesByIds(pageIds, { status: ['current'] });
      return new Set(pages.filter((page) => page.status === 'current').map((page) => page.id));
    },
    async isGuest(accountId) {
      return (await clients.asUser(accountId).getCurrentUserAccess()).guest;
    },
    async stillCurrent(pageIds) {
      if (!pageIds.length) return new Set();
      const pages = await clients.asApp().getPagesByIds(pageIds, { status: ['current'] });
      return new Set(pages.filter((page) => page.status === 'current').map((page) => page.id));
    },
  };
}
