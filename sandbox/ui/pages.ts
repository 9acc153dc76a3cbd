import { html, raw, type SafeHtml } from './html';
import { escapeHtml, jsonForScript } from './http-util';
import type { UiModule, UiModuleType } from './manifest-ui';
import type { UiPageView, UiSite, UiSitePage, UiSiteSpace, UiSiteUser } from './types';

/** An app iframe placed on a host page: where it loads from and its signed frame token. */
export interface FrameSlot {
  src: string;
  token: string;
  title: string;
}

export interface Chrome {
  title: string;
  colorMode: 'light' | 'dark';
  user: UiSiteUser | undefined;
  users: UiSiteUser[];
  /** Where the user switcher returns to. */
  here: string;
}

function frameTag(slot: FrameSlot, kind: 'main' | 'dialog' | 'config', lazy = false): SafeHtml {
  return lazy
    ? html`<iframe class="forge-frame" data-kind="${kind}" data-token="${slot.token}" data-src="${slot.src}" title="${slot.title}"></iframe>`
    : html`<iframe class="forge-frame" data-kind="${kind}" data-token="${slot.token}" src="${slot.src}" title="${slot.title}"></iframe>`;
}

/** The whole host document: Confluence-like top bar (user switcher, theme toggle), body, flags area, host script. */
export function page(chrome: Chrome, body: SafeHtml): string {
  const options = chrome.users.map(
    (u) => html`<option value="${u.email}"${u.accountId === chrome.user?.accountId ? raw(' selected') : ''}>${u.displayName} (${u.email})</option>`,
  );
  return html`<!doctype html>
<html lang="en" data-color-mode="${chrome.colorMode}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${chrome.title} · Confluence (Librarian sandbox)</title>
<link rel="stylesheet" href="/__bridge/host.css" />
</head>
<body>
<header class="cf-topbar">
  <a class="cf-topbar__brand" href="/">Confluence <small>(Librarian sandbox)</small></a>
  <span class="cf-topbar__spacer"></span>
  <form method="get" action="/login">
    <label for="user-switcher">Signed in as</label>
    <select id="user-switcher" name="user">${options}</select>
    <input type="hidden" name="next" value="${chrome.here}" />
    <button type="submit">Switch user</button>
  </form>
  <button type="button" data-theme-toggle aria-pressed="${String(chrome.colorMode === 'dark')}">Dark theme</button>
</header>
${body}
<div id="flags" aria-live="polite"></div>
<script id="__librarian_host" type="application/json">${raw(jsonForScript({ colorMode: chrome.colorMode }))}</script>
<script src="/__bridge/host.js"></script>
</body>
</html>`.value;
}

function spaceSidebar(space: UiSiteSpace, links: Array<{ href: string; label: string; current: boolean }>): SafeHtml {
  return html`<nav class="cf-sidebar" aria-label="Space">
  <strong>${space.name}</strong>
  <ul>${links.map((l) => html`<li><a href="${l.href}"${l.current ? raw(' aria-current="page"') : ''}>${l.label}</a></li>`)}</ul>
</nav>`;
}

export interface ModuleLinks {
  byType: (type: UiModuleType) => UiModule | undefined;
}

function spaceLinks(space: UiSiteSpace, links: ModuleLinks, current: string): Array<{ href: string; label: string; current: boolean }> {
  const items = [{ href: `/space/${encodeURIComponent(space.key)}`, label: 'Overview', current: current === 'overview' }];
  const spacePage = links.byType('confluence:spacePage');
  if (spacePage) items.push({ href: viewHref(spacePage.key, { space: space.key }), label: spacePage.title, current: current === spacePage.key });
  const settings = links.byType('confluence:spaceSettings');
  if (settings) items.push({ href: viewHref(settings.key, { space: space.key }), label: `Space settings › ${settings.title}`, current: current === settings.key });
  return items;
}

export function viewHref(moduleKey: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const qs = params.toString();
  return `/view/${encodeURIComponent(moduleKey)}${qs ? `?${qs}` : ''}`;
}

