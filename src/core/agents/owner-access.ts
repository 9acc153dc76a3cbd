import type { PageAccess } from '../answer';
import { NotFoundError, type ConfluenceClient } from '../confluence';
import type { Clock } from '../ports';

/** How long a "may read" answer is reused: a restriction added now binds external agents after at most this. */
export const OWNER_ACCESS_TTL_MS = 30_000;
/** Permission checks in flight at once for one request: bounds the burst Confluence sees from one search. */
const CONCURRENCY = 8;
const MAX_CACHED = 5_000;

const cache = new Map<string, { allowed: boolean; at: number }>();

/**
 * Page access for a request that comes with an agent token: the web trigger has no user to ask as (`asUser()`
 * does not work there), so the app asks Confluence whether the token's owner may read each page, with the v1
 * "Check content permissions" operation (site, space and restriction rules, inherited view restrictions
 * included). Answers are shared for 30 s (per installation, account and page) within a warm function instance
 * and asked in parallel batches; a page Confluence will not discuss counts as unreadable. Never wider than the
 * owner. `installation` keeps sites apart: one function instance may serve several installations, and page ids
 * and account ids are not unique across sites (an account is the same person everywhere).
 *
 * ```ts
 * const access = ownerAccess(appClient, clock, context.installContext);
 * ```
 */
export function ownerAccess(appClient: () => ConfluenceClient, clock: Clock, installation: string): PageAccess {
  const keyOf = (accountId: string, pageId: string) => `${installation}\u0000${accountId}\u0000${pageId}`;
  return {
    // The app cannot ask "is this account a guest" as the owner here, and the per-page check above already answers
    // with the owner's real rights: so every token owner is checked page by page, whatever the Library's visibility.
    async isGuest() {
      return true;
    },
    async readableBy(accountId, pageIds) {
      const now = clock.now();
      const allowed = new Set<string>();
      const ask: string[] = [];
      for (const id of new Set(pageIds)) {
        const hit = cache.get(keyOf(accountId, id));
        if (hit && now - hit.at < OWNER_ACCESS_TTL_MS && now >= hit.at) {
          if (hit.allowed) allowed.add(id);
        } else ask.push(id);
      }
      const client = appClient();
      for (let i = 0; i < ask.length; i += CONCURRENCY) {
        const batch = ask.slice(i, i + CONCURRENCY);
        const answers = await Promise.all(
          batch.map((id) =>
            client.canUserRead(id, accountId).catch((error: unknown) => {
              if (error instanceof NotFoundError) return false;
              throw error;
            }),
          ),
        );
        batch.forEach((id, j) => {
          if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
          cache.set(keyOf(accountId, id), { allowed: answers[j]!, at: now });
          if (answers[j]) allowed.add(id);
        });
      }
      return allowed;
    },
    async stillCurrent(pageIds) {
      if (!pageIds.length) return new Set();
      const pages = await appClient().getPagesByIds(pageIds, { status: ['current'] });
      return new Set(pages.filter((page) => page.status === 'current').map((page) => page.id));
    },
  };
}

/** Forgets cached answers (tests, and after a token is revoked nothing else needs clearing). */
export function clearOwnerAccessCache(): void {
  cache.clear();
}
