import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from './settings-host';

jest.setTimeout(120_000);

/**
 * The "Librarian agent tokens" page in Chromium against the whole sandbox, as `npm start` serves it: a member mints
 * a token (shown once, with set-up steps), it works on the agent endpoint, the list shows it, and Revoke refuses
 * it on the very next request.
 */
describe('Agent tokens page against the real sandbox', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;

  const me = (token: string) => fetch(`${sandbox.urls.agents}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  async function open(): Promise<FrameLocator> {
    await page.goto(`${sandbox.urls.app}/view/librarian-agent-tokens?user=member@example.com`);
    const frame = page.frameLocator('iframe.forge-frame');
    await frame.getByRole('button', { name: 'Mint token' }).waitFor();
    return frame;
  }

  beforeAll(async () => {
    ensureBuilt(['agent-tokens']);
    sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('mints a token shown once with set-up steps, lists it, and revoking it refuses the next request', async () => {
    let frame = await open();
    await frame.getByLabel('Name').fill('e2e laptop');
    await frame.getByRole('button', { name: 'Mint token' }).click();
    const shown = frame.getByTestId('minted-token');
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^lbr_[0-9a-f]{8}_[0-9a-f]{16}_[0-9a-f]{64}$/);
    await expect(frame.getByText('Copy it now: it is shown only once').count()).resolves.toBe(1);
    // The set-up steps carry the endpoint and the token for each client.
    await expect(frame.locator('pre').filter({ hasText: 'claude mcp add' }).textContent()).resolves.toContain(token);
    expect(await me(token)).toBe(200);

    // Listed, active; and after Done (or a reload) the token itself is nowhere on the page again.
    const row = frame.getByTestId('token-row').filter({ hasText: 'e2e laptop' });
    await expect(row.textContent()).resolves.toContain('active');
    await frame.getByRole('button', { name: 'Done' }).click();
    await frame.getByTestId('minted-token').waitFor({ state: 'detached' });
    await expect(frame.getByTestId('minted-token').count()).resolves.toBe(0);
    frame = await open();
    await frame.getByTestId('token-row').filter({ hasText: 'e2e laptop' }).waitFor();
    await expect(frame.locator('body').textContent()).resolves.not.toContain(token);

    await frame.getByTestId('token-row').filter({ hasText: 'e2e laptop' }).getByRole('button', { name: 'Revoke' }).click();
    await frame.getByTestId('token-row').filter({ hasText: 'e2e laptop' }).filter({ hasText: 'revoked' }).waitFor();
    await expect(frame.getByTestId('token-row').filter({ hasText: 'e2e laptop' }).getByRole('button', { name: 'Revoke' }).count()).resolves.toBe(0);
    expect(await me(token)).toBe(401);
  });
});