/** A full-page module: global settings (admin chrome) or a space's settings / space page (space chrome). */
export function modulePage(chrome: Chrome, module: UiModule, slot: FrameSlot, space: UiSiteSpace | undefined, links: ModuleLinks): string {
  if (module.type === 'confluence:globalSettings' || !space) {
    return page(
      chrome,
      html`<div class="cf-layout">
  <nav class="cf-sidebar" aria-label="Settings"><strong>Confluence settings</strong>
    <h2>Apps</h2><ul><li><a href="${viewHref(module.key)}" aria-current="page">${module.title}</a></li></ul></nav>
  <main class="cf-main">${frameTag(slot, 'main')}</main>
</div>`,
    );
  }
  return page(
    chrome,
    html`<div class="cf-layout">
  ${spaceSidebar(space, spaceLinks(space, links, module.key))}
  <main class="cf-main">${frameTag(slot, 'main')}</main>
</div>`,
  );
}

/** A Confluence page as a reader sees it: title, byline (with the app's byline item and its inline dialog), body, macro. */
export function contentPage(
  chrome: Chrome,
  content: UiSitePage,
  space: UiSiteSpace,
  parts: {
    macro?: FrameSlot;
    byline?: { slot: FrameSlot; label: string; tooltip?: string; open: boolean };
    /** The macro's custom configuration, opened from an edit button the way Confluence's editor offers it. */
    macroConfig?: { slot: FrameSlot; label: string; open: boolean };
  },
  links: ModuleLinks,
  /** The page's content as its viewer sees it (as text); the stand-in paragraph when the host has none. */
  view?: UiPageView,
): string {
  const heading = (h: { level: number; text: string; anchor: string }) => {
    const level = Math.min(6, Math.max(2, h.level + 1));
    return raw(`<h${level} id="${escapeHtml(h.anchor)}" class="cf-heading">${escapeHtml(h.text)}</h${level}>`);
  };
  const body = view
    ? html`<article class="cf-page-content" data-page-id="${view.id}" data-version="${String(view.version ?? '')}">${view.sections.map((section) => html`<section>${section.heading ? heading(section.heading) : ''}${section.paragraphs.map((text) => html`<p>${text}</p>`)}</section>`)}</article>`
    : html`<p>This stands in for the page's content. The app's macro below renders in its own iframe, as in Confluence.</p>`;
  const byline = parts.byline
    ? html`<button type="button" class="cf-byline__item" data-byline-toggle aria-expanded="false" aria-controls="byline-dialog"${parts.byline.tooltip ? raw(` title="${escapeHtml(parts.byline.tooltip)}"`) : ''}>${parts.byline.label}</button>
  <div id="byline-dialog" class="cf-inline-dialog" role="dialog" aria-label="${parts.byline.label}"${parts.byline.open ? '' : raw(' hidden')}>${frameTag(parts.byline.slot, 'dialog', true)}</div>`
    : '';
  return page(
    chrome,
    html`<div class="cf-layout">
  ${spaceSidebar(space, spaceLinks(space, links, ''))}
  <main class="cf-main">
    <div class="cf-breadcrumbs">${space.name}</div>
    <h1 class="cf-page-title">${content.title}</h1>
    <div class="cf-byline"><span>${view?.version ? `Version ${view.version}` : `Simulated page ${content.id}`}</span>${byline}</div>
    <div class="cf-page-body">
      ${body}
      ${parts.macro ? html`<div class="cf-macro">${parts.macroConfig ? html`<div class="cf-macro__toolbar"><button type="button" class="cf-macro__edit" data-macro-config-toggle aria-haspopup="dialog">Edit ${parts.macroConfig.label} settings</button></div>` : ''}${frameTag(parts.macro, 'main')}</div>` : ''}
      ${
        parts.macroConfig
          ? html`<div class="cf-modal-overlay" id="macro-config"${parts.macroConfig.open ? '' : raw(' hidden')}><div class="cf-modal cf-modal--config" role="dialog" aria-modal="true" aria-label="${parts.macroConfig.slot.title}">${frameTag(parts.macroConfig.slot, 'config', true)}</div></div>`
          : ''
      }
    </div>
  </main>
</div>`,
  );
}

/**
 * A page read-only, as text: what a citation link opens. Each heading carries its Confluence anchor as its id, so
 * the link's `#Section` scrolls to it (and matches `:target`).
 */
