/**
 * ConfluenceClient: the typed operations the app performs on a site, as one identity (the app or the user).
 * Paths come from the ENDPOINTS table, ids are checked numeric, every dynamic value is encoded, retries and
 * rate limits are handled once in ConfluenceHttp, and list methods return one page plus its next cursor so a
 * checkpointed crawl can resume where it stopped. `as(identity)` gives the same client for another identity
 * (e.g. the asker, for the bulk read check of `getPagesByIds`).
 */
import type { ConfluenceTransport, Identity } from '../ports';
import type { CqlQuery } from './cql';
import { InvalidInputError } from './errors';
import { ENDPOINTS } from './endpoints';
import { ConfluenceHttp, type ConfluenceHttpOptions } from './http';
import { noticeParagraph } from './mentions';
import { collectResults, fetchResultPage, iterateResultPages, type ResultPage } from './pagination';
import { assertId, expandPath, withQuery } from './paths';
import type {
  BodyFormat,
  CurrentUser,
  FooterComment,
  FooterCommentCreateRequest,
  ListableStatus,
  Page,
  PageCreateRequest,
  PageUpdateRequest,
  PageSort,
  SearchContent,
  Space,
  SpaceStatus,
} from './types';

/** v2 list endpoints take at most 250 per request (OpenAPI v2 `limit` maximum; `id` maxItems 250). */
export const MAX_V2_LIMIT = 250;
/** v2 `GET /pages` takes at most 100 space ids (OpenAPI: space-id maxItems 100). */
export const MAX_SPACE_IDS = 100;

export interface ListSpacesOptions {
  ids?: readonly string[];
  keys?: readonly string[];
  type?: 'global' | 'collaboration' | 'knowledge_base' | 'personal';
  status?: SpaceStatus;
  cursor?: string;
  /** 1..250, default 250. */
  limit?: number;
}

export interface ListPagesInSpaceOptions {
  /** Default ['current']: only published pages are indexed. */
  status?: readonly ListableStatus[];
  /** Default 'storage': bodies come with the list, no per-page GET. */
  bodyFormat?: BodyFormat | 'none';
  /** Default '-modified-date'. */
  sort?: PageSort;
  /** 1..250, default 250. */
  limit?: number;
  /** Resume point from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface GetPagesByIdsOptions {
  bodyFormat?: BodyFormat;
  /** Unset: Cloud's default (current and archived). */
  status?: readonly ListableStatus[];
}

export interface GetPageOptions {
  bodyFormat?: BodyFormat;
  /** A previous published version's number. */
  version?: number;
  /** Unset: Cloud's default. Ask for ['current','trashed',...] to learn a page's fate rather than get a 404. */
  status?: ReadonlyArray<'current' | 'archived' | 'trashed' | 'deleted' | 'historical' | 'draft'>;
}

export interface UpdatePageInput {
  title: string;
  /** Storage-format XHTML: the whole new body. */
  storage: string;
  /**
   * The version number the new body was derived from; the client sends `basedOnVersion + 1`, so Cloud answers
   * 409 (VersionConflictError) if anyone saved the page since.
   */
  basedOnVersion: number;
  message?: string;
}

export interface CreatePageInput {
  spaceId: string;
  title: string;
  /** Storage-format XHTML. */
  storage: string;
  parentId?: string;
}

export interface SearchOptions {
  /** Default 100; Cloud may return fewer (fixed system limits). */
  limit?: number;
  cursor?: string;
  /** Default ['version', 'space']. */
  expand?: readonly string[];
}

/** What `getCurrentUserAccess` reports about the calling identity. */
export interface CurrentUserAccess {
  displayName?: string;
  administersConfluence: boolean;
  /** A Confluence guest (external collaborator), or an answer that did not say. */
  guest: boolean;
}

