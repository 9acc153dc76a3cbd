/**
 * Contract for `GET /wiki/api/v2/spaces/{id}/operations`, the caller's permitted operations on a space, which the
 * space settings page uses to tell a space admin apart: responses validate against confluence-v2.json and
 * answer for the caller only (a grant through a group counts, a site admin gets nothing the space does not grant).
 */
import { OpenApi } from './openapi';
import { startFixture, call, basic, bearer, type Harness } from '../helpers';
import { ADMIN, MEMBER, OUTSIDER } from '../fixture';

const api = new OpenApi();
let h: Harness;
const ids = new Map<string, string>();

beforeAll(async () => {
  h = await startFixture();
  const spaces = await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces?limit=250');
  for (const space of spaces.body.results as Array<{ id: string; key: string }>) ids.set(space.key, space.id);
  const personal = await call(h.sim, basic(MEMBER), '/wiki/api/v2/spaces?keys=~member');
  ids.set('~member', personal.body.results[0].id);
});
afterAll(() => h.sim.close());

const spaceId = (key: string): string => {
  const id = ids.get(key);
  if (!id) throw new Error(`no space ${key}`);
  return id;
};
const operations = (body: { operations: Array<{ operation: string; targetType: string }> }): string[] =>
  body.operations.map((op) => `${op.operation}/${op.targetType}`);

describe('GET /spaces/{id}/operations', () => {
  test('a user granted admin holds administer/space; the answer validates', async () => {
    const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/spaces/${spaceId('KB')}/operations`);
    expect(res.status).toBe(200);
    api.check('v2', 'GET', '/spaces/{id}/operations', res.body);
    expect(api.undeclared('v2', 'PermittedOperationsResponse', res.body)).toEqual([]);
    expect(operations(res.body)).toEqual(['read/space', 'create/page', 'create/blogpost', 'administer/space']);
  });

  test('a reader through a group holds read only', async () => {
    const res = await call(h.sim, basic(MEMBER), `/wiki/api/v2/spaces/${spaceId('KB')}/operations`);
    expect(res.status).toBe(200);
    api.check('v2', 'GET', '/spaces/{id}/operations', res.body);
    expect(operations(res.body)).toEqual(['read/space']);
  });

  test('a site admin is not a space admin unless the space says so', async () => {
    const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/spaces/${spaceId('ENG')}/operations`);
    expect(operations(res.body)).toEqual(['read/space', 'create/page', 'create/blogpost']);
  });

  test("a personal space's owner administers it; the app answers for itself", async () => {
    const owner = await call(h.sim, basic(MEMBER), `/wiki/api/v2/spaces/${spaceId('~member')}/operations`);
    expect(operations(owner.body)).toContain('administer/space');
    const app = await call(h.sim, bearer(h.appToken), `/wiki/api/v2/spaces/${spaceId('ENG')}/operations`);
    expect(app.status).toBe(200);
    expect(operations(app.body)).toEqual(['read/space', 'create/page', 'create/blogpost']);
  });

  test('404 for a space the caller cannot view, an unknown space, and 400 for a non-numeric id', async () => {
    expect((await call(h.sim, basic(OUTSIDER), `/wiki/api/v2/spaces/${spaceId('KB')}/operations`)).status).toBe(404);
    expect((await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces/999999/operations')).status).toBe(404);
    expect((await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces/KB/operations')).status).toBe(400);
  });
});
