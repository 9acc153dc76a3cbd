/**
 * Macro settings saved in the config dialog are kept with the page, in its storage body, as Confluence keeps a
 * Forge macro's parameters: they survive a restart of `npm start` (same data directory), and the Ask resolver reads
 * them back as the macro's `extension.config`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SteppedClock } from '../../sandbox/clock';
import { forgeMacroStorage, macroConfigOf, withMacroConfig } from '../../sandbox/confluence/forge-macro';
import { startSandbox, type Sandbox } from '../../sandbox/start';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe('a Forge macro in storage format', () => {
  it('round-trips strings, arrays, numbers, booleans and objects, and keeps every other byte of the body', () => {
    const config = { libraryId: 'lib-1 <&>', spaceKeys: ['ENG', 'SRE'], n: 2, on: false, nested: { a: 'x' } };
    const body = '<p>Before</p><ac:structured-macro ac:name="toc"/><p>After &amp; more</p>';
    const saved = withMacroConfig(body, 'librarian-ask', config);
    expect(saved.startsWith(body)).toBe(true);
    expect(macroConfigOf(saved, 'librarian-ask')).toEqual(config);
    expect(macroConfigOf(saved, 'other-macro')).toBeUndefined();
    expect(macroConfigOf(body, 'librarian-ask')).toBeUndefined();
    // Saving again replaces the macro's parameters in place.
    const again = withMacroConfig(saved, 'librarian-ask', { libraryId: 'lib-2' });
    expect(again).toBe(body + forgeMacroStorage('librarian-ask', { libraryId: 'lib-2' }));
    expect(macroConfigOf(again, 'librarian-ask')).toEqual({ libraryId: 'lib-2' });
  });
});

describe('macro settings across an npm start restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'librarian-macro-config-'));
  let sb: Sandbox | undefined;
  afterAll(async () => {
    await sb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startSandbox({ clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true, dataDir });

  async function signIn(base: string, email: string): Promise<string> {
    const res = await fetch(`${base}/login?user=${encodeURIComponent(email)}`, { redirect: 'manual' });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }

  it('are saved with the page and read back after a restart', async () => {
    sb = await start();
    const admin = sb.seed.users.find((u) => u.siteAdmin)!;
    const page = sb.sim.control.pages('ENG').find((p) => p.status === 'current')!;
    const [library] = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'listLibraries', payload: {}, accountId: admin.accountId }) as Loose).libraries;
    const libraryId = library.library.id as string;

    const cookie = await signIn(sb.urls.app, admin.email);
    const html = await (await fetch(`${sb.urls.app}/page/${page.id}`, { headers: { cookie } })).text();
    const token = /data-kind="config" data-token="([^"]+)"/.exec(html)?.[1];
    expect(token).toBeDefined();
    const submitted = await fetch(`${sb.urls.app}/__bridge/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ token, payload: { config: { libraryId, spaceKeys: ['ENG'] } } }),
    });
    expect(await submitted.json()).toEqual({ result: true, keepEditing: false });
    expect(sb.sim.control.macroConfig(page.id, 'librarian-ask')).toEqual({ libraryId, spaceKeys: ['ENG'] });
    await sb.close();
    sb = undefined;

    sb = await start();
    expect(sb.sim.control.macroConfig(page.id, 'librarian-ask')).toEqual({ libraryId, spaceKeys: ['ENG'] });
    // The macro's next frame carries the saved config, and the resolver answers from it.
    const again = await (await fetch(`${sb.urls.app}/page/${page.id}`, { headers: { cookie: await signIn(sb.urls.app, admin.email) } })).text();
    const main = /data-kind="main" data-token="([^"]+)"/.exec(again)?.[1];
    const context = await fetch(`${sb.urls.app}/__bridge/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await signIn(sb.urls.app, admin.email) },
      body: JSON.stringify({ token: main, functionKey: 'getMacroContext' }),
    });
    expect(await context.json()).toMatchObject({ result: { library: { id: libraryId }, chosenBy: 'settings' } });
  }, 90_000);
});