function assertLimit(limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${max}`);
  }
  return limit;
}

function assertCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (typeof cursor !== 'string' || cursor === '' || cursor.length > 4096) {
    throw new InvalidInputError('cursor is not valid');
  }
  return cursor;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Typed Confluence operations over the transport, as one identity. */
export class ConfluenceClient {
  constructor(
    readonly http: ConfluenceHttp,
    readonly identity: Identity = 'app',
  ) {}

  /** A client over `transport` with the given retry options (Forge policy by default). */
  static create(transport: ConfluenceTransport, identity: Identity = 'app', options: ConfluenceHttpOptions = {}) {
    return new ConfluenceClient(new ConfluenceHttp(transport, options), identity);
  }

  /** The same client, reading as another identity. */
  as(identity: Identity): ConfluenceClient {
    return identity === this.identity ? this : new ConfluenceClient(this.http, identity);
  }

  private async get<T>(path: string): Promise<T> {
    return (await this.http.json<T>(this.identity, { method: 'GET', path })).body;
  }

  // ---- site and identity ----

  /** v1 current user: account id, type and (privacy permitting) time zone. */
  async getCurrentUser(): Promise<CurrentUser> {
    return this.get<CurrentUser>(ENDPOINTS.getCurrentUser.path);
  }

  /**
   * What the identity is on this site, in one request (v1 `user/current?expand=operations`): its name, whether it
   * administers Confluence, and whether it is a guest. Confluence marks guests (external collaborators, outside
   * the site's member group) with `isExternalCollaborator` (v1 User schema; `externalCollaborator` is the older
   * spelling); an answer without either flag counts as a guest, so a missing field never widens access.
   */
  async getCurrentUserAccess(): Promise<CurrentUserAccess> {
    const user = await this.get<CurrentUser & { operations?: Array<{ operation?: string; targetType?: string }>; externalCollaborator?: boolean }>(
      withQuery(ENDPOINTS.getCurrentUser.path, { expand: 'operations' }),
    );
    const flag = user.isExternalCollaborator ?? user.externalCollaborator;
    return {
      ...(user.displayName ? { displayName: user.displayName } : {}),
      administersConfluence: (user.operations ?? []).some((op) => op.operation === 'administer' && op.targetType === 'application'),
      guest: flag !== false,
    };
  }

  // ---- spaces ----

  /** One page of spaces (v2). */
  async listSpaces(options: ListSpacesOptions = {}): Promise<ResultPage<Space>> {
    return fetchResultPage<Space>(this.http, this.identity, this.spacesPath(options));
  }

  /** Every space matching `options`, page by page. */
  async *iterateSpaces(options: Omit<ListSpacesOptions, 'cursor'> = {}): AsyncGenerator<ResultPage<Space>, void, undefined> {
    yield* iterateResultPages<Space>(this.http, this.identity, this.spacesPath(options));
  }

  private spacesPath(options: ListSpacesOptions): string {
    const ids = options.ids?.map((id) => assertId(id, 'space id'));
    if (ids && ids.length > MAX_V2_LIMIT) throw new InvalidInputError(`at most ${MAX_V2_LIMIT} space ids per request`);
    if (options.keys && options.keys.length > MAX_V2_LIMIT) {
      throw new InvalidInputError(`at most ${MAX_V2_LIMIT} space keys per request`);
    }
    return withQuery(ENDPOINTS.listSpaces.path, {
      ids,
      keys: options.keys,
      type: options.type,
      status: options.status,
      cursor: assertCursor(options.cursor),
      limit: assertLimit(options.limit ?? MAX_V2_LIMIT, MAX_V2_LIMIT),
    });
  }

  // ---- pages ----

  /**
   * One page of the pages of several spaces (v2 accepts up to 100 space ids): the five-minute scan reads every
   * followed space with one request this way.
   */
  async listPagesInSpaces(spaceIds: readonly string[], options: ListPagesInSpaceOptions = {}): Promise<ResultPage<Page>> {
    if (!spaceIds.length || spaceIds.length > MAX_SPACE_IDS) throw new InvalidInputError(`give 1 to ${MAX_SPACE_IDS} space ids per request`);
    return fetchResultPage<Page>(this.http, this.identity, this.pagesInSpacePath(spaceIds, options));
  }

  private pagesInSpacePath(spaceId: string | readonly string[], options: ListPagesInSpaceOptions): string {
    const bodyFormat = options.bodyFormat ?? 'storage';
    const spaceIds = (typeof spaceId === 'string' ? [spaceId] : spaceId).map((id) => assertId(id, 'space id'));
    return withQuery(ENDPOINTS.listPages.path, {
      'space-id': spaceIds.length === 1 ? spaceIds[0] : spaceIds,
      status: options.status ?? ['current'],
      'body-format': bodyFormat === 'none' ? undefined : bodyFormat,
      sort: options.sort ?? '-modified-date',
      limit: assertLimit(options.limit ?? MAX_V2_LIMIT, MAX_V2_LIMIT),
      cursor: assertCursor(options.cursor),
    });
  }

  /**
   * Pages by id, 250 ids a request (larger arrays are split). List endpoints return only what the identity may
   * read, so as the user this is a bulk read-permission check: absent ids are unreadable, or gone.
   */
  async getPagesByIds(ids: readonly string[], options: GetPagesByIdsOptions = {}): Promise<Page[]> {
    const unique = [...new Set(ids.map((id) => assertId(id, 'page id')))];
    const pages: Page[] = [];
    for (const group of chunk(unique, MAX_V2_LIMIT)) {
      const path = withQuery(ENDPOINTS.listPages.path, {
        id: group,
        status: options.status,
        'body-format': options.bodyFormat,
        limit: MAX_V2_LIMIT,
      });
      pages.push(...(await collectResults<Page>(this.http, this.identity, path)));
    }
    return pages;
  }

  /** One page (v2). A purged page, or one this identity cannot see, is a NotFoundError. */
  async getPage(id: string, options: GetPageOptions = {}): Promise<Page> {
    if (options.version !== undefined && (!Number.isInteger(options.version) || options.version < 1)) {
      throw new InvalidInputError('version must be a positive integer');
    }
    return this.get<Page>(
      withQuery(expandPath(ENDPOINTS.getPage.path, { id: assertId(id, 'page id') }), {
        'body-format': options.bodyFormat,
        version: options.version,
        status: options.status,
      }),
    );
  }

  /**
   * The current page with this exact title in a space, if the identity may read one: Confluence keeps page titles
   * unique within a space, so there is at most one (v2 `GET /pages?space-id=&title=`).
   */
  async findPageByTitle(spaceId: string, title: string): Promise<Page | undefined> {
    if (typeof title !== 'string' || !title.trim() || title.length > 255) throw new InvalidInputError('a page title is 1 to 255 characters');
    const path = withQuery(ENDPOINTS.listPages.path, { 'space-id': assertId(spaceId, 'space id'), title, status: ['current'], limit: 1 });
    const page = await fetchResultPage<Page>(this.http, this.identity, path);
    return page.results[0];
  }

  /** Creates a published page (v2). */
  async createPage(input: CreatePageInput): Promise<Page> {
    const body: PageCreateRequest = {
      spaceId: assertId(input.spaceId, 'space id'),
      status: 'current',
      title: input.title,
      body: { representation: 'storage', value: input.storage },
    };
    if (input.parentId !== undefined) body.parentId = assertId(input.parentId, 'parent id');
    return (await this.http.json<Page>(this.identity, { method: 'POST', path: ENDPOINTS.createPage.path, json: body })).body;
  }

  /** Replaces a page's title and body as version `basedOnVersion + 1`; VersionConflictError if it moved on. */
  async updatePage(id: string, input: UpdatePageInput): Promise<Page> {
    const pageId = assertId(id, 'page id');
    if (!Number.isInteger(input.basedOnVersion) || input.basedOnVersion < 1) {
      throw new InvalidInputError('basedOnVersion must be a positive integer');
    }
    const version: PageUpdateRequest['version'] = { number: input.basedOnVersion + 1 };
    if (input.message !== undefined) version.message = input.message;
    const body: PageUpdateRequest = {
      id: pageId,
      status: 'current',
      title: input.title,
      body: { representation: 'storage', value: input.storage },
      version,
    };
    const path = expandPath(ENDPOINTS.updatePage.path, { id: pageId });
    return (await this.http.json<Page>(this.identity, { method: 'PUT', path, json: body })).body;
  }

  // ---- search ----

  /** One page of CQL results (v1 content search). The query must come from cql.ts. */
  async searchContent(cql: CqlQuery, options: SearchOptions = {}): Promise<ResultPage<SearchContent>> {
    return fetchResultPage<SearchContent>(this.http, this.identity, this.searchPath(cql, options));
  }

  private searchPath(cql: CqlQuery, options: SearchOptions): string {
    if (typeof cql !== 'string' || cql === '') throw new InvalidInputError('CQL query is empty');
    const expand = options.expand ?? ['version', 'space'];
    for (const e of expand) if (!/^[A-Za-z][A-Za-z.]*$/.test(e)) throw new InvalidInputError('expand value is not valid');
    return withQuery(ENDPOINTS.searchContent.path, {
      cql,
      limit: assertLimit(options.limit ?? 100, 1000),
      cursor: assertCursor(options.cursor),
      expand,
    });
  }

  // ---- permissions ----

  /**
   * Whether `accountId` may read page `id` now (v1 "Check content permissions": site, space and restriction rules,
   * inherited view restrictions included). A page this identity cannot see answers NotFoundError.
   */
  async canUserRead(id: string, accountId: string): Promise<boolean> {
    const path = expandPath(ENDPOINTS.checkContentPermission.path, { id: assertId(id, 'page id') });
    const json = { subject: { type: 'user', identifier: accountId }, operation: 'read' };
    const { body } = await this.http.json<{ hasPermission?: unknown }>(this.identity, { method: 'POST', path, json });
    return body.hasPermission === true;
  }

  // ---- notices ----

  /** A footer comment on a page (v2), storage format. */
  async createFooterComment(pageId: string, storage: string): Promise<FooterComment> {
    const body: FooterCommentCreateRequest = {
      pageId: assertId(pageId, 'page id'),
      body: { representation: 'storage', value: storage },
    };
    return (await this.http.json<FooterComment>(this.identity, { method: 'POST', path: ENDPOINTS.createFooterComment.path, json: body })).body;
  }

  /** A footer comment that @-mentions `accountIds` followed by `text`, so Confluence emails each of them. */
  async mentionInComment(pageId: string, text: string, accountIds: readonly string[]): Promise<FooterComment> {
    return this.createFooterComment(pageId, noticeParagraph(text, accountIds));
  }
}

