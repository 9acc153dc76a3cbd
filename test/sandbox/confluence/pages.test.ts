/** v2 page behaviour: pagination, sorting, status filters, version rules, trash and purge. */
import { startFixture, call, basic, bearer, idOf, type Harness } from './helpers';
import { ADMIN, MEMBER } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await startFixture();
});
afterEach(() => h.sim.close());

test('cursor pagination walks every page once, via the Link header and _links.next', async () => {
  for (let i = 0; i < 7; i++) h.sim.control.createPage({ as: ADMIN.accountId, spaceKey: 'ENG', title: `Bulk ${i}`, body: `<p>${i}</p>` });
  const app = bearer(h.appToken);
  const seen: string[] = [];
  let path: string | undefined = '/wiki/api/v2/pages?limit=3';
  let pages = 0;
  while (path) {
    const res = await call(h.sim, app, path);
    expect(res.status).toBe(200);
    seen.push(...res.body.results.map((p: { id: string }) => p.id));
    const link = res.headers.get('link');
    if (res.body._links.next) {
      expect(res.body._links.next).toMatch(/^\/wiki\/api\/v2\/pages\?/);
      expect(link).toContain(`<${res.body._links.next}>; rel="next"`);
    } else expect(link).toBeNull();
    path = res.body._links.next;
    pages++;
  }
  const expected = h.sim.control.pages().filter((p) => ['current', 'archived'].includes(p.status) && p.spaceKey !== 'KB' && p.spaceKey !== '~member' && !(p.status === 'draft'));
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.sort()).toEqual(expected.map((p) => p.id).sort());
  expect(pages).toBe(Math.ceil(seen.length / 3));
});

test('limit is capped at 250', async () => {
  const res = await call(h.sim, bearer(h.appToken), '/wiki/api/v2/pages?limit=1000');
  expect(res.status).toBe(200);
});

test('default status is current and archived; status=trashed lists the trash', async () => {
  const app = bearer(h.appToken);
  const statuses = (await call(h.sim, app, '/wiki/api/v2/pages?limit=250')).body.results.map((p: { status: string }) => p.status);
  expect(new Set(statuses)).toEqual(new Set(['current', 'archived']));
  const trash = await call(h.sim, app, '/wiki/api/v2/pages?status=trashed');
  expect(trash.body.results.map((p: { title: string }) => p.title)).toEqual(['Old trashed page']);
});

test('sort=-modified-date puts the latest edit first; title filter is exact', async () => {
  const id = idOf(h.sim, 'Ingest runbook');
  h.clock.advance(60_000);
  h.sim.control.updatePage(id, { as: MEMBER.accountId, body: '<p>new</p>' });
  const res = await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages?sort=-modified-date&limit=2');
  expect(res.body.results[0].id).toBe(id);
  expect(res.body.results[0].version.createdAt).toBe('2026-03-01T09:01:00.000Z');
  const byTitle = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages?title=${encodeURIComponent('Ingest runbook')}`);
  expect(byTitle.body.results.map((p: { id: string }) => p.id)).toEqual([id]);
});

test('PUT must carry current + 1: a stale or skipped version is a 409 and changes nothing', async () => {
  const id = idOf(h.sim, 'Architecture overview');
  const put = (n: number, value: string) =>
    call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, {
      method: 'PUT',
      body: { id, status: 'current', title: 'Architecture overview', body: { representation: 'storage', value }, version: { number: n, message: 'm' } },
    });
  expect((await put(3, '<p>stale</p>')).status).toBe(409);
  expect((await put(5, '<p>skip</p>')).status).toBe(409);
  expect(h.sim.control.page(id)?.version).toBe(3);
  const ok = await put(4, '<p>fresh</p>');
  expect(ok.status).toBe(200);
  expect(ok.body.version).toMatchObject({ number: 4, message: 'm', authorId: ADMIN.accountId });
  expect(ok.body.body.storage.value).toBe('<p>fresh</p>');
});

test('PUT with a new parentId moves the page; ancestors follow', async () => {
  const id = idOf(h.sim, 'Ingest runbook');
  const home = idOf(h.sim, 'Engineering home');
  const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, {
    method: 'PUT',
    body: { id, status: 'current', title: 'Ingest runbook', parentId: home, body: { representation: 'storage', value: '<p>moved</p>' }, version: { number: 2 } },
  });
  expect(res.status).toBe(200);
  const anc = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}/ancestors`);
  expect(anc.body.results.map((a: { id: string }) => a.id)).toEqual([home]);
});

