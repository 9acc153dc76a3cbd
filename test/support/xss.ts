/**
 * Hostile input through every UI, in headless Chromium: the sandbox runs the hostile demo site
 * (hostile-site.ts), the app's own resolvers and actions add a hostile Library name, agent token name and
 * proposals (reason, Markdown, link), and each UI is loaded as a person opens it: admin settings, space settings,
 * the Ask macro with an answer on screen, its settings dialog, the Review byline dialog, the Review space page, the
 * agent tokens page, and the sandbox's own Confluence-like pages around them.
 *
 * What counts (the `xss_executed` figure and the test's assertions):
 * - `executed`: calls of `__xss`, exposed to every frame of the page, and dialogs (alert/confirm/prompt) opened;
 * - `injected`: elements in any frame that only exist if hostile text was parsed as HTML: event-handler
 *   attributes, script/style elements, srcdoc, `javascript:`/`data:` URLs in links, sources and styles, each
 *   carrying a payload's call (timing-free: an element is in the DOM or not, whatever the machine's load);
 * - `shown`: per UI, whether a payload was on screen as text, so a sweep that rendered nothing cannot pass.
 *
 * ```ts
 * const sweep = await runXssSweep();      // {executed: [], injected: [], surfaces: [{name, shown: true}, ...]}
 * ```
 */
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from '../e2e/settings-host';
import type { Loose } from './fault-sandbox';
import { HOSTILE_PAGE_WORDS, XSS_CALL, hostileSite, marker, payloads } from './hostile-site';

export interface XssSweep {
  executed: Array<{ payload: string; frame: string }>;
  dialogs: string[];
  injected: Array<{ surface: string; frame: string; html: string }>;
  surfaces: Array<{ name: string; shown: boolean }>;
  /** Payload strings planted (site, Library, token, proposals). */
  planted: number;
  /**
   * The detectors' own check: one payload put into a blank page as markup, on purpose. Both must see it, or a
   * clean sweep proves nothing (a binding that never reached the frames would count no execution anywhere).
   */
  canary: { executed: boolean; injected: boolean };
}

interface Surface {
  name: string;
  /** Opens the UI and waits until it shows what it is for. */
  open(page: Page): Promise<void>;
  /** Text (a payload, as text) that must be on screen in some frame once the UI shows. */
  expect: string;
}

const UIS = ['admin', 'space-settings', 'ask', 'ask-config', 'review', 'agent-tokens'];
const ADMIN = 'admin@example.com';

/** Elements that exist only if hostile text became markup; returns their outer HTML (cut). */
function injectedElements(call: string): string[] {
  const found: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    const text = tag === 'script' || tag === 'style' ? (el.textContent ?? '') : '';
    const attrs = Array.from(el.attributes).filter((a) => {
      const name = a.name.toLowerCase();
      // Browsers ignore whitespace and control characters inside a URL's scheme (`java\tscript:`).
      const value = Array.from(a.value).filter((c) => c.charCodeAt(0) > 0x20).join('').toLowerCase();
      if (!a.value.includes(call)) return false;
      return name.startsWith('on') || name === 'srcdoc' || name === 'style' || /^(javascript|data):/.test(value);
    });
    if (attrs.length || text.includes(call)) found.push(el.outerHTML.slice(0, 200));
  }
  return found;
}

async function frameTexts(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of page.frames()) texts.push(await frame.evaluate(() => document.body?.innerText ?? '').catch(() => ''));
  return texts;
}

async function scanFrames(page: Page, surface: string, sweep: XssSweep): Promise<void> {
  for (const frame of page.frames()) {
    const html: string[] = await frame.evaluate(injectedElements, XSS_CALL).catch(() => []);
    for (const h of html) sweep.injected.push({ surface, frame: frameName(frame), html: h });
  }
}

const frameName = (frame: Frame) => frame.url().replace(/^https?:\/\/[^/]+/, '').slice(0, 80);

/** Waits (on the page, not a timer) until a frame of `page` shows `text`. */
async function waitForText(page: Page, text: string, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await frameTexts(page)).some((t) => normalize(t).includes(normalize(text)))) return true;
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(100);
  }
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Plants what only the app's own calls can plant: the Library's name, an agent token's name, two proposals. */
async function plant(sb: Sandbox, adminId: string, pageId: string, dockerId: string | undefined): Promise<number> {
  const call = (moduleKey: string, functionKey: string, payload: unknown) => sb.host.invokeResolver({ moduleKey, functionKey, payload, accountId: adminId }) as Promise<Loose>;
  const listed = await call('librarian-settings', 'listLibraries', {});
  const libraryId = listed.libraries?.[0]?.library?.id ?? listed.libraries?.[0]?.id;
  if (!libraryId) throw new Error(`no Library to rename: ${JSON.stringify(listed).slice(0, 300)}`);
  const renamed = await call('librarian-settings', 'updateLibrary', { libraryId, name: `Library ${marker('library')}` });
  if (renamed.error) throw new Error(`updateLibrary refused the hostile name: ${JSON.stringify(renamed.error)}`);
  const token = await call('librarian-agent-tokens', 'createToken', { libraryId, name: `Token ${marker('token')}` });
  if (token.error) throw new Error(`createToken refused: ${JSON.stringify(token.error)}`);
  const reason = payloads('reason').join(' ');
  const markdown = [
    `Page the on-call first. ${payloads('markdown').join(' ')}`,
    `[the runbook](javascript:${XSS_CALL}('md-jslink')) and ![x](javascript:${XSS_CALL}('md-img'))`,
    `<script>${XSS_CALL}('md-script')</script>`,
  ].join('\n\n');
  const proposals = [
    { pageId, change: reason, target: 'Quokka rollout: page the on-call first.', replacement: markdown, link: `javascript:${XSS_CALL}('proposal-link')` },
    { pageId, change: reason, target: 'Quokka rollout: page the on-call first.', replacement: markdown, link: 'https://example.com/pull/1' },
    ...(dockerId ? [{ pageId: dockerId, change: reason, target: 'make up            # docker compose up -d, then waits for health checks', replacement: `make up ${marker('code')}` }] : []),
  ];
  let made = 0;
  for (const p of proposals) {
    const result = (await sb.host.invokeAction('propose-update', p, adminId).catch((e: unknown) => ({ ok: false, error: String(e) }))) as { ok?: boolean };
    if (result.ok !== false) made += 1;
  }
  if (!made) throw new Error('no hostile proposal was accepted by propose-update');
  return 3 + made;
}