export function pageReadView(chrome: Chrome, view: UiPageView, space: UiSiteSpace, links: ModuleLinks): string {
  const heading = (h: { level: number; text: string; anchor: string }) => {
    const level = Math.min(6, Math.max(2, h.level + 1));
    return raw(`<h${level} id="${escapeHtml(h.anchor)}" class="cf-heading">${escapeHtml(h.text)}</h${level}>`);
  };
  return page(
    chrome,
    html`<div class="cf-layout">
  ${spaceSidebar(space, spaceLinks(space, links, ''))}
  <main class="cf-main">
    <div class="cf-breadcrumbs">${space.name}</div>
    <h1 class="cf-page-title">${view.title}</h1>
    <div class="cf-byline"><span>Page ${view.id} · read-only view</span><a href="/page/${encodeURIComponent(view.id)}">Open with the app</a></div>
    <article class="cf-page-body" data-page-id="${view.id}">${view.sections.map((section) => html`<section>${section.heading ? heading(section.heading) : ''}${section.paragraphs.map((text) => html`<p>${text}</p>`)}</section>`)}</article>
  </main>
</div>`,
  );
}

export function spaceHome(chrome: Chrome, space: UiSiteSpace, pages: UiSitePage[], links: ModuleLinks): string {
  return page(
    chrome,
    html`<div class="cf-layout">
  ${spaceSidebar(space, spaceLinks(space, links, 'overview'))}
  <main class="cf-main"><h1 class="cf-page-title">${space.name}</h1>
    <ul>${pages.map((p) => html`<li><a href="/page/${encodeURIComponent(p.id)}">${p.title}</a></li>`)}</ul></main>
</div>`,
  );
}

/** The sandbox's front door: every UI, opened the way Confluence shows it, for the chosen user. */
export function landingPage(chrome: Chrome, site: UiSite, links: ModuleLinks): string {
  const settings = links.byType('confluence:globalSettings');
  const globalPage = links.byType('confluence:globalPage');
  const spaceSettings = links.byType('confluence:spaceSettings');
  const macro = links.byType('macro');
  const byline = links.byType('confluence:contentBylineItem');
  const spacePage = links.byType('confluence:spacePage');
  const spaceName = (key: string) => site.spaces.find((s) => s.key === key)?.name ?? key;
  const section = (title: string, description: string, items: SafeHtml[]) =>
    html`<section><h2>${title}</h2><p>${description}</p><ul>${items.length ? items : html`<li>Nothing to show.</li>`}</ul></section>`;
  return page(
    chrome,
    html`<main class="cf-main cf-landing">
  <h1>Librarian sandbox</h1>
  ${chrome.user ? '' : html`<p class="cf-notice">Choose a user above and press “Switch user” to sign in.</p>`}
  ${settings ? section('Global settings', 'Confluence settings › Apps: where site admins manage Libraries.', [html`<li><a href="${viewHref(settings.key)}">${settings.title}</a></li>`]) : ''}
  ${globalPage ? section('Apps page', 'Confluence › Apps: a page every member can open (agent tokens for coding agents).', [html`<li><a href="${viewHref(globalPage.key)}">${globalPage.title}</a></li>`]) : ''}
  ${spaceSettings ? section('Space settings', "A space's settings, where a space admin opts in or out.", site.spaces.map((s) => html`<li><a href="${viewHref(spaceSettings.key, { space: s.key })}">${s.name} (${s.key})</a></li>`)) : ''}
  ${macro ? section(`Pages with the ${macro.title} macro`, 'A page with the macro placed in its body.', site.pages.map((p) => html`<li><a href="${viewHref(macro.key, { content: p.id })}">${p.title}</a> in ${spaceName(p.spaceKey)}</li>`)) : ''}
  ${byline ? section('Byline dialog', "The item under a page's title; it opens an inline dialog.", site.pages.map((p) => html`<li><a href="${viewHref(byline.key, { content: p.id })}">${p.title}</a> in ${spaceName(p.spaceKey)}</li>`)) : ''}
  ${spacePage ? section('Review space page', "The app's page in a space's sidebar.", site.spaces.map((s) => html`<li><a href="${viewHref(spacePage.key, { space: s.key })}">${s.name} (${s.key})</a></li>`)) : ''}
</main>`,
  );
}

export function messagePage(chrome: Chrome, title: string, message: string): string {
  return page(chrome, html`<main class="cf-main"><h1>${title}</h1><p>${message}</p><p><a href="/">Back to the sandbox</a></p></main>`);
}
