import {
  BadResponseError,
  ConfluenceHttp,
  cursorOf,
  fetchResultPage,
  iterateResultPages,
  iterateResults,
  nextFromLinkHeader,
  resolveNextLink,
} from '../../../src/core/confluence';
import { FakeTransport, recordingSleep } from './fake-transport';

function http(transport: FakeTransport) {
  return new ConfluenceHttp(transport, { sleep: recordingSleep().sleep, random: () => 0 });
}

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('next links', () => {
  it('parses rel="next" from a Link header among other relations', () => {
    expect(nextFromLinkHeader('</wiki/api/v2/pages?cursor=b>; rel="prev", </wiki/api/v2/pages?cursor=c&limit=2>; rel="next"')).toBe(
      '/wiki/api/v2/pages?cursor=c&limit=2',
    );
    expect(nextFromLinkHeader('</wiki/api/v2/pages?cursor=c>; rel=next')).toBe('/wiki/api/v2/pages?cursor=c');
    expect(nextFromLinkHeader('</wiki/api/v2/pages?cursor=c>; rel="prev"')).toBeUndefined();
    expect(nextFromLinkHeader(null)).toBeUndefined();
  });

  it('joins v2 links relative to /wiki and v1 links starting /rest/api onto /wiki', () => {
    expect(resolveNextLink('/api/v2/pages?cursor=x')).toBe('/wiki/api/v2/pages?cursor=x');
    expect(resolveNextLink('/wiki/api/v2/pages?cursor=x')).toBe('/wiki/api/v2/pages?cursor=x');
    expect(resolveNextLink('/rest/api/content/search?cql=type%3Dpage&cursor=y')).toBe(
      '/wiki/rest/api/content/search?cql=type%3Dpage&cursor=y',
    );
  });

  it('keeps only path and query of an absolute link: the transport owns the host', () => {
    expect(resolveNextLink('https://evil.example/wiki/api/v2/pages?cursor=x')).toBe('/wiki/api/v2/pages?cursor=x');
  });

  it.each(['/wiki/../admin', '/wiki/api/v2/../../x', '/wiki/plugins/servlet/x', '/api/v2/%2e%2e/x', '//evil.example/x'])(
    'refuses a next link outside the REST roots: %s',
    (link) => {
      expect(() => resolveNextLink(link)).toThrow(BadResponseError);
    },
  );

  it('extracts the cursor', () => {
    expect(cursorOf('/wiki/api/v2/pages?space-id=1&cursor=abc%3D%3D&limit=250')).toBe('abc==');
    expect(cursorOf('/wiki/api/v2/pages?limit=250')).toBeUndefined();
  });
});

