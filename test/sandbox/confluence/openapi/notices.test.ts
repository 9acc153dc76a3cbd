/**
 * Contract for the simulator's endpoints behind the reauthorization notice and the admin checks: footer
 * comments, space permission assignments, users (with operations) and group memberships validate against
 * Atlassian's OpenAPI documents (vendor/confluence-openapi).
 */
import { OpenApi } from './openapi';
import { startFixture, call, basic, bearer, idOf, type Harness } from '../helpers';
import { ADMIN, MEMBER } from '../fixture';

const api = new OpenApi();
let h: Harness;
let app: string;

beforeAll(async () => {
  h = await startFixture();
  app = bearer(h.appToken);
});
afterAll(() => h.sim.close());

describe('v2', () => {
  test('POST /footer-comments (201) and GET /pages/{id}/footer-comments', async () => {
    const pageId = idOf(h.sim, 'Ingest runbook');
    const value = `<p><ac:link><ri:user ri:account-id="${MEMBER.accountId}" /></ac:link> Librarian needs reconnecting.</p>`;
    const created = await call(h.sim, app, '/wiki/api/v2/footer-comments', { method: 'POST', body: { pageId, body: { representation: 'storage', value } } });
    expect(created.status).toBe(201);
    api.check('v2', 'POST', '/footer-comments', created.body, '201');
    expect(api.undeclared('v2', 'FooterCommentModel', created.body)).toEqual([]);
    expect(created.body._links.base).toBe(`${h.sim.url}/wiki`);
    for (const format of ['storage', 'atlas_doc_format']) {
      const listed = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${pageId}/footer-comments?body-format=${format}`);
      expect(listed.status).toBe(200);
      expect(listed.body.results[0].body[format].representation).toBe(format);
      api.check('v2', 'GET', '/pages/{id}/footer-comments', listed.body);
      for (const c of listed.body.results) expect(api.undeclared('v2', 'PageCommentModel', c)).toEqual([]);
    }
  });

  test('GET /spaces/{id}/permissions', async () => {
    const spaceId = h.sim.control.pages('KB')[0].spaceId;
    const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/spaces/${spaceId}/permissions?limit=3`);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(3);
    api.check('v2', 'GET', '/spaces/{id}/permissions', res.body);
    for (const row of res.body.results) expect(api.undeclared('v2', 'SpacePermissionAssignment', row)).toEqual([]);
  });
});

describe('v1', () => {
  test('GET /user/current?expand=operations, /user?accountId=, /user/memberof', async () => {
    for (const auth of [app, basic(ADMIN), basic(MEMBER)]) {
      const me = await call(h.sim, auth, '/wiki/rest/api/user/current?expand=operations,personalSpace');
      expect(Array.isArray(me.body.operations)).toBe(true);
      api.check('v1', 'GET', '/wiki/rest/api/user/current', me.body);
    }
    const user = await call(h.sim, app, `/wiki/rest/api/user?accountId=${encodeURIComponent(ADMIN.accountId)}&expand=operations`);
    expect(user.body.displayName).toBe('Ada Admin');
    api.check('v1', 'GET', '/wiki/rest/api/user', user.body);
    const groups = await call(h.sim, app, `/wiki/rest/api/user/memberof?accountId=${encodeURIComponent(MEMBER.accountId)}`);
    expect(groups.body.results.map((g: { name: string }) => g.name)).toEqual(['engineering']);
    api.check('v1', 'GET', '/wiki/rest/api/user/memberof', groups.body);
  });
});
