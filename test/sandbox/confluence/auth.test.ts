/** Authentication: Basic API tokens, Bearer tokens from the control API, scoped tokens under /ex/confluence. */
import { startFixture, call, basic, bearer, type Harness } from './helpers';
import { ADMIN, MEMBER } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await startFixture();
});
afterEach(() => h.sim.close());

const v2Unauthorized = { errors: [{ status: 401, code: 'UNAUTHORIZED', title: 'Unauthorized', detail: null }] };

test('Basic email:apiToken authenticates; a wrong token, unknown email or no header is a 401', async () => {
  const me = await call(h.sim, basic(MEMBER), '/wiki/rest/api/user/current');
  expect(me.body).toMatchObject({ accountId: MEMBER.accountId, accountType: 'atlassian', email: MEMBER.email });
  for (const auth of [basic({ ...MEMBER, apiToken: 'nope' }), basic({ email: 'nobody@example.com', apiToken: 'x' }), null, 'Digest abc']) {
    const res = await call(h.sim, auth, '/wiki/api/v2/spaces');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(v2Unauthorized);
  }
  const v1 = await call(h.sim, null, '/wiki/rest/api/settings/systemInfo');
  expect(v1.status).toBe(401);
  expect(v1.body).toMatchObject({ statusCode: 401, data: { authorized: false } });
});

test('app and user Bearer tokens; revoked and expired tokens are 401', async () => {
  const me = await call(h.sim, bearer(h.appToken), '/wiki/rest/api/user/current');
  expect(me.body).toMatchObject({ accountId: h.sim.appAccountId, accountType: 'app' });
  const user = h.sim.control.issueToken({ kind: 'user', accountId: MEMBER.accountId, expiresAt: h.clock.now() + 60_000 });
  expect(user).toMatchObject({ accountId: MEMBER.accountId, expiresAt: h.clock.now() + 60_000 });
  expect((await call(h.sim, bearer(user.token), '/wiki/rest/api/user/current')).body.accountId).toBe(MEMBER.accountId);
  h.clock.advance(60_000);
  expect((await call(h.sim, bearer(user.token), '/wiki/api/v2/spaces')).status).toBe(401);
  expect(h.sim.control.revokeToken({ token: h.appToken })).toBe(1);
  expect((await call(h.sim, bearer(h.appToken), '/wiki/api/v2/spaces')).status).toBe(401);
  expect((await call(h.sim, bearer('made-up'), '/wiki/api/v2/spaces')).status).toBe(401);
});

test('credentials of an account stop working at a set time', async () => {
  h.sim.control.expireCredentials(MEMBER.accountId, h.clock.now() + 1000);
  expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/spaces')).status).toBe(200);
  h.clock.advance(1000);
  expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/spaces')).status).toBe(401);
  expect((await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces')).status).toBe(200);
  h.sim.control.expireCredentials(MEMBER.accountId, null);
  expect((await call(h.sim, basic(MEMBER), '/wiki/api/v2/spaces')).status).toBe(200);
});

test('scoped tokens work only under /ex/confluence/{cloudId}/wiki and only within their scopes', async () => {
  const scoped = h.sim.control.issueToken({ kind: 'scoped', accountId: MEMBER.accountId, scopes: ['read:page:confluence'] });
  const auth = basic({ email: MEMBER.email, apiToken: scoped.token });
  const ex = `/ex/confluence/${h.sim.cloudId}`;
  expect((await call(h.sim, auth, `${ex}/wiki/api/v2/pages`)).status).toBe(200);
  const noScope = await call(h.sim, auth, `${ex}/wiki/api/v2/spaces`);
  expect(noScope.status).toBe(401);
  expect(noScope.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
  expect((await call(h.sim, auth, '/wiki/api/v2/pages')).status).toBe(401);
  // An unscoped API token does not work through the gateway.
  expect((await call(h.sim, basic(MEMBER), `${ex}/wiki/api/v2/pages`)).status).toBe(401);
  expect((await call(h.sim, auth, '/ex/confluence/another-cloud/wiki/api/v2/pages')).status).toBe(404);
});

test('control validates token requests', () => {
  expect(() => h.sim.control.issueToken({ kind: 'user', accountId: 'ghost' })).toThrow(/Unknown accountId/);
  expect(() => h.sim.control.issueToken({ kind: 'scoped', accountId: MEMBER.accountId, scopes: [] })).toThrow(/scope/);
});
