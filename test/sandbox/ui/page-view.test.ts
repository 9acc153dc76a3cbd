import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createUiHandler, type UiHandlerOptions, type UiPageView } from '../../../sandbox/ui';

const ROOT = join(__dirname, '..', '..', '..');
const site = {
  users: [
    { email: 'member@example.com', displayName: 'Max Member', accountId: 'acc-member' },
    { email: 'admin@example.com', displayName: 'Ada Admin', accountId: 'acc-admin' },
  ],
  spaces: [{ key: 'ENG', name: 'Engineering' }],
  pages: [{ id: '101', title: 'Deploy runbook', spaceKey: 'ENG' }],
};
const view: UiPageView = {
  id: '101',
  title: 'Deploy <runbook>',
  spaceKey: 'ENG',
  sections: [{ paragraphs: ['Intro'] }, { heading: { level: 2, text: 'Roll back', anchor: 'Roll-back' }, paragraphs: ['Run <b>rollback</b>.'] }],
};

async function serve(options: Partial<UiHandlerOptions>): Promise<{ base: string; server: Server }> {
  const handler = createUiHandler({ manifest: join(ROOT, 'manifest.yml'), rootDir: ROOT, site, invokeResolver: async () => null, ...options });
  const server = createServer((req, res) => void Promise.resolve(handler(req, res)).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("Custom UI host: a page at its own /wiki address (where citations link)", () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shows the page read-only, as text, with section anchors, to a reader; refuses others and strangers', async () => {
    const asked: string[] = [];
    const { base, server } = await serve({ readPage: async (accountId, pageId) => (asked.push(`${accountId}:${pageId}`), accountId === 'acc-member' ? view : undefined) });
    servers.push(server);
    const shown = await fetch(`${base}/wiki/spaces/ENG/pages/101/Deploy+runbook?user=member@example.com`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('<h1 class="cf-page-title">Deploy &lt;runbook&gt;</h1>');
    expect(html).toContain('<h3 id="Roll-back" class="cf-heading">Roll back</h3>');
    expect(html).toContain('<p>Run &lt;b&gt;rollback&lt;/b&gt;.</p>');

    const refused = await fetch(`${base}/wiki/spaces/ENG/pages/101?user=admin@example.com`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('Deploy');
    const stranger = await fetch(`${base}/wiki/spaces/ENG/pages/101`);
    expect(stranger.status).toBe(401);
    expect(asked).toEqual(['acc-member:101', 'acc-admin:101']);
  });

  it("shows the page at Confluence's address by id alone, and refuses an id that is not one", async () => {
    const { base, server } = await serve({ readPage: async (accountId, pageId) => (accountId === 'acc-member' && pageId === '101' ? view : undefined) });
    servers.push(server);
    const shown = await fetch(`${base}/wiki/pages/viewpage.action?pageId=101&user=member@example.com`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<h1 class="cf-page-title">Deploy &lt;runbook&gt;</h1>');
    expect((await fetch(`${base}/wiki/pages/viewpage.action?pageId=102&user=member@example.com`)).status).toBe(404);
    expect((await fetch(`${base}/wiki/pages/viewpage.action?pageId=../101&user=member@example.com`)).status).toBe(404);
  });

  it("names this server as the frames' site when it shows the pages itself, and the given site otherwise", async () => {
    const siteIn = async (options: Partial<UiHandlerOptions>) => {
      const { base, server } = await serve({ siteUrl: 'https://acme.atlassian.net', ...options });
      servers.push(server);
      const login = await fetch(`${base}/login?user=member@example.com`, { redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const host = await (await fetch(`${base}/view/librarian-review?space=ENG`, { headers: { cookie } })).text();
      const token = /data-kind="main" data-token="([^"]+)"/.exec(host)?.[1] ?? '';
      const frame = await (await fetch(`${base}/ui/review/?frame=${encodeURIComponent(token)}`, { headers: { cookie } })).text();
      const boot = JSON.parse(/<script id="__librarian_frame" type="application\/json">(.*?)<\/script>/.exec(frame)?.[1] ?? '{}') as { context?: { siteUrl?: string } };
      return { base, siteUrl: boot.context?.siteUrl };
    };
    const own = await siteIn({ readPage: async () => view });
    expect(own.siteUrl).toBe(own.base);
    await expect(siteIn({}).then((r) => r.siteUrl)).resolves.toBe('https://acme.atlassian.net');
  });

  it('without a page reader, sends the browser on to the real site, keeping the path', async () => {
    const { base, server } = await serve({ siteUrl: 'https://acme.atlassian.net' });
    servers.push(server);
    const moved = await fetch(`${base}/wiki/spaces/ENG/pages/101/Deploy+runbook`, { redirect: 'manual' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe('https://acme.atlassian.net/wiki/spaces/ENG/pages/101/Deploy+runbook');
  });
});
