import {
  AuthorizationError,
  ConfluenceClient,
  InvalidInputError,
  MAX_V2_LIMIT,
  NotFoundError,
  VersionConflictError,
  changedSinceQuery,
  endpointFor,
  noticeParagraph,
} from '../../src/core/confluence';
import { FakeTransport, recordingSleep, type FakeResponse, type RecordedRequest } from './confluence-fake-transport';

function client(route: (r: RecordedRequest) => FakeResponse | Error, identity: 'app' | 'user' = 'app') {
  const transport = new FakeTransport(route);
  const c = ConfluenceClient.create(transport, identity, { sleep: recordingSleep().sleep, random: () => 0 });
  return { transport, c };
}

const query = (path: string) => new URLSearchParams(path.slice(path.indexOf('?') + 1));
const page = (id: string, extra: Record<string, unknown> = {}) => ({ id, status: 'current', title: `P${id}`, spaceId: '9', ...extra });

describe('ids and path encoding', () => {
  it.each(['', '12a', '../1', '1/2', '1?x=2', ' 1', '-1', '1.5', '１２'])('rejects page id %j before any request', async (id) => {
    const { transport, c } = client(() => ({ status: 200, body: {} }));
    await expect(c.getPage(id)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(c.getPageAncestors(id)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(c.updatePage(id, { title: 't', storage: '', basedOnVersion: 1 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(c.getPagesByIds(['1', id])).rejects.toBeInstanceOf(InvalidInputError);
    expect(transport.requests).toHaveLength(0);
  });

  it('rejects a non-string id passed through a cast', async () => {
    const { c } = client(() => ({ status: 200, body: {} }));
    await expect(c.getSpace(42 as unknown as string)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('encodes every query value: space keys, cursors and CQL', async () => {
    const { transport, c } = client(() => ({ status: 200, body: { results: [] } }));
    await c.listSpaces({ keys: ['A&B=C', 'ÜN'], cursor: 'a+b/c==', limit: 10 });
    const path = transport.requests[0]?.path ?? '';
    expect(path).toBe('/wiki/api/v2/spaces?keys=A%26B%3DC,%C3%9CN&cursor=a%2Bb%2Fc%3D%3D&limit=10');
    expect(query(path).get('cursor')).toBe('a+b/c==');

    const cql = changedSinceQuery({ sinceMs: Date.UTC(2025, 0, 1), overlapMs: 0, timeZone: 'UTC', spaceKeys: ['ENG'] });
    await c.searchContent(cql, { limit: 50 });
    const search = transport.requests[1]?.path ?? '';
    expect(search.startsWith('/wiki/rest/api/content/search?cql=')).toBe(true);
    expect(search).not.toMatch(/[ "]/);
    expect(query(search).get('cql')).toBe(cql);
    expect(query(search).get('expand')).toBe('version,space');
  });

  it('refuses out-of-range limits and empty cursors', async () => {
    const { c } = client(() => ({ status: 200, body: { results: [] } }));
    await expect(c.listSpaces({ limit: 251 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(c.listSpaces({ limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(c.listPagesInSpace('9', { cursor: '' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('pages', () => {
  it('lists a space with bodies, 250 at a time, newest first, and returns the cursor to resume from', async () => {
    const { transport, c } = client(() => ({
      status: 200,
      headers: { Link: '</wiki/api/v2/pages?space-id=9&cursor=NEXT&limit=250>; rel="next"' },
      body: { results: [page('1', { body: { storage: { representation: 'storage', value: '<p>x</p>' } } })], _links: {} },
    }));
    const first = await c.listPagesInSpace('9');
    expect(transport.requests[0]?.path).toBe('/wiki/api/v2/pages?space-id=9&status=current&body-format=storage&sort=-modified-date&limit=250');
    expect(first.results[0]?.body?.storage?.value).toBe('<p>x</p>');
    expect(first.nextCursor).toBe('NEXT');

    await c.listPagesInSpace('9', { cursor: first.nextCursor });
    expect(query(transport.requests[1]?.path ?? '').get('cursor')).toBe('NEXT');
    expect(query(transport.requests[1]?.path ?? '').get('space-id')).toBe('9');
  });

  it('iterates a whole space across pages', async () => {
    const { c } = client((r) =>
      query(r.path).get('cursor') === 'p2'
        ? { status: 200, body: { results: [page('3')] } }
        : { status: 200, body: { results: [page('1'), page('2')], _links: { next: '/wiki/api/v2/pages?space-id=9&cursor=p2' } } },
    );
    const ids: string[] = [];
    for await (const p of c.iteratePagesInSpace('9')) ids.push(...p.results.map((x) => x.id));
    expect(ids).toEqual(['1', '2', '3']);
  });

  it('splits more than 250 ids into requests of 250, deduplicated, as the chosen identity', async () => {
    const { transport, c } = client((r) => {
      const ids = (query(r.path).get('id') ?? '').split(',');
      // pretend the user can read only even ids
      return { status: 200, body: { results: ids.filter((id) => Number(id) % 2 === 0).map((id) => page(id)) } };
    }, 'user');
    const ids = Array.from({ length: 600 }, (_, i) => String(i + 1));
    const readable = await c.getPagesByIds([...ids, '2', '4'], { status: ['current'] });
    expect(transport.requests).toHaveLength(3);
    expect(transport.requests.map((r) => (query(r.path).get('id') ?? '').split(',').length)).toEqual([250, 250, 100]);
    expect(transport.requests.every((r) => r.identity === 'user' && query(r.path).get('limit') === String(MAX_V2_LIMIT))).toBe(true);
    expect(transport.requests[0]?.path).toMatch(/^\/wiki\/api\/v2\/pages\?id=1,2,3,/);
    expect(readable).toHaveLength(300);
    expect(readable.every((p) => Number(p.id) % 2 === 0)).toBe(true);
  });

  it('makes no request for an empty id list', async () => {
    const { transport, c } = client(() => ({ status: 200, body: { results: [] } }));
    expect(await c.getPagesByIds([])).toEqual([]);
    expect(transport.requests).toHaveLength(0);
  });

  it('gets one page with body format, version and status', async () => {
    const { transport, c } = client(() => ({ status: 200, body: page('77', { version: { number: 3 } }) }));
    const p = await c.getPage('77', { bodyFormat: 'storage', version: 2, status: ['current', 'trashed'] });
    expect(p.version?.number).toBe(3);
    expect(transport.requests[0]?.path).toBe('/wiki/api/v2/pages/77?body-format=storage&version=2&status=current,trashed');
  });

  it('maps a purged page to NotFoundError', async () => {
    const { c } = client(() => ({ status: 404, body: { errors: [{ status: 404, title: 'Not Found' }] } }));
    await expect(c.getPage('5')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('updates as basedOnVersion + 1 with the full v2 body', async () => {
    const { transport, c } = client(() => ({ status: 200, body: page('5', { version: { number: 8 } }) }));
    await c.updatePage('5', { title: 'T', storage: '<p>new</p>', basedOnVersion: 7, message: 'Librarian: approved proposal' });
    expect(transport.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/wiki/api/v2/pages/5',
      body: {
        id: '5',
        status: 'current',
        title: 'T',
        body: { representation: 'storage', value: '<p>new</p>' },
        version: { number: 8, message: 'Librarian: approved proposal' },
      },
    });
  });

  it('turns a stale version into VersionConflictError and does not retry it', async () => {
    const { transport, c } = client(() => ({ status: 409, body: { message: 'Version must be incremented on update. Current version is: 9' } }));
    const error = await c.updatePage('5', { title: 'T', storage: '', basedOnVersion: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).cloudMessage).toContain('Current version is: 9');
    expect(transport.requests).toHaveLength(1);
  });

  it('refuses a nonsensical basedOnVersion', async () => {
    const { c } = client(() => ({ status: 200, body: {} }));
    await expect(c.updatePage('5', { title: 'T', storage: '', basedOnVersion: 0 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('creates, trashes and purges pages', async () => {
    const { transport, c } = client((r) => (r.method === 'DELETE' ? { status: 204 } : { status: 200, body: page('100') }));
    const created = await c.createPage({ spaceId: '9', title: 'Librarian status', storage: '<p>ok</p>', parentId: '3' });
    await c.deletePage('100');
    await c.deletePage('100', { purge: true });
    expect(created.id).toBe('100');
    expect(transport.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /wiki/api/v2/pages',
      'DELETE /wiki/api/v2/pages/100',
      'DELETE /wiki/api/v2/pages/100?purge=true',
    ]);
    expect(transport.requests[0]?.body).toEqual({
      spaceId: '9',
      status: 'current',
      title: 'Librarian status',
      parentId: '3',
      body: { representation: 'storage', value: '<p>ok</p>' },
    });
  });

  it('collects ancestors past one answer by asking about the highest', async () => {
    const chain = Array.from({ length: 300 }, (_, i) => ({ id: String(1000 + i), type: 'page' })); // top first
    const { transport, c } = client((r) => {
      const id = r.path.split('/')[5] as string;
      const idx = id === '5' ? chain.length : chain.findIndex((a) => a.id === id);
      const above = chain.slice(0, idx);
      return { status: 200, body: { results: above.slice(-250) } };
    });
    const ancestors = await c.getPageAncestors('5');
    expect(ancestors.map((a) => a.id)).toEqual(chain.map((a) => a.id));
    expect(transport.requests.map((r) => r.path)).toEqual([
      '/wiki/api/v2/pages/5/ancestors?limit=250',
      '/wiki/api/v2/pages/1050/ancestors?limit=250',
    ]);
  });

  it('reads every label across pages', async () => {
    const { c } = client((r) =>
      r.path.includes('cursor=')
        ? { status: 200, body: { results: [{ id: '2', name: 'b' }] } }
        : { status: 200, body: { results: [{ id: '1', name: 'a' }], _links: { next: '/wiki/api/v2/pages/5/labels?cursor=x' } } },
    );
    expect((await c.getLabels('5')).map((l) => l.name)).toEqual(['a', 'b']);
  });
});

describe('site, user and permissions', () => {
  it('takes the site time zone from systemInfo', async () => {
    const { c } = client(() => ({ status: 200, body: { cloudId: 'c', commitHash: 'h', defaultTimeZone: 'Pacific/Auckland' } }));
    await expect(c.getSiteTimeZone()).resolves.toEqual({ timeZone: 'Pacific/Auckland', source: 'site' });
  });

  it("falls back to the identity's time zone, then to the default", async () => {
    const viaUser = client((r) =>
      r.path.endsWith('systemInfo') ? { status: 403 } : { status: 200, body: { type: 'known', accountId: 'a', timeZone: 'America/Los_Angeles' } },
    );
    await expect(viaUser.c.getSiteTimeZone()).resolves.toEqual({ timeZone: 'America/Los_Angeles', source: 'user' });

    const none = client((r) =>
      r.path.endsWith('systemInfo') ? { status: 200, body: { cloudId: 'c', defaultTimeZone: 'Not/AZone' } } : { status: 200, body: { type: 'known', timeZone: null } },
    );
    await expect(none.c.getSiteTimeZone('Europe/Berlin')).resolves.toEqual({ timeZone: 'Europe/Berlin', source: 'default' });
  });

  it('lets a 401 through: a lapsed identity is not papered over with a default zone', async () => {
    const { c } = client(() => ({ status: 401 }));
    await expect(c.getSiteTimeZone()).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('normalises restrictions by operation', async () => {
    const { transport, c } = client(() => ({
      status: 200,
      body: {
        read: {
          operation: 'read',
          restrictions: {
            user: { results: [{ type: 'known', accountId: 'u1' }, { type: 'known', accountId: 'u2' }], size: 2, limit: 200, start: 0 },
            group: { results: [{ type: 'group', name: 'eng', id: 'g1' }], size: 1, limit: 200, start: 0 },
          },
        },
        update: { operation: 'update', restrictions: { user: { results: [], size: 0, limit: 200 }, group: { results: [], size: 0, limit: 200 } } },
        _links: { base: 'https://x.atlassian.net/wiki' },
      },
    }));
    const r = await c.getRestrictionsByOperation('5');
    expect(transport.requests[0]?.path).toBe('/wiki/rest/api/content/5/restriction/byOperation?expand=restrictions.user,restrictions.group');
    expect(r).toEqual({
      read: { userAccountIds: ['u1', 'u2'], groups: [{ id: 'g1', name: 'eng' }], truncated: false },
      update: { userAccountIds: [], groups: [], truncated: false },
    });
  });

  it('flags a restriction list Cloud cut short', async () => {
    const users = Array.from({ length: 2 }, (_, i) => ({ type: 'known', accountId: `u${i}` }));
    const { c } = client(() => ({ status: 200, body: { read: { operation: 'read', restrictions: { user: { results: users, size: 2, limit: 2 } } } } }));
    expect((await c.getRestrictionsByOperation('5')).read.truncated).toBe(true);
  });

  it('uses the asking identity only where told', async () => {
    const { transport, c } = client(() => ({ status: 200, body: { results: [] } }));
    await c.getPagesByIds(['1']);
    await c.as('user').getPagesByIds(['1']);
    expect(transport.requests.map((r) => r.identity)).toEqual(['app', 'user']);
  });
});

describe('reauthorization notice', () => {
  it('posts a footer comment that @-mentions admins in storage format, text escaped', async () => {
    const { transport, c } = client(() => ({ status: 201, body: { id: '900', pageId: '5' } }));
    await c.mentionInComment('5', 'Librarian needs <reconnecting> & you', ['557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', '5b10ac8d82e05b22cc7d4ef5']);
    expect(transport.requests[0]).toMatchObject({ method: 'POST', path: '/wiki/api/v2/footer-comments' });
    expect(transport.requests[0]?.body).toEqual({
      pageId: '5',
      body: {
        representation: 'storage',
        value:
          '<p><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link> ' +
          '<ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> Librarian needs &#60;reconnecting&#62; &#38; you</p>',
      },
    });
  });

  it('refuses account ids that could inject markup', () => {
    expect(() => noticeParagraph('x', ['a" /><script>'])).toThrow(InvalidInputError);
  });
});

describe('every call is in the endpoint table', () => {
  it('maps each request the client makes to an ENDPOINTS entry', async () => {
    const { transport, c } = client((r) => {
      if (r.method === 'DELETE') return { status: 204 };
      if (r.path.includes('systemInfo')) return { status: 200, body: { cloudId: 'c', defaultTimeZone: 'UTC' } };
      if (r.path.includes('restriction')) return { status: 200, body: {} };
      if (r.method === 'GET' && /\/(pages|spaces)\/\d+(\?|$)/.test(r.path)) return { status: 200, body: page('1') };
      if (r.method === 'GET') return { status: 200, body: { results: [], type: 'known' } };
      return { status: 200, body: page('1') };
    });
    await c.getSystemInfo();
    await c.getCurrentUser();
    await c.listSpaces();
    await c.getSpace('1');
    await c.listPagesInSpace('1');
    await c.getPagesByIds(['1']);
    await c.getPage('1');
    await c.getPageAncestors('1');
    await c.getLabels('1');
    await c.createPage({ spaceId: '1', title: 't', storage: '' });
    await c.updatePage('1', { title: 't', storage: '', basedOnVersion: 1 });
    await c.deletePage('1');
    await c.searchContent(changedSinceQuery({ sinceMs: 0, timeZone: 'UTC', spaceKeys: ['A'] }));
    await c.getRestrictionsByOperation('1');
    await c.createFooterComment('1', '<p/>');
    const names = transport.requests.map((r) => endpointFor(r.method, r.path)?.name);
    expect(names).toEqual([
      'getSystemInfo', 'getCurrentUser', 'listSpaces', 'getSpace', 'listPages', 'listPages', 'getPage', 'getPageAncestors',
      'getPageLabels', 'createPage', 'updatePage', 'deletePage', 'searchContent', 'getRestrictionsByOperation', 'createFooterComment',
    ]);
  });
});
