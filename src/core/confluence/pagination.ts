/**
 * Cursor pagination for both API generations.
 * - v2: the next page is `_links.next` (relative to `/wiki`, e.g. `/api/v2/pages?cursor=...`, or already
 *   `/wiki/api/v2/...`) and the `Link: <...>; rel="next"` header (OpenAPI v2).
 * - v1: `_links.next` starts `/rest/api/...` and is joined onto `_links.base`, whose path is `/wiki`.
 * `fetchResultPage` returns one page plus the next path and cursor, so a checkpointed crawl can store the cursor
 * in a queue event and resume there; the iterators walk every page and throw on any failure, so a caller never
 * mistakes a partial enumeration for a complete one.
 */
import type { Identity } from '../ports';
import { BadResponseError } from './errors';
import type { ConfluenceHttp } from './http';

/** One page of a list endpoint. */
export interface ResultPage<T> {
  results: T[];
  /** Path (under `/wiki/`) of the next page; absent on the last page. */
  nextPath?: string;
  /** The opaque cursor inside `nextPath`, to persist and pass back as `cursor`. */
  nextCursor?: string;
}

interface ListBody {
  results?: unknown;
  _links?: { next?: unknown; base?: unknown };
}

/** The only roots a next link may lead to: anything else is refused rather than requested. */
const ALLOWED_ROOTS = ['/wiki/api/v2/', '/wiki/rest/api/'];

/** The `rel="next"` target of an RFC 8288 Link header, if any. */
export function nextFromLinkHeader(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return match[1];
  }
  return undefined;
}

/**
 * Turns a next link into a path under `/wiki/`. Absolute URLs keep only path and query (the transport owns the
 * host); links without the `/wiki` prefix (v1's `/rest/api/...`, v2's `/api/v2/...`) are joined onto it.
 * Throws BadResponseError for a link outside Confluence's REST roots.
 */
export function resolveNextLink(link: string): string {
  let path = link.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    const url = new URL(path, 'https://placeholder.invalid');
    path = `${url.pathname}${url.search}`;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.startsWith('/wiki/')) path = `/wiki${path}`;
  const pathOnly = path.split('?')[0] ?? '';
  const unsafe = /(^|\/)\.\.?(\/|$)|\/\/|\\|%2e%2e|%2f|%5c/i.test(pathOnly);
  if (unsafe || !ALLOWED_ROOTS.some((root) => pathOnly.startsWith(root))) {
    throw new BadResponseError('Confluence returned a next link outside its REST API', { status: 200 });
  }
  return path;
}

/** The `cursor` query parameter of a path, if any. */
export function cursorOf(path: string): string | undefined {
  const q = path.indexOf('?');
  if (q === -1) return undefined;
  return new URLSearchParams(path.slice(q + 1)).get('cursor') ?? undefined;
}

/** Fetches one page of a v1 or v2 list endpoint. */
export async function fetchResultPage<T>(http: ConfluenceHttp, identity: Identity, path: string): Promise<ResultPage<T>> {
  const { body, headers } = await http.json<ListBody>(identity, { method: 'GET', path });
  if (!Array.isArray(body.results)) {
    throw new BadResponseError('Confluence returned a list without results', {
      status: 200,
      method: 'GET',
      path: path.split('?')[0],
    });
  }
  const bodyNext = typeof body._links?.next === 'string' && body._links.next !== '' ? body._links.next : undefined;
  const link = bodyNext ?? nextFromLinkHeader(headers.get('Link'));
  const page: ResultPage<T> = { results: body.results as T[] };
  if (link !== undefined) {
    page.nextPath = resolveNextLink(link);
    page.nextCursor = cursorOf(page.nextPath);
  }
  return page;
}

export interface IterateOptions {
  /** Stop after this many pages (a guard for tests and for bounded scans); unbounded by default. */
  maxPages?: number;
}

/** Every page from `firstPath` on. Throws if a request fails or a next link repeats (a cursor that does not advance). */
export async function* iterateResultPages<T>(
  http: ConfluenceHttp,
  identity: Identity,
  firstPath: string,
  options: IterateOptions = {},
): AsyncGenerator<ResultPage<T>, void, undefined> {
  const seen = new Set<string>();
  let path: string | undefined = firstPath;
  let pages = 0;
  while (path !== undefined) {
    if (seen.has(path)) {
      throw new BadResponseError('Confluence pagination did not advance', { status: 200, path: path.split('?')[0] });
    }
    seen.add(path);
    const page: ResultPage<T> = await fetchResultPage<T>(http, identity, path);
    yield page;
    pages++;
    if (options.maxPages !== undefined && pages >= options.maxPages) return;
    path = page.nextPath;
  }
}

/** Every item from `firstPath` on, page after page. */
export async function* iterateResults<T>(
  http: ConfluenceHttp,
  identity: Identity,
  firstPath: string,
  options: IterateOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of iterateResultPages<T>(http, identity, firstPath, options)) {
    yield* page.results;
  }
}

/** Collects every item from `firstPath` on; for lists known to be short (labels, ancestors). */
export async function collectResults<T>(http: ConfluenceHttp, identity: Identity, firstPath: string): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterateResults<T>(http, identity, firstPath)) all.push(item);
  return all;
}
