import { administersSpace, ConfluenceError, type CurrentUserAccess } from '../../core/confluence';
import type { Viewer } from '../../core/usecases';
import type { Caller } from '../context';
import { userClient } from '../services';

/** Confluence could not answer (429, 5xx, no connection): a role question must then fail closed and say so. */
function isBusy(error: unknown): boolean {
  return error instanceof ConfluenceError && (error.kind === 'rate-limited' || error.kind === 'server' || error.kind === 'network');
}

/**
 * The caller as Confluence sees them, asked as the caller (the browser's word is never taken), each question at most
 * once per invocation: `user/current?expand=operations` answers the name, the site-admin right and guest status in
 * one request.
 * - `isSiteAdmin` is false for anonymous callers and when Confluence refuses; when Confluence is busy it throws,
 *   so a real admin is told "busy, try again" rather than "only site admins".
 * - `readableSpaceKeys` lists spaces by key as the caller: Confluence returns only those they may view.
 * - `administersSpace` fails closed: no user, no view of the space, or no answer all mean no.
 */
export function viewerFor(caller: Caller): Viewer {
  let access: Promise<CurrentUserAccess> | undefined;
  const current = () => (access ??= userClient().getCurrentUserAccess());
  const signedIn = caller.accountId !== null;
  return {
    accountId: caller.accountId,
    async displayName() {
      return signedIn ? (await current()).displayName : undefined;
    },
    async isSiteAdmin() {
      if (!signedIn) return false;
      try {
        return (await current()).administersConfluence;
      } catch (error) {
        if (isBusy(error)) throw error;
        return false;
      }
    },
    async isGuest() {
      if (!signedIn) return true;
      return (await current()).guest;
    },
    async readableSpaceKeys(keys) {
      const readable = new Set<string>();
      if (!signedIn) return readable;
      const wanted = [...new Set(keys)];
      for (let i = 0; i < wanted.length; i += 250) {
        const page = await userClient().listSpaces({ keys: wanted.slice(i, i + 250), limit: 250 });
        for (const space of page.results) readable.add(space.key);
      }
      return readable;
    },
    async administersSpace(spaceId) {
      if (!signedIn) return false;
      try {
        return await administersSpace(userClient(), spaceId);
      } catch {
        return false;
      }
    },
  };
}
