/**
 * People by account id: v1 `GET /wiki/rest/api/user/bulk` (read:content-details:confluence), the one call that
 * names many accounts at once. Kept beside the client rather than in it: only the sync's People directory uses it.
 */
import type { ConfluenceClient } from './client';
import { ENDPOINTS } from './endpoints';
import { withQuery } from './paths';

/**
 * Most ids one request carries. The OpenAPI document allows `limit` up to 200, but Atlassian's current reference
 * says the call returns at most 100 and drops the rest; 100 ids of Cloud's `<n>:<uuid>` shape also keep the URL
 * near 5 KB.
 */
export const MAX_USERS_PER_REQUEST = 100;

/** Account ids as Cloud issues them: 24 hex characters, or `<number>:<uuid>`. Nothing markup- or path-like. */
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;

/** Whether `value` can be an Atlassian account id (and so may be sent in a URL or used in a storage key). */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/** A person's name as Confluence shows it to the asking identity (the public name when privacy hides the full one). */
export interface PersonName {
  accountId: string;
  displayName: string;
}

/**
 * Names of the given accounts, one request per `MAX_USERS_PER_REQUEST` ids. Ids that are not account-id shaped
 * are never sent; accounts Confluence does not return (deleted, unknown) are simply absent from the answer.
 * The ids go as one comma-separated `accountId` value: the document types the parameter as a single string
 * holding "a list of accountId's".
 */
export async function getUsersByAccountIds(client: ConfluenceClient, accountIds: readonly string[]): Promise<PersonName[]> {
  const ids = [...new Set(accountIds.filter(isAccountId))];
  const out: PersonName[] = [];
  for (let i = 0; i < ids.length; i += MAX_USERS_PER_REQUEST) {
    const batch = ids.slice(i, i + MAX_USERS_PER_REQUEST);
    const path = withQuery(ENDPOINTS.getUsersBulk.path, { accountId: batch, limit: batch.length });
    const { body } = await client.http.json<{ results?: unknown }>(client.identity, { method: 'GET', path });
    const wanted = new Set(batch);
    for (const user of Array.isArray(body?.results) ? body.results : []) {
      const entry = user as { accountId?: unknown; displayName?: unknown; publicName?: unknown };
      const name = nonEmpty(entry.displayName) ?? nonEmpty(entry.publicName);
      if (typeof entry.accountId === 'string' && wanted.has(entry.accountId) && name) out.push({ accountId: entry.accountId, displayName: name });
    }
  }
  return out;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
