/**
 * Every Confluence REST operation the client calls, with the OAuth scopes that allow it. The client builds its
 * paths from these templates (`ENDPOINTS.<name>.path`), so `npm run check:forge` derives the scopes the app needs
 * from the `ENDPOINTS.<name>` references in shipped code, and fails on a client method no shipped code calls.
 *
 * Scopes come from each operation's `x-atlassian-oauth2-scopes` in Atlassian's OpenAPI documents
 * (developer.atlassian.com/cloud/confluence/rest/v1 and /v2). v2 operations list granular scopes only. v1 operations list a "Current"
 * (classic) set and a "Beta" (granular) set; either set satisfies Forge (@forge/lint's product verifier accepts
 * the Beta set in place of the Current one). We declare the granular set everywhere: one consistent family,
 * fewer scopes, and no admin-level classic scope. The classic alternative is kept beside each v1 entry for reference.
 */

export type EndpointName =
  | 'getCurrentUser'
  | 'searchContent'
  | 'listSpaces'
  | 'listPages'
  | 'getPage'
  | 'createPage'
  | 'updatePage'
  | 'createFooterComment'
  | 'getSpaceOperations'
  | 'getUsersBulk'
  | 'getPageOperations'
  | 'listPageProperties'
  | 'createPageProperty'
  | 'updatePageProperty'
  | 'checkContentPermission';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Full path template from `/wiki`, placeholders as in the OpenAPI document. */
  path: string;
  api: 'v1' | 'v2';
  /** The scopes we declare for this operation (all needed). */
  scopes: readonly string[];
  /** v1 only: the classic set the document lists as "Current". */
  classicScopes?: readonly string[];
  /** What the app uses it for. */
  use: string;
}

const V2 = '/wiki/api/v2';

export const ENDPOINTS: Readonly<Record<EndpointName, Readonly<Endpoint>>> = Object.freeze({

  getCurrentUser: {
    method: 'GET', path: '/wiki/rest/api/user/current', api: 'v1',
    scopes: ['read:content-details:confluence'], classicScopes: ['read:confluence-user'],
    use: 'who the identity is; its time zone when systemInfo is unavailable',
  },
  searchContent: {
    method: 'GET', path: '/wiki/rest/api/content/search', api: 'v1',
    scopes: ['read:content-details:confluence'], classicScopes: ['search:confluence'],
    use: 'CQL: pages changed since the last scan',
  },

  listSpaces: {
    method: 'GET', path: `${V2}/spaces`, api: 'v2', scopes: ['read:space:confluence'],
    use: 'space picker; type and status of selected spaces',
  },

  listPages: {
    method: 'GET', path: `${V2}/pages`, api: 'v2', scopes: ['read:page:confluence'],
    use: 'full sync with bodies (space-id); bulk read check and freshness by ids (id); a Document\'s page by title (title)',
  },
  getPage: {
    method: 'GET', path: `${V2}/pages/{id}`, api: 'v2', scopes: ['read:page:confluence'],
    use: 'one page with body, before an edit or on a page event',
  },


  updatePage: {
    method: 'PUT', path: `${V2}/pages/{id}`, api: 'v2', scopes: ['write:page:confluence'],
    use: 'applying an approved proposal (version = the version read + 1), or restoring it if the read-back check fails',
  },
  createPage: {
    method: 'POST', path: `${V2}/pages`, api: 'v2', scopes: ['write:page:confluence'],
    use: "the app's status page for reauthorization notices; a Document's new page, once its proposal is approved",
  },


  createFooterComment: {
    method: 'POST', path: `${V2}/footer-comments`, api: 'v2', scopes: ['write:comment:confluence'],
    use: '@-mentioning admins on the status page so Confluence emails them',
  },
  getSpaceOperations: {
    method: 'GET', path: `${V2}/spaces/{id}/operations`, api: 'v2', scopes: ['read:space:confluence'],
    use: 'whether the person on the space settings page administers that space (asked as them)',
  },
  getUsersBulk: {
    method: 'GET', path: '/wiki/rest/api/user/bulk', api: 'v1',
    scopes: ['read:content-details:confluence'], classicScopes: ['read:confluence-user'],
    use: 'display names of the people pages @-mention, so indexed text reads as names',
  },
  getPageOperations: {
    method: 'GET', path: `${V2}/pages/{id}/operations`, api: 'v2', scopes: ['read:page:confluence'],
    use: 'whether the person in Review may edit the page (asked as them) before showing Approve, Edit and Decline',
  },
  listPageProperties: {
    method: 'GET', path: `${V2}/pages/{page-id}/properties`, api: 'v2', scopes: ['read:page:confluence'],
    use: "the byline item's content property (pending proposal count), found by key",
  },
  createPageProperty: {
    method: 'POST', path: `${V2}/pages/{page-id}/properties`, api: 'v2', scopes: ['read:page:confluence', 'write:page:confluence'],
    use: "the byline item's content property, the first time a page gets a proposal",
  },
  updatePageProperty: {
    method: 'PUT', path: `${V2}/pages/{page-id}/properties/{property-id}`, api: 'v2', scopes: ['read:page:confluence', 'write:page:confluence'],
    use: "the byline item's content property, whenever the page's pending proposals change",
  },
  checkContentPermission: {
    method: 'POST', path: '/wiki/rest/api/content/{id}/permission/check', api: 'v1',
    scopes: ['read:content.permission:confluence'], classicScopes: ['read:confluence-content.permission'],
    use: "whether an agent token's owner may read a page (web trigger: no invoking user to ask as)",
  },
} satisfies Record<EndpointName, Endpoint>);

/** Every scope the client's endpoints need, sorted and unique: what manifest.yml must declare for Confluence. */
export function requiredScopes(): string[] {
  const all = new Set<string>();
  for (const endpoint of Object.values(ENDPOINTS)) for (const scope of endpoint.scopes) all.add(scope);
  return [...all].sort();
}

function templateRegExp(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

/** The table entry a concrete request matches (query string ignored), for request logs and checks. */
export function endpointFor(method: string, path: string): { name: EndpointName; endpoint: Readonly<Endpoint> } | undefined {
  const pathOnly = path.split('?')[0] ?? '';
  for (const [name, endpoint] of Object.entries(ENDPOINTS) as Array<[EndpointName, Readonly<Endpoint>]>) {
    if (endpoint.method === method.toUpperCase() && templateRegExp(endpoint.path).test(pathOnly)) {
      return { name, endpoint };
    }
  }
  return undefined;
}
