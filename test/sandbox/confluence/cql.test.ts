/** CQL: parser, evaluator, site time zone at minute granularity (incl. a DST change), index lag, paging. */
import { compile, CqlError, tokenize } from '../../../sandbox/confluence/cql';
import type { IndexEntry } from '../../../sandbox/confluence/search-index';
import { localToEpoch } from '../../../sandbox/confluence/timezone';
import { startFixture, call, basic, bearer, idOf, type Harness } from './helpers';
import { ADMIN, MEMBER } from './fixture';

const entry = (over: Partial<IndexEntry> = {}): IndexEntry => ({
  id: '100',
  spaceId: '1',
  spaceKey: 'ENG',
  title: 'Deploy runbook',
  body: '<p>Restart the ingest pods</p>',
  labels: ['ops'],
  ancestorIds: ['7', '8'],
  parentId: '8',
  status: 'current',
  createdAt: Date.parse('2026-01-01T00:00:00Z'),
  modifiedAt: Date.parse('2026-03-01T09:00:30Z'),
  version: 2,
  ...over,
});

describe('parser and evaluator', () => {
  const m = (cql: string, e = entry(), zone = 'UTC'): boolean => compile(cql, zone).match(e) !== undefined;

  test('fields, operators and boolean structure', () => {
    expect(m('type = page and space = ENG')).toBe(true);
    expect(m('type = blogpost')).toBe(false);
    expect(m('space in (KB, "ENG")')).toBe(true);
    expect(m('space not in (ENG)')).toBe(false);
    expect(m('id in (99, 100)')).toBe(true);
    expect(m('ancestor = 7 and parent = 8')).toBe(true);
    expect(m('title ~ "runbook"')).toBe(true);
    expect(m('title ~ "run*"')).toBe(true);
    expect(m('text ~ "ingest pods"')).toBe(true);
    expect(m('text ~ "\\"pods ingest\\""')).toBe(false);
    expect(m('siteSearch ~ "restart"')).toBe(true);
    expect(m('label = ops')).toBe(true);
    expect(m('space = KB or (title ~ deploy and not label = secret)')).toBe(true);
    expect(m('space = ENG not title ~ deploy')).toBe(false);
    expect(m('TYPE = page AND SPACE = ENG ORDER BY lastmodified DESC')).toBe(true);
  });

  test('dates are minute-granular in the given zone', () => {
    // modifiedAt 09:00:30Z truncates to 09:00; "> 09:00" therefore misses it: the trap peers fell into.
    expect(m('lastmodified > "2026-03-01 09:00"')).toBe(false);
    expect(m('lastmodified >= "2026-03-01 09:00"')).toBe(true);
    expect(m('lastmodified = "2026/03/01 09:00"')).toBe(true);
    expect(m('lastmodified < "2026-03-02"')).toBe(true);
    // 09:00Z is 22:00 in Auckland (UTC+13 in March).
    expect(m('lastmodified >= "2026-03-01 22:00"', entry(), 'Pacific/Auckland')).toBe(true);
    expect(m('lastmodified >= "2026-03-01 22:01"', entry(), 'Pacific/Auckland')).toBe(false);
    expect(m('created <= "2026-01-01"')).toBe(true);
  });

  test('local times across Auckland DST end map to different offsets', () => {
    // DST ends 2026-04-05 03:00 NZDT -> 02:00 NZST.
    expect(new Date(localToEpoch('Pacific/Auckland', 2026, 4, 5, 1, 0)).toISOString()).toBe('2026-04-04T12:00:00.000Z');
    expect(new Date(localToEpoch('Pacific/Auckland', 2026, 4, 5, 4, 0)).toISOString()).toBe('2026-04-04T16:00:00.000Z');
    // 02:30 happens twice that night: the earlier instant wins, as in java.time.
    expect(new Date(localToEpoch('Pacific/Auckland', 2026, 4, 5, 2, 30)).toISOString()).toBe('2026-04-04T13:30:00.000Z');
    // 02:30 on 27 September does not exist (clocks jump to 03:00): shifted forward by the gap.
    expect(new Date(localToEpoch('Pacific/Auckland', 2026, 9, 27, 2, 30)).toISOString()).toBe('2026-09-26T14:30:00.000Z');
  });

  test('order by parses; malformed queries are CqlErrors', () => {
    expect(compile('space = ENG order by lastmodified desc, title', 'UTC').orderBy).toEqual([
      { field: 'lastmodified', dir: 'desc' },
      { field: 'title', dir: 'asc' },
    ]);
    for (const bad of ['', 'type =', 'type = = page', 'space in (ENG', '(space = ENG', 'colour = red', 'text = x', 'lastmodified > "yesterday"', 'id = abc', 'title ~ "open', 'space = ENG order lastmodified', 'space = ENG order by colour', 'space = ENG )']) {
      expect(() => compile(bad, 'UTC')).toThrow(CqlError);
    }
    expect(tokenize('a != "b c"').map((t) => t.type)).toEqual(['word', 'op', 'string', 'eof']);
  });
});

