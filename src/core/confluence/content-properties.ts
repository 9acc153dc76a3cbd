/**
 * Page content properties (v2 `/pages/{page-id}/properties`): JSON values the app keeps on a page. Review keeps
 * the byline item's title and tooltip in one, so Confluence renders the pending count without invoking the app
 * (`contentPropertyKey` of `confluence:contentBylineItem`; Forge docs, "updateBylineProperties": the values live in
 * the content property, and persisting them needs read:page:confluence and write:page:confluence).
 * Create takes `{key, value}`; update takes `{key, value, version: {number: current + 1}}` (OpenAPI v2
 * ContentPropertyCreateRequest / ContentPropertyUpdateRequest).
 */
import type { ConfluenceClient } from './client';
import { VersionConflictError } from './errors';
import { ENDPOINTS } from './endpoints';
import { assertId, expandPath, withQuery } from './paths';

export interface ContentProperty<T> {
  id: string;
  key: string;
  value: T;
  version?: { number: number };
}

const PROPERTY_KEY = /^[A-Za-z0-9._-]{1,255}$/;

/** The page's property `key`, or undefined. */
export async function getPageProperty<T>(client: ConfluenceClient, pageId: string, key: string): Promise<ContentProperty<T> | undefined> {
  if (!PROPERTY_KEY.test(key)) throw new TypeError('content property key is not valid');
  const path = withQuery(expandPath(ENDPOINTS.listPageProperties.path, { 'page-id': assertId(pageId, 'page id') }), { key });
  const { body } = await client.http.json<{ results?: Array<ContentProperty<T>> }>(client.identity, { method: 'GET', path });
  return (body?.results ?? []).find((property) => property.key === key);
}

/**
 * Writes `value` under `key` on the page: creates it, or updates it as its next version. One re-read if a
 * concurrent writer took that version (the value is recomputed by the caller each time, so last write is current).
 */
export async function setPageProperty<T>(client: ConfluenceClient, pageId: string, key: string, value: T): Promise<void> {
  const id = assertId(pageId, 'page id');
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await getPageProperty<T>(client, id, key);
    try {
      if (!existing) {
        const path = expandPath(ENDPOINTS.createPageProperty.path, { 'page-id': id });
        await client.http.json(client.identity, { method: 'POST', path, json: { key, value } });
      } else {
        const path = expandPath(ENDPOINTS.updatePageProperty.path, { 'page-id': id, 'property-id': assertId(existing.id, 'property id') });
        await client.http.json(client.identity, { method: 'PUT', path, json: { key, value, version: { number: (existing.version?.number ?? 1) + 1 } } });
      }
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt > 0) throw error;
    }
  }
}
