/** Public types of the Custom UI host (sandbox/ui): what the lead injects and what resolvers receive. */

export interface UiSiteUser {
  email: string;
  displayName: string;
  accountId: string;
}

export interface UiSiteSpace {
  key: string;
  name: string;
  /** The Confluence space id, when the simulator knows it. */
  id?: string;
}

export interface UiSitePage {
  id: string;
  title: string;
  spaceKey: string;
}

/** The users, spaces and pages the landing page offers; also the only identities and places a view may use. */
export interface UiSite {
  users: UiSiteUser[];
  spaces: UiSiteSpace[];
  pages: UiSitePage[];
}

/** Forge's `extension` object for a Confluence module, decided by the server from the URL and signed into the frame. */
export interface UiExtension {
  type: string;
  space?: { key: string; id?: string };
  content?: { id: string; type: 'page' };
  /** Macro only: the configuration an editor saved on this macro instance. */
  config?: Record<string, unknown>;
  isEditing?: boolean;
  /** Set on a frame opened by `new Modal({ context })`: the opener's custom context. */
  modal?: unknown;
  [key: string]: unknown;
}

/** A page as its reader sees it, reduced to text: what the host shows at the page's own `/wiki/...` address. */
export interface UiPageView {
  id: string;
  title: string;
  spaceKey: string;
  /** The page's current version number, shown in the byline as Confluence does. */
  version?: number;
  sections: Array<{ heading?: { level: number; text: string; anchor: string }; paragraphs: string[] }>;
}

/** A resolver call as the local Forge host takes it (`host.invokeResolver`). */
export interface ResolverInvocation {
  moduleKey: string;
  functionKey: string;
  payload: unknown;
  /** From the signed-in session cookie; never from the request body. */
  accountId: string;
  extension: UiExtension;
}

export type InvokeResolverFn = (invocation: ResolverInvocation) => Promise<unknown>;

/** A product request from the browser (`requestConfluence` in @forge/bridge), made as the signed-in user. */
export interface ProductRequest {
  accountId: string;
  /** Starts with `/wiki/`, as in `requestConfluence('/wiki/api/v2/pages')`. */
  restPath: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface ProductResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  body: string;
}

export type RequestProductFn = (request: ProductRequest) => Promise<ProductResponse>;

export interface UiLicense {
  active: boolean;
  type?: string;
  isEvaluation?: boolean;
}

export interface UiHandlerOptions {
  /** manifest.yml's path, or its parsed contents. */
  manifest: string | Record<string, unknown>;
  /** Resource paths in the manifest are relative to this folder (the project root). */
  rootDir: string;
  site: UiSite;
  invokeResolver: InvokeResolverFn;
  /** Browser-side `requestConfluence`; without it those calls fail with 501. */
  requestProduct?: RequestProductFn;
  /**
   * The saved configuration of the macro on a page (the sandbox shows one instance per page); undefined means the
   * editor has not configured it yet, as on Forge.
   */
  macroConfig?: (contentId: string, moduleKey: string) => Record<string, unknown> | undefined;
  /**
   * Saves a macro's config with its page (the simulator writes it into the page's storage body, as Confluence does),
   * so it survives a restart; it is read back through `macroConfig`. Without it, configs live in this process only.
   * Throws when `accountId` may not edit the page.
   */
  saveMacroConfig?: (contentId: string, moduleKey: string, config: Record<string, unknown>, accountId: string) => void | Promise<void>;
  /**
   * The page as `accountId` may see it, for the read-only view at `/wiki/spaces/KEY/pages/ID[/Title]` where the
   * app's citation links point; undefined when that person may not read it. Without it, those links are sent on to
   * `siteUrl` (a real site shows the page itself).
   */
  readPage?: (accountId: string, pageId: string) => Promise<UiPageView | undefined>;
  /**
   * Whether `accountId` may read the page. With it, the host shows a page (its title included) only to those who
   * may read it, and answers everyone else as Confluence does: not found, without saying whether it exists.
   */
  canRead?: (accountId: string, pageId: string) => boolean;
  /**
   * The value of a page's content property, for byline items with `contentPropertyKey`: Confluence renders their
   * title and tooltip from it instead of the manifest's.
   */
  pageProperty?: (pageId: string, key: string) => unknown;
  /** Signs session cookies and frame tokens; a random one per process when omitted. */
  secret?: string;
  cloudId?: string;
  /**
   * The Confluence site URL put into the view context; defaults to this server's own origin, which is also what
   * the context says when `readPage` is given (this server then shows the pages its frames link to).
   */
  siteUrl?: string;
  license?: UiLicense;
  locale?: string;
  timezone?: string;
}

/** A plain node:http handler that answers when the URL is its own and returns false otherwise. */
export type HttpHandler = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
) => boolean | Promise<boolean>;
