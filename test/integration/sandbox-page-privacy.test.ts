/**
 * The sandbox's Confluence-like pages show a page (title included) only to someone who may read it; everyone else
 * gets the answer Confluence gives, "does not exist, or you don't have permission", whether or not it exists.
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true, dataDir: ':memory:', bootstrap: false });
});
afterAll(async () => {
  await sb?.close();
});

async function get(email: string, path: string): Promise<{ status: number; html: string }> {
  const login = await fetch(`${sb.urls.app}/login?user=${encodeURIComponent(email)}`, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const res = await fetch(`${sb.urls.app}${path}`, { headers: { cookie } });
  return { status: res.status, html: await res.text() };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

it('a restricted page, its title and its macro are not shown to someone who may not read it', async () => {
  const admin = sb.seed.users.find((u) => u.siteAdmin)!;
  const member = sb.seed.users.find((u) => u.email === 'member@example.com') ?? sb.seed.users.find((u) => !u.siteAdmin)!;
  const restricted = sb.sim.control.pages().find((p) => p.status === 'current' && !sb.sim.control.canRead(member.accountId, p.id) && sb.sim.control.canRead(admin.accountId, p.id))!;
  expect(restricted).toBeDefined();
  const titles = [restricted.title, escape(restricted.title)];

  const shown = await get(admin.email, `/page/${restricted.id}`);
  expect(shown.status).toBe(200);
  expect(shown.html).toContain(escape(restricted.title));

  for (const path of [`/page/${restricted.id}`, `/view/librarian-ask?content=${restricted.id}`]) {
    const hidden = await get(member.email, path);
    expect(hidden.status).toBe(404);
    expect(hidden.html).toContain('This page does not exist, or you don&#39;t have permission to view it.');
    for (const t of titles) expect(hidden.html).not.toContain(t);
  }
  // The same answer as for a page that does not exist.
  const missing = await get(member.email, '/page/999999999');
  expect(missing.status).toBe(404);
  expect(missing.html).toContain('This page does not exist, or you don&#39;t have permission to view it.');

  // Nor is it listed in its space or on the landing page.
  for (const path of [`/space/${restricted.spaceKey}`, '/']) {
    const listing = await get(member.email, path);
    for (const t of titles) expect(listing.html).not.toContain(t);
  }
  expect((await get(admin.email, `/space/${restricted.spaceKey}`)).html).toContain(escape(restricted.title));
});
