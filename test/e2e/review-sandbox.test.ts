import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SteppedClock } from '../../sandbox/clock';
import { ACCOUNT } from '../../sandbox/confluence/demo/people';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from './settings-host';

jest.setTimeout(120_000);

/**
 * Review against the whole sandbox, as `npm start` runs it: the demo proposals seeded through the propose-update
 * action, the byline item's count from its content property, the dialog in the real Review UI, approvals applied
 * by the real handlers to the simulator, and a reader who sees proposals without buttons.
 */
describe('Review against the real sandbox', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let dockerId: string;
  let sdkId: string;

  const auth = `Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}`;
  async function pageNow(id: string): Promise<{ version: number; body: string }> {
    const res = await fetch(`${sandbox.sim.url}/wiki/api/v2/pages/${id}?body-format=storage`, { headers: { Authorization: auth } });
    const json = (await res.json()) as { version: { number: number }; body: { storage: { value: string } } };
    return { version: json.version.number, body: json.body.storage.value };
  }

  async function openDialog(pageId: string, user: string): Promise<FrameLocator> {
    await page.goto(`${sandbox.urls.app}/page/${pageId}?user=${user}`);
    await page.locator('[data-byline-toggle]').click();
    const dialog = page.frameLocator('#byline-dialog iframe');
    await dialog.locator('[data-testid="page-proposals"], [role="alert"]').first().waitFor();
    return dialog;
  }

  beforeAll(async () => {
    ensureBuilt(['review']);
    sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true });
    dockerId = sandbox.sim.control.findPage('Running the Stack Locally with Docker Compose')!.id;
    sdkId = sandbox.sim.control.findPage('SDK Guide: getUserById and friends')!.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('shows the pending count in the byline and the page content as text', async () => {
    await page.goto(`${sandbox.urls.app}/page/${dockerId}?user=admin@example.com`);
    await expect(page.locator('[data-byline-toggle]').textContent()).resolves.toBe('Librarian · 2');
    await expect(page.locator('.cf-page-content h3').allTextContents()).resolves.toEqual(expect.arrayContaining(['Start', 'Ports', 'Test users']));
    await expect(page.locator('.cf-page-content').textContent()).resolves.toContain('make up');
  });

  it('approves the code change: the page is at the next version with only the code block changed', async () => {
    const before = await pageNow(dockerId);
    const dialog = await openDialog(dockerId, 'admin@example.com');
    await expect(dialog.getByTestId('proposal').count()).resolves.toBe(2);
    await expect(dialog.getByTestId('account').textContent()).resolves.toBe('Signed in as Ada Admin');
    const card = dialog.getByTestId('proposal').filter({ hasText: 'make dev' });
    await expect(card.locator('del').first().textContent()).resolves.toContain('up');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.getByText(/Applied as version/).waitFor();
    await expect(dialog.getByTestId('proposal').count()).resolves.toBe(1);
    const after = await pageNow(dockerId);
    expect(after.version).toBe(before.version + 1);
    const oldLine = 'make up            # docker compose up -d, then waits for health checks';
    const newLine = 'make dev           # docker compose up -d, waits for health checks, then seeds';
    expect(after.body).toBe(before.body.replace(oldLine, newLine));
  });

  it('edits the section text, then approves it', async () => {
    const dialog = await openDialog(dockerId, 'admin@example.com');
    const card = dialog.getByTestId('proposal').filter({ hasText: 'Test users' });
    await card.getByRole('button', { name: 'Edit' }).click();
    const box = card.getByRole('textbox', { name: 'New text' });
    await box.fill('Sign in as `dev@acme.test`; run `make seed` to print the password.');
    await card.getByRole('button', { name: 'Approve edited text' }).click();
    await dialog.getByText(/Applied as version/).waitFor();
    const after = await pageNow(dockerId);
    expect(after.body).toContain('<p>Sign in as <code>dev@acme.test</code>; run <code>make seed</code> to print the password.</p>');
    expect(after.body).toContain('<h2>Stopping</h2>');
    await page.goto(`${sandbox.urls.app}/page/${dockerId}?user=admin@example.com`);
    await expect(page.locator('[data-byline-toggle]').textContent()).resolves.toBe('Librarian');
  });

  it('shows a reader who may not edit the page its proposals without buttons', async () => {
    sandbox.sim.control.setRestrictions(sdkId, { update: [{ type: 'user', accountId: ACCOUNT.ada }] });
    const dialog = await openDialog(sdkId, 'member@example.com');
    await expect(dialog.getByTestId('proposal').count()).resolves.toBe(1);
    await dialog.getByTestId('read-only').waitFor();
    await expect(dialog.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    await expect(dialog.getByRole('button', { name: 'Decline' }).count()).resolves.toBe(0);
  });

  it('declines with a reason; the page is not written', async () => {
    const before = await pageNow(sdkId);
    const dialog = await openDialog(sdkId, 'admin@example.com');
    const card = dialog.getByTestId('proposal').first();
    await card.getByRole('button', { name: 'Decline' }).click();
    await card.getByRole('textbox', { name: /Reason for declining/ }).fill('SDK 5 is not released yet.');
    await card.getByRole('button', { name: 'Decline proposal' }).click();
    await dialog.getByRole('heading', { name: 'No proposed updates' }).waitFor();
    expect((await pageNow(sdkId)).version).toBe(before.version);
  });

  it('lists the space queue with counts and filters', async () => {
    await page.goto(`${sandbox.urls.app}/view/librarian-review?space=ENG&user=admin@example.com`);
    const queue = page.frameLocator('iframe.forge-frame');
    await queue.getByTestId('queue-counts').waitFor();
    await expect(queue.getByTestId('queue-counts').textContent()).resolves.toBe('0 pending · 0 conflict · 2 applied · 1 declined · 0 superseded');
    await queue.getByRole('combobox', { name: 'State' }).selectOption('applied');
    // The queue reloads for the new filter (a spinner, then the list): wait for the list, not for time.
    await queue.getByTestId('proposal').nth(1).waitFor();
    await expect(queue.getByText('Loading the review queue…').count()).resolves.toBe(0);
    await expect(queue.getByTestId('proposal').count()).resolves.toBe(2);
  });
});
