import type { Browser } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from './settings-host';

jest.setTimeout(90_000);

/**
 * The global and space settings pages against the whole sandbox: the real resolvers, the local Forge host with
 * its queues, and the Confluence simulator's demo site (admin@example.com site admin, jonas.berg@example.com admin
 * of the SRE space only, member@example.com a plain member).
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

  // Runs after the test above, which created "Engineering answers" and connected it.
  it('lets an admin of one space (not a site admin) opt it in and watch it reach Indexed; a member only looks', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Max Member reads SRE but administers nothing: the switch is off limits and the page says why.
    await page.goto(`${sandbox.urls.app}/view/librarian-space-settings?space=SRE&user=member@example.com`);
    let frame = page.frameLocator('iframe.forge-frame');
    let row = frame.getByTestId('space-libraries').locator('tr[data-library="Engineering answers"]');
    await row.getByText('Not in this Library.').waitFor();
    await frame.getByText('Only admins of this space, and site admins, can include it in a Library or take it out.', { exact: false }).waitFor();
    await expect(row.getByRole('switch').isDisabled()).resolves.toBe(true);

    // Jonas Berg administers SRE (group sre) and is no site admin.
    await page.goto(`${sandbox.urls.app}/view/librarian-space-settings?space=SRE&user=jonas.berg@example.com`);
    frame = page.frameLocator('iframe.forge-frame');
    row = frame.getByTestId('space-libraries').locator('tr[data-library="Engineering answers"]');
    await row.getByText('Not in this Library.').waitFor();
    await expect(frame.getByText('can include it in a Library or take it out', { exact: false }).count()).resolves.toBe(0);
    await row.getByRole('switch', { name: 'Include Site Reliability in Engineering answers' }).check();
    await row.getByText('Indexed', { exact: true }).waitFor({ timeout: 60_000 });
    await expect(row.getByRole('switch').isChecked()).resolves.toBe(true);
    expect(Number((await row.getByTestId('pages-indexed').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
    await expect(row.getByRole('alert').count()).resolves.toBe(0);

    // The same SRE admin cannot change Engineering.
    await page.goto(`${sandbox.urls.app}/view/librarian-space-settings?space=ENG`);
    frame = page.frameLocator('iframe.forge-frame');
    row = frame.getByTestId('space-libraries').locator('tr[data-library="Engineering answers"]');
    await row.getByText('Indexed', { exact: true }).waitFor();
    await expect(row.getByRole('switch').isDisabled()).resolves.toBe(true);
    await page.close();
  });
});
