/**
 * The request and response shapes the app uses, narrowed by hand from Atlassian's OpenAPI documents
 * (developer.atlassian.com/cloud/confluence/rest: v2 2.0.0 and v1 1.0.0). Only fields the app reads or writes are listed;
 * schema names from the documents are given beside each type. Optional means the document does not require it
 * or Cloud omits it unless asked.
 */

/** v2 SpaceType, plus the newer types Cloud returns (system, onboarding, xflow_sample_space: Confluence Cloud REST v2 docs, Space `type`). */
export type SpaceType =
  | 'global'
  | 'collaboration'
  | 'knowledge_base'
  | 'personal'
  | 'system'
  | 'onboarding'
  | 'xflow_sample_space';

/** v2 SpaceStatus. */
export type SpaceStatus = 'current' | 'archived';

/** v2 ContentStatus (without the query-only `any`). */
export type ContentStatus = 'current' | 'draft' | 'archived' | 'historical' | 'trashed' | 'deleted';

/** Statuses the v2 list filter accepts (GET /pages `status`). */
export type ListableStatus = 'current' | 'archived' | 'deleted' | 'trashed';

/** v2 PrimaryBodyRepresentation as the app uses it. */
export type BodyFormat = 'storage' | 'atlas_doc_format';

/** v2 PageSortOrder. */
export type PageSort =
  | 'id' | '-id' | 'created-date' | '-created-date' | 'modified-date' | '-modified-date' | 'title' | '-title';

/** v2 SpaceBulk / SpaceSingle. */
export interface Space {
  id: string;
  key: string;
  name: string;
  /** A string outside SpaceType may still arrive from a newer Cloud: treat unknown types as not indexable. */
  type: SpaceType | (string & {});
  status: SpaceStatus | (string & {});
  homepageId?: string | null;
  createdAt?: string;
  _links?: { webui?: string };
}

/** v2 Version. `createdAt` is UTC with milliseconds: the freshness clock that needs no time-zone guesswork. */
export interface PageVersion {
  number: number;
  createdAt?: string;
  message?: string;
  minorEdit?: boolean;
  authorId?: string;
}

/** v2 BodyType. */
export interface BodyValue {
  representation?: string;
  value: string;
}

/** v2 PageBulk / PageSingle. */
export interface Page {
  id: string;
  status: ContentStatus | (string & {});
  title: string;
  spaceId: string;
  parentId?: string | null;
  parentType?: string | null;
  authorId?: string;
  ownerId?: string | null;
  createdAt?: string;
  version?: PageVersion;
  body?: { storage?: BodyValue; atlas_doc_format?: BodyValue; view?: BodyValue };
  _links?: { webui?: string; editui?: string; tinyui?: string; base?: string };
}

/** v2 FooterCommentModel. */
export interface FooterComment {
  id: string;
  status?: ContentStatus | (string & {});
  pageId?: string;
  version?: PageVersion;
  body?: { storage?: BodyValue };
  _links?: { webui?: string };
}

/** v2 PageCreateRequest body. */
export interface PageCreateRequest {
  spaceId: string;
  status?: 'current' | 'draft';
  title: string;
  parentId?: string;
  body: { representation: 'storage'; value: string };
}

/** v2 PageUpdateRequest body: `version.number` must be the current version plus one. */
export interface PageUpdateRequest {
  id: string;
  status: 'current' | 'draft';
  title: string;
  body: { representation: 'storage'; value: string };
  version: { number: number; message?: string };
}

/** v2 CreateFooterCommentModel body. */
export interface FooterCommentCreateRequest {
  pageId: string;
  body: { representation: 'storage'; value: string };
}

/** v1 User (GET /wiki/rest/api/user/current). `timeZone` may be null under the user's privacy settings. */
export interface CurrentUser {
  type: 'known' | 'unknown' | 'anonymous' | 'user' | (string & {});
  accountId?: string;
  accountType?: 'atlassian' | 'app' | '' | (string & {});
  displayName?: string | null;
  publicName?: string;
  email?: string | null;
  timeZone?: string | null;
  /** Guests (external collaborators) are `true`. */
  isExternalCollaborator?: boolean;
}

/** v1 Content as returned by CQL search (GET /wiki/rest/api/content/search), with `version` and `space` expanded. */
export interface SearchContent {
  id: string;
  type: string;
  status: string;
  title: string;
  space?: { id?: number; key: string; name?: string; type?: string; status?: string };
  version?: { number: number; when?: string | null };
  history?: { lastUpdated?: { number?: number; when?: string | null } };
  _links?: { webui?: string; tinyui?: string };
}
