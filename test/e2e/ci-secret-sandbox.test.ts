import type { Browser, FrameLocator, Page } from 'playwright-core';
import { buildShipChange, signShipRequest } from '../../src/core/ship';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { ensureBuilt, launchChromium } from './settings-host';

jest.setTimeout(120_000);

/**
 * The CI secret on the global settings page against the whole sandbox (which minted one at start, as `npm start`
 * does): a site admin revokes it and creates another (shown once), the
 * ship web trigger accepts requests signed with it, rotating refuses the old one at once, revoking refuses all;
 * the page shows the ship URL and the GitHub Actions step; a member sees no CI section and the resolver refuses
 * them; the secret is in no log line and never shown again.
 */
describe('the CI secret against the real sandbox', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let libraryId: string;
  const logs: string[] = [];
  const body = JSON.stringify({ change: buildShipChange({ diff: '', base: 'a'.repeat(40), head: 'b'.repeat(40), subjects: ['Nothing to see'] }) });

  async function ship(url: string, secret: string): Promise<number> {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signShipRequest({ libraryId, secret, body }) } });
    return res.status;
  }

  async function ciSection(user: string): Promise<FrameLocator> {
    await page.goto(`${sandbox.urls.app}/view/librarian-settings?user=${user}`);
    const frame = page.frameLocator('iframe.forge-frame');
    await frame.getByRole('button', { name: 'Acme Engineering Library' }).click();
    await frame.getByTestId('library-detail').waitFor();
    return frame;
  }

  beforeAll(async () => {
    ensureBuilt(['admin']);
    sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', logSink: (line) => void logs.push(line) });
    const listed = (await sandbox.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'listLibraries', payload: {}, accountId: adminId() })) as { libraries: Array<{ library: { id: string } }> };
    libraryId = listed.libraries[0]!.library.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });
  const adminId = () => sandbox.seed.users.find((u) => u.siteAdmin)!.accountId;

  it('revokes the start-up secret, creates one, shows it once with the ship URL and the Actions step; CI signed with it is accepted', async () => {
    const frame = await ciSection('admin@example.com');
    const section = frame.getByTestId('ci-section');
    // `npm start` (startSandbox) minted the demo Library's CI secret through the same resolver.
    await section.getByTestId('ci-secret-status').getByText(/^Created /).waitFor();
    const url = (await section.getByTestId('ship-url').textContent())!;
    expect(url).toBe(`${sandbox.urls.app}/public/${sandbox.host.webTriggerId('librarian-ship')}`);
    expect(sandbox.ship).toMatchObject({ url, libraryId });
    expect(await section.getByTestId('ci-snippet').textContent()).toContain('npx librarian ship --base ${{ github.event.before }} --head ${{ github.sha }}');
    expect(await ship(url, sandbox.ship!.secret)).toBe(202);
    expect(await section.textContent()).not.toContain(sandbox.ship!.secret);

    await section.getByRole('button', { name: 'Revoke' }).click();
    await section.getByRole('button', { name: 'Revoke now' }).click();
    await section.getByText('None: CI requests are refused until you create one.').waitFor();
    expect(await ship(url, sandbox.ship!.secret)).toBe(401);
    expect(await ship(url, 'not-the-secret')).toBe(401);

    await section.getByRole('button', { name: 'Create CI secret' }).click();
    const secret = (await section.getByTestId('ci-secret-value').textContent())!.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await section.getByText(/^Created /).waitFor();
    expect(await ship(url, secret)).toBe(202);

    await section.getByRole('button', { name: 'Done' }).click();
    expect(await section.getByTestId('ci-secret-value').count()).toBe(0);
    // Never shown again: not after a reload, not in the resolver's status answer, not in any log line.
    const again = await ciSection('admin@example.com');
    await again.getByTestId('ci-secret-status').getByText(/^Created /).waitFor();
    expect(await again.locator('body').textContent()).not.toContain(secret);
    const status = await sandbox.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'getCiSecret', payload: { libraryId }, accountId: adminId() });
    expect(JSON.stringify(status)).not.toContain(secret);
    expect(logs.filter((l) => l.includes(secret))).toEqual([]);
  });

  it('rotating refuses the old secret at once; revoking refuses every request', async () => {
    const frame = await ciSection('admin@example.com');
    const section = frame.getByTestId('ci-section');
    const url = (await section.getByTestId('ship-url').textContent())!;
    await section.getByRole('button', { name: 'Rotate secret' }).click();
    await section.getByRole('button', { name: 'Rotate now' }).click();
    const first = (await section.getByTestId('ci-secret-value').textContent())!.trim();
    await section.getByRole('button', { name: 'Done' }).click();
    await section.getByRole('button', { name: 'Rotate secret' }).click();
    await section.getByRole('button', { name: 'Rotate now' }).click();
    const second = (await section.getByTestId('ci-secret-value').textContent())!.trim();
    expect(second).not.toBe(first);
    expect(await ship(url, first)).toBe(401);
    expect(await ship(url, second)).toBe(202);

    await section.getByRole('button', { name: 'Revoke' }).click();
    await section.getByRole('button', { name: 'Revoke now' }).click();
    await section.getByText('None: CI requests are refused until you create one.').waitFor();
    expect(await ship(url, second)).toBe(401);
    expect(logs.filter((l) => l.includes(first) || l.includes(second))).toEqual([]);
  });

  it('a member sees no CI section, and the CI resolver functions refuse them', async () => {
    const frame = await ciSection('member@example.com');
    await frame.getByTestId('source-summary').waitFor();
    expect(await frame.getByTestId('ci-section').count()).toBe(0);
    const member = sandbox.seed.users.find((u) => u.email === 'member@example.com')!.accountId;
    for (const functionKey of ['getCiSecret', 'rotateCiSecret', 'revokeCiSecret']) {
      const answer = (await sandbox.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey, payload: { libraryId }, accountId: member })) as { error?: { code?: string } };
      expect(answer.error?.code).toBe('forbidden');
    }
  });
});
