/** Who sees what: space permissions, read restrictions with inheritance, personal spaces, drafts, the app. */
import { startFixture, call, basic, bearer, idOf, type Harness } from './helpers';
import { ADMIN, MEMBER, OUTSIDER } from './fixture';

let h: Harness;
beforeAll(async () => {
  h = await startFixture();
});
afterAll(() => h.sim.close());

const titles = (body: { results: Array<{ title: string }> }): string[] => body.results.map((p) => p.title).sort();

test('a restricted page and every page under it are 404 for a member, and absent from lists', async () => {
  for (const title of ['Security incident 42', 'Incident timeline']) {
    const res = await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${idOf(h.sim, title)}`);
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${idOf(h.sim, title)}`)).status).toBe(200);
  }
  const memberList = await call(h.sim, basic(MEMBER), '/wiki/api/v2/pages?limit=250');
  expect(titles(memberList.body)).not.toContain('Security incident 42');
  expect(titles(memberList.body)).not.toContain('Incident timeline');
  expect(titles(memberList.body)).toContain('Ingest runbook');
  const adminList = await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages?limit=250');
  expect(titles(adminList.body)).toEqual(expect.arrayContaining(['Security incident 42', 'Incident timeline']));
});

test('children and CQL hide pages under a restricted ancestor too', async () => {
  const kids = await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${idOf(h.sim, 'Engineering home')}/children`);
  expect(titles(kids.body)).not.toContain('Security incident 42');
  const search = await call(h.sim, basic(MEMBER), `/wiki/rest/api/content/search?cql=${encodeURIComponent('text ~ "incident"')}`);
  expect(search.status).toBe(200);
  expect(search.body.results).toEqual([]);
  const adminSearch = await call(h.sim, basic(ADMIN), `/wiki/rest/api/content/search?cql=${encodeURIComponent('text ~ "incident"')}`);
  expect(adminSearch.body.results.map((r: { title: string }) => r.title).sort()).toEqual(['Incident timeline', 'Security incident 42']);
});

test('id= list is a bulk permission check', async () => {
  const ids = ['Security incident 42', 'Incident timeline', 'Ingest runbook', 'My notes'].map((t) => idOf(h.sim, t));
  const res = await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages?id=${ids.join(',')}`);
  expect(titles(res.body)).toEqual(['Ingest runbook', 'My notes']);
  const outsider = await call(h.sim, basic(OUTSIDER), `/wiki/api/v2/pages?id=${ids.join(',')}`);
  expect(outsider.body.results).toEqual([]);
});

test('a personal space is readable by its owner only', async () => {
  const id = idOf(h.sim, 'My notes');
  expect((await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${id}`)).status).toBe(200);
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
  expect((await call(h.sim, bearer(h.appToken), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
  const spaces = await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces');
  expect(spaces.body.results.map((s: { key: string }) => s.key)).not.toContain('~member');
});

test('the app reads the spaces that grant it access, and restricted pages that name it', async () => {
  const app = bearer(h.appToken);
  const spaces = await call(h.sim, app, '/wiki/api/v2/spaces');
  expect(spaces.body.results.map((s: { key: string }) => s.key).sort()).toEqual(['ENG', 'OLD']);
  expect((await call(h.sim, app, `/wiki/api/v2/pages/${idOf(h.sim, 'Incident timeline')}`)).status).toBe(200);
  expect((await call(h.sim, app, `/wiki/api/v2/pages/${idOf(h.sim, 'How to request access')}`)).status).toBe(404);
});

test('a user-consent token sees what that user sees', async () => {
  const token = h.sim.control.issueToken({ kind: 'user', accountId: MEMBER.accountId }).token;
  expect((await call(h.sim, bearer(token), `/wiki/api/v2/pages/${idOf(h.sim, 'Incident timeline')}`)).status).toBe(404);
  expect((await call(h.sim, bearer(token), `/wiki/api/v2/pages/${idOf(h.sim, 'My notes')}`)).status).toBe(200);
});

test('a draft is visible to its author only, and never in lists', async () => {
  const id = idOf(h.sim, 'Draft ideas');
  expect((await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${id}`)).body.status).toBe('draft');
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
  const list = await call(h.sim, basic(MEMBER), '/wiki/api/v2/pages?limit=250');
  expect(titles(list.body)).not.toContain('Draft ideas');
});

test('update restrictions block edits but not reads; permission changes do not bump the version', async () => {
  const id = idOf(h.sim, 'Edit-locked policy');
  const got = await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${id}?body-format=storage`);
  expect(got.status).toBe(200);
  const put = await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${id}`, {
    method: 'PUT',
    body: { id, status: 'current', title: 'Edit-locked policy', body: { representation: 'storage', value: '<p>x</p>' }, version: { number: 2 } },
  });
  expect(put.status).toBe(404);
  h.sim.control.setRestrictions(id, { as: ADMIN.accountId, read: [{ type: 'user', accountId: ADMIN.accountId }] });
  expect((await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
  expect(h.sim.control.page(id)?.version).toBe(1);
});

test('v1 content permission check: the app or an admin may ask about anyone, a member only about themself', async () => {
  const id = idOf(h.sim, 'Incident timeline');
  const open = idOf(h.sim, 'Ingest runbook');
  const check = (auth: string, pageId: string, accountId: string, operation = 'read') =>
    call(h.sim, auth, `/wiki/rest/api/content/${pageId}/permission/check`, { method: 'POST', body: { subject: { type: 'user', identifier: accountId }, operation } });
  const app = bearer(h.appToken);
  expect((await check(basic(ADMIN), id, MEMBER.accountId)).body.hasPermission).toBe(false);
  expect((await check(basic(ADMIN), open, MEMBER.accountId)).body).toMatchObject({ hasPermission: true, errors: [] });
  expect((await check(basic(ADMIN), id, ADMIN.accountId)).body.hasPermission).toBe(true);
  expect((await check(basic(MEMBER), open, MEMBER.accountId)).body.hasPermission).toBe(true);
  expect((await check(basic(MEMBER), open, ADMIN.accountId)).status).toBe(403);
  const byApp = await check(app, open, MEMBER.accountId);
  expect(byApp.status).toBe(200);
  expect(byApp.body.hasPermission).toBe(true);
  expect((await check(basic(ADMIN), id, MEMBER.accountId, 'fly')).status).toBe(400);
  expect((await check(basic(ADMIN), '99999999', MEMBER.accountId)).status).toBe(404);
});
