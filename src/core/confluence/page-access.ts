/**
 * What an identity may do with one page, asked of Confluence: v2 `GET /pages/{id}/operations` answers with the
 * calling identity's own permitted operations on the page (PermittedOperationsResponse, OpenAPI v2), so one request
 * made as the user tells an editor (`update` on `page`) from a reader (`read` only). Confluence answers 404 when the
 * identity cannot see the page: that is "no access".
 */
import type { ConfluenceClient } from './client';
import { pagesByIdQuery } from './cql';
import { NotFoundError } from './errors';
import { ENDPOINTS } from './endpoints';
import { assertId, expandPath } from './paths';

export type PageAccess = 'none' | 'read' | 'edit';

/**
 * `edit` when the identity may update the page, `read` when it may only read it, `none` when it cannot see it.
 *
 * Example: `await pageAccess(client.as('user'), '12345') // 'edit'`
 */
export async function pageAccess(client: ConfluenceClient, pageId: string): Promise<PageAccess> {
  const path = expandPath(ENDPOINTS.getPageOperations.path, { id: assertId(pageId, 'page id') });
  let body: { operations?: unknown };
  try {
    body = (await client.http.json<{ operations?: unknown }>(client.identity, { method: 'GET', path })).body;
  } catch (error) {
    if (error instanceof NotFoundError) return 'none';
    throw error;
  }
  const ops = Array.isArray(body?.operations) ? (body.operations as Array<{ operation?: unknown; targetType?: unknown }>) : [];
  if (ops.some((op) => op.operation === 'update' && op.targetType === 'page')) return 'edit';
  if (ops.some((op) => op.operation === 'read' && op.targetType === 'page')) return 'read';
  return 'none';
}

/** Ids per bulk check: one CQL request each (a page of the Review queue is at most 100 proposals). */
const BULK = 50;

/**
 * `pageAccess` for many pages at once: one v1 content search per 50 pages (`id in (…)`, `expand=operations`: each
 * result's Content.operations are the caller's own, OpenAPI v1 OperationCheckResult), instead of one request per
 * page. Search answers only pages the caller may read; a page it leaves out (the search index lags new pages, or
 * the page is archived) is asked about on its own, so the answer never depends on the index.
 *
 * Example: `await pageAccessMany(userClient, ['123', '456']) // Map { '123' => 'edit', '456' => 'read' }`
 */
export async function pageAccessMany(client: ConfluenceClient, pageIds: readonly string[]): Promise<Map<string, PageAccess>> {
  const ids = [...new Set(pageIds)].map((id) => assertId(id, 'page id'));
  const out = new Map<string, PageAccess>();
  for (let i = 0; i < ids.length; i += BULK) {
    const batch = ids.slice(i, i + BULK);
    const page = await client.searchContent(pagesByIdQuery(batch), { expand: ['operations'], limit: batch.length });
    for (const result of page.results as Array<{ id: string; operations?: Array<{ operation?: unknown; targetType?: unknown }> }>) {
      if (!batch.includes(result.id) || !Array.isArray(result.operations)) continue;
      const ops = result.operations;
      out.set(result.id, ops.some((op) => op.operation === 'update' && op.targetType === 'page') ? 'edit' : ops.some((op) => op.operation === 'read' && op.targetType === 'page') ? 'read' : 'none');
    }
  }
  for (const id of ids) if (!out.has(id)) out.set(id, await pageAccess(client, id));
  return out;
}
