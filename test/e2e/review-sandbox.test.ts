import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SteppedClock } from '../../sandbox/clock';
import { ACCOUNT } from '../../sandbox/confluence/demo/people';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium, navigationsOnceThere } from './settings-host';

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

  it("follows a card's links through the bridge router: the page in this tab, the pull request in a new one; a deceptive link stays text", async () => {
    const admin = sandbox.seed.users.find((u) => u.siteAdmin)!.accountId;
    const propose = (input: Record<string, unknown>) => sandbox.host.invokeAction('propose-update', { pageId: dockerId, ...input }, admin) as Promise<{ ok?: boolean; proposalId?: string; error?: { code: string } }>;
    await expect(propose({ change: 'The API moved to port 8081 in acme/workspace#900.', section: 'Ports', replacement: 'The API listens on 8081.', link: 'https://github.com/acme/workspace/pull/900' })).resolves.toMatchObject({ ok: true });
    // An http(s) URL whose host is evil.invalid behind a user name that reads as the site: the server refuses it...
    const deceptiveUrl = 'https://acme.atlassian.net@evil.invalid/pull/1';
    await expect(propose({ change: 'Start with make dev.', section: 'Start', replacement: 'Run `make dev`.', link: deceptiveUrl })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // ...and a proposal that holds one anyway (stored before that check) still shows it as text, never as a link.
    const stored = await propose({ change: 'Start with make dev.', section: 'Start', replacement: 'Run `make dev`.', link: 'https://github.com/acme/workspace/pull/901' });
    await sandbox.host.withInvocation(async () => {
      const { kvs } = await import('@forge/kvs');
      const record = (await kvs.get(`rv:p:${stored.proposalId}`)) as { reason: { links: Array<{ url: string }> } };
      record.reason.links[0].url = deceptiveUrl;
      await kvs.set(`rv:p:${stored.proposalId}`, record);
    });
    // The pull request opens in a new tab of this context: answer it here rather than from the network.
    await page.context().route('https://github.com/**', (route) => route.fulfill({ contentType: 'text/plain', body: 'pull request' }));

    await page.goto(`${sandbox.urls.app}/view/librarian-review?space=ENG&user=admin@example.com`);
    const queue = page.frameLocator('iframe.forge-frame');
    const ports = queue.getByTestId('proposal').filter({ hasText: 'port 8081' });
    const start = queue.getByTestId('proposal').filter({ hasText: 'Start with make dev' });
    const pagePath = `/wiki/spaces/ENG/pages/${dockerId}`;
    const title = ports.getByRole('heading', { level: 3 }).getByRole('link', { name: 'Running the Stack Locally with Docker Compose' });
    // The href is on the site the context names (this app server, which shows the pages), not on the frame's origin.
    await ports.locator(`h3 a[href="${sandbox.urls.app}${pagePath}"]`).waitFor();

    const deceptive = 'Pull request: https://acme.atlassian.net@evil.invalid/pull/1';
    await start.waitFor();
    await expect(start.getByText(deceptive).count()).resolves.toBe(1);
    await expect(start.getByRole('link', { name: deceptive }).count()).resolves.toBe(0);
    await expect(queue.locator('a[href*="evil.invalid"]').count()).resolves.toBe(0);
    await start.getByText(deceptive).click();

    await ports.getByRole('link', { name: 'Pull request: https://github.com/acme/workspace/pull/900' }).click();
    // Ctrl/Cmd-click asks for a new tab, as on any link; a plain click goes to the page in this tab.
    await title.click({ modifiers: ['ControlOrMeta'] });
    await title.click();
    await page.waitForURL(`${sandbox.urls.app}${pagePath}`);
    await expect(page.locator('h1.cf-page-title').textContent()).resolves.toBe('Running the Stack Locally with Docker Compose');
    expect(await navigationsOnceThere(page, 3)).toEqual([
      { requested: 'https://github.com/acme/workspace/pull/900', type: 'new-tab', url: 'https://github.com/acme/workspace/pull/900' },
      { requested: pagePath, type: 'new-tab', url: `${sandbox.urls.app}${pagePath}` },
      { requested: pagePath, type: 'same-tab', url: `${sandbox.urls.app}${pagePath}` },
    ]);
  });
});
