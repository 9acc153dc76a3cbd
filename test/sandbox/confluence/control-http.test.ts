/** The /__sim/ control API over HTTP, and JSON persistence for `npm start`. */
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../sandbox/confluence';
import { SteppedClock } from '../../../sandbox/clock';
import { fixtureSeed, MEMBER, ADMIN } from './fixture';
import { call, basic, bearer } from './helpers';

const post = async (base: string, path: string, body: unknown = {}, method = 'POST') => {
  const res = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

test('seed, act as users, move the clock, set the time zone, issue tokens, read events over HTTP', async () => {
  const sim = await startSimulator({ clock: new SteppedClock('2026-03-01T00:00:00Z') });
  try {
    expect((await post(sim.url, '/__sim/seed', fixtureSeed())).body.pages.current).toBeGreaterThan(0);
    const token = (await post(sim.url, '/__sim/tokens', { kind: 'app' })).body;
    expect(token).toMatchObject({ accountId: sim.appAccountId, expiresAt: null, token: expect.any(String) });
    const created = await post(sim.url, '/__sim/pages', { as: MEMBER.accountId, spaceKey: 'ENG', title: 'Via control', body: '<p>a</p>' });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect((await post(sim.url, `/__sim/pages/${id}`, { as: ADMIN.accountId, body: '<p>b</p>' }, 'PUT')).body.version).toBe(2);
    expect((await post(sim.url, `/__sim/pages/${id}/trash`, {})).body.status).toBe('trashed');
    expect((await post(sim.url, `/__sim/pages/${id}/restore`, {})).body.status).toBe('current');
    expect((await post(sim.url, `/__sim/pages/${id}/restrictions`, { read: [{ type: 'user', accountId: ADMIN.accountId }] }, 'PUT')).status).toBe(200);
    expect((await call(sim, basic(MEMBER), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
    expect((await call(sim, bearer(token.token), `/wiki/api/v2/pages/${id}`)).status).toBe(404);
    expect((await post(sim.url, '/__sim/clock/advance', { ms: 60_000 })).body.now).toBe(Date.parse('2026-03-01T00:01:00Z'));
    expect((await post(sim.url, '/__sim/site', { timeZone: 'Europe/Berlin' }, 'PUT')).body.site.timeZone).toBe('Europe/Berlin');
    expect((await post(sim.url, '/__sim/site', { timeZone: 'Mars/Olympus' }, 'PUT')).status).toBe(400);
    const events = await fetch(`${sim.url}/__sim/events?since=0`).then((r) => r.json());
    expect(events.events.map((e: { eventType: string }) => e.eventType)).toEqual([
      'avi:confluence:created:page',
      'avi:confluence:updated:page',
      'avi:confluence:trashed:page',
      'avi:confluence:restored:page',
      'avi:confluence:permissions_updated:page',
    ]);
    expect(events.next).toBe(5);
    const fault = await post(sim.url, '/__sim/faults', { kind: 'status', status: 500, count: 1 });
    expect(fault.body.id).toMatch(/^fault-/);
    expect((await call(sim, bearer(token.token), '/wiki/api/v2/spaces')).status).toBe(500);
    expect((await post(sim.url, '/__sim/tokens/revoke', { accountId: sim.appAccountId })).body.revoked).toBe(1);
    expect((await post(sim.url, '/__sim/nope', {})).status).toBe(404);
    expect((await post(sim.url, '/__sim/clock/advance', { ms: 'soon' })).status).toBe(400);
  } finally {
    await sim.close();
  }
});

test('clock control needs a SteppedClock', async () => {
  const sim = await startSimulator({ seed: fixtureSeed() });
  try {
    expect((await post(sim.url, '/__sim/clock/advance', { ms: 1 })).status).toBe(409);
  } finally {
    await sim.close();
  }
});

test('a data file keeps the site across restarts', async () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'confsim-')), 'site.json');
  const first = await startSimulator({ seed: fixtureSeed(), dataFile, clock: new SteppedClock() });
  const page = first.control.createPage({ spaceKey: 'ENG', title: 'Persisted', body: '<p>kept</p>' });
  await first.close();
  expect(existsSync(dataFile)).toBe(true);
  const second = await startSimulator({ dataFile, clock: new SteppedClock() });
  try {
    expect(second.control.page(page.id)?.title).toBe('Persisted');
    expect(second.cloudId).toBe('fixture-cloud-id');
  } finally {
    await second.close();
  }
});
