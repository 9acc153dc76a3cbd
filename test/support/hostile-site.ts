/**
 * The demo site with hostile text where people type it: page titles and bodies (paragraphs, headings, code, a
 * link, a macro parameter), space names and user display names, each payload calling `__xss('<id>')` if it ever
 * runs, so the browser sweep (test/support/xss.ts) knows which one did and where. Library names, agent token names
 * and proposal text are added through the app's own resolvers and actions by the sweep.
 *
 * ```ts
 * const site = hostileSite();                      // a SiteSeed for startSandbox({ seed: site })
 * payloads('title');                                // ['<img src=x onerror=__xss("title-img")>', ...]
 * ```
 */
import { demoSite } from '../../sandbox/confluence/demo';
import { escapeAttr, escapeText } from '../../sandbox/confluence/demo/storage';
import type { SiteSeed } from '../../sandbox/confluence/seed-types';

/** The name every payload calls; the sweep exposes it to every frame and counts the calls. */
export const XSS_CALL = '__xss';

/** Right-to-left override and zero-width characters mixed into text (they must show as text, not reorder markup). */
const RTL = '\u202E';
const ZW = '\u200B\u200D\uFEFF';

/**
 * Payloads of one place, each tagged `<where>-<kind>`: markup that runs script when parsed as HTML (event
 * handlers, SVG onload, a closing script tag, srcdoc, CSS), `javascript:` and `data:` URLs, an attribute
 * break-out, and the same hidden behind zero-width and right-to-left characters.
 */
export function payloads(where: string): string[] {
  const call = (kind: string) => `${XSS_CALL}('${where}-${kind}')`;
  return [
    `<img src=x onerror=${call('img')}>`,
    `<svg onload=${call('svg')}><circle r=1></svg>`,
    `</script><script>${call('script')}</script>`,
    `"><iframe srcdoc="<script>parent.${call('srcdoc')}</script>">`,
    `<a href="javascript:${call('jslink')}">open</a>`,
    `<a href="data:text/html,<script>${call('datalink')}</script>">data</a>`,
    `<style>@import 'javascript:${call('css')}';</style><div style="background:url(javascript:${call('cssurl')})">`,
    `' onmouseover='${call('attr')}' autofocus onfocus='${call('focus')}' x='`,
    `${RTL}<img src=x${ZW} onerror=${call('rtl')}>${ZW}`,
  ];
}

/** The first payload of a place: the one the tests look for as visible text. */
export const marker = (where: string): string => payloads(where)[0] as string;

/** A page title: words Ask can find, then the payloads of `where`. */
const hostileTitle = (words: string, where: string) => `${words} ${marker(where)} ${RTL}evil${ZW}`;

export const HOSTILE_PAGE_WORDS = 'Quokka rollout checklist';

/** The demo site, hostile where people type (see the module comment). Titles stay unique: the demo's links resolve by title. */
export function hostileSite(): SiteSeed {
  const site = demoSite();
  const users = site.users.map((u) => (u.siteAdmin ? { ...u, displayName: `Ada ${marker('user')}` } : u));
  const spaces = site.spaces.map((s) => (s.key === 'ENG' ? { ...s, name: `Engineering ${marker('space')}`, description: payloads('space-description').join(' ') } : s));
  const eng = spaces.find((s) => s.key === 'ENG')!;
  const admin = users.find((u) => u.siteAdmin)!;
  const textBody = payloads('body').map((p) => `<p>${escapeText(p)}</p>`).join('');
  const body = [
    `<h2>${escapeText(`Steps ${marker('heading')}`)}</h2>`,
    `<p>The quokka rollout checklist covers canary, rollback and sign-off. ${escapeText(marker('paragraph'))}</p>`,
    textBody,
    `<ac:structured-macro ac:name="code"><ac:parameter ac:name="title">${escapeText(marker('macro-param'))}</ac:parameter><ac:plain-text-body><![CDATA[${payloads('code').join('\n')}]]></ac:plain-text-body></ac:structured-macro>`,
    `<p>Read <a href="${escapeAttr(`javascript:${XSS_CALL}('storage-jslink')`)}">the quokka runbook</a> before the rollout.</p>`,
    `<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">${escapeText(marker('panel-title'))}</ac:parameter><ac:rich-text-body><p>Quokka rollout: page the on-call first.</p></ac:rich-text-body></ac:structured-macro>`,
  ].join('');
  const pages = [
    ...site.pages,
    {
      ref: 'hostile-quokka',
      spaceKey: eng.key,
      title: hostileTitle(HOSTILE_PAGE_WORDS, 'title'),
      authorAccountId: admin.accountId,
      createdAt: '2026-02-20T10:00:00Z',
      body,
    },
  ];
  return { ...site, users, spaces, pages };
}
