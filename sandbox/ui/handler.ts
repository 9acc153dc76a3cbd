import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { newFrameClaims, viewContext, type ColorMode, type ContextSettings, type FrameClaims } from './frame-context';
import { HttpError, SECURITY_HEADERS, parseCookies, readJsonBody, redirect, safeLocalPath, sendHtml, sendJson } from './http-util';
import { checkMacroSubmit } from './macro-config';
import { readUiManifest, type UiModule, type UiModuleType } from './manifest-ui';
import { contentPage, landingPage, messagePage, modulePage, pageReadView, spaceHome, type Chrome, type FrameSlot, type ModuleLinks } from './pages';
import { Signer } from './signing';
import { injectBridge, sendResourceFile } from './static-files';
import type { HttpHandler, UiExtension, UiHandlerOptions, UiSitePage, UiSiteSpace, UiSiteUser } from './types';

const SESSION_COOKIE = 'librarian_session';
const THEME_COOKIE = 'librarian_theme';
/** Forge limits: an invoke payload may be 500 KB, a resolver's answer 5 MB (Forge "Invocation limits", developer.atlassian.com/platform/forge/platform-quotas-and-limits/). */
const MAX_INVOKE_BYTES = 500 * 1024;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const BROWSER_DIR = join(__dirname, 'browser');
const BROWSER_FILES: Record<string, string> = {
  '/__bridge/frame.js': 'frame-bridge.js',
  '/__bridge/host.js': 'host.js',
  '/__bridge/host.css': 'host.css',
};

/**
 * The Custom UI host: serves each UI resource under /ui/<resource>/ inside Confluence-like host pages
 * (/view/<moduleKey>, /page/<id>, /space/<key>, and the landing page /), provides `globalThis.__bridge` in every app
 * iframe, and answers the bridge's backend calls (/__bridge/invoke, /__bridge/product, /__bridge/modal).
 * Identity comes from the session cookie set by /login?user=<email> (or ?user= on a view); the module context is
 * fixed by the server in a signed frame token. Neither can be set from a request body.
 */
