/**
 * What an identity may do with one page, asked of Confluence: v2 `GET /pages/{id}/operations` answers with the
 * calling identity's own permitted operations on the page (PermittedOperationsResponse, OpenAPI v2), so one request
 * made as the user tells an editor (`update` on `page`) from a reader (`read` only). Confluence answers 404 when the
 * identity cannot see the page: that is "no access".
 */
import type { ConfluenceClient } from './client';
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
