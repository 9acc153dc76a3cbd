/** The change feed: each page change emits the Forge product event with Cloud's payload shape. */
import type { ProductEvent } from '../../../sandbox/confluence';
import { startFixture, call, basic, bearer, idOf, type Harness } from './helpers';
import { ADMIN, MEMBER } from './fixture';

let h: Harness;
let events: ProductEvent[];
let stop: () => void;
beforeEach(async () => {
  h = await startFixture();
  events = [];
  stop = h.sim.subscribe((e) => events.push(e));
});
afterEach(async () => {
  stop();
  await h.sim.close();
});

const settle = () => new Promise((r) => setImmediate(r));

test('create, update, move, archive, trash, restore and purge each emit their event', async () => {
  const c = h.sim.control;
  const page = c.createPage({ as: MEMBER.accountId, spaceKey: 'ENG', title: 'Eventful', body: '<p>1</p>' });
  c.updatePage(page.id, { as: ADMIN.accountId, body: '<p>2</p>' });
  c.movePage(page.id, { parentId: idOf(h.sim, 'Architecture overview') });
  c.archivePage(page.id);
  c.restorePage(page.id);
  c.trashPage(page.id);
  c.restorePage(page.id);
  c.purgePage(page.id, { as: ADMIN.accountId });
  await settle();
  expect(events.map((e) => e.eventType)).toEqual([
    'avi:confluence:created:page',
    'avi:confluence:updated:page',
    'avi:confluence:moved:page',
    'avi:confluence:archived:page',
    'avi:confluence:restored:page',
    'avi:confluence:trashed:page',
    'avi:confluence:restored:page',
    'avi:confluence:trashed:page',
    'avi:confluence:deleted:page',
  ]);
  expect(c.events().length).toBe(9);
});

test('payload shape follows the Forge docs', async () => {
  const page = h.sim.control.createPage({ as: MEMBER.accountId, spaceKey: 'ENG', title: 'Shape', body: '<p>x</p>' });
  await settle();
  const [created] = events;
  expect(created).toEqual({
    eventType: 'avi:confluence:created:page',
    atlassianId: MEMBER.accountId,
    eventCreatedDate: '2026-03-01T09:00:00.000Z',
    suppressNotifications: false,
    content: {
      id: page.id,
      type: 'page',
      status: 'current',
      title: 'Shape',
      space: { id: Number(page.spaceId), key: 'ENG', alias: 'ENG', name: 'Engineering', type: 'global', status: 'current', icon: expect.objectContaining({ path: expect.any(String) }) },
      history: { latest: true, createdBy: expect.objectContaining({ accountId: MEMBER.accountId, accountType: 'atlassian', type: 'known' }), ownedBy: expect.objectContaining({ accountId: MEMBER.accountId }), createdDate: '2026-03-01T09:00:00.000Z' },
      version: { by: expect.objectContaining({ accountId: MEMBER.accountId }), when: '2026-03-01T09:00:00.000Z', number: 1 },
    },
  });
});

test('a move carries prevContent; an update carries updateTrigger; REST writes emit too', async () => {
  const id = idOf(h.sim, 'Ingest runbook');
  const res = await call(h.sim, bearer(h.appToken), `/wiki/api/v2/pages/${id}`, {
    method: 'PUT',
    body: { id, status: 'current', title: 'Ingest runbook', parentId: idOf(h.sim, 'Engineering home'), body: { representation: 'storage', value: '<p>y</p>' }, version: { number: 2 } },
  });
  expect(res.status).toBe(200);
  await settle();
  const [updated, moved] = events;
  expect(updated.eventType).toBe('avi:confluence:updated:page');
  expect(updated.updateTrigger).toBe('edit_page');
  expect(updated.atlassianId).toBe(h.sim.appAccountId);
  expect(updated.content.version.by.accountType).toBe('app');
  expect(moved.eventType).toBe('avi:confluence:moved:page');
  expect(moved.prevContent?.id).toBe(id);
  await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, { method: 'DELETE' });
  await settle();
  expect(events[2]).toMatchObject({ eventType: 'avi:confluence:trashed:page', content: { status: 'trashed' } });
});

test('a throwing subscriber does not stop others', async () => {
  const other: string[] = [];
  h.sim.subscribe(() => {
    throw new Error('boom');
  });
  h.sim.subscribe((e) => other.push(e.eventType));
  h.sim.control.createPage({ spaceKey: 'ENG', title: 'Still fine', body: '' });
  await settle();
  expect(other).toEqual(['avi:confluence:created:page']);
});
