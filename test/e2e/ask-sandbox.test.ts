import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SteppedClock } from '../../sandbox/clock';
import { demoQuestions, demoSite } from '../../sandbox/confluence/demo';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from './settings-host';

jest.setTimeout(90_000);

const normalize = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * The Ask macro against the whole sandbox, as `npm start` runs it: the real resolvers in the local Forge host, the
 * demo Library synced from the simulator's demo site through the queues, and the UI host's Confluence-like pages.
 */
describe('Ask macro against the real sandbox', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let macro: FrameLocator;
  const question = demoQuestions.find((q) => q.answerPageRef === 'eng-arch-billing')!;
  const answerPage = demoSite().pages.find((p) => p.ref === question.answerPageRef)!;
  const answerTitle = answerPage.title;

  beforeAll(async () => {
    ensureBuilt(['ask', 'ask-config']);
    sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true });
    await sandbox.host.drain({ advanceClock: true, timeoutMs: 60_000 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  async function ask(text: string): Promise<void> {
    const box = macro.getByRole('textbox', { name: /Question for/ });
    await box.fill('');
    await box.focus();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  it('is configured to the demo Library from the macro settings, on a page the member reads', async () => {
    const host = sandbox.sim.control.pages('KB').find((p) => p.status === 'current' && p.parentId === null)!;
    await page.goto(`${sandbox.urls.app}/page/${host.id}?user=member@example.com`);
    await expect(page.locator('h1.cf-page-title').textContent()).resolves.toBe(host.title);

    await page.getByRole('button', { name: 'Edit Ask Librarian settings' }).click();
    const settings = page.frameLocator('#macro-config iframe');
    const select = settings.getByRole('combobox', { name: 'Library' });
    await select.waitFor();
    await select.selectOption({ label: 'Acme Engineering Library' });
    const reloaded = page.waitForEvent('load');
    await settings.getByRole('button', { name: 'Save' }).click();
    await reloaded;

    macro = page.frameLocator('.cf-macro iframe');
    await expect(macro.getByTestId('library').textContent()).resolves.toBe('Acme Engineering Library');
  });

  it('answers a demo question typed and sent by keyboard, with numbered citations to the page that answers it', async () => {
    await ask(question.question);
    await macro.locator('.ask-source').first().waitFor();
    await expect(macro.getByRole('heading', { name: /^Nothing in/ }).count()).resolves.toBe(0);
    await expect(macro.locator('.ask-passage').count()).resolves.toBeGreaterThan(0);
    await expect(macro.locator('mark').count()).resolves.toBeGreaterThan(0);
    const numbers = await macro.locator('.ask-source__n').allTextContents();
    expect(numbers).toEqual(numbers.map((_, i) => String(i + 1)));
    await expect(macro.locator('.ask-source__title').allTextContents()).resolves.toContain(answerTitle);
    await expect(macro.getByTestId('searched').textContent()).resolves.toMatch(/^Searched in Acme Engineering Library · spaces /);
  });

  it('follows a citation to the cited page, landing on its section', async () => {
    // A source on the answering page that names a section, so its link carries an anchor.
    const source = macro
      .locator('.ask-source', { has: macro.getByRole('link', { name: answerTitle, exact: true }) })
      .filter({ has: macro.locator('.ask-source__section') })
      .first();
    const n = normalize(await source.locator('.ask-source__n').textContent());
    const section = normalize(await source.locator('.ask-source__section').textContent()).split(' › ').at(-1)!;
    expect(section).not.toBe('');
    // The href is on the site the context names (this app server, which shows the pages), not the frame's origin.
    await source.locator(`a[href^="${sandbox.urls.app}/wiki/"]`).waitFor();
    const href = (await source.getByRole('link').getAttribute('href'))!;
    const pageId = sandbox.sim.control.findPage(answerTitle, answerPage.spaceKey)!.id;
    expect(href.startsWith(sandbox.urls.app)).toBe(true);
    const path = href.slice(sandbox.urls.app.length);
    expect(path).toMatch(new RegExp(`^/wiki/spaces/${answerPage.spaceKey}/pages/${pageId}(/[^#]*)?#.+$`));
    // The sentence the answer highlights from this source, to find on the landed page.
    const passage = macro.locator('.ask-passage', { has: macro.locator('.ask-cite', { hasText: new RegExp(`^${n}$`) }) }).first();
    const highlighted = normalize(await passage.locator('mark').first().textContent());

    const popup = page.waitForEvent('popup');
    await source.getByRole('link').click();
    const opened = await popup;
    await opened.waitForLoadState();
    const landed = new URL(opened.url());
    expect(landed.href).toBe(href);
    await expect(opened.locator('h1.cf-page-title').textContent()).resolves.toBe(answerTitle);
    // The link's anchor is the cited section's heading on that page.
    await expect(opened.locator(':target').textContent()).resolves.toBe(section);
    await expect(opened.locator('article').textContent().then(normalize)).resolves.toContain(highlighted);
    await opened.close();
  });

  it('says plainly when nothing in the Library answers a nonsense question', async () => {
    await ask('Zorblax quintessence of the flibbertigibbet wobulator?');
    await macro.getByRole('heading', { name: 'Nothing in Acme Engineering Library answers this' }).waitFor();
    await expect(macro.locator('.ask-passage, .ask-source, mark').count()).resolves.toBe(0);
  });

  it("shows a page's own address only to those who may read it", async () => {
    const restricted = sandbox.sim.control.findPage(demoSite().pages.find((p) => p.ref === 'eng-sec-contacts')!.title, 'ENG')!;
    expect(sandbox.sim.control.canRead(demoSite().users.find((u) => u.email === 'member@example.com')!.accountId, restricted.id)).toBe(false);
    const denied = await page.goto(`${sandbox.urls.app}/wiki/spaces/ENG/pages/${restricted.id}`);
    expect(denied?.status()).toBe(404);
    await expect(page.locator('main').textContent()).resolves.toContain("you don't have permission to view it");
    await expect(page.getByText(restricted.title).count()).resolves.toBe(0);

    const allowed = await page.goto(`${sandbox.urls.app}/wiki/spaces/ENG/pages/${restricted.id}?user=admin@example.com`);
    expect(allowed?.status()).toBe(200);
    await expect(page.locator('h1.cf-page-title').textContent()).resolves.toBe(restricted.title);
  });
});
