import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { createUiHandler, type ProductRequest, type ResolverInvocation } from '../../../sandbox/ui';

const site = {
  users: [
    { email: 'admin@example.com', displayName: 'Ada Admin', accountId: 'acc-admin' },
    { email: 'bob@example.com', displayName: 'Bob', accountId: 'acc-bob' },
  ],
  spaces: [
    { key: 'ENG', name: 'Engineering', id: '9001' },
    { key: 'OPS', name: 'Operations' },
  ],
  pages: [{ id: '101', title: 'Runbook <script>alert(1)</script>', spaceKey: 'ENG' }],
};

describe('Custom UI host: bridge endpoints and context rules', () => {
  let server: Server;
  let base: string;
  let buildRoot: string;
  const invocations: ResolverInvocation[] = [];
  const productRequests: ProductRequest[] = [];

  beforeAll(async () => {
    // Fake built resources, so these tests need no vite build.
    buildRoot = mkdtempSync(join(tmpdir(), 'librarian-ui-'));
    const manifest = parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'ui-manifest.yml'), 'utf8')) as Record<string, unknown>;
    for (const key of ['admin', 'space-settings', 'ask', 'review']) {
      mkdirSync(join(buildRoot, key, 'assets'), { recursive: true });
      writeFileSync(join(buildRoot, key, 'index.html'), `<!doctype html><html><head><title>${key}</title><script type="module" src="./assets/app.js"></script></head><body></body></html>`);
      writeFileSync(join(buildRoot, key, 'assets', 'app.js'), `console.log(${JSON.stringify(key)});`);
    }
    manifest.resources = ['admin', 'space-settings', 'ask', 'review'].map((key) => ({ key, path: key }));
    const handler = createUiHandler({
      manifest,
      rootDir: buildRoot,
      site,
      secret: 'test-secret',
      macroConfig: (contentId) => (contentId === '101' ? { library: 'lib-1' } : undefined),
      invokeResolver: async (invocation) => {
        invocations.push(invocation);
        if (invocation.functionKey === 'fail') throw new Error('resolver broke');
        return { accountId: invocation.accountId, echo: invocation.payload };
      },
      requestProduct: async (request) => {
        productRequests.push(request);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"results":[]}' };
      },
    });
    server = createServer((req, res) => {
      Promise.resolve(handler(req, res)).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end('unhandled');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(buildRoot, { recursive: true, force: true });
  });

  async function signIn(email: string): Promise<string> {
    const res = await fetch(`${base}/login?user=${encodeURIComponent(email)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }

  /** Opens a host page and returns the frame tokens of its app iframes: the main frames first, then dialogs. */
  async function frameTokens(cookie: string, path: string): Promise<string[]> {
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const frames = [...(await res.text()).matchAll(/data-kind="(\w+)" data-token="([^"]+)"/g)].map((m) => ({ kind: m[1], token: m[2] as string }));
    return [...frames.filter((f) => f.kind === 'main'), ...frames.filter((f) => f.kind !== 'main')].map((f) => f.token);
  }

  async function invoke(cookie: string | undefined, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return fetch(`${base}/__bridge/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: JSON.stringify(body),
    });
  }

  it('refuses unknown users with 401', async () => {
    expect((await fetch(`${base}/login?user=mallory@example.com`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${base}/view/librarian-settings?user=mallory@example.com`)).status).toBe(401);
    expect((await fetch(`${base}/view/librarian-settings`)).status).toBe(401);
  });

  it('takes identity from the session and context from the frame token, never from the body', async () => {
    const cookie = await signIn('bob@example.com');
    const [token] = await frameTokens(cookie, '/view/librarian-space-settings?space=OPS');
    const res = await invoke(cookie, {
      token,
      functionKey: 'getStatus',
      payload: { q: 1 },
      accountId: 'acc-admin',
      moduleKey: 'librarian-settings',
      extension: { type: 'confluence:globalSettings', space: { key: 'ENG' } },
      context: { accountId: 'acc-admin' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { accountId: 'acc-bob', echo: { q: 1 } } });
    expect(invocations.at(-1)).toEqual({
      moduleKey: 'librarian-space-settings',
      functionKey: 'getStatus',
      payload: { q: 1 },
      accountId: 'acc-bob',
      extension: { type: 'confluence:spaceSettings', space: { key: 'OPS' } },
    });
  });

  it('derives a page module’s space from the page, not from the URL, and passes macro config', async () => {
    const cookie = await signIn('admin@example.com');
    const [macroToken, bylineToken] = await frameTokens(cookie, '/view/librarian-ask?content=101&space=OPS');
    await invoke(cookie, { token: macroToken, functionKey: 'getStatus' });
    expect(invocations.at(-1)?.extension).toEqual({
      type: 'macro',
      space: { key: 'ENG', id: '9001' },
      content: { id: '101', type: 'page' },
      isEditing: false,
      config: { library: 'lib-1' },
    });
    await invoke(cookie, { token: bylineToken, functionKey: 'getStatus' });
    expect(invocations.at(-1)?.moduleKey).toBe('librarian-review-byline');
    expect(invocations.at(-1)?.extension).toEqual({ type: 'confluence:contentBylineItem', space: { key: 'ENG', id: '9001' }, content: { id: '101', type: 'page' } });
  });

  it('refuses calls without a session, with a forged token, after a user switch, or from another origin', async () => {
    const admin = await signIn('admin@example.com');
    const [token] = await frameTokens(admin, '/view/librarian-settings');
    expect((await invoke(undefined, { token, functionKey: 'getStatus' })).status).toBe(401);

    const [body, mac] = (token as string).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, accountId: 'acc-bob' })).toString('base64url')}.${mac}`;
    const bob = await signIn('bob@example.com');
    expect((await invoke(bob, { token: forged, functionKey: 'getStatus' })).status).toBe(403);
    expect((await invoke(bob, { token, functionKey: 'getStatus' })).status).toBe(403);
    expect((await invoke(bob, { functionKey: 'getStatus' })).status).toBe(403);
    expect((await invoke(admin, { token, functionKey: 'getStatus' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await invoke(admin, { token, functionKey: 'getStatus' })).status).toBe(200);
  });

  it('enforces Forge payload limits and reports resolver errors', async () => {
    const cookie = await signIn('admin@example.com');
    const [token] = await frameTokens(cookie, '/view/librarian-settings');
    const big = await invoke(cookie, { token, functionKey: 'getStatus', payload: { blob: 'x'.repeat(600 * 1024) } });
    expect(big.status).toBe(413);
    const failed = await invoke(cookie, { token, functionKey: 'fail' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: { message: 'resolver broke' } });
    expect((await invoke(cookie, { token, functionKey: '' })).status).toBe(400);
  });

  it('serves the app with the bridge injected before its bundle and a Forge-shaped context', async () => {
    const cookie = await signIn('admin@example.com');
    const [token] = await frameTokens(cookie, '/view/librarian-review?space=ENG');
    const res = await fetch(`${base}/ui/review/?frame=${encodeURIComponent(token as string)}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf('/__bridge/frame.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__bridge/frame.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    const boot = JSON.parse(/<script id="__librarian_frame" type="application\/json">(.*?)<\/script>/.exec(html)?.[1] ?? '{}') as {
      context: Record<string, unknown>;
    };
    expect(boot.context).toMatchObject({
      accountId: 'acc-admin',
      moduleKey: 'librarian-review',
      extension: { type: 'confluence:spacePage', space: { key: 'ENG', id: '9001' } },
      license: { active: true },
      locale: 'en-US',
      theme: { colorMode: 'light' },
    });
    expect(typeof boot.context.cloudId).toBe('string');
    expect(typeof boot.context.siteUrl).toBe('string');
    // Another user's session cannot open this frame.
    const bob = await signIn('bob@example.com');
    expect((await fetch(`${base}/ui/review/?frame=${encodeURIComponent(token as string)}`, { headers: { cookie: bob } })).status).toBe(403);
    expect((await fetch(`${base}/ui/review/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/ui/review/..%2Fadmin%2Findex.html`)).status).toBe(404);
    expect((await fetch(`${base}/ui/review/..%2F..%2Fadmin%2Findex.html`)).status).toBe(404);
  });

  it('renders Confluence text as text on host pages', async () => {
    const cookie = await signIn('admin@example.com');
    const html = await (await fetch(`${base}/page/101`, { headers: { cookie } })).text();
    expect(html).toContain('Runbook &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    const landing = await (await fetch(`${base}/`, { headers: { cookie } })).text();
    expect(landing).toContain('/view/librarian-settings');
    expect(landing).toContain('/view/librarian-space-settings?space=OPS');
    expect(landing).toContain('/view/librarian-ask?content=101');
    expect(landing).toContain('/view/librarian-review-byline?content=101');
    expect(landing).toContain('/view/librarian-review?space=ENG');
  });

  it('proxies requestConfluence as the signed-in user and opens modals with the opener’s context', async () => {
    const cookie = await signIn('bob@example.com');
    const [token] = await frameTokens(cookie, '/view/librarian-space-settings?space=ENG');
    const product = await fetch(`${base}/__bridge/product`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        token,
        product: 'confluence',
        restPath: '/wiki/api/v2/pages?limit=1',
        init: { method: 'get', headers: [['authorization', 'Basic c3RvbGVu'], ['accept', 'application/json']] },
      }),
    });
    expect(product.status).toBe(200);
    expect(await product.json()).toMatchObject({ status: 200, body: '{"results":[]}' });
    expect(productRequests.at(-1)).toEqual({ accountId: 'acc-bob', restPath: '/wiki/api/v2/pages?limit=1', method: 'GET', headers: { accept: 'application/json' }, body: null });

    const modal = await fetch(`${base}/__bridge/modal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ token, resource: null, context: { proposalId: 'p-1' } }),
    });
    expect(modal.status).toBe(200);
    const opened = (await modal.json()) as { src: string; token: string };
    expect(opened.src.startsWith('/ui/space-settings/?frame=')).toBe(true);
    await invoke(cookie, { token: opened.token, functionKey: 'getStatus' });
    expect(invocations.at(-1)).toMatchObject({
      moduleKey: 'librarian-space-settings',
      accountId: 'acc-bob',
      extension: { type: 'confluence:spaceSettings', space: { key: 'ENG', id: '9001' }, modal: { proposalId: 'p-1' } },
    });
  });
});
