import type { Browser, Page } from 'playwright-core';
import { FakeSettingsApi, type FakeSpace, type FakeUser } from './fakes/settings-api';
import { ensureBuilt, launchChromium, navigationsOnceThere, startUiHost, type UiHost } from './settings-host';

jest.setTimeout(60_000);

const USERS: FakeUser[] = [
  { accountId: 'acc-admin', displayName: 'Ada Admin', siteAdmin: true },
  { accountId: 'acc-bob', displayName: 'Bob Member', siteAdmin: false },
  { accountId: 'acc-sam', displayName: 'Sam Space-Admin', siteAdmin: false, spaceAdminOf: ['ENG', '~ada'] },
];
const EMAILS: Record<string, string> = { 'acc-admin': 'admin@example.com', 'acc-bob': 'bob@example.com', 'acc-sam': 'sam@example.com' };

function spaces(): FakeSpace[] {
  return [
    // A title from Confluence that looks like markup must show as text.
    { id: '1001', key: 'ENG', name: 'Engineering', type: 'global', status: 'current', pages: 120, brokenPages: [{ id: '555', title: '<b>Broken</b> macro page' }] },
    { id: '1002', key: 'OPS', name: 'Operations', type: 'collaboration', status: 'current', pages: 40 },
    { id: '1003', key: 'OLD', name: 'Old handbook', type: 'global', status: 'archived', pages: 10 },
    { id: '1004', key: '~ada', name: 'Ada Admin', type: 'personal', status: 'current', pages: 5 },
    { id: '1005', key: 'SYS', name: 'System space', type: 'system', status: 'current', pages: 2 },
  ];
}

const SITE = {
  users: USERS.map((u) => ({ email: EMAILS[u.accountId], displayName: u.displayName, accountId: u.accountId })),
  spaces: [
    { key: 'ENG', name: 'Engineering', id: '1001' },
    { key: '~ada', name: 'Ada Admin', id: '1004' },
    { key: 'OPS', name: 'Operations', id: '1002' },
  ],
  pages: [{ id: '101', title: 'Runbook', spaceKey: 'ENG' }],
};

