import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { parse } from 'yaml';
import { createUiHandler, type ResolverInvocation } from '../../sandbox/ui';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

jest.setTimeout(60_000);

describe('UI shell in headless Chromium through the real @forge/bridge', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  const invocations: ResolverInvocation[] = [];
  let bobAttempts = 0;

  beforeAll(async () => {
    // Build only the one app this test opens, and only when `npm run build` has not run.
    if (!existsSync(join(ROOT, 'static', 'review', 'build', 'index.html'))) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-ui.ts', 'review'], { cwd: ROOT, stdio: 'pipe', timeout: 50_000 });
    }
    // The real manifest, with every UI module pointed at the one app built here.
    const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as { modules: Record<string, Array<{ resource?: string }>> };
    for (const modules of Object.values(manifest.modules)) for (const m of modules) if (m.resource) m.resource = 'review';
    const handler = createUiHandler({
      manifest,
      rootDir: ROOT,
      site: {
        users: [
          { email: 'admin@example.com', displayName: 'Ada Admin', accountId: 'acc-admin' },
          { email: 'bob@example.com', displayName: 'Bob', accountId: 'acc-bob' },
        ],
        spaces: [{ key: 'ENG', name: 'Engineering' }],
        pages: [{ id: '101', title: 'Runbook', spaceKey: 'ENG' }],
      },
      invokeResolver: async (invocation) => {
        invocations.push(invocation);
        if (invocation.accountId === 'acc-bob') {
          bobAttempts += 1;
          throw new Error(`Licence check failed (attempt ${bobAttempts})`);
        }
        return { accountId: invocation.accountId, displayName: 'Ada (from the resolver)' };
      },
    });
    server = createServer((req, res) => {
      Promise.resolve(handler(req, res)).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shows the account the resolver returned, and follows the host theme', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/view/librarian-settings?user=admin@example.com`);
    const frame = page.frameLocator('iframe.forge-frame');
    await frame.getByRole('heading', { level: 1, name: 'Librarian' }).waitFor();
    await expect(frame.getByTestId('account').textContent()).resolves.toBe('Signed in as Ada (from the resolver)');
    await frame.getByRole('heading', { name: 'Coming soon' }).waitFor();
    expect(invocations.at(-1)).toEqual({
      moduleKey: 'librarian-settings',
      functionKey: 'getStatus',
      payload: {},
      accountId: 'acc-admin',
      extension: { type: 'confluence:globalSettings' },
    });

    // view.theme.enable() subscribed the frame to the host's theme.
    await frame.locator('html[data-color-mode="light"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await frame.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.close();
  });

  it('shows the error state with a retry when the resolver fails', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/view/librarian-settings?user=bob@example.com`);
    const frame = page.frameLocator('iframe.forge-frame');
    await frame.getByRole('alert').filter({ hasText: 'Licence check failed (attempt 1)' }).waitFor();
    await frame.getByRole('button', { name: 'Try again' }).click();
    await frame.getByRole('alert').filter({ hasText: 'Licence check failed (attempt 2)' }).waitFor();
    await expect(frame.getByTestId('account').count()).resolves.toBe(0);
    await page.close();
  });

  it('answers the host-side bridge calls: flags, modals with onClose, URLs, and the byline dialog', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/view/librarian-settings?user=admin@example.com`);
    const app = page.frames().find((f) => f.url().includes('/ui/review/'));
    if (!app) throw new Error('the app frame did not load');
    await app.waitForSelector('[data-testid="account"]');
    type Bridge = { callBridge: (name: string, payload?: unknown) => Promise<unknown> };

    await app.evaluate(() =>
      (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('showFlag', { id: 'saved', title: 'Saved', description: '<b>not bold</b>', type: 'success' }),
    );
    const flag = page.locator('#flags [role="status"]');
    await expect(flag.textContent()).resolves.toContain('<b>not bold</b>');
    await expect(page.locator('#flags b').count()).resolves.toBe(0);

    await expect(
      app.evaluate(() => (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('getUrl', { target: 'contentView', contentId: '101' })),
    ).resolves.toBe(`${base}/page/101`);
    await expect(app.evaluate(() => (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('navigate', { url: 'javascript:alert(1)', type: 'same-tab' }))).rejects.toThrow(/Refusing/);

    // A modal opened from the app gets the opener's context plus `modal`, and its close payload reaches onClose.
    await app.evaluate(() => {
      const w = globalThis as unknown as { __bridge: Bridge; __closedWith?: unknown };
      return w.__bridge.callBridge('openModal', { resource: null, context: { proposalId: 'p-7' }, title: 'Proposal', size: 'small', onClose: (payload: unknown) => (w.__closedWith = payload) });
    });
    await page.getByRole('dialog', { name: 'Proposal' }).waitFor();
    // The dialog is shown before its iframe has navigated: wait for the frame itself.
    await page.locator('[role="dialog"] iframe').waitFor();
    const modalFrame = await (await page.locator('[role="dialog"] iframe').elementHandle())?.contentFrame();
    if (!modalFrame) throw new Error('the modal frame did not load');
    await modalFrame.waitForSelector('[data-testid="account"]');
    const modalContext = (await modalFrame.evaluate(() => (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('getContext'))) as { extension: unknown };
    expect(modalContext.extension).toEqual({ type: 'confluence:globalSettings', modal: { proposalId: 'p-7' } });
    // The frame is gone once close() takes effect, so the call is not awaited inside it (as on Forge).
    await modalFrame.evaluate(() => {
      void (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('close', { approved: true });
    });
    await page.getByRole('dialog', { name: 'Proposal' }).waitFor({ state: 'detached' });
    await expect(app.evaluate(() => (globalThis as unknown as { __closedWith?: unknown }).__closedWith)).resolves.toEqual({ approved: true });
    // The page itself is not closable.
    await expect(app.evaluate(() => (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('close'))).resolves.toBe(false);

    // The byline item opens its inline dialog; view.close() from inside closes it.
    await page.goto(`${base}/page/101`);
    const byline = page.getByRole('button', { name: 'Librarian', exact: true });
    await expect(byline.getAttribute('aria-expanded')).resolves.toBe('false');
    await byline.click();
    const dialog = page.frameLocator('#byline-dialog iframe');
    await dialog.getByTestId('account').waitFor();
    const dialogFrame = page.frames().find((f) => f.url().includes('/ui/review/'));
    if (!dialogFrame) throw new Error('the byline frame did not load');
    await dialogFrame.evaluate(() => {
      void (globalThis as unknown as { __bridge: Bridge }).__bridge.callBridge('close');
    });
    await page.locator('#byline-dialog').waitFor({ state: 'hidden' });
    await expect(byline.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.close();
  });
});