test('POST creates under the space homepage by default; a duplicate title is a 400', async () => {
  const spaceId = h.sim.control.pages('ENG')[0].spaceId;
  const body = { spaceId, status: 'current', title: 'New page', body: { representation: 'storage', value: '<p>hi</p>' } };
  const created = await call(h.sim, basic(MEMBER), '/wiki/api/v2/pages', { method: 'POST', body });
  expect(created.status).toBe(200);
  expect(created.body.parentId).toBe(idOf(h.sim, 'Engineering home'));
  expect(created.body._links.webui).toBe(`/spaces/ENG/pages/${created.body.id}/New+page`);
  expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/pages', { method: 'POST', body })).status).toBe(400);
  const rootLevel = await call(h.sim, basic(MEMBER), '/wiki/api/v2/pages?root-level=true', { method: 'POST', body: { ...body, title: 'Root page' } });
  expect(rootLevel.body.parentId).toBeNull();
  // No write permission in KB for a member: Cloud answers 404.
  const kb = h.sim.control.pages('KB')[0].spaceId;
  expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/pages', { method: 'POST', body: { ...body, spaceId: kb } })).status).toBe(404);
});

test('DELETE trashes (GET says trashed), purge removes (then 404); PUT status current restores', async () => {
  const id = idOf(h.sim, 'Ingest runbook');
  // Only a trashed page can be purged.
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?purge=true`, { method: 'DELETE' })).status).toBe(400);
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`)).body.status).toBe('trashed');
  const restored = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, {
    method: 'PUT',
    body: { id, status: 'current', title: 'Ingest runbook', body: { representation: 'storage', value: '' }, version: { number: 2 } },
  });
  expect(restored.body.status).toBe('current');
  expect(restored.body.body.storage.value).toBe('<p>Restart the ingest pods when the queue stalls.</p>');
  await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, { method: 'DELETE' });
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?purge=true`, { method: 'DELETE' })).status).toBe(204);
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
  expect(h.sim.control.page(id)).toBeUndefined();
});

test('trashing a parent moves its children up to the grandparent', async () => {
  const arch = idOf(h.sim, 'Architecture overview');
  h.sim.control.trashPage(arch, { as: ADMIN.accountId });
  expect(h.sim.control.page(idOf(h.sim, 'Ingest runbook'))?.parentId).toBe(idOf(h.sim, 'Engineering home'));
});

test('versions list newest first by default and carries each version', async () => {
  const id = idOf(h.sim, 'Architecture overview');
  const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}/versions?sort=modified-date&limit=2`);
  expect(res.body.results.map((v: { number: number }) => v.number)).toEqual([1, 2]);
  expect(res.body._links.next).toBeDefined();
});

test('direct-children includes the content type', async () => {
  const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${idOf(h.sim, 'Architecture overview')}/direct-children`);
  expect(res.body.results).toEqual([expect.objectContaining({ title: 'Ingest runbook', type: 'page', childPosition: 0 })]);
});

test('the Date header is Confluence\'s clock, stepped with the simulator, not the machine\'s', async () => {
  const first = await call(h.sim, bearer(h.appToken), '/wiki/api/v2/pages?limit=1');
  expect(Date.parse(first.headers.get('date')!)).toBe(Date.parse('2026-03-01T09:00:00Z'));
  h.clock.advance(3 * 3600_000);
  const later = await call(h.sim, bearer(h.appToken), '/wiki/api/v2/nothing-here');
  expect(later.status).toBe(404);
  expect(Date.parse(later.headers.get('date')!)).toBe(Date.parse('2026-03-01T12:00:00Z'));
});
