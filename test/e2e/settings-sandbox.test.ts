import type { Browser } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from './settings-host';

jest.setTimeout(90_000);

/**
 * The global settings page against the whole sandbox: the real resolvers, the local Forge host with its queues,
 * and the Confluence simulator's demo site.
 */
describe('global settings against the real sandbox', () => {
  let sandbox: Sandbox;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt(['admin', 'space-settings']);
    sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', bootstrap: false, quiet: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('creates a Library, connects the app account, selects ENG and sees it indexed on both settings pages', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${sandbox.urls.app}/view/librarian-settings?user=admin@example.com`);
    const frame = page.frameLocator('iframe.forge-frame');
    // Fail with the page's own error message when the resolvers refuse or are missing.
    await frame.locator('form[aria-label="Create a Library"], [role="alert"]').first().waitFor();
    const alerts = await frame.getByRole('alert').allTextContents();
    expect(alerts).toEqual([]);

    await frame.getByLabel('New Library name').fill('Engineering answers');
    await frame.getByRole('button', { name: 'Create Library' }).click();
    const detail = frame.getByTestId('library-detail');
    await detail.getByRole('heading', { level: 2, name: 'Engineering answers' }).waitFor();
    await detail.getByRole('button', { name: 'Connect Confluence' }).click();

    const picker = detail.getByTestId('space-picker');
    await picker.getByRole('checkbox', { name: 'Index Engineering (ENG)' }).check();
    // The demo site's personal space is listed but cannot be chosen.
    await expect(picker.locator('tr', { has: page.locator('text=Personal spaces are never indexed.') }).count()).resolves.toBeGreaterThan(0);
    await picker.getByRole('button', { name: 'Save selection' }).click();

    const row = detail.getByTestId('space-status-table').locator('tr[data-space-key="ENG"]');
    await row.getByText('Indexed', { exact: true }).waitFor({ timeout: 60_000 });
    const pages = Number((await row.getByTestId('pages-indexed').textContent())?.replace(/\D/g, ''));
    expect(pages).toBeGreaterThan(0);

    // The space's own settings page shows the same Library and count.
    await page.goto(`${sandbox.urls.app}/view/librarian-space-settings?space=ENG`);
    const spaceFrame = page.frameLocator('iframe.forge-frame');
    const spaceRow = spaceFrame.getByTestId('space-libraries').locator('tr[data-library="Engineering answers"]');
    await spaceRow.getByText('Indexed', { exact: true }).waitFor();
    await expect(spaceRow.getByRole('switch').isChecked()).resolves.toBe(true);
    await expect(spaceRow.getByTestId('pages-indexed').textContent()).resolves.toBe(String(pages));
    await page.close();
  });
});
