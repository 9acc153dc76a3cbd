import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createUiHandler, readUiManifest, type ResolverInvocation } from '../../../sandbox/ui';
import { checkMacroSubmit } from '../../../sandbox/ui/macro-config';

describe('macro config payload rules (view.submit)', () => {
  it('accepts a config object of strings, numbers, booleans, objects and same-typed arrays', () => {
    expect(checkMacroSubmit({ config: { libraryId: 'lib-1', spaceKeys: ['ENG', 'SRE'], n: 2, on: true, nested: { a: [{ b: 1 }] }, gone: undefined } })).toEqual({
      ok: true,
      config: { libraryId: 'lib-1', spaceKeys: ['ENG', 'SRE'], n: 2, on: true, nested: { a: [{ b: 1 }] } },
      keepEditing: false,
    });
    expect(checkMacroSubmit({ config: {}, keepEditing: true })).toMatchObject({ ok: true, keepEditing: true });
  });

  it.each([
    ['a non-object payload', 'config', 'INVALID_PAYLOAD'],
    ['an array payload', [{ config: {} }], 'INVALID_PAYLOAD'],
    ['a missing config', {}, 'INVALID_CONFIG'],
    ['a null value', { config: { libraryId: null } }, 'INVALID_CONFIG'],
    ['a mixed array', { config: { keys: ['ENG', 1] } }, 'INVALID_CONFIG'],
    ['a nested array', { config: { keys: [['ENG']] } }, 'INVALID_CONFIG'],
    ['a non-finite number', { config: { n: Number.NaN } }, 'INVALID_CONFIG'],
    ['a body on a block macro', { config: {}, body: { type: 'doc', version: 1, content: [] } }, 'INVALID_EXTENSION_TYPE'],
  ])('refuses %s', (_what, payload, code) => {
    expect(checkMacroSubmit(payload)).toMatchObject({ ok: false, code });
  });
});