/** The payload id of the detectors' own check (XssSweep.canary). */
const CANARY = 'canary';

/**
 * A payload put into a fresh page of the same context as markup, on purpose: the binding every other page got must
 * report it and the DOM scan must find it. Waits for the call itself (the image's error event), not for a time.
 */
async function canary(context: BrowserContext, sweep: XssSweep): Promise<void> {
  const page = await context.newPage();
  // The binding answers once the Node side has run, so the flag means the call was counted.
  await page.setContent(`<p>canary</p><img src=x onerror="${XSS_CALL}('${CANARY}').then(() => { window.canaryCounted = true; })">`);
  await page.waitForFunction(() => (window as unknown as { canaryCounted?: boolean }).canaryCounted === true, undefined, { timeout: 30_000 });
  sweep.canary.injected = (await page.evaluate(injectedElements, XSS_CALL)).length > 0;
  await page.close();
}

export async function runXssSweep(): Promise<XssSweep> {
  ensureBuilt(UIS);
  const site = hostileSite();
  const sb = await startSandbox({ dataDir: ':memory:', seed: site, clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true });
  let browser: Browser | undefined;
  const sweep: XssSweep = { executed: [], dialogs: [], injected: [], surfaces: [], planted: 0, canary: { executed: false, injected: false } };
  try {
    await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
    const adminId = site.users.find((u) => u.siteAdmin)!.accountId;
    const hostile = sb.sim.control.pages().find((p) => p.title.startsWith(HOSTILE_PAGE_WORDS))!;
    const docker = sb.sim.control.findPage('Running the Stack Locally with Docker Compose');
    sweep.planted = site.pages.length + (await plant(sb, adminId, hostile.id, docker?.id));
    await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.exposeBinding(XSS_CALL, ({ frame }, payload: unknown) => {
      if (payload === CANARY) sweep.canary.executed = true;
      else sweep.executed.push({ payload: String(payload), frame: frameName(frame) });
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      sweep.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    const app = sb.urls.app;
    const as = `user=${encodeURIComponent(ADMIN)}`;
    const surfaces: Surface[] = [
      { name: 'admin settings', expect: marker('library'), open: async (p) => void (await p.goto(`${app}/view/librarian-settings?${as}`)) },
      { name: 'space settings', expect: marker('library'), open: async (p) => void (await p.goto(`${app}/view/librarian-space-settings?space=ENG&${as}`)) },
      {
        name: 'Ask macro (an answer on screen)',
        expect: marker('title'),
        open: async (p) => {
          await p.goto(`${app}/page/${hostile.id}?${as}`);
          const macro = p.frameLocator('.cf-macro iframe');
          const box = macro.getByRole('textbox', { name: /Question for/ });
          await box.waitFor({ timeout: 30_000 });
          await box.fill('What is on the quokka rollout checklist?');
          await box.press('Enter');
          await macro.locator('.ask-source').first().waitFor({ timeout: 30_000 });
        },
      },
      {
        name: 'Ask macro settings',
        expect: marker('library'),
        open: async (p) => {
          await p.goto(`${app}/page/${hostile.id}?${as}`);
          await p.getByRole('button', { name: 'Edit Ask Librarian settings' }).click();
          await p.frameLocator('#macro-config iframe').getByRole('combobox', { name: 'Library' }).waitFor({ timeout: 30_000 });
        },
      },
      {
        name: 'Review byline dialog',
        expect: marker('reason'),
        open: async (p) => {
          await p.goto(`${app}/page/${hostile.id}?${as}`);
          await p.locator('[data-byline-toggle]').click();
          await p.frameLocator('#byline-dialog iframe').locator('[data-testid="page-proposals"], [role="alert"]').first().waitFor({ timeout: 30_000 });
        },
      },
      { name: 'Review space page', expect: marker('reason'), open: async (p) => void (await p.goto(`${app}/view/librarian-review?space=ENG&${as}`)) },
      { name: 'agent tokens page', expect: marker('token'), open: async (p) => void (await p.goto(`${app}/view/librarian-agent-tokens?${as}`)) },
      { name: 'sandbox page view', expect: marker('paragraph'), open: async (p) => void (await p.goto(`${app}/wiki/spaces/ENG/pages/${hostile.id}?${as}`)) },
      { name: 'sandbox space home', expect: marker('title'), open: async (p) => void (await p.goto(`${app}/space/ENG?${as}`)) },
    ];
    for (const s of surfaces) {
      await s.open(page);
      const shown = await waitForText(page, s.expect);
      sweep.surfaces.push({ name: s.name, shown });
      await scanFrames(page, s.name, sweep);
    }
    await canary(context, sweep);
    await context.close();
    return sweep;
  } finally {
    await browser?.close();
    await sb.close();
  }
}