describe('over HTTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startFixture(5000);
  });
  afterEach(() => h.sim.close());

  const search = (auth: string, cql: string, extra = '') => call(h.sim, auth, `/wiki/rest/api/content/search?cql=${encodeURIComponent(cql)}${extra}`);
  const ids = (body: { results: Array<{ id: string }> }): string[] => body.results.map((r) => r.id);

  test('a change is searchable only after the index lag; trashed pages never appear', async () => {
    const page = h.sim.control.createPage({ as: MEMBER.accountId, spaceKey: 'ENG', title: 'Zebra protocol', body: '<p>stripes</p>' });
    expect(ids((await search(basic(MEMBER), 'title ~ zebra')).body)).toEqual([]);
    h.clock.advance(4999);
    expect(ids((await search(basic(MEMBER), 'title ~ zebra')).body)).toEqual([]);
    h.clock.advance(1);
    expect(ids((await search(basic(MEMBER), 'title ~ zebra')).body)).toEqual([page.id]);
    h.sim.control.trashPage(page.id);
    // Hydrated from live state: gone at once, though the index has not caught up.
    expect(ids((await search(basic(MEMBER), 'title ~ zebra')).body)).toEqual([]);
    expect(ids((await search(basic(ADMIN), 'text ~ "trashed"')).body)).toEqual([]);
  });

  test('an edit keeps the old text searchable until the lag passes', async () => {
    const id = idOf(h.sim, 'Ingest runbook');
    h.sim.control.updatePage(id, { body: '<p>Now about giraffes.</p>' });
    expect(ids((await search(basic(MEMBER), 'text ~ giraffes')).body)).toEqual([]);
    expect(ids((await search(basic(MEMBER), 'text ~ stalls')).body)).toEqual([id]);
    h.sim.control.flushIndex();
    expect(ids((await search(basic(MEMBER), 'text ~ giraffes')).body)).toEqual([id]);
  });

  test('lastmodified literals are read in the site time zone, before and after a DST change', async () => {
    // Move the clock to just before Auckland's DST end, edit, then after it, edit again.
    h.clock.set(Date.parse('2026-04-04T13:30:30Z')); // 02:30:30 NZDT on 5 April
    const a = h.sim.control.createPage({ spaceKey: 'ENG', title: 'Before DST end', body: '<p>a</p>' });
    h.clock.set(Date.parse('2026-04-04T15:30:30Z')); // 03:30:30 NZST
    const b = h.sim.control.createPage({ spaceKey: 'ENG', title: 'After DST end', body: '<p>b</p>' });
    h.sim.control.flushIndex();
    const since = (literal: string) => search(basic(ADMIN), `type = page and lastmodified >= "${literal}" order by lastmodified asc`);
    expect(ids((await since('2026-04-05 02:30')).body)).toEqual([a.id, b.id]);
    expect(ids((await since('2026/04/05 03:30')).body)).toEqual([b.id]);
    // The same local minute in UTC would find nothing: the literal is not UTC.
    h.sim.control.setTimeZone('UTC');
    expect(ids((await since('2026-04-05 02:30')).body)).toEqual([]);
  });

  test('order by lastmodified desc with v1 cursor paging; next is relative to /wiki', async () => {
    const app = bearer(h.appToken);
    const all: string[] = [];
    let next: string | undefined = `/rest/api/content/search?cql=${encodeURIComponent('type = page and space = ENG order by lastmodified desc')}&limit=2&expand=version`;
    while (next) {
      const res = await call(h.sim, app, `/wiki${next}`);
      expect(res.status).toBe(200);
      expect(res.body._links.base).toBe(`${h.sim.url}/wiki`);
      all.push(...ids(res.body));
      next = res.body._links.next;
      if (next) expect(next.startsWith('/rest/api/content/search?')).toBe(true);
    }
    const when = all.map((id) => h.sim.control.page(id)!.modifiedAt);
    expect([...when].sort((x, y) => y - x)).toEqual(when);
    expect(all).toContain(idOf(h.sim, 'Incident timeline'));
    expect(all).not.toContain(idOf(h.sim, 'Archived design'));
    expect(all).not.toContain(idOf(h.sim, 'Draft ideas'));
  });

  test('archived spaces are not searched', async () => {
    expect(ids((await search(bearer(h.appToken), 'title ~ legacy')).body)).toEqual([]);
  });

  test('ancestor finds the whole subtree; body expansion caps limit at 50', async () => {
    const res = await search(basic(ADMIN), `ancestor = ${idOf(h.sim, 'Engineering home')}`, '&limit=500&expand=body.storage');
    expect(res.body.limit).toBe(50);
    expect(ids(res.body).sort()).toEqual(['Architecture overview', 'Ingest runbook', 'Security incident 42', 'Incident timeline', 'Edit-locked policy'].map((t) => idOf(h.sim, t)).sort());
    expect(res.body.results[0].body.storage.representation).toBe('storage');
  });

  test('a title full of CQL metacharacters is found when escaped, and is a 400 when not', async () => {
    const title = 'FAQ: "Connection reset" (ERR_CONN_RESET) AND VPN ~ what to try';
    const page = h.sim.control.createPage({ spaceKey: 'ENG', title, body: '<p>vpn</p>' });
    h.sim.control.flushIndex();
    const escaped = title.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    expect(ids((await search(basic(ADMIN), `title ~ "${escaped}"`)).body)).toEqual([page.id]);
    expect((await search(basic(ADMIN), `title ~ "${title}"`)).status).toBe(400);
  });

  test('malformed CQL is a 400 in the v1 error shape', async () => {
    const res = await search(basic(ADMIN), 'space = ENG and (');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, data: { valid: false, successful: false }, message: expect.stringContaining('Could not parse cql') });
    expect((await call(h.sim, basic(ADMIN), '/wiki/rest/api/content/search')).status).toBe(400);
  });
});
