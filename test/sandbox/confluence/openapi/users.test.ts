/**
 * Contract for the simulator's `GET /wiki/rest/api/user/bulk` (the People directory's one call): the body
 * validates against confluence-v1.json's BulkUserLookupArray, both id forms work, unknown ids are left out,
 * at most 100 people come back, and a scoped token needs the operation's scope.
 */
import { ConfluenceClient, getUsersByAccountIds } from '../../../../src/core/confluence';
import type { ConfluenceTransport } from '../../../../src/core/ports';
import { OpenApi } from './openapi';
import { startFixture, call, basic, bearer, type Harness } from '../helpers';
import { ADMIN, MEMBER } from '../fixture';

const api = new OpenApi();
const PATH = '/wiki/rest/api/user/bulk';
let h: Harness;
let app: string;

beforeAll(async () => {
  h = await startFixture();
  app = bearer(h.appToken);
});
afterAll(() => h.sim.close());

const ids = (body: { results: Array<{ accountId: string }> }): string[] => body.results.map((u) => u.accountId);

test('comma-separated ids: names of known accounts, unknown ones left out, schema-valid', async () => {
  const res = await call(h.sim, app, `${PATH}?accountId=${encodeURIComponent(`${ADMIN.accountId},557058:ghost,${MEMBER.accountId}`)}&limit=3`);
  expect(res.status).toBe(200);
  api.check('v1', 'GET', PATH, res.body);
  expect(ids(res.body)).toEqual([ADMIN.accountId, MEMBER.accountId]);
  expect(res.body.size).toBe(2);
  expect(res.body.results[1].displayName).toBe('Max Member');
  expect(api.undeclared('v1', 'BulkUserLookup', res.body.results[0])).toEqual([]);
});

test('repeated ids and expand=operations', async () => {
  const res = await call(h.sim, basic(MEMBER), `${PATH}?accountId=${encodeURIComponent(ADMIN.accountId)}&accountId=${encodeURIComponent(MEMBER.accountId)}&expand=operations`);
  expect(res.status).toBe(200);
  api.check('v1', 'GET', PATH, res.body);
  expect(ids(res.body)).toEqual([ADMIN.accountId, MEMBER.accountId]);
  expect(res.body.results[0].operations).toContainEqual({ operation: 'administer', targetType: 'application' });
});

test('answers at most 100 people, fewer when limit says so', async () => {
  for (let i = 0; i < 105; i++) {
    h.sim.control.addUser({ accountId: `557058:bulk-${i}`, email: `bulk${i}@example.com`, displayName: `Bulk ${i}`, apiToken: `bulk-${i}` });
  }
  const many = Array.from({ length: 105 }, (_, i) => `557058:bulk-${i}`);
  const all = await call(h.sim, app, `${PATH}?accountId=${encodeURIComponent(many.join(','))}&limit=200`);
  expect(all.status).toBe(200);
  expect(ids(all.body)).toEqual(many.slice(0, 100));
  api.check('v1', 'GET', PATH, all.body);
  const two = await call(h.sim, app, `${PATH}?accountId=${encodeURIComponent(many.join(','))}&limit=2`);
  expect(ids(two.body)).toEqual(many.slice(0, 2));
});

test('a missing accountId is a 400; a scoped token needs read:content-details:confluence or read:confluence-user', async () => {
  expect((await call(h.sim, app, PATH)).status).toBe(400);
  const ex = `/ex/confluence/${h.sim.cloudId}`;
  const query = `?accountId=${encodeURIComponent(ADMIN.accountId)}`;
  const wrong = h.sim.control.issueToken({ kind: 'scoped', accountId: MEMBER.accountId, scopes: ['read:page:confluence'] });
  expect((await call(h.sim, basic({ email: MEMBER.email, apiToken: wrong.token }), `${ex}${PATH}${query}`)).status).toBe(401);
  for (const scope of ['read:content-details:confluence', 'read:confluence-user']) {
    const right = h.sim.control.issueToken({ kind: 'scoped', accountId: MEMBER.accountId, scopes: [scope] });
    const res = await call(h.sim, basic({ email: MEMBER.email, apiToken: right.token }), `${ex}${PATH}${query}`);
    expect([scope, res.status, ids(res.body)]).toEqual([scope, 200, [ADMIN.accountId]]);
  }
});

test("the app's getUsersByAccountIds reads the simulator: 100 ids a request, unknown accounts left out", async () => {
  for (let i = 0; i < 120; i++) {
    h.sim.control.addUser({ accountId: `557058:app-${i}`, email: `app${i}@example.com`, displayName: `App Person ${i}`, apiToken: `app-${i}` });
  }
  const paths: string[] = [];
  const transport: ConfluenceTransport = {
    async request(_identity, path, init = {}) {
      paths.push(path);
      const res = await fetch(`${h.sim.url}${path}`, { method: init.method ?? 'GET', headers: { ...(init.headers ?? {}), Authorization: app } });
      return { status: res.status, headers: res.headers, text: () => res.text() };
    },
  };
  const wanted = [...Array.from({ length: 120 }, (_, i) => `557058:app-${i}`), '557058:ghost', ADMIN.accountId];
  const people = await getUsersByAccountIds(ConfluenceClient.create(transport, 'app'), wanted);
  expect(paths).toHaveLength(2);
  expect(people).toHaveLength(121);
  expect(people.find((p) => p.accountId === '557058:app-119')?.displayName).toBe('App Person 119');
  expect(people.some((p) => p.accountId === '557058:ghost')).toBe(false);
});
