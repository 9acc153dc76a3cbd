/**
 * The one job runner: jobs report the index inboxes they wrote to and the runner queues their merges; each job's
 * retry options decide what a failure means.
 */
import { JOBS, MERGE_RETRY, QUEUES, SYNC_RETRY, queueOf, runJob } from '../../../src/core/jobs';
import { AppError } from '../../../src/core/errors';
import { SourceService } from '../../../src/core/sync';
import { setup } from '../sync/harness';

async function syncingLibrary(pageCount: number) {
  const h = setup();
  h.site.addSpace({ id: '10', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' });
  for (let i = 1; i <= pageCount; i++) h.site.put({ id: String(1000 + i), spaceId: '10', title: `Page ${i}`, body: `<p>page ${i}</p>`, modifiedAt: h.clock.now() - i * 60_000 });
  const library = await h.ctx.libraries.create({ name: 'Docs' }, 'admin');
  await h.ctx.libraries.connectSource(library.id, { kind: 'app' }, 'admin');
  return { ...h, library, service: new SourceService(h.ctx) };
}

describe('the job registry', () => {
  it('names every job with its queue and retry options: sync jobs on librarian-sync, merges on librarian-merge', () => {
    for (const [name, definition] of Object.entries(JOBS)) expect(definition.name).toBe(name);
    expect(queueOf({ type: 'merge' })).toBe(QUEUES.merge);
    expect(queueOf({ type: 'crawl-spaces' })).toBe(QUEUES.sync);
    expect(JOBS['scan-library'].retry).toBe(SYNC_RETRY);
    expect(JOBS.merge.retry).toBe(MERGE_RETRY);
  });
});

describe('runJob', () => {
  it('queues one merge for a job that wrote to the index, none for one that did not', async () => {
    const h = await syncingLibrary(30);
    await h.service.selectSpaces(h.library.id, ['10'], 'admin');
    await h.drain();
    expect(h.index(h.library.id).pages.size).toBe(30);
    expect(h.queue.merges).toEqual([{ type: 'merge', libraryId: h.library.id }]);
    h.queue.merges.length = 0;
    // Nothing changed since: the scan writes nothing, so it asks for no merge.
    expect(await runJob(h.ctx, { type: 'scan-library', libraryId: h.library.id })).toEqual({ outcome: 'done' });
    expect(h.queue.merges).toEqual([]);
  });

  it('retries a merge that finds another merger at work 30 s later, five times, then gives up', async () => {
    const h = await syncingLibrary(0);
    const index = h.index(h.library.id);
    index.merge = async () => ({ busy: true, more: false });
    const outcomes = [];
    for (let attempt = 0; attempt <= 5; attempt += 1) outcomes.push(await runJob(h.ctx, { type: 'merge', libraryId: h.library.id, attempt }));
    expect(outcomes.slice(0, 5).every((o) => o.outcome === 'requeued' && o.delaySeconds === 30)).toBe(true);
    expect(outcomes[5]).toEqual({ outcome: 'failed', reason: 'Another merge holds the index lease.' });
    expect(h.queue.merges).toHaveLength(5);
  });

  it('queues the next merge when a run stopped with work left, and merges nothing for a deleted Library', async () => {
    const h = await syncingLibrary(0);
    const index = h.index(h.library.id);
    index.merge = async () => ({ busy: false, more: true });
    expect(await runJob(h.ctx, { type: 'merge', libraryId: h.library.id })).toEqual({ outcome: 'done' });
    expect(h.queue.merges).toEqual([{ type: 'merge', libraryId: h.library.id }]);
    await h.ctx.libraries.markDeleting(h.library.id, 'admin');
    index.merge = async () => {
      throw new AppError('unavailable', 'must not run');
    };
    expect(await runJob(h.ctx, { type: 'merge', libraryId: h.library.id })).toEqual({ outcome: 'done' });
  });
});
