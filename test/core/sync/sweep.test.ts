import { SourceService } from '../../../src/core/sync';
import { runJob } from '../../../src/core/jobs';
import { setup } from './harness';

/**
 * A page event names one page; a restriction or a move carries its descendants along. When the page leaves the
 * index (or its space), its old space is swept: every page the index holds there is read again, and those gone
 * leave, without waiting for the hourly reconcile. A space archived while its crawl ran is dropped as it ends.
 */
async function synced() {
  const h = setup();
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
  h.site.addSpace({ id: '20', key: 'OPS', name: 'Operations', type: 'global', status: 'current' });
  h.site.put({ id: '100', spaceId: '10', title: 'Parent', body: '<p>parent</p>' });
  for (let i = 1; i <= 4; i++) h.site.put({ id: String(100 + i), spaceId: '10', parentId: '100', title: `Child ${i}`, body: `<p>child ${i}</p>` });
  h.site.put({ id: '200', spaceId: '10', title: 'Elsewhere', body: '<p>stays</p>' });
  h.site.put({ id: '300', spaceId: '20', title: 'Ops page', body: '<p>ops</p>' });
  const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  const service = new SourceService(h.ctx);
  await service.selectSpaces(library.id, ['10', '20'], 'admin');
  await h.drain({ advance: true });
  return { ...h, library, service };
}

it('a page the app may no longer read takes its descendants out with it, through a sweep of its space', async () => {
  const h = await synced();
  const index = h.index(h.library.id);
  expect(index.pages.size).toBe(7);
  // Restricted away from the app: Confluence no longer returns the parent nor its children to it.
  for (const id of ['100', '101', '102', '103', '104']) h.site.pages.delete(id);
  await runJob(h.ctx, { type: 'index-pages', libraryId: h.library.id, pageIds: ['100'] });
  expect(index.pages.has('100')).toBe(false);
  const sweeps = h.queue.pushed.filter((j) => j.type === 'sweep-space');
  expect(sweeps).toEqual([{ type: 'sweep-space', libraryId: h.library.id, spaceKey: 'ENG', slot: expect.any(Number) }]);
  await h.drain({ advance: true });
  expect([...index.pages.keys()].sort()).toEqual(['200', '300']);
  // The sweep's own jobs sweep nothing further.
  expect(h.queue.pushed.filter((j) => j.type === 'sweep-space')).toHaveLength(1);
});

it('an edit sweeps nothing; a page moved to another followed space sweeps its old one', async () => {
  const h = await synced();
  h.site.put({ id: '200', spaceId: '10', title: 'Elsewhere', body: '<p>edited</p>' });
  await runJob(h.ctx, { type: 'index-pages', libraryId: h.library.id, pageIds: ['200'] });
  expect(h.queue.pushed.filter((j) => j.type === 'sweep-space')).toEqual([]);
  h.site.put({ id: '100', spaceId: '20', title: 'Parent', body: '<p>parent</p>' });
  await runJob(h.ctx, { type: 'index-pages', libraryId: h.library.id, pageIds: ['100'] });
  expect(h.queue.pushed.filter((j) => j.type === 'sweep-space').map((j) => (j as { spaceKey: string }).spaceKey)).toEqual(['ENG']);
});

it('a space archived while its crawl ran leaves the index when the crawl ends', async () => {
  const h = setup();
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
  for (let i = 1; i <= 300; i++) h.site.put({ id: String(1000 + i), spaceId: '10', title: `Page ${i}`, body: `<p>page ${i}</p>` });
  const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  await new SourceService(h.ctx).selectSpaces(library.id, ['10'], 'admin');
  await h.drain({ max: 1 });
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'archived' });
  await h.drain({ advance: true });
  expect(h.index(library.id).pages.size).toBe(0);
  const status = await new SourceService(h.ctx).status(library.id);
  expect(status.spaces[0]).toMatchObject({ phase: 'paused', lastError: { message: expect.stringMatching(/Archived/) } });
});
