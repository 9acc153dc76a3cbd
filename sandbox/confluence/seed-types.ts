/**
 * The shape of a simulated Confluence site's starting content: the demo site, the SciFact site and the synthetic
 * benchmark sites are all values of this type, and the simulator loads any of them.
 */

export type SpaceType = 'global' | 'collaboration' | 'knowledge_base' | 'personal' | 'system';
export type SpaceStatus = 'current' | 'archived';
export type PageStatus = 'current' | 'draft' | 'trashed' | 'archived';

/** Who a permission or restriction applies to. `app` is the installed Forge app's own account. */
export type Principal =
  | { type: 'user'; accountId: string }
  | { type: 'group'; name: string }
  | { type: 'app' }
  | { type: 'anonymous' };

export interface SeedUser {
  accountId: string;
  email: string;
  displayName: string;
  /** The API token this user signs in with (Basic email:token); also the demo's sign-in secret. */
  apiToken: string;
  siteAdmin?: boolean;
  groups?: string[];
}

export interface SeedSpace {
  key: string;
  name: string;
  type: SpaceType;
  status?: SpaceStatus;
  description?: string;
  /** For personal spaces: the owner. */
  ownerAccountId?: string;
  /** Space permissions; a principal without `read` sees nothing in the space. */
  permissions: Array<{ principal: Principal; operations: Array<'read' | 'write' | 'admin'> }>;
}

export interface SeedPage {
  /** A stable handle within the seed, used for parents and links; not the Confluence id. */
  ref: string;
  spaceKey: string;
  title: string;
  parentRef?: string;
  status?: PageStatus;
  authorAccountId: string;
  /** ISO-8601 instants. */
  createdAt: string;
  updatedAt?: string;
  /** How many versions the page has had (the current version number); default 1. */
  versions?: number;
  labels?: string[];
  /** Storage format (XHTML with ac:/ri: elements). */
  body: string;
  restrictions?: { read?: Principal[]; update?: Principal[] };
}

export interface SiteSeed {
  site: {
    name: string;
    /** IANA zone the site's CQL date literals are read in, e.g. 'Australia/Sydney'. */
    timeZone: string;
    cloudId?: string;
  };
  users: SeedUser[];
  groups: Array<{ name: string }>;
  spaces: SeedSpace[];
  pages: SeedPage[];
}