describe('v2 pagination', () => {
  it('follows _links.next (relative to /wiki) page by page', async () => {
    const transport = new FakeTransport().enqueue(
      { status: 200, body: { results: [{ id: '1' }, { id: '2' }], _links: { next: '/wiki/api/v2/pages?space-id=9&cursor=c2', base: 'https://x.atlassian.net/wiki' } } },
      { status: 200, body: { results: [{ id: '3' }], _links: { base: 'https://x.atlassian.net/wiki' } } },
    );
    const ids = (await all(iterateResults<{ id: string }>(http(transport), 'app', '/wiki/api/v2/pages?space-id=9'))).map((p) => p.id);
    expect(ids).toEqual(['1', '2', '3']);
    expect(transport.requests.map((r) => r.path)).toEqual(['/wiki/api/v2/pages?space-id=9', '/wiki/api/v2/pages?space-id=9&cursor=c2']);
  });

  it('falls back to the Link header when the body has no next link', async () => {
    const transport = new FakeTransport().enqueue(
      { status: 200, headers: { Link: '</wiki/api/v2/spaces?cursor=s2>; rel="next"' }, body: { results: [{ id: 'a' }], _links: {} } },
      { status: 200, body: { results: [{ id: 'b' }] } },
    );
    const pages = await all(iterateResultPages<{ id: string }>(http(transport), 'app', '/wiki/api/v2/spaces'));
    expect(pages.map((p) => p.results.map((r) => r.id))).toEqual([['a'], ['b']]);
    expect(pages[0]?.nextCursor).toBe('s2');
    expect(pages[1]?.nextPath).toBeUndefined();
  });

  it('returns one page with its cursor, and resumes from a stored next path without starting over', async () => {
    const transport = new FakeTransport().enqueue({
      status: 200,
      body: { results: [{ id: '1' }], _links: { next: '/api/v2/pages?space-id=9&cursor=CUR' } },
    });
    const first = await fetchResultPage<{ id: string }>(http(transport), 'app', '/wiki/api/v2/pages?space-id=9');
    expect(first).toEqual({ results: [{ id: '1' }], nextPath: '/wiki/api/v2/pages?space-id=9&cursor=CUR', nextCursor: 'CUR' });

    // a later queue event resumes from the checkpoint
    const later = new FakeTransport().enqueue({ status: 200, body: { results: [{ id: '2' }] } });
    const rest = await all(iterateResults<{ id: string }>(http(later), 'app', first.nextPath as string));
    expect(rest).toEqual([{ id: '2' }]);
    expect(later.requests.map((r) => r.path)).toEqual(['/wiki/api/v2/pages?space-id=9&cursor=CUR']);
  });

  it('throws rather than loop when a cursor does not advance', async () => {
    const same = { status: 200, body: { results: [{ id: '1' }], _links: { next: '/wiki/api/v2/pages?cursor=same' } } };
    const transport = new FakeTransport().enqueue(same, same, same);
    await expect(all(iterateResults(http(transport), 'app', '/wiki/api/v2/pages?cursor=same'))).rejects.toBeInstanceOf(BadResponseError);
  });

  it('surfaces a failure mid-enumeration instead of ending quietly (a prune must not run on a partial list)', async () => {
    const transport = new FakeTransport().enqueue(
      { status: 200, body: { results: [{ id: '1' }], _links: { next: '/wiki/api/v2/pages?cursor=2' } } },
      { status: 403 },
    );
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const p of iterateResults<{ id: string }>(http(transport), 'app', '/wiki/api/v2/pages')) seen.push(p.id);
      })(),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(seen).toEqual(['1']);
  });

  it('rejects a body without a results array', async () => {
    const transport = new FakeTransport().enqueue({ status: 200, body: { values: [] } });
    await expect(fetchResultPage(http(transport), 'app', '/wiki/api/v2/pages')).rejects.toBeInstanceOf(BadResponseError);
  });
});

describe('v1 pagination', () => {
  it('joins /rest/api next links onto /wiki and keeps the cursor', async () => {
    const transport = new FakeTransport().enqueue(
      {
        status: 200,
        body: {
          results: [{ id: '10' }],
          size: 1,
          _links: {
            base: 'https://x.atlassian.net/wiki',
            context: '/wiki',
            next: '/rest/api/content/search?cql=type%3Dpage&limit=1&cursor=raNDoM',
          },
        },
      },
      { status: 200, body: { results: [{ id: '11' }], size: 1, _links: { base: 'https://x.atlassian.net/wiki' } } },
    );
    const pages = await all(iterateResultPages<{ id: string }>(http(transport), 'app', '/wiki/rest/api/content/search?cql=type%3Dpage&limit=1'));
    expect(pages[0]?.nextCursor).toBe('raNDoM');
    expect(transport.requests[1]?.path).toBe('/wiki/rest/api/content/search?cql=type%3Dpage&limit=1&cursor=raNDoM');
    expect(pages.flatMap((p) => p.results.map((r) => r.id))).toEqual(['10', '11']);
  });

  it('stops after maxPages', async () => {
    const transport = new FakeTransport().enqueue({ status: 200, body: { results: [1], _links: { next: '/rest/api/content/search?cursor=2' } } });
    const pages = await all(iterateResultPages(http(transport), 'app', '/wiki/rest/api/content/search?cql=x', { maxPages: 1 }));
    expect(pages).toHaveLength(1);
    expect(transport.requests).toHaveLength(1);
  });
});
