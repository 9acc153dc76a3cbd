/** Faults on demand and the request log. */
import { startFixture, call, basic, bearer, idOf, type Harness } from './helpers';
import { ADMIN, MEMBER } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await startFixture();
});
afterEach(() => h.sim.close());

test('the next N matching requests get a 429 with Cloud rate-limit headers, verbatim Retry-After', async () => {
  h.sim.control.injectFault({ kind: 'status', status: 429, count: 2, retryAfter: '9223372036854775807', match: { path: '/wiki/api/v2/pages', identity: 'app' } });
  const app = bearer(h.appToken);
  // Another identity and another path are not hit.
  expect((await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages')).status).toBe(200);
  expect((await call(h.sim, app, '/wiki/api/v2/spaces')).status).toBe(200);
  for (let i = 0; i < 2; i++) {
    const res = await call(h.sim, app, '/wiki/api/v2/pages');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('9223372036854775807');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-limit')).toBeTruthy();
    expect(res.headers.get('x-ratelimit-reset')).toBeTruthy();
    expect(res.body.errors[0].status).toBe(429);
  }
  expect((await call(h.sim, app, '/wiki/api/v2/pages')).status).toBe(200);
  expect(h.sim.control.faults()).toEqual([]);
});

test('a path regex and a method narrow a fault', async () => {
  h.sim.control.injectFault({ kind: 'status', status: 502, count: 1, match: { method: 'PUT', pathRegex: '^/wiki/api/v2/pages/\\d+$' } });
  expect((await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${idOf(h.sim, 'Ingest runbook')}`)).status).toBe(200);
  const id = idOf(h.sim, 'Ingest runbook');
  const put = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, { method: 'PUT', body: {} });
  expect(put.status).toBe(502);
  expect(h.sim.control.page(id)?.version).toBe(1);
});

test('5xx and latency faults; the simulator keeps serving', async () => {
  const f = h.sim.control.injectFault({ kind: 'status', status: 503, match: { method: 'GET', path: '/wiki/rest/api/content/search' } });
  h.sim.control.injectFault({ kind: 'latency', ms: 20, count: 1 });
  const search = await call(h.sim, basic(ADMIN), '/wiki/rest/api/content/search?cql=type%3Dpage');
  expect(search.status).toBe(503);
  expect(search.body.statusCode).toBe(503);
  expect((await call(h.sim, basic(ADMIN), '/wiki/rest/api/content/search?cql=type%3Dpage')).status).toBe(503);
  expect(h.sim.control.removeFault(f.id)).toBe(true);
  expect((await call(h.sim, basic(ADMIN), '/wiki/rest/api/content/search?cql=type%3Dpage')).status).toBe(200);
});

test('a points-per-hour budget per identity, reset each hour of sandbox time', async () => {
  h.sim.control.setRateBudget({ pointsPerHour: 3 });
  const app = bearer(h.appToken);
  for (let i = 0; i < 3; i++) {
    const ok = await call(h.sim, app, '/wiki/api/v2/spaces');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
  }
  const limited = await call(h.sim, app, '/wiki/api/v2/spaces');
  expect(limited.status).toBe(429);
  // 09:00:00 on the stepped clock: a whole hour to the next window.
  expect(limited.headers.get('retry-after')).toBe('3600');
  expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/spaces')).status).toBe(200);
  h.clock.advance(3_600_000);
  expect((await call(h.sim, app, '/wiki/api/v2/spaces')).status).toBe(200);
});

test('a concurrent edit lands between the app GET and its PUT, which then gets 409', async () => {
  const id = idOf(h.sim, 'Ingest runbook');
  h.sim.control.injectFault({ kind: 'concurrentEdit', pageId: id, count: 1, match: { identity: 'app' }, byAccountId: MEMBER.accountId });
  const app = bearer(h.appToken);
  const got = await call(h.sim, app, `/wiki/api/v2/pages/${id}?body-format=storage`);
  expect(got.body.version.number).toBe(1);
  expect(h.sim.control.page(id)?.version).toBe(2);
  const put = await call(h.sim, app, `/wiki/api/v2/pages/${id}`, {
    method: 'PUT',
    body: { id, status: 'current', title: got.body.title, body: { representation: 'storage', value: '<p>app edit</p>' }, version: { number: got.body.version.number + 1 } },
  });
  expect(put.status).toBe(409);
  expect(put.body.errors[0].title).toContain('Current Version is: 2');
});

test('the request log counts per endpoint template and identity, and resets', async () => {
  h.sim.control.resetRequests();
  const app = bearer(h.appToken);
  await call(h.sim, app, '/wiki/api/v2/pages');
  await call(h.sim, app, `/wiki/api/v2/pages/${idOf(h.sim, 'Ingest runbook')}`);
  await call(h.sim, app, `/wiki/api/v2/pages/${idOf(h.sim, 'Engineering home')}`);
  await call(h.sim, basic(MEMBER), `/ex/confluence/${h.sim.cloudId}/wiki/api/v2/pages`);
  await call(h.sim, null, '/wiki/api/v2/spaces');
  const log = h.sim.control.requests();
  expect(log.total).toBe(5);
  expect(log.byEndpoint).toEqual({ 'GET /wiki/api/v2/pages': 2, 'GET /wiki/api/v2/pages/{id}': 2, 'GET /wiki/api/v2/spaces': 1 });
  expect(log.byIdentity).toEqual({ [h.sim.appAccountId]: 3, anonymous: 2 });
  expect(log.byIdentityAndEndpoint[h.sim.appAccountId]['GET /wiki/api/v2/pages/{id}']).toBe(2);
  expect(log.byStatus).toEqual({ '200': 3, '401': 2 });
  const overHttp = await fetch(`${h.sim.url}/__sim/requests`).then((r) => r.json());
  expect(overHttp.total).toBe(5);
  await fetch(`${h.sim.url}/__sim/requests/reset`, { method: 'POST' });
  expect(h.sim.control.requests().total).toBe(0);
});
