import {
  ConfluenceClient,
  InvalidInputError,
  MAX_V2_LIMIT,
  NotFoundError,
  endpointFor,
  pageByTitleQuery,
  noticeParagraph,
} from '../../../src/core/confluence';
import { FakeTransport, recordingSleep, type FakeResponse, type RecordedRequest } from './fake-transport';

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
    await expect(c.getPagesByIds(['1', id])).rejects.toBeInstanceOf(InvalidInputError);
    expect(transport.requests).toHaveLength(0);
  });

  it('rejects a non-string id passed through a cast', async () => {
    const { c } = client(() => ({ status: 200, body: {} }));
    await expect(c.getPage(42 as unknown as string)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('encodes every query value: space keys, cursors and CQL', async () => {
    const { transport, c } = client(() => ({ status: 200, body: { results: [] } }));
    await c.listSpaces({ keys: ['A&B=C', 'ÜN'], cursor: 'a+b/c==', limit: 10 });
    const path = transport.requests[0]?.path ?? '';
    expect(path).toBe('/wiki/api/v2/spaces?keys=A%26B%3DC,%C3%9CN&cursor=a%2Bb%2Fc%3D%3D&limit=10');
    expect(query(path).get('cursor')).toBe('a+b/c==');

    const cql = pageByTitleQuery('ENG', 'Librarian status');
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
    await expect(c.listPagesInSpaces(['9'], { cursor: '' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('pages', () => {
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

  it('creates pages', async () => {
    const { transport, c } = client(() => ({ status: 200, body: page('100') }));
    const created = await c.createPage({ spaceId: '9', title: 'Librarian status', storage: '<p>ok</p>', parentId: '3' });
    expect(created.id).toBe('100');
    expect(transport.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /wiki/api/v2/pages']);
    expect(transport.requests[0]?.body).toEqual({
      spaceId: '9',
      status: 'current',
      title: 'Librarian status',
      parentId: '3',
      body: { representation: 'storage', value: '<p>ok</p>' },
    });
  });

});

describe('site, user and permissions', () => {
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
    await c.getCurrentUser();
    await c.listSpaces();
    await c.listPagesInSpaces(['1']);
    await c.getPagesByIds(['1']);
    await c.getPage('1');
    await c.createPage({ spaceId: '1', title: 't', storage: '' });
    await c.searchContent(pageByTitleQuery('A', 'Librarian status'));
    await c.createFooterComment('1', '<p/>');
    const names = transport.requests.map((r) => endpointFor(r.method, r.path)?.name);
    expect(names).toEqual(['getCurrentUser', 'listSpaces', 'listPages', 'listPages', 'getPage', 'createPage', 'searchContent', 'createFooterComment']);
  });
});
