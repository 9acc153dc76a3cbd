/**
 * What an identity may do in one space, asked of Confluence: v2 `GET /spaces/{id}/operations` answers with the
 * calling identity's own permitted operations (PermittedOperationsResponse), so one request called as the user
 * tells a space admin apart (`administer` on `space`) without reading the space's permission list and the
 * user's groups. Confluence answers 404 when the identity cannot view the space: that is "no operations".
 */
import type { ConfluenceClient } from './client';
import { BadResponseError, NotFoundError } from './errors';
import { ENDPOINTS } from './endpoints';
import { assertId, expandPath } from './paths';

/** One permitted operation (OpenAPI v2 `Operation`), e.g. `{operation: 'administer', targetType: 'space'}`. */
export interface SpaceOperation {
  operation: string;
  targetType: string;
}

/** The operations `client`'s identity may perform in space `spaceId`; none when it cannot view the space. */
export async function spaceOperations(client: ConfluenceClient, spaceId: string): Promise<SpaceOperation[]> {
  const path = expandPath(ENDPOINTS.getSpaceOperations.path, { id: assertId(spaceId, 'space id') });
  let body: { operations?: unknown };
  try {
    body = (await client.http.json<{ operations?: unknown }>(client.identity, { method: 'GET', path })).body;
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
  if (!body || !Array.isArray(body.operations)) {
    throw new BadResponseError('Confluence returned space operations without a list', { status: 200, method: 'GET', path });
  }
  return body.operations.filter(
    (op): op is SpaceOperation => !!op && typeof op === 'object' && typeof op.operation === 'string' && typeof op.targetType === 'string',
  );
}

/** Whether `client`'s identity administers space `spaceId` (holds `administer` on `space`). */
export async function administersSpace(client: ConfluenceClient, spaceId: string): Promise<boolean> {
  return (await spaceOperations(client, spaceId)).some((op) => op.operation === 'administer' && op.targetType === 'space');
}
