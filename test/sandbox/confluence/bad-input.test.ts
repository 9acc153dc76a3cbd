/** Bad input gets Cloud's status and error shape, and leaves the simulator running with its state intact. */
import { startSimulator } from '../../../sandbox/confluence';
import { SteppedClock } from '../../../sandbox/clock';
import { fixtureSeed, ADMIN } from './fixture';
import { call, basic, idOf } from './helpers';

test('each kind of bad input is answered and nothing breaks', async () => {
  const sim = await startSimulator({ seed: fixtureSeed(), clock: new SteppedClock(), maxBodyBytes: 64 * 1024 });
  try {
    const auth = basic(ADMIN);
    const before = sim.control.pages().map((p) => `${p.id}:${p.version}:${p.status}`);
    const id = idOf(sim, 'Ingest runbook');
    const v2Error = (status: number) => ({ errors: [expect.objectContaining({ status, code: expect.any(String), title: expect.any(String) })] });

    const cases: Array<[string, Promise<{ status: number; body: unknown }>, number]> = [
      ['malformed CQL', call(sim, auth, `/wiki/rest/api/content/search?cql=${encodeURIComponent('title ~ "unterminated')}`), 400],
      ['unknown body-format', call(sim, auth, `/wiki/api/v2/pages?body-format=wiki`), 400],
      ['unknown body-format on one page', call(sim, auth, `/wiki/api/v2/pages/${id}?body-format=markdown`), 400],
      ['non-numeric id', call(sim, auth, '/wiki/api/v2/pages/abc'), 400],
      ['malformed escape in an id', call(sim, auth, '/wiki/api/v2/pages/%E0%A4%A'), 400],
      ['non-numeric id in a list', call(sim, auth, '/wiki/api/v2/pages?id=1,x'), 400],
      ['over 250 ids', call(sim, auth, `/wiki/api/v2/pages?id=${Array.from({ length: 251 }, (_, i) => i + 1).join(',')}`), 400],
      ['bad cursor', call(sim, auth, '/wiki/api/v2/pages?cursor=%%%not-a-cursor'), 400],
      ['bad v1 cursor', call(sim, auth, '/wiki/rest/api/content/search?cql=type%3Dpage&cursor=zzz'), 400],
      ['bad limit', call(sim, auth, '/wiki/api/v2/pages?limit=ten'), 400],
      ['bad status', call(sim, auth, '/wiki/api/v2/pages?status=gone'), 400],
      ['bad sort', call(sim, auth, '/wiki/api/v2/pages?sort=colour'), 400],
      ['unknown page', call(sim, auth, '/wiki/api/v2/pages/999999999'), 404],
      ['unknown route', call(sim, auth, '/wiki/api/v2/whiteboards/1'), 404],
      ['wrong method', call(sim, auth, '/wiki/api/v2/spaces', { method: 'DELETE' }), 405],
      ['invalid JSON', call(sim, auth, `/wiki/api/v2/pages/${id}`, { method: 'PUT', rawBody: '{"id": ' }), 400],
      ['missing fields', call(sim, auth, `/wiki/api/v2/pages/${id}`, { method: 'PUT', body: { id } }), 400],
      ['oversized body', call(sim, auth, '/wiki/api/v2/pages', { method: 'POST', body: { spaceId: '1', title: 'big', body: { representation: 'storage', value: 'x'.repeat(200_000) } } }), 413],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      expect({ name, status: res.status }).toEqual({ name, status });
      if (name.includes('CQL') || name.includes('v1')) expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String) });
      else expect(res.body).toEqual(v2Error(status));
    }
    expect(sim.control.pages().map((p) => `${p.id}:${p.version}:${p.status}`)).toEqual(before);
    expect((await call(sim, auth, `/wiki/api/v2/pages/${id}`)).status).toBe(200);
  } finally {
    await sim.close();
  }
});