describe('Custom UI host: a macro’s custom configuration', () => {
  let server: Server;
  let base: string;
  let buildRoot: string;
  const invocations: ResolverInvocation[] = [];

  beforeAll(async () => {
    // Fake built resources, so no vite build is needed.
    buildRoot = mkdtempSync(join(tmpdir(), 'librarian-ui-config-'));
    const manifest = parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'ui-manifest.yml'), 'utf8')) as {
      modules: Record<string, Array<Record<string, unknown>>>;
      resources: Array<{ key: string; path: string }>;
    };
    const keys = ['admin', 'space-settings', 'ask', 'ask-config', 'review'];
    for (const key of keys) {
      mkdirSync(join(buildRoot, key), { recursive: true });
      writeFileSync(join(buildRoot, key, 'index.html'), `<!doctype html><html><head><title>${key}</title></head><body></body></html>`);
    }
    manifest.resources = keys.map((key) => ({ key, path: key }));
    (manifest.modules.macro as Array<Record<string, unknown>>)[0]!.config = { resource: 'ask-config', title: 'Settings' };
    const handler = createUiHandler({
      manifest,
      rootDir: buildRoot,
      site: {
        users: [
          { email: 'ed@example.com', displayName: 'Ed Editor', accountId: 'acc-ed' },
          { email: 'ann@example.com', displayName: 'Ann', accountId: 'acc-ann' },
        ],
        spaces: [{ key: 'ENG', name: 'Engineering' }],
        pages: [
          { id: '101', title: 'Handbook', spaceKey: 'ENG' },
          { id: '102', title: 'Runbook', spaceKey: 'ENG' },
        ],
      },
      secret: 'test-secret',
      macroConfig: (contentId) => (contentId === '102' ? { libraryId: 'from-option' } : undefined),
      invokeResolver: async (invocation) => {
        invocations.push(invocation);
        return null;
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
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(buildRoot, { recursive: true, force: true });
  });

  async function signIn(email: string): Promise<string> {
    const res = await fetch(`${base}/login?user=${encodeURIComponent(email)}`, { redirect: 'manual' });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }

  async function frames(cookie: string, path: string): Promise<Record<string, string>> {
    const html = await (await fetch(`${base}${path}`, { headers: { cookie } })).text();
    return Object.fromEntries([...html.matchAll(/data-kind="(\w+)" data-token="([^"]+)"/g)].map((m) => [m[1] as string, m[2] as string]));
  }

  async function post(cookie: string, path: string, body: unknown) {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function extensionOf(cookie: string, token: string) {
    await post(cookie, '/__bridge/invoke', { token, functionKey: 'getMacroContext' });
    return invocations.at(-1)?.extension;
  }

  it('reads the config resource from the manifest and refuses one that is not declared', () => {
    const manifest = { modules: { macro: [{ key: 'm', title: 'M', resource: 'ask', config: { resource: 'nope' } }] }, resources: [{ key: 'ask', path: 'ask' }] };
    expect(() => readUiManifest(manifest, buildRoot)).toThrow(/config resource nope/);
    manifest.modules.macro[0]!.config = true as unknown as { resource: string };
    expect(readUiManifest(manifest, buildRoot).modules[0]?.configResource).toBeUndefined();
  });

  it('offers the settings on the page, with the editor context Confluence gives a config frame', async () => {
    const cookie = await signIn('ed@example.com');
    const html = await (await fetch(`${base}/page/101`, { headers: { cookie } })).text();
    expect(html).toContain('data-macro-config-toggle');
    expect(html).toMatch(/id="macro-config" hidden/);
    expect(await (await fetch(`${base}/page/101?config=open`, { headers: { cookie } })).text()).not.toMatch(/id="macro-config" hidden/);
    const tokens = await frames(cookie, '/page/101');
    expect(await extensionOf(cookie, tokens.config as string)).toEqual({
      type: 'macro',
      space: { key: 'ENG' },
      content: { id: '101', type: 'page' },
      isEditing: true,
      macro: { isConfiguring: true, isInserting: true },
    });
  });

  it('saves a submitted config for that page only, shows it to the next frames, and keeps it over the option', async () => {
    const cookie = await signIn('ed@example.com');
    const before = await frames(cookie, '/page/101');
    // The macro frame itself is not submittable, as in Confluence.
    expect(await post(cookie, '/__bridge/submit', { token: before.main, payload: { config: { libraryId: 'lib-x' } } })).toEqual({ status: 200, body: { result: false } });
    expect(await post(cookie, '/__bridge/submit', { token: before.config, payload: { config: { libraryId: null } } })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_CONFIG' } },
    });
    expect(await post(cookie, '/__bridge/submit', { token: before.config, payload: { config: { libraryId: 'lib-eng', spaceKeys: ['SRE'] } } })).toEqual({
      status: 200,
      body: { result: true, keepEditing: false },
    });

    // Frames issued from now on carry it (an old frame keeps the context it was signed with, like a loaded page).
    const ann = await signIn('ann@example.com');
    const after = await frames(ann, '/page/101');
    expect(await extensionOf(ann, after.main as string)).toMatchObject({ isEditing: false, config: { libraryId: 'lib-eng', spaceKeys: ['SRE'] } });
    expect(await extensionOf(ann, after.config as string)).toMatchObject({ config: { libraryId: 'lib-eng', spaceKeys: ['SRE'] }, macro: { isConfiguring: true, isInserting: false } });
    expect(await extensionOf(cookie, before.main as string)).not.toHaveProperty('config');

    // Another page keeps its own config.
    const other = await frames(ann, '/page/102');
    expect(await extensionOf(ann, other.main as string)).toMatchObject({ config: { libraryId: 'from-option' } });
    await post(ann, '/__bridge/submit', { token: other.config, payload: { config: { libraryId: 'saved' } } });
    expect(await extensionOf(ann, (await frames(ann, '/page/102')).main as string)).toMatchObject({ config: { libraryId: 'saved' } });
  });

  it('refuses a config frame token presented by another user', async () => {
    const ed = await signIn('ed@example.com');
    const ann = await signIn('ann@example.com');
    const { config } = await frames(ed, '/page/101');
    expect((await post(ann, '/__bridge/submit', { token: config, payload: { config: { libraryId: 'hijack' } } })).status).toBe(403);
  });
});
