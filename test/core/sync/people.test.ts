import { ConfluenceClient, getUsersByAccountIds } from '../../../src/core/confluence';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { PEOPLE_KEY_PREFIX, PeopleDirectory, type PeopleDirectoryDeps } from '../../../src/core/sync';
import { FakeTransport, type RecordedRequest } from '../confluence/fake-transport';
import { ManualClock } from './harness';

const DAY = 86_400_000;

/** A site whose `user/bulk` answers from `people`; the test renames people or makes the call fail. */
function site(people: Record<string, string>) {
  const state = { people: { ...people }, failWith: undefined as number | undefined };
  const transport = new FakeTransport((req: RecordedRequest) => {
    const url = new URL(req.path, 'https://site.example');
    if (url.pathname !== '/wiki/rest/api/user/bulk') return { status: 404, body: {} };
    if (state.failWith) return { status: state.failWith, body: { message: 'no' } };
    const ids = url.searchParams.getAll('accountId').flatMap((v) => v.split(','));
    const results = ids.filter((id) => state.people[id]).map((id) => ({ type: 'known', accountId: id, displayName: state.people[id], publicName: state.people[id] }));
    return { status: 200, body: { results, start: 0, limit: ids.length, size: results.length, _links: {} } };
  });
  const client = ConfluenceClient.create(transport, 'app', { policy: { maxAttempts: 1 }, sleep: async () => undefined });
  const bulkRequests = () => transport.requests.map((r) => new URL(r.path, 'https://site.example'));
  return { state, transport, client, bulkRequests };
}

function directory(s: ReturnType<typeof site>, store: MemoryKeyValueStore, clock: ManualClock, extra: Partial<PeopleDirectoryDeps> = {}) {
  return new PeopleDirectory({ store, clock, lookup: (ids) => getUsersByAccountIds(s.client, ids), ...extra });
}

const ADA = '712020:0a1d7c3e-5b2f-4d11-9a6e-ad0000000001';
const MAX = '712020:4d3c2b1a-7e6f-4a5b-8c9d-e00000000002';
const GONE = '712020:dead0000-0000-4000-8000-000000000000';

describe('PeopleDirectory', () => {
  it('asks Confluence once for unknown ids, then answers from memory and from the store', async () => {
    const s = site({ [ADA]: 'Ada Lovelace', [MAX]: 'Max Member' });
    const store = new MemoryKeyValueStore();
    const clock = new ManualClock();
    const people = directory(s, store, clock);
    expect(await people.displayNames([ADA, MAX, GONE, ADA])).toEqual(new Map([[ADA, 'Ada Lovelace'], [MAX, 'Max Member']]));
    expect(s.transport.requests).toHaveLength(1);
    expect(s.bulkRequests()[0].searchParams.get('accountId')).toBe([ADA, MAX, GONE].join(','));
    expect(s.bulkRequests()[0].searchParams.get('limit')).toBe('3');
    expect(await people.displayNames([MAX, GONE])).toEqual(new Map([[MAX, 'Max Member']]));
    // A later invocation (a new directory over the same store) asks nothing either; the unknown account is remembered.
    const later = directory(s, store, clock);
    expect(await later.displayNames([ADA, GONE])).toEqual(new Map([[ADA, 'Ada Lovelace']]));
    expect(s.transport.requests).toHaveLength(1);
    expect(await store.get(PEOPLE_KEY_PREFIX + ADA)).toEqual({ name: 'Ada Lovelace', at: clock.now() });
  });

  it('asks again after the names age out, so a renamed person reads right; unknown accounts sooner', async () => {
    const s = site({ [ADA]: 'Ada Lovelace' });
    const store = new MemoryKeyValueStore();
    const clock = new ManualClock();
    await directory(s, store, clock).displayNames([ADA, GONE]);
    s.state.people[ADA] = 'Ada King';
    s.state.people[GONE] = 'Back Again';
    clock.t += 2 * DAY;
    expect(await directory(s, store, clock).displayNames([ADA, GONE])).toEqual(new Map([[ADA, 'Ada Lovelace'], [GONE, 'Back Again']]));
    expect(s.bulkRequests()[1].searchParams.get('accountId')).toBe(GONE);
    clock.t += 6 * DAY;
    expect(await directory(s, store, clock).displayNames([ADA, GONE])).toEqual(new Map([[ADA, 'Ada King'], [GONE, 'Back Again']]));
    expect(s.bulkRequests()[2].searchParams.get('accountId')).toBe(ADA);
    expect(s.transport.requests).toHaveLength(3);
  });

  it('never fails on a lookup failure: stale names where cached, else nothing (mentions read as ids)', async () => {
    const s = site({ [ADA]: 'Ada Lovelace', [MAX]: 'Max Member' });
    const store = new MemoryKeyValueStore();
    const clock = new ManualClock();
    await directory(s, store, clock).displayNames([ADA]);
    clock.t += 8 * DAY;
    s.state.failWith = 403;
    const failures: unknown[] = [];
    const people = directory(s, store, clock, { onLookupFailed: (e) => failures.push(e) });
    expect(await people.displayNames([ADA, MAX])).toEqual(new Map([[ADA, 'Ada Lovelace']]));
    expect(failures).toHaveLength(1);
    // The rest of this invocation does not keep asking a failing Confluence.
    expect(await people.displayNames([MAX])).toEqual(new Map());
    expect(s.transport.requests).toHaveLength(2);
    // The next invocation tries again, and the failure was not cached as "no such account".
    s.state.failWith = undefined;
    expect(await directory(s, store, clock).displayNames([MAX])).toEqual(new Map([[MAX, 'Max Member']]));
  });

  it('survives a failing store: names still come from Confluence', async () => {
    const s = site({ [ADA]: 'Ada Lovelace' });
    const store = new MemoryKeyValueStore();
    store.getMany = async () => {
      throw new Error('KVS unavailable');
    };
    store.setMany = async () => {
      throw new Error('KVS unavailable');
    };
    expect(await directory(s, store, new ManualClock()).displayNames([ADA])).toEqual(new Map([[ADA, 'Ada Lovelace']]));
  });

  it('batches 100 ids a request, never sends ids that are not account ids, and bounds one call', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `557058:person-${i}`);
    const s = site(Object.fromEntries(many.map((id, i) => [id, `Person ${i}`])));
    const people = directory(s, new MemoryKeyValueStore(), new ManualClock());
    const names = await people.displayNames([...many, '"><script>', 'a/../b', '']);
    expect(names.size).toBe(250);
    expect(names.get('557058:person-249')).toBe('Person 249');
    expect(s.bulkRequests().map((u) => u.searchParams.get('accountId')!.split(',').length)).toEqual([100, 100, 50]);
    expect(s.transport.requests.every((r) => !r.path.includes('script') && !r.path.includes('..'))).toBe(true);

    const capped = site(Object.fromEntries(many.map((id, i) => [id, `Person ${i}`])));
    const bounded = directory(capped, new MemoryKeyValueStore(), new ManualClock(), { settings: { maxLookupsPerCall: 120 } });
    expect((await bounded.displayNames(many)).size).toBe(120);
    expect(capped.transport.requests).toHaveLength(2);
  });

  it('asks nothing for no ids', async () => {
    const s = site({});
    expect(await directory(s, new MemoryKeyValueStore(), new ManualClock()).displayNames([])).toEqual(new Map());
    expect(s.transport.requests).toHaveLength(0);
  });
});