export function createUiHandler(options: UiHandlerOptions): HttpHandler {
  const { modules, resources } = readUiManifest(options.manifest, options.rootDir);
  const signer = new Signer(options.secret);
  const site = options.site;
  const links: ModuleLinks = { byType: (type: UiModuleType) => modules.find((m) => m.type === type) };
  /**
   * Without `options.saveMacroConfig`: macro configs saved through `view.submit` in this process, by module and
   * page; they win over `options.macroConfig`.
   */
  const savedMacroConfigs = new Map<string, Record<string, unknown>>();
  const macroConfigKey = (moduleKey: string, contentId: string) => `${moduleKey}\u0000${contentId}`;

  const userByEmail = (email: string | null): UiSiteUser | undefined =>
    email ? site.users.find((u) => u.email.toLowerCase() === email.toLowerCase()) : undefined;

  function sessionUser(req: IncomingMessage): UiSiteUser | undefined {
    const claims = signer.verify<{ a?: unknown }>(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    return typeof claims?.a === 'string' ? site.users.find((u) => u.accountId === claims.a) : undefined;
  }

  function sessionCookie(user: UiSiteUser): string {
    return `${SESSION_COOKIE}=${encodeURIComponent(signer.sign({ a: user.accountId }))}; Path=/; HttpOnly; SameSite=Lax`;
  }

  function colorMode(req: IncomingMessage): ColorMode {
    return parseCookies(req.headers.cookie).get(THEME_COOKIE) === 'dark' ? 'dark' : 'light';
  }

  function contextSettings(req: IncomingMessage): ContextSettings {
    return {
      cloudId: options.cloudId ?? 'sandbox-cloud-id',
      // The site a frame's links point at: this server when it shows the pages itself (`readPage`), as the
      // Confluence host page and its pages share one origin; otherwise the site given (or this server).
      siteUrl: (options.readPage ? undefined : options.siteUrl) ?? `http://${req.headers.host ?? 'localhost'}`,
      license: options.license ?? { active: true },
      locale: options.locale ?? 'en-US',
      timezone: options.timezone ?? 'UTC',
      colorMode: colorMode(req),
    };
  }

  function chrome(req: IncomingMessage, url: URL, title: string, user: UiSiteUser | undefined): Chrome {
    const here = new URL(url.href);
    here.searchParams.delete('user');
    return { title, colorMode: colorMode(req), user, users: site.users, here: here.pathname + here.search };
  }

  function slot(claims: FrameClaims, title: string): FrameSlot {
    const token = signer.sign(claims);
    return { token, title, src: `/ui/${encodeURIComponent(claims.resource)}/?frame=${encodeURIComponent(token)}` };
  }

  function frameClaims(token: unknown): FrameClaims | undefined {
    const claims = typeof token === 'string' ? signer.verify<FrameClaims>(token) : undefined;
    return claims && claims.v === 1 && claims.exp > Date.now() ? claims : undefined;
  }

  /**
   * The module's `extension` object, decided here from the module type and the place it is shown. A macro's config
   * frame also gets `isEditing` and `macro.isConfiguring` / `macro.isInserting`, as in Confluence's editor.
   */
  function extensionFor(module: UiModule, space: UiSiteSpace | undefined, content: UiSitePage | undefined, configuring = false): UiExtension {
    const extension: UiExtension = { type: module.type };
    if (space) extension.space = space.id ? { key: space.key, id: space.id } : { key: space.key };
    if (content) extension.content = { id: content.id, type: 'page' };
    if (module.type === 'macro') {
      extension.isEditing = configuring;
      const config = content ? (savedMacroConfigs.get(macroConfigKey(module.key, content.id)) ?? options.macroConfig?.(content.id, module.key)) : undefined;
      if (config) extension.config = config;
      if (configuring) extension.macro = { isConfiguring: true, isInserting: config === undefined };
    }
    return extension;
  }

  // ---- pages ------------------------------------------------------------------------------------------------

  /** Signs the user in from `?user=` when given; otherwise uses the session. Answers 401 itself when neither works. */
  function viewer(req: IncomingMessage, res: ServerResponse, url: URL): { user: UiSiteUser; cookie?: string } | undefined {
    const requested = url.searchParams.get('user');
    if (requested !== null) {
      const user = userByEmail(requested);
      if (user) return { user, cookie: sessionCookie(user) };
      sendHtml(res, 401, messagePage(chrome(req, url, 'Unknown user', undefined), 'Unknown user', `No user ${requested} on this site.`));
      return undefined;
    }
    const user = sessionUser(req);
    if (user) return { user };
    sendHtml(res, 401, messagePage(chrome(req, url, 'Sign in', undefined), 'Sign in first', 'Choose a user on the sandbox page.'));
    return undefined;
  }

  /** What Confluence answers for a page that is not there or not the viewer's to read: one message for both. */
  const NO_PAGE = "This page does not exist, or you don't have permission to view it.";
  /** The pages `user` may see (all of them when the host has no read check); none for nobody signed in. */
  const readable = (user: UiSiteUser | undefined, pages: UiSitePage[]): UiSitePage[] =>
    options.canRead ? (user ? pages.filter((p) => options.canRead!(user.accountId, p.id)) : []) : pages;

  function notFound(req: IncomingMessage, res: ServerResponse, url: URL, user: UiSiteUser | undefined, what: string): true {
    sendHtml(res, 404, messagePage(chrome(req, url, 'Not found', user), 'Not found', what));
    return true;
  }

  async function renderContentPage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    who: { user: UiSiteUser; cookie?: string },
    content: UiSitePage,
    openByline: boolean,
    openConfig = false,
  ): Promise<true> {
    const space = site.spaces.find((s) => s.key === content.spaceKey);
    if (!space) return notFound(req, res, url, who.user, `Page ${content.id} names an unknown space.`);
    // Confluence shows nothing of a page its viewer may not read, not even the title.
    const view = options.readPage ? await options.readPage(who.user.accountId, content.id) : undefined;
    if (options.readPage && !view) return notFound(req, res, url, who.user, `No page ${content.id} that you may read.`);
    const macro = links.byType('macro');
    const byline = links.byType('confluence:contentBylineItem');
    const claimsFor = (module: UiModule, kind: 'main' | 'dialog') =>
      newFrameClaims({ moduleKey: module.key, resource: module.resource, accountId: who.user.accountId, extension: extensionFor(module, space, content), kind });
    // The sandbox has no editor: anyone viewing the page may open the macro's settings, as an editor would.
    const configClaims = macro?.configResource
      ? newFrameClaims({ moduleKey: macro.key, resource: macro.configResource, accountId: who.user.accountId, extension: extensionFor(macro, space, content, true), kind: 'config' })
      : undefined;
    const html = contentPage(
      chrome(req, url, content.title, who.user),
      content,
      space,
      {
        macro: macro ? slot(claimsFor(macro, 'main'), macro.title) : undefined,
        macroConfig: configClaims && macro ? { slot: slot(configClaims, `${macro.title} settings`), label: macro.title, open: openConfig } : undefined,
        byline: byline ? { slot: slot(claimsFor(byline, 'dialog'), byline.title), ...bylineLabel(byline, content.id), open: openByline } : undefined,
      },
      links,
      view,
    );
    sendHtml(res, 200, html, who.cookie ? { 'set-cookie': who.cookie } : {});
    return true;
  }

  /** A byline item's title and tooltip: from its content property when the manifest names one and it is set. */
  function bylineLabel(module: UiModule, pageId: string): { label: string; tooltip?: string } {
    const stored = module.contentPropertyKey ? (options.pageProperty?.(pageId, module.contentPropertyKey) as { title?: unknown; tooltip?: unknown } | undefined) : undefined;
    const label = typeof stored?.title === 'string' && stored.title ? stored.title : module.title;
    const tooltip = typeof stored?.tooltip === 'string' ? stored.tooltip : module.tooltip;
    return tooltip ? { label, tooltip } : { label };
  }

  async function handleView(req: IncomingMessage, res: ServerResponse, url: URL, moduleKey: string): Promise<true> {
    const who = viewer(req, res, url);
    if (!who) return true;
    const module = modules.find((m) => m.key === moduleKey);
    if (!module) return notFound(req, res, url, who.user, `No Custom UI module ${moduleKey} in the manifest.`);
    const contentId = url.searchParams.get('content');
    const content = contentId ? readable(who.user, site.pages).find((p) => p.id === contentId) : undefined;
    if (contentId && !content) return notFound(req, res, url, who.user, NO_PAGE);
    if (module.type === 'macro' || module.type === 'confluence:contentBylineItem') {
      const page = content ?? readable(who.user, site.pages)[0];
      if (!page) return notFound(req, res, url, who.user, 'This site has no pages to show the module on.');
      return renderContentPage(req, res, url, who, page, module.type === 'confluence:contentBylineItem', url.searchParams.get('config') === 'open');
    }
    let space: UiSiteSpace | undefined;
    if (module.type !== 'confluence:globalSettings' && module.type !== 'confluence:globalPage') {
      const key = url.searchParams.get('space') ?? site.spaces[0]?.key;
      space = site.spaces.find((s) => s.key === key);
      if (!space) return notFound(req, res, url, who.user, `No space ${key ?? ''} on this site.`);
    }
    const claims = newFrameClaims({
      moduleKey: module.key,
      resource: module.resource,
      accountId: who.user.accountId,
      extension: extensionFor(module, space, undefined),
      kind: 'main',
    });
    sendHtml(res, 200, modulePage(chrome(req, url, module.title, who.user), module, slot(claims, module.title), space, links), who.cookie ? { 'set-cookie': who.cookie } : {});
    return true;
  }

  /**
   * A page at its own web address, `/wiki/spaces/KEY/pages/ID[/Title]` (or `/wiki/pages/viewpage.action?pageId=ID`),
   * where the app's links point:
   * shown read-only to the signed-in user when they may read it (as Confluence would), or handed to the real site.
   */
  async function handleWikiPage(req: IncomingMessage, res: ServerResponse, url: URL, pageId: string): Promise<true> {
    const readPage = options.readPage;
    if (!readPage) {
      const realSite = options.siteUrl ? new URL(options.siteUrl) : undefined;
      if (!realSite || realSite.host === req.headers.host) return notFound(req, res, url, sessionUser(req), 'This sandbox cannot show Confluence pages.');
      // The browser keeps the link's #section across the redirect.
      redirect(res, `${realSite.origin}${url.pathname}${url.search}`);
      return true;
    }
    const who = viewer(req, res, url);
    if (!who) return true;
    const view = await readPage(who.user.accountId, pageId);
    if (!view) return notFound(req, res, url, who.user, NO_PAGE);
    const space = site.spaces.find((s) => s.key === view.spaceKey) ?? { key: view.spaceKey, name: view.spaceKey };
    sendHtml(res, 200, pageReadView(chrome(req, url, view.title, who.user), view, space, links), who.cookie ? { 'set-cookie': who.cookie } : {});
    return true;
  }

  // ---- app files ----------------------------------------------------------------------------------------------

  async function handleUi(req: IncomingMessage, res: ServerResponse, url: URL, resource: string, rest: string): Promise<boolean> {
    const dir = resources.get(resource);
    if (!dir) return false;
    if (rest === '') {
      redirect(res, `/ui/${encodeURIComponent(resource)}/${url.search}`);
      return true;
    }
    if (rest !== '/' && rest !== '/index.html') {
      if (await sendResourceFile(res, dir, rest.slice(1))) return true;
      sendJson(res, 404, { error: { message: 'Not found' } });
      return true;
    }
    const user = sessionUser(req);
    const claims = frameClaims(url.searchParams.get('frame'));
    if (!user) {
      sendJson(res, 401, { error: { message: 'Not signed in' } });
      return true;
    }
    if (!claims || claims.resource !== resource || claims.accountId !== user.accountId) {
      sendJson(res, 403, { error: { message: 'Open this app through a sandbox page (/view/<moduleKey>)' } });
      return true;
    }
    let index: string;
    try {
      index = await readFile(join(dir, 'index.html'), 'utf8');
    } catch {
      sendHtml(res, 503, '<!doctype html><p>This UI is not built yet: run <code>npm run build</code>.</p>');
      return true;
    }
    const token = url.searchParams.get('frame') as string;
    sendHtml(res, 200, injectBridge(index, { token, context: viewContext(claims, contextSettings(req)) }));
    return true;
  }

  // ---- bridge API ---------------------------------------------------------------------------------------------

  /** Checks the caller: a signed-in session, a same-origin request, and a frame token issued to that same user. */
  function authorize(req: IncomingMessage, body: Record<string, unknown>): { user: UiSiteUser; claims: FrameClaims } {
    const user = sessionUser(req);
    if (!user) throw new HttpError(401, 'Not signed in');
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) throw new HttpError(403, 'Cross-origin request refused');
    const claims = frameClaims(body.token);
    if (!claims) throw new HttpError(403, 'Invalid or expired frame token: reload the page');
    if (claims.accountId !== user.accountId) throw new HttpError(403, 'The signed-in user changed: reload the page');
    return { user, claims };
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, MAX_INVOKE_BYTES);
    const { user, claims } = authorize(req, body);
    const functionKey = body.functionKey;
    if (typeof functionKey !== 'string' || functionKey.length === 0 || functionKey.length > 255) throw new HttpError(400, 'functionKey must be a non-empty string');
    let result: unknown;
    try {
      result = await options.invokeResolver({
        moduleKey: claims.moduleKey,
        functionKey,
        payload: body.payload ?? {},
        accountId: user.accountId,
        extension: claims.extension,
      });
    } catch (err) {
      sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
      return;
    }
    const text = JSON.stringify({ result: result === undefined ? null : result });
    if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) throw new HttpError(500, 'The resolver response exceeds 5 MB');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  }

  async function handleProduct(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, MAX_INVOKE_BYTES);
    const { user } = authorize(req, body);
    if (body.product !== 'confluence') throw new HttpError(400, 'Only requestConfluence is available in this app');
    if (typeof body.restPath !== 'string' || !body.restPath.startsWith('/')) throw new HttpError(400, 'restPath must start with /');
    if (!options.requestProduct) throw new HttpError(501, 'Product requests from the browser are not wired up');
    const init = (body.init ?? {}) as { method?: unknown; headers?: unknown; body?: unknown };
    const headers: Record<string, string> = {};
    if (Array.isArray(init.headers)) {
      for (const pair of init.headers) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') continue;
        const name = pair[0].toLowerCase();
        // The identity is the session's: whatever credentials the page sends are dropped.
        if (name === 'authorization' || name === 'cookie') continue;
        headers[name] = pair[1];
      }
    }
    const answer = await options.requestProduct({
      accountId: user.accountId,
      restPath: body.restPath,
      method: typeof init.method === 'string' ? init.method.toUpperCase() : 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : null,
    });
    sendJson(res, 200, { status: answer.status, statusText: answer.statusText ?? '', headers: answer.headers, body: answer.body });
  }

  async function handleModal(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, MAX_INVOKE_BYTES);
    const { user, claims } = authorize(req, body);
    const resource = body.resource === null || body.resource === undefined ? claims.resource : body.resource;
    if (typeof resource !== 'string' || !resources.has(resource)) throw new HttpError(400, 'Unknown resource');
    const modal = newFrameClaims({
      moduleKey: claims.moduleKey,
      resource,
      accountId: user.accountId,
      extension: { ...claims.extension, modal: body.context ?? {} },
      kind: 'modal',
    });
    const opened = slot(modal, '');
    sendJson(res, 200, { src: opened.src, token: opened.token });
  }

  /**
   * `view.submit` from a frame. Only a macro's config frame is submittable (as in Confluence, where the payload is
   * `{ config, body?, keepEditing? }`); the config is saved with the page (`options.saveMacroConfig`) or, without
   * that, kept in memory, and shown to the next frames.
   */
  async function handleSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, MAX_INVOKE_BYTES);
    const { claims } = authorize(req, body);
    const contentId = claims.extension.content?.id;
    if (claims.kind !== 'config' || !contentId) {
      sendJson(res, 200, { result: false });
      return;
    }
    const checked = checkMacroSubmit(body.payload);
    if (!checked.ok) {
      sendJson(res, 400, { error: { code: checked.code, message: checked.message } });
      return;
    }
    if (options.saveMacroConfig) {
      try {
        await options.saveMacroConfig(contentId, claims.moduleKey, checked.config, claims.accountId);
      } catch {
        sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'You may not edit this page, so its macro settings were not saved.' } });
        return;
      }
    } else savedMacroConfigs.set(macroConfigKey(claims.moduleKey, contentId), checked.config);
    sendJson(res, 200, { result: true, keepEditing: checked.keepEditing });
  }

  // ---- routing ------------------------------------------------------------------------------------------------

  async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);

    if (method === 'POST' && path.startsWith('/__bridge/')) {
      const endpoint = { '/__bridge/invoke': handleInvoke, '/__bridge/product': handleProduct, '/__bridge/modal': handleModal, '/__bridge/submit': handleSubmit }[path];
      if (!endpoint) return false;
      try {
        await endpoint(req, res);
      } catch (err) {
        if (res.headersSent) throw err;
        const status = err instanceof HttpError ? err.status : 500;
        sendJson(res, status, { error: { message: err instanceof Error ? err.message : 'Internal error' } });
      }
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return false;

    const browserFile = BROWSER_FILES[path];
    if (browserFile) return sendResourceFile(res, BROWSER_DIR, browserFile);

    if (path === '/') {
      const user = sessionUser(req);
      sendHtml(res, 200, landingPage(chrome(req, url, 'Librarian sandbox', user), { ...site, pages: readable(user, site.pages) }, links));
      return true;
    }
    if (path === '/login') {
      const user = userByEmail(url.searchParams.get('user'));
      if (!user) {
        sendHtml(res, 401, messagePage(chrome(req, url, 'Unknown user', undefined), 'Unknown user', 'No such user on this site.'));
        return true;
      }
      redirect(res, safeLocalPath(url.searchParams.get('next')), { 'set-cookie': sessionCookie(user) });
      return true;
    }
    if (path === '/logout') {
      redirect(res, '/', { 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` });
      return true;
    }
    const view = /^\/view\/([^/]+)$/.exec(path);
    if (view) return handleView(req, res, url, decodeURIComponent(view[1] as string));
    const pageMatch = /^\/page\/([^/]+)$/.exec(path);
    if (pageMatch) {
      const who = viewer(req, res, url);
      if (!who) return true;
      const content = readable(who.user, site.pages).find((p) => p.id === decodeURIComponent(pageMatch[1] as string));
      if (!content) return notFound(req, res, url, who.user, NO_PAGE);
      return renderContentPage(req, res, url, who, content, url.searchParams.get('dialog') === 'open', url.searchParams.get('config') === 'open');
    }
    const spaceMatch = /^\/space\/([^/]+)$/.exec(path);
    if (spaceMatch) {
      const who = viewer(req, res, url);
      if (!who) return true;
      const space = site.spaces.find((s) => s.key === decodeURIComponent(spaceMatch[1] as string));
      if (!space) return notFound(req, res, url, who.user, 'No such space on this site.');
      sendHtml(res, 200, spaceHome(chrome(req, url, space.name, who.user), space, readable(who.user, site.pages).filter((p) => p.spaceKey === space.key), links), who.cookie ? { 'set-cookie': who.cookie } : {});
      return true;
    }
    const wikiPage = /^\/wiki\/spaces\/[^/]+\/pages\/(\d+)(?:\/[^/]*)?$/.exec(path);
    if (wikiPage) return handleWikiPage(req, res, url, wikiPage[1] as string);
    // Confluence's address for a page by id alone (the settings' Documents table links there).
    const byId = path === '/wiki/pages/viewpage.action' ? url.searchParams.get('pageId') : null;
    if (byId !== null && /^\d+$/.test(byId)) return handleWikiPage(req, res, url, byId);
    const ui = /^\/ui\/([^/]+)(\/.*)?$/.exec(path);
    if (ui) return handleUi(req, res, url, decodeURIComponent(ui[1] as string), ui[2] ?? '');
    return false;
  }

  return route;
}