describe('settings pages in headless Chromium against a fake of the settings resolvers', () => {
  let browser: Browser;
  let host: UiHost;
  let page: Page | undefined;
  // One host for every test; each test brings its own fake backend.
  let current: FakeSettingsApi | undefined;

  beforeAll(async () => {
    ensureBuilt(['admin', 'space-settings']);
    host = await startUiHost(SITE, (invocation) => {
      if (!current) throw new Error('no fake backend for this test');
      return current.invoke(invocation);
    });
    browser = await launchChromium();
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  async function open(fake: FakeSettingsApi, path: string, email: string) {
    current = fake;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${host.base}${path}${path.includes('?') ? '&' : '?'}user=${encodeURIComponent(email)}`);
    return page.frameLocator('iframe.forge-frame');
  }

  it('creates a Library (showing a refusal as sent), connects the app account, selects a space and follows its crawl to the page count', async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    const frame = await open(fake, '/view/librarian-settings', 'admin@example.com');
    await frame.getByRole('heading', { name: 'No Libraries yet' }).waitFor();

    await frame.getByLabel('New Library name').fill('Product docs');
    await frame.getByRole('button', { name: 'Create Library' }).click();
    const detail = frame.getByTestId('library-detail');
    await detail.getByRole('heading', { level: 2, name: 'Product docs' }).waitFor();
    // A refusal from the resolver is shown as it came.
    await frame.getByLabel('New Library name').fill('product docs');
    await frame.getByRole('button', { name: 'Create Library' }).click();
    await frame.getByRole('alert').filter({ hasText: 'A Library named “product docs” already exists.' }).waitFor();
    // Private is the default, and both switches start off.
    await expect(detail.getByRole('radio', { name: /^Private/ }).isChecked()).resolves.toBe(true);
    await expect(detail.getByRole('switch', { name: 'Auto-Accept' }).isChecked()).resolves.toBe(false);

    // The app account is the recommended, preselected identity.
    await expect(detail.getByRole('radio', { name: /The app account/ }).isChecked()).resolves.toBe(true);
    await detail.getByRole('button', { name: 'Connect Confluence' }).click();
    await detail.getByTestId('source-summary').getByText('The app account').waitFor();

    // The picker: personal and system spaces cannot be chosen and say why; archived ones are marked.
    const picker = detail.getByTestId('space-picker');
    await picker.getByRole('checkbox', { name: 'Index Engineering (ENG)' }).waitFor();
    const personal = picker.locator('tr[data-space-key="~ada"]');
    await expect(personal.getByRole('checkbox').isDisabled()).resolves.toBe(true);
    await expect(personal.getByTestId('not-indexable').textContent()).resolves.toBe('Personal spaces are never indexed.');
    await expect(picker.locator('tr[data-space-key="SYS"]').getByRole('checkbox').isDisabled()).resolves.toBe(true);
    const archived = picker.locator('tr[data-space-key="OLD"]');
    await expect(archived.getByText('Archived', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(archived.getByRole('checkbox').isDisabled()).resolves.toBe(true);

    await picker.getByRole('checkbox', { name: 'Index Engineering (ENG)' }).check();
    await picker.getByRole('button', { name: 'Save selection' }).click();

    // The crawl advances one step (half the space) per status read; the page polls until it is done.
    const row = detail.getByTestId('space-status-table').locator('tr[data-space-key="ENG"]');
    await row.locator('[role="progressbar"][aria-valuenow="0"]').waitFor();
    await row.locator('[role="progressbar"][aria-valuenow="50"]').waitFor();
    // Beside the bar, the pages indexed so far, in words (the bar alone has no number).
    await row.getByTestId('sync-count').getByText('60 of about 120 pages indexed so far').waitFor();
    await row.getByText('Indexed', { exact: true }).waitFor();
    await expect(row.getByRole('progressbar').count()).resolves.toBe(0);
    await expect(row.getByTestId('pages-indexed').textContent()).resolves.toBe('119');
    await expect(row.getByText('1 failed').isVisible()).resolves.toBe(true);
    // The last error quotes a Confluence title: shown as text, never parsed as HTML.
    await expect(row.getByText('The page “<b>Broken</b> macro page” could not be read.').isVisible()).resolves.toBe(true);
    await expect(row.locator('b').count()).resolves.toBe(0);
    // The overview table sums the pages.
    const overview = frame.getByTestId('library-table').getByRole('row', { name: /Product docs/ });
    await expect(overview.getByRole('cell').last().textContent()).resolves.toBe('119');

    const selections = fake.calls.filter((c) => c.functionKey === 'selectSpaces');
    expect(selections.map((c) => c.payload)).toEqual([{ libraryId: 'lib-1', spaceIds: ['1001'] }]);
  });

  it('shows the reauthorization banner with since and why, and Reconnect resumes the Source', async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    const libraryId = fake.seedLibrary('Support KB', { readySpaceKeys: ['OPS'] });
    fake.lapse(libraryId, 'Confluence answered 401 Unauthorized to the app account.');
    const frame = await open(fake, '/view/librarian-settings', 'admin@example.com');

    const banner = frame.getByRole('alert').filter({ hasText: 'Syncing stopped for “Support KB”' });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('Confluence answered 401 Unauthorized to the app account.');
    await expect(banner.locator('time').first().textContent()).resolves.toBe('2 hours ago');
    await expect(frame.getByTestId('library-table').getByText('Needs reauthorization').isVisible()).resolves.toBe(true);

    await banner.getByRole('button', { name: 'Reconnect Support KB' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(fake.library(libraryId)?.source?.health).toEqual({ state: 'ok' });
    await frame.getByTestId('library-table').getByText('Healthy').waitFor();
  });

  it('shows an index problem as text with Rebuild index (after a confirmation) for admins, and the rebuild under way', async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    const libraryId = fake.seedLibrary('Support KB', { readySpaceKeys: ['OPS'] });
    fake.corruptIndex(libraryId, 'The stored value ix:h:t:<img src=x onerror=alert(1)> is not a term head.');
    const member = await open(fake, '/view/librarian-settings', 'bob@example.com');
    const seen = member.getByRole('alert').filter({ hasText: 'Index problem in “Support KB”' });
    await seen.waitFor();
    await expect(seen.textContent()).resolves.toContain('Ask a site admin to rebuild the index');
    await expect(seen.getByRole('button').count()).resolves.toBe(0);
    await page?.close();

    const frame = await open(fake, '/view/librarian-settings', 'admin@example.com');
    const banner = frame.getByRole('alert').filter({ hasText: 'Index problem in “Support KB”' });
    await banner.waitFor();
    await expect(banner.getByText('Index problem: The stored value ix:h:t:<img src=x onerror=alert(1)> is not a term head.').isVisible()).resolves.toBe(true);
    await expect(banner.locator('img').count()).resolves.toBe(0);
    await banner.getByRole('button', { name: 'Rebuild the index of Support KB' }).click();
    // Nothing starts before the confirmation.
    expect(fake.rebuilding(libraryId)).toBe(false);
    await frame.getByRole('alertdialog', { name: 'Rebuild the index of “Support KB”?' }).getByRole('button', { name: 'Rebuild index' }).click();
    await frame.getByText('Rebuilding the index of “Support KB”').waitFor();
    expect(fake.rebuilding(libraryId)).toBe(true);
    expect(fake.calls.filter((c) => c.functionKey === 'rebuildIndex').map((c) => c.payload)).toEqual([{ libraryId }]);
  });

  it("opens the CI tables' links through the bridge router in a new tab, and shows unsafe URLs as text", async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    const libraryId = fake.seedLibrary('Support KB', { readySpaceKeys: ['OPS'] });
    const at = Date.now() - 60_000;
    fake.shipped(libraryId, {
      recent: [
        {
          at,
          label: 'acme/api#42',
          link: 'https://github.invalid/acme/api/pull/42',
          subjects: ['Rename --concurrency to --parallel'],
          found: 2,
          proposed: 1,
          applied: 0,
          forPerson: [
            { pageId: '101', title: 'Runbook', spaceKey: 'ENG', section: ['Reindex'], url: '/wiki/spaces/ENG/pages/101/Runbook#Reindex', reason: 'flag renamed', sentence: 'Use --concurrency 4.', why: 'prose names a removed flag' },
            // Stored values the server would never hand out today, as an older or tampered record might hold them.
            { pageId: '102', title: 'Script page', spaceKey: 'ENG', section: [], url: 'javascript:alert(document.domain)', reason: 'x', sentence: '', why: 'hostile' },
            { pageId: '103', title: 'Elsewhere page', spaceKey: 'ENG', section: [], url: '/\\evil.invalid/wiki', reason: 'x', sentence: '', why: 'another host' },
          ],
        },
        { at: at - 60_000, label: 'data change', link: 'data:text/html,<script>alert(1)</script>', subjects: [], found: 0, proposed: 0, applied: 0, forPerson: [] },
      ],
      documents: [{ path: 'docs/runbook.md', pageId: '101', head: 'c'.repeat(40), at, outcome: 'proposed' }],
    });
    const frame = await open(fake, '/view/librarian-settings', 'admin@example.com');
    const section = frame.getByTestId('ci-section');
    const changes = section.getByTestId('ship-changes');
    const documents = section.getByTestId('document-outcomes');
    // The href is on the site (the context's siteUrl, this host here), not on the frame's own origin.
    const pageLink = documents.getByRole('link', { name: 'Page 101' });
    await documents.locator(`a[href="${host.base}/wiki/pages/viewpage.action?pageId=101"]`).waitFor();

    // Unsafe URLs: their text is there, as text, and nothing links there.
    for (const text of ['Script page', 'Elsewhere page', 'data change']) {
      await expect(changes.getByText(text).count()).resolves.toBe(1);
      await expect(changes.getByRole('link', { name: text }).count()).resolves.toBe(0);
    }
    await expect(section.locator('a[href^="javascript"], a[href^="data"], a[href*="evil"]').count()).resolves.toBe(0);
    // Clicking one asks the host for nothing: the record below starts with the first real link.
    await changes.getByText('Script page').click();

    const popup = page!.waitForEvent('popup');
    await pageLink.click();
    const opened = await popup;
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${host.base}/wiki/pages/viewpage.action?pageId=101`);
    await changes.getByRole('link', { name: 'Runbook › Reindex' }).click();
    await changes.getByRole('link', { name: 'acme/api#42' }).click();
    expect(await navigationsOnceThere(page!, 3)).toEqual([
      { requested: '/wiki/pages/viewpage.action?pageId=101', type: 'new-tab', url: `${host.base}/wiki/pages/viewpage.action?pageId=101` },
      { requested: '/wiki/spaces/ENG/pages/101/Runbook#Reindex', type: 'new-tab', url: `${host.base}/wiki/spaces/ENG/pages/101/Runbook#Reindex` },
      { requested: 'https://github.invalid/acme/api/pull/42', type: 'new-tab', url: 'https://github.invalid/acme/api/pull/42' },
    ]);
    // The settings stayed on screen in this tab.
    expect(page!.url()).toContain('/view/librarian-settings');
    await expect(section.isVisible()).resolves.toBe(true);
  });

  it('shows a member everything read-only, with the note that only site admins can change Libraries', async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    fake.seedLibrary('Support KB', { readySpaceKeys: ['OPS'] });
    const frame = await open(fake, '/view/librarian-settings', 'bob@example.com');

    await frame.getByText('Only site admins can change Libraries.', { exact: false }).waitFor();
    const detail = frame.getByTestId('library-detail');
    await detail.getByTestId('space-status-table').getByRole('row', { name: /Operations/ }).waitFor();
    await expect(detail.getByTestId('pages-indexed').textContent()).resolves.toBe('40');
    await expect(detail.getByRole('switch', { name: 'Auto-Accept' }).isDisabled()).resolves.toBe(true);
    await expect(detail.getByRole('radio', { name: /^Organization-wide/ }).isDisabled()).resolves.toBe(true);
    for (const name of ['Create Library', 'Rename', 'Delete', 'Change identity', 'Save notifications', 'Send test notification']) {
      await expect(frame.getByRole('button', { name }).count()).resolves.toBe(0);
    }
    await expect(detail.getByTestId('space-picker').count()).resolves.toBe(0);
    expect(fake.calls.every((c) => ['getStatus', 'listLibraries'].includes(c.functionKey))).toBe(true);
  });

  it('warns about organization-wide, makes a Library public only after confirmation, and toggles by keyboard', async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    const libraryId = fake.seedLibrary('Handbook', { connected: true });
    const frame = await open(fake, '/view/librarian-settings', 'admin@example.com');
    const detail = frame.getByTestId('library-detail');

    await detail.getByRole('radio', { name: /^Organization-wide/ }).check();
    await detail.getByRole('alert').filter({ hasText: 'Every member of the site can query every indexed page' }).waitFor();
    expect(fake.library(libraryId)?.visibility).toBe('organization');

    // The radio stays on organization-wide until the confirmation is given.
    await detail.getByRole('radio', { name: /^Public/ }).click();
    const confirm = detail.getByRole('alertdialog', { name: 'Make “Handbook” public?' });
    await confirm.waitFor();
    expect(fake.library(libraryId)?.visibility).toBe('organization');
    await expect(detail.getByRole('radio', { name: /^Public/ }).isChecked()).resolves.toBe(false);
    await expect(confirm.getByRole('button', { name: 'Make public' }).isDisabled()).resolves.toBe(true);
    await confirm.getByRole('checkbox').check();
    await confirm.getByRole('button', { name: 'Make public' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(fake.library(libraryId)?.visibility).toBe('public');
    expect(fake.calls.find((c) => c.functionKey === 'updateLibrary' && (c.payload as { visibility?: string }).visibility === 'public')?.payload).toEqual({
      libraryId,
      visibility: 'public',
      confirmPublic: true,
    });
    await expect(detail.getByRole('radio', { name: /^Public/ }).isChecked()).resolves.toBe(true);

    // Keyboard: Space flips the focused switch.
    await detail.getByRole('switch', { name: 'Auto-Accept' }).focus();
    await page!.keyboard.press('Space');
    // The overview shows the saved value, so it changes only once the resolver answered.
    await frame.getByTestId('library-table').getByRole('row', { name: /Handbook/ }).getByRole('cell', { name: 'On', exact: true }).waitFor();
    expect(fake.library(libraryId)?.autoAccept).toBe(true);
    await expect(detail.getByRole('switch', { name: 'Auto-Accept' }).isChecked()).resolves.toBe(true);
  });

  it('saves SMTP notifications with a never-prefilled password, sends a test, and deletes after a confirmation naming the Library', async () => {
    const fake = new FakeSettingsApi(USERS, spaces(), 2);
    const libraryId = fake.seedLibrary('Handbook', { connected: true });
    const frame = await open(fake, '/view/librarian-settings', 'admin@example.com');
    const detail = frame.getByTestId('library-detail');

    await detail.getByRole('radio', { name: /Confluence @-mention/ }).waitFor();
    await expect(detail.getByRole('radio', { name: /Confluence @-mention/ }).isChecked()).resolves.toBe(true);
    await detail.getByRole('radio', { name: /Email through your SMTP server/ }).check();
    await detail.getByText('This costs the “Runs on Atlassian” badge').waitFor();
    await detail.getByLabel('SMTP host').fill('smtp.example.com');
    await detail.getByLabel('From address').fill('librarian@example.com');
    await detail.getByLabel('Send to').fill('ops@example.com, ada@example.com');
    await detail.getByLabel('Username (optional)').fill('librarian');
    await detail.getByLabel('Password').fill('s3cret-pass');
    await detail.getByRole('button', { name: 'Save notifications' }).click();
    await detail.getByText('Notification settings saved.').waitFor();
    expect(fake.library(libraryId)?.notification).toEqual({ kind: 'smtp', host: 'smtp.example.com', port: 587, secure: false, from: 'librarian@example.com', to: ['ops@example.com', 'ada@example.com'], username: 'librarian' });
    expect(fake.hasSmtpPassword(libraryId)).toBe(true);
    await expect(detail.getByLabel('Password').inputValue()).resolves.toBe('');
    // The password went only to setSmtpPassword, never into the channel.
    expect(JSON.stringify(fake.calls.filter((c) => c.functionKey === 'updateLibrary'))).not.toContain('s3cret-pass');

    await detail.getByRole('button', { name: 'Send test notification' }).click();
    await detail.getByText('Test email sent through your SMTP server.').waitFor();
    expect(fake.notificationsSent).toEqual([{ libraryId, channel: 'smtp' }]);

    // Escape cancels the confirmation and gives focus back to the button that opened it.
    const deleteButton = detail.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.click();
    const confirm = detail.getByRole('alertdialog', { name: 'Delete “Handbook”?' });
    await confirm.waitFor();
    await page!.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await expect(deleteButton.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(fake.library(libraryId)).toBeDefined();

    await deleteButton.press('Enter');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Delete Handbook' }).click();
    await frame.getByRole('heading', { name: 'No Libraries yet' }).waitFor();
    expect(fake.library(libraryId)).toBeUndefined();
  });

  describe('space settings', () => {
    it('lets a space admin include the space and watch its sync reach the page count', async () => {
      const fake = new FakeSettingsApi(USERS, spaces(), 2);
      fake.seedLibrary('Product docs', { connected: true });
      const frame = await open(fake, '/view/librarian-space-settings?space=ENG', 'sam@example.com');
      const row = frame.getByTestId('space-libraries').locator('tr[data-library="Product docs"]');
      await row.getByText('Not in this Library.').waitFor();

      await row.getByRole('switch', { name: 'Include Engineering in Product docs' }).check();
      await row.locator('[role="progressbar"][aria-valuenow="50"]').waitFor();
      await row.getByText('Indexed', { exact: true }).waitFor();
      await expect(row.getByTestId('pages-indexed').textContent()).resolves.toBe('119');
      await expect(row.getByRole('switch').isChecked()).resolves.toBe(true);
      expect(fake.calls.filter((c) => c.functionKey === 'setSpaceIncluded').map((c) => c.payload)).toEqual([{ libraryId: 'lib-1', included: true }]);
    });

    it('shows a personal space as not indexable with the reason, and its switches disabled', async () => {
      const fake = new FakeSettingsApi(USERS, spaces(), 2);
      fake.seedLibrary('Product docs', { connected: true });
      const frame = await open(fake, '/view/librarian-space-settings?space=~ada', 'sam@example.com');
      const banner = frame.getByRole('alert').filter({ hasText: 'This space cannot be indexed' });
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toContain('Personal spaces are never indexed.');
      await expect(frame.getByRole('switch', { name: 'Include Ada Admin in Product docs' }).isDisabled()).resolves.toBe(true);
    });

    it('shows members read-only status and the reauthorization banner of a Library that includes the space', async () => {
      const fake = new FakeSettingsApi(USERS, spaces(), 2);
      const libraryId = fake.seedLibrary('Support KB', { readySpaceKeys: ['OPS'] });
      fake.lapse(libraryId, 'The connecting admin’s consent expired.');
      const frame = await open(fake, '/view/librarian-space-settings?space=OPS', 'bob@example.com');
      const banner = frame.getByRole('alert').filter({ hasText: 'Syncing stopped for “Support KB”' });
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toContain('The connecting admin’s consent expired.');
      await expect(banner.getByRole('button').count()).resolves.toBe(0);
      await frame.getByText('Only admins of this space, and site admins, can include it in a Library or take it out.', { exact: false }).waitFor();
      const row = frame.getByTestId('space-libraries').locator('tr[data-library="Support KB"]');
      await expect(row.getByRole('switch').isDisabled()).resolves.toBe(true);
      await expect(row.getByTestId('pages-indexed').textContent()).resolves.toBe('40');
    });
  });
});
