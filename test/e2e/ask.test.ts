import { chromium, type Browser, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { FakeAskApi } from './fakes/ask-api';
import { buildAskApps, CHROMIUM_ARGS, startAskUiHost, type AskUiHost } from './fakes/ask-ui-host';

jest.setTimeout(60_000);

const site = {
  users: [{ email: 'member@example.com', displayName: 'Mia Member', accountId: 'acc-member' }],
  spaces: [
    { key: 'ENG', name: 'Engineering', id: '9001' },
    { key: 'SRE', name: 'Site Reliability', id: '9002' },
    { key: 'OPS', name: 'Operations', id: '9003' },
  ],
  pages: [
    { id: '101', title: 'Team handbook', spaceKey: 'ENG' },
    { id: '102', title: 'Deploy runbook', spaceKey: 'ENG' },
    { id: '103', title: 'Release checklist', spaceKey: 'ENG' },
    { id: '104', title: 'On-call guide', spaceKey: 'SRE' },
    { id: '105', title: 'Vendor contacts', spaceKey: 'OPS' },
  ],
};
const libraries = [
  { id: 'lib-eng', name: 'Engineering Library', spaceKeys: ['ENG', 'SRE'] },
  { id: 'lib-hr', name: 'People Library', spaceKeys: ['HR'] },
];

type Bridge = { callBridge: (name: string, payload?: unknown) => Promise<unknown> };

describe('Ask macro in headless Chromium against the UI host, with a fake AskApi', () => {
  let host: AskUiHost;
  let browser: Browser;
  let base = '';
  const api = new FakeAskApi({ libraries, pageUrl: (id, anchor) => `${base}/page/${id}${anchor ? `#${anchor}` : ''}` });

  beforeAll(async () => {
    buildAskApps();
    // Page 101 carries a macro an editor already configured; the macros of 102 (ENG) and 105 (OPS, a space no
    // Library indexes) have no settings yet.
    host = await startAskUiHost({ site, invokeResolver: api.invoke, macroConfig: (contentId) => (contentId === '101' ? { libraryId: 'lib-eng' } : undefined) });
    base = host.base;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  async function openMacro(pageId: string, options: { recordBridge?: boolean } = {}): Promise<{ page: Page; macro: FrameLocator; frame: () => Frame }> {
    const page = await browser.newPage();
    // @forge/bridge keeps the bridge function it found when the bundle loaded, so the recorder wraps it as it is set.
    if (options.recordBridge) {
      await page.addInitScript(() => {
        const w = globalThis as unknown as { __bridge?: Bridge; __calls: Array<{ name: string; payload: unknown }> };
        let bridge: Bridge | undefined;
        w.__calls = [];
        Object.defineProperty(w, '__bridge', {
          configurable: true,
          get: () => bridge,
          set: (value: Bridge) => {
            bridge = {
              callBridge: (name, payload) => {
                w.__calls.push({ name, payload });
                return value.callBridge(name, payload);
              },
            };
          },
        });
      });
    }
    await page.goto(`${base}/view/librarian-ask?user=member@example.com&content=${pageId}`);
    const macro = page.frameLocator('.cf-macro iframe');
    const frame = () => {
      const found = page.frames().find((f) => f.url().includes('/ui/ask/'));
      if (!found) throw new Error('the macro frame is not loaded');
      return found;
    };
    return { page, macro, frame };
  }

  async function askByKeyboard(macro: FrameLocator, page: Page, question: string): Promise<void> {
    const box = macro.getByRole('textbox', { name: /Question for/ });
    await box.focus();
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
  }

  it('asks by keyboard and shows the answer with highlighted sentences and numbered citations', async () => {
    const { page, macro } = await openMacro('101');
    await expect(macro.getByTestId('library').textContent()).resolves.toBe('Engineering Library');

    const box = macro.getByRole('textbox', { name: 'Question for Engineering Library' });
    await box.focus();
    await page.keyboard.type('How do I roll back');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('a deploy?');
    await expect(box.inputValue()).resolves.toBe('How do I roll back\na deploy?');
    await expect(macro.getByText('28/1000').count()).resolves.toBe(1);

    api.holdAnswers();
    await page.keyboard.press('Enter');
    await macro.getByText('Searching Engineering Library…').waitFor();
    await expect(macro.getByTestId('result').getAttribute('aria-busy')).resolves.toBe('true');
    api.releaseAnswers();

    await macro.getByTestId('answer').waitFor();
    expect(api.calls.filter((c) => c.functionKey === 'ask').at(-1)).toMatchObject({
      payload: { question: 'How do I roll back\na deploy?' },
      accountId: 'acc-member',
      extension: { type: 'macro', content: { id: '101', type: 'page' }, config: { libraryId: 'lib-eng' } },
    });
    await expect(macro.getByTestId('result').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(macro.locator('mark').allTextContents()).resolves.toEqual([
      'To roll back a deploy, run deploy rollback with the release id.',
      'Rollbacks page the on-call SRE.',
    ]);
    // The first passage stands on citations 1 and 2, the second on 3.
    await expect(macro.locator('.ask-passage').nth(0).locator('.ask-cite').allTextContents()).resolves.toEqual(['1', '2']);
    await expect(macro.locator('.ask-passage').nth(1).locator('.ask-cite').allTextContents()).resolves.toEqual(['3']);
    const sources = macro.locator('.ask-source');
    await expect(sources.allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^1\s+Deploy runbook\s+ENG\s+Deploys › Rollback$/),
      expect.stringMatching(/^2\s+Release checklist\s+ENG\s+Rollback$/),
      expect.stringMatching(/^3\s+On-call guide\s+SRE$/),
    ]);
    await expect(macro.getByRole('link', { name: 'Deploy runbook', exact: true }).getAttribute('href')).resolves.toBe(`${base}/page/102#rollback`);
    await expect(macro.getByTestId('searched').textContent()).resolves.toBe('Searched in Engineering Library · spaces ENG, SRE');
    // The box keeps the question, so it can be refined.
    await expect(box.inputValue()).resolves.toBe('How do I roll back\na deploy?');
    await page.close();
  });

  it('follows a citation by keyboard through the bridge router, in a new tab', async () => {
    const { page, macro, frame } = await openMacro('101', { recordBridge: true });
    await askByKeyboard(macro, page, 'How do I roll back?');
    await macro.getByTestId('answer').waitFor();
    const link = macro.getByRole('link', { name: 'Source 1: Deploy runbook' }).first();
    await link.focus();
    const popup = page.waitForEvent('popup');
    await page.keyboard.press('Enter');
    const opened = await popup;
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${base}/page/102#rollback`);
    await expect(opened.locator('h1.cf-page-title').textContent()).resolves.toBe('Deploy runbook');
    const calls = await frame().evaluate(() =>
      (globalThis as unknown as { __calls: Array<{ name: string }> }).__calls.filter((c) => c.name === 'navigate'),
    );
    expect(calls).toEqual([{ name: 'navigate', payload: { url: `${base}/page/102#rollback`, type: 'new-tab' } }]);
    // The answer is still there in the original tab.
    await expect(macro.getByTestId('answer').count()).resolves.toBe(1);
    await page.close();
  });

  it('shows a synthesized answer with superscript citation links, and notes removed citations and fallbacks', async () => {
    const { page, macro } = await openMacro('101');
    await askByKeyboard(macro, page, 'Summarize rollbacks');
    await macro.getByTestId('synthesis').waitFor();
    const synthesis = macro.getByTestId('synthesis');
    await expect(synthesis.locator('p').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Run deploy rollback with the release id\s*1\s*2; it pages the on-call SRE\s*3\.$/),
      'Nothing else is needed [9].',
    ]);
    await expect(synthesis.locator('sup a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).resolves.toEqual([
      `${base}/page/102#rollback`,
      `${base}/page/103#rollback`,
      `${base}/page/104`,
    ]);
    await expect(macro.getByText('One citation the model gave did not match the pages and was removed.').count()).resolves.toBe(1);
    await expect(macro.getByRole('heading', { name: 'From the pages' }).count()).resolves.toBe(1);
    await expect(macro.locator('.ask-passage').count()).resolves.toBe(2);

    await macro.getByRole('textbox').fill('');
    await askByKeyboard(macro, page, 'Ask the model about rollbacks');
    await macro.getByTestId('fallback').waitFor();
    await expect(macro.getByTestId('fallback').textContent()).resolves.toBe('The language model took too long; showing the passages instead.');
    await expect(macro.getByTestId('synthesis').count()).resolves.toBe(0);
    await page.close();
  });

  it('says plainly when nothing in the Library answers, and refuses an empty question with a hint', async () => {
    const { page, macro } = await openMacro('101');
    const asksBefore = api.calls.filter((c) => c.functionKey === 'ask').length;
    await askByKeyboard(macro, page, '   ');
    await expect(macro.getByRole('alert').textContent()).resolves.toBe('Type a question first.');
    expect(api.calls.filter((c) => c.functionKey === 'ask').length).toBe(asksBefore);

    await askByKeyboard(macro, page, 'Where do unicorns live?');
    await macro.getByRole('heading', { name: 'Nothing in Engineering Library answers this' }).waitFor();
    await expect(macro.getByText(/ask a Confluence admin to add the spaces/).count()).resolves.toBe(1);
    await expect(macro.locator('.ask-passage, .ask-source, mark').count()).resolves.toBe(0);
    await expect(macro.getByTestId('searched').textContent()).resolves.toBe('Searched in Engineering Library · spaces ENG, SRE');
    await page.close();
  });

  it('shows a resolver error in a banner and answers on retry', async () => {
    const { page, macro } = await openMacro('101');
    api.failNext(1);
    await askByKeyboard(macro, page, 'How do I roll back?');
    const alert = macro.getByRole('alert');
    await alert.filter({ hasText: 'Confluence did not answer in time. Try again in a moment.' }).waitFor();
    await expect(alert.getByText('Librarian could not answer').count()).resolves.toBe(1);
    const retry = macro.getByRole('button', { name: 'Try again' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await macro.getByTestId('answer').waitFor();
    await expect(macro.getByRole('alert').count()).resolves.toBe(0);
    await page.close();
  });

  it('renders page text that contains HTML as literal text', async () => {
    const { page, macro, frame } = await openMacro('101');
    await askByKeyboard(macro, page, 'Show me the evil page');
    await macro.getByTestId('answer').waitFor();
    const passage = macro.locator('.ask-passage__text');
    await expect(passage.textContent()).resolves.toBe('Careful: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script> are shown as typed.');
    await expect(macro.locator('mark').textContent()).resolves.toBe('<img src=x onerror="window.__pwned=1"> and ');
    await expect(macro.getByRole('link', { name: 'Escaping <b>guide</b>', exact: true }).count()).resolves.toBe(1);
    await expect(macro.locator('.ask-source__section').textContent()).resolves.toBe('<i>HTML</i>');
    await expect(macro.locator('img, b, i').count()).resolves.toBe(0);
    await expect(macro.locator('#root script').count()).resolves.toBe(0);
    await expect(frame().evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await page.close();
  });

  it("without settings, answers from the Library that indexes the page's space and says so", async () => {
    const { page, macro } = await openMacro('102');
    await expect(macro.getByTestId('library').textContent()).resolves.toBe('Engineering Library');
    await expect(macro.getByTestId('library-choice').textContent()).resolves.toBe(
      'Answering from Engineering Library, the Library that indexes this space. Edit this macro to choose another.',
    );
    await askByKeyboard(macro, page, 'How do I roll back?');
    await expect(macro.getByTestId('searched').textContent()).resolves.toBe('Searched in Engineering Library · spaces ENG, SRE');
    await page.close();
  });

  it('asks for a Library when none applies, and saves the editor’s choice through view.submit', async () => {
    const { page, macro } = await openMacro('105');
    await macro.getByRole('heading', { name: 'Choose a Library in the macro settings' }).waitFor();
    await expect(macro.getByRole('textbox').count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Edit Ask Librarian settings' }).click();
    const settings = page.frameLocator('#macro-config iframe');
    const select = settings.getByRole('combobox', { name: 'Library' });
    await select.waitFor();
    await expect(settings.getByRole('option').allTextContents()).resolves.toEqual(['Choose a Library…', 'Engineering Library', 'People Library']);
    // Saving with no Library says why.
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.getByRole('alert').textContent()).resolves.toBe('Choose the Library this macro answers from.');

    await select.selectOption({ label: 'Engineering Library' });
    await settings.getByRole('radio', { name: 'Only some of its spaces' }).check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.getByRole('alert').textContent()).resolves.toBe('Pick at least one space, or search every space.');
    const sre = settings.getByRole('checkbox', { name: 'SRE' });
    await sre.focus();
    await page.keyboard.press('Space');
    const save = settings.getByRole('button', { name: 'Save' });
    await save.focus();
    const reloaded = page.waitForEvent('load');
    await page.keyboard.press('Enter');
    await reloaded;

    // The page re-rendered the macro with the saved config, which the server side reads.
    await macro.getByTestId('library').waitFor();
    await expect(macro.getByTestId('library').textContent()).resolves.toBe('Engineering Library');
    expect(api.calls.filter((c) => c.functionKey === 'getMacroContext').at(-1)?.extension).toMatchObject({
      content: { id: '105' },
      config: { libraryId: 'lib-eng', spaceKeys: ['SRE'] },
    });
    await askByKeyboard(macro, page, 'How do I roll back?');
    await expect(macro.getByTestId('searched').textContent()).resolves.toBe('Searched in Engineering Library · space SRE');

    // Reopening the settings shows what was saved; Cancel keeps it.
    await page.getByRole('button', { name: 'Edit Ask Librarian settings' }).click();
    await expect(settings.getByRole('combobox', { name: 'Library' }).inputValue()).resolves.toBe('lib-eng');
    await expect(settings.getByRole('checkbox', { name: 'SRE' }).isChecked()).resolves.toBe(true);
    await expect(settings.getByRole('checkbox', { name: 'ENG' }).isChecked()).resolves.toBe(false);
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#macro-config').waitFor({ state: 'hidden' });
    await page.close();
  });
});
