/**
 * Footer comments and mention notifications, site-admin operations, users and groups, space permission
 * assignments, and the app creating its own page: what the reauthorization notice relies on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../sandbox/confluence';
import { SteppedClock } from '../../../sandbox/clock';
import { startFixture, call, basic, bearer, idOf, type Harness } from './helpers';
import { ADMIN, MEMBER, OUTSIDER, fixtureSeed } from './fixture';
import { mentionedAccountIds } from '../../../sandbox/confluence/comments';

let h: Harness;
let app: string;
beforeEach(async () => {
  h = await startFixture();
  app = bearer(h.appToken);
});
afterEach(() => h.sim.close());

const mention = (accountId: string): string => `<ac:link><ri:user ri:account-id="${accountId}" /></ac:link>`;
const comment = (pageId: string, value: string) => ({ method: 'POST', body: { pageId, body: { representation: 'storage', value } } });

describe('footer comments', () => {
  test('a mention notifies each mentioned user who can read the page, never the author or an outsider', async () => {
    const pageId = idOf(h.sim, 'Ingest runbook');
    const body = `<p>${mention(ADMIN.accountId)} ${mention(OUTSIDER.accountId)} ${mention(MEMBER.accountId)} ${mention('557058:nobody')} Sync stopped.</p>`;
    const res = await call(h.sim, basic(MEMBER), '/wiki/api/v2/footer-comments', comment(pageId, body));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pageId, status: 'current', version: { number: 1, authorId: MEMBER.accountId }, body: { storage: { value: body } } });
    const sent = h.sim.control.notifications();
    expect(sent).toEqual([
      { accountId: ADMIN.accountId, email: ADMIN.email, pageId, commentId: res.body.id, at: h.clock.now(), excerpt: '@Ada Admin @Olga Outsider @Max Member @557058:nobody Sync stopped.' },
    ]);
  });

  test('the app comments as itself; a restricted page notifies only those it lets through', async () => {
    const pageId = idOf(h.sim, 'Security incident 42');
    const res = await call(h.sim, app, '/wiki/api/v2/footer-comments', comment(pageId, `<p>${mention(ADMIN.accountId)}${mention(MEMBER.accountId)} Reconnect.</p>`));
    expect(res.status).toBe(201);
    expect(res.body.version.authorId).toBe(h.sim.appAccountId);
    expect(h.sim.control.notifications().map((n) => n.accountId)).toEqual([ADMIN.accountId]);
    // Under the restricted page the member is kept out by the inherited restriction.
    const child = idOf(h.sim, 'Incident timeline');
    expect((await call(h.sim, basic(ADMIN), '/wiki/api/v2/footer-comments', comment(child, `<p>${mention(MEMBER.accountId)} hi</p>`))).status).toBe(201);
    expect(h.sim.control.notifications()).toHaveLength(1);
  });

  test('reading the page is needed to comment and to list comments', async () => {
    const pageId = idOf(h.sim, 'Ingest runbook');
    const denied = await call(h.sim, basic(OUTSIDER), '/wiki/api/v2/footer-comments', comment(pageId, '<p>hello</p>'));
    expect(denied.status).toBe(404);
    expect(denied.body.errors[0].status).toBe(404);
    expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/footer-comments', comment(idOf(h.sim, 'Security incident 42'), '<p>x</p>'))).status).toBe(404);
    const first = await call(h.sim, basic(MEMBER), '/wiki/api/v2/footer-comments', comment(pageId, '<p>first</p>'));
    h.clock.advance(1000);
    const second = await call(h.sim, app, '/wiki/api/v2/footer-comments', comment(pageId, '<p>second</p>'));
    const listed = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${pageId}/footer-comments?body-format=storage`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((c: { id: string }) => c.id)).toEqual([first.body.id, second.body.id]);
    expect(listed.body.results[1].body.storage.value).toBe('<p>second</p>');
    const newest = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${pageId}/footer-comments?sort=-created-date&limit=1`);
    expect(newest.body.results.map((c: { id: string }) => c.id)).toEqual([second.body.id]);
    expect(newest.body._links.next).toMatch(/cursor=/);
    expect(newest.body.results[0].body).toEqual({});
    expect((await call(h.sim, basic(OUTSIDER), `/wiki/api/v2/pages/${pageId}/footer-comments`)).status).toBe(404);
    expect(h.sim.control.footerComments(pageId).map((c) => c.body)).toEqual(['<p>first</p>', '<p>second</p>']);
  });

  test('bad requests are 400; a trashed page takes no comments; a purged page takes its comments with it', async () => {
    const pageId = idOf(h.sim, 'Ingest runbook');
    for (const body of [{ pageId: 'abc', body: { representation: 'storage', value: '<p>x</p>' } }, { pageId }, { pageId, body: { representation: 'storage', value: '  ' } }, { parentCommentId: '1', body: { representation: 'storage', value: 'x' } }]) {
      expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/footer-comments', { method: 'POST', body })).status).toBe(400);
    }
    expect((await call(h.sim, basic(ADMIN), '/wiki/api/v2/footer-comments', comment(idOf(h.sim, 'Old trashed page'), '<p>x</p>'))).status).toBe(404);
    await call(h.sim, basic(MEMBER), '/wiki/api/v2/footer-comments', comment(pageId, '<p>soon gone</p>'));
    h.sim.control.purgePage(pageId);
    expect(() => h.sim.control.footerComments(pageId)).toThrow();
    expect(h.sim.control.state().pages.current).toBeGreaterThan(0);
  });

  test('notifications over the control API, and clearing them', async () => {
    await call(h.sim, app, '/wiki/api/v2/footer-comments', comment(idOf(h.sim, 'Ingest runbook'), `<p>${mention(MEMBER.accountId)} ping</p>`));
    const listed = await fetch(`${h.sim.url}/__sim/notifications`).then((r) => r.json());
    expect(listed).toEqual([expect.objectContaining({ accountId: MEMBER.accountId, email: MEMBER.email, excerpt: '@Max Member ping' })]);
    const comments = await fetch(`${h.sim.url}/__sim/pages/${idOf(h.sim, 'Ingest runbook')}/footer-comments`).then((r) => r.json());
    expect(comments).toHaveLength(1);
    expect((await fetch(`${h.sim.url}/__sim/notifications`, { method: 'DELETE' })).status).toBe(200);
    expect(h.sim.control.notifications()).toEqual([]);
  });

  test('comments survive a restart from the data file', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'sim-comments-')), 'site.json');
    const first = await startSimulator({ seed: fixtureSeed(), clock: new SteppedClock(), dataFile });
    const pageId = first.control.findPage('Ingest runbook')?.id ?? '';
    const res = await call(first, basic(MEMBER), '/wiki/api/v2/footer-comments', comment(pageId, '<p>kept</p>'));
    expect(res.status).toBe(201);
    await first.close();
    const second = await startSimulator({ clock: new SteppedClock(), dataFile });
    try {
      expect(second.control.footerComments(pageId).map((c) => c.id)).toEqual([res.body.id]);
    } finally {
      await second.close();
    }
  });

  test('mention parsing reads only ac:link user mentions, each once', () => {
    const body = `<p>${mention('a1')}<ac:link><ri:user ri:account-id="b2"></ri:user><ac:plain-text-link-body><![CDATA[Bee]]></ac:plain-text-link-body></ac:link> <ri:user ri:account-id="c3"/> ${mention('a1')}</p>`;
    expect(mentionedAccountIds(body)).toEqual(['a1', 'b2']);
    expect(mentionedAccountIds('<p>no one &amp; nobody</p>')).toEqual([]);
  });
});

describe('users, site admins and groups', () => {
  test('expand=operations shows administer on the application only for site admins', async () => {
    const admin = await call(h.sim, basic(ADMIN), '/wiki/rest/api/user/current?expand=operations');
    expect(admin.body.operations).toEqual([
      { operation: 'administer', targetType: 'application' },
      { operation: 'use', targetType: 'application' },
    ]);
    expect(admin.body._expandable.operations).toBeUndefined();
    const member = await call(h.sim, basic(MEMBER), '/wiki/rest/api/user/current?expand=operations');
    expect(member.body.operations).toEqual([{ operation: 'use', targetType: 'application' }]);
    const plain = await call(h.sim, basic(ADMIN), '/wiki/rest/api/user/current');
    expect(plain.body.operations).toBeUndefined();
    const asApp = await call(h.sim, app, '/wiki/rest/api/user/current?expand=operations');
    expect(asApp.body).toMatchObject({ accountId: h.sim.appAccountId, accountType: 'app', operations: [{ operation: 'use', targetType: 'application' }] });
  });

  test('a user by account id, and their groups', async () => {
    const user = await call(h.sim, app, `/wiki/rest/api/user?accountId=${encodeURIComponent(ADMIN.accountId)}&expand=operations`);
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject({ accountId: ADMIN.accountId, displayName: 'Ada Admin', operations: expect.arrayContaining([{ operation: 'administer', targetType: 'application' }]) });
    expect((await call(h.sim, app, '/wiki/rest/api/user?accountId=557058:ghost')).status).toBe(404);
    expect((await call(h.sim, app, '/wiki/rest/api/user')).status).toBe(400);
    const groups = await call(h.sim, app, `/wiki/rest/api/user/memberof?accountId=${encodeURIComponent(ADMIN.accountId)}`);
    expect(groups.body.results.map((g: { name: string; id: string }) => [g.name, g.id])).toEqual([
      ['confluence-admins', 'group-confluence-admins'],
      ['engineering', 'group-engineering'],
    ]);
    const paged = await call(h.sim, app, `/wiki/rest/api/user/memberof?accountId=${encodeURIComponent(ADMIN.accountId)}&limit=1`);
    expect(paged.body.size).toBe(1);
    expect(paged.body._links.next).toContain('start=1');
  });
});

describe('space permission assignments', () => {
  const spaceId = (key: string): string => h.sim.control.pages(key)[0].spaceId;

  test('direct and group grants, the app as a user principal, admins by administer/space', async () => {
    const kb = await call(h.sim, basic(MEMBER), `/wiki/api/v2/spaces/${spaceId('KB')}/permissions?limit=250`);
    expect(kb.status).toBe(200);
    const rows = kb.body.results.map((r: { principal: { type: string; id: string }; operation: { key: string; targetType: string } }) => `${r.principal.type}:${r.principal.id} ${r.operation.key}/${r.operation.targetType}`);
    expect(rows).toEqual([
      'group:group-engineering read/space',
      `user:${ADMIN.accountId} read/space`,
      `user:${ADMIN.accountId} create/page`,
      `user:${ADMIN.accountId} create/blogpost`,
      `user:${ADMIN.accountId} administer/space`,
    ]);
    expect(new Set(kb.body.results.map((r: { id: string }) => r.id)).size).toBe(rows.length);
    const eng = await call(h.sim, app, `/wiki/api/v2/spaces/${spaceId('ENG')}/permissions?limit=2`);
    expect(eng.body.results).toHaveLength(2);
    expect(eng.body._links.next).toBeDefined();
    const next = await call(h.sim, app, eng.body._links.next);
    expect(next.body.results.some((r: { principal: { id: string } }) => r.principal.id === h.sim.appAccountId)).toBe(true);
  });

  test('a personal space lists its owner as administrator; an unreadable space is 404', async () => {
    const personal = await call(h.sim, basic(MEMBER), `/wiki/api/v2/spaces/${spaceId('~member')}/permissions`);
    expect(personal.body.results).toContainEqual(expect.objectContaining({ principal: { type: 'user', id: MEMBER.accountId }, operation: { key: 'administer', targetType: 'space' } }));
    expect((await call(h.sim, basic(OUTSIDER), `/wiki/api/v2/spaces/${spaceId('ENG')}/permissions`)).status).toBe(404);
    expect((await call(h.sim, basic(OUTSIDER), '/wiki/api/v2/spaces/abc/permissions')).status).toBe(400);
  });
});

describe('the app creates its own page', () => {
  test('where the app principal has write, and nowhere else', async () => {
    const eng = h.sim.control.pages('ENG')[0].spaceId;
    const created = await call(h.sim, app, '/wiki/api/v2/pages', { method: 'POST', body: { spaceId: eng, status: 'current', title: 'Librarian status', body: { representation: 'storage', value: '<p>ok</p>' } } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ authorId: h.sim.appAccountId, ownerId: h.sim.appAccountId, spaceId: eng });
    expect(h.sim.control.findPage('Librarian status', 'ENG')?.body).toBe('<p>ok</p>');
    const kb = h.sim.control.pages('KB')[0].spaceId;
    const denied = await call(h.sim, app, '/wiki/api/v2/pages', { method: 'POST', body: { spaceId: kb, status: 'current', title: 'Librarian status', body: { representation: 'storage', value: '<p>ok</p>' } } });
    expect(denied.status).toBe(404);
  });
});
