/**
 * The ship job through the one job runner, against the Confluence simulator: a shipped change's findings become
 * Review proposals on the page version the index read (origin "code change"), the rest is listed for a person, a
 * re-run proposes nothing twice, a newer change supersedes older pending proposals on the same nodes, approving
 * changes only the targets, Auto-Accept applies the deterministic edits, and used nonces are pruned.
 */
import { code, doc, h2, mono, p } from '../../../sandbox/confluence/demo/storage';
import { ConfluenceClient } from '../../../src/core/confluence';
import { SearchIndex } from '../../../src/core/index';
import { runJob, type JobContext } from '../../../src/core/jobs';
import { LibraryRepository } from '../../../src/core/library';
import { ProposalStore } from '../../../src/core/review';
import { buildShipChange, type ShipChange } from '../../../src/core/ship';
import { ShipRecords } from '../../../src/core/ship/records';
import { pageDocument } from '../../../src/core/sync';
import { approveProposal } from '../../../src/core/usecases/approve-proposal';
import type { ReviewContext } from '../../../src/core/usecases/review-context';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { ADMIN } from '../../sandbox/confluence/fixture';
import { basic, call, simulatorClient, startFixture, type Harness } from '../../sandbox/confluence/helpers';

let h: Harness;
let space: { id: string; key: string };
let libraryId: string;
const kvs = new MemoryKeyValueStore();
let now = Date.parse('2026-03-01T09:00:00Z');
const clock = { now: () => now };
const libraries = new LibraryRepository(kvs, clock);
const proposals = new ProposalStore(kvs, clock);
const indexes = new Map<string, SearchIndex>();

const client = (who: typeof ADMIN | 'app'): ConfluenceClient => simulatorClient(h, who);

const ctx = (): JobContext =>
  ({
    libraries,
    clock,
    queue: { push: async () => 'none' },
    ship: { searchIndex: (id: string) => indexes.get(id)!, store: kvs, proposals, sourceClient: () => client('app'), appClient: () => client('app') },
  }) as unknown as JobContext;
const reviewCtx = (): ReviewContext => ({ proposals, libraries, asUser: client(ADMIN), asApp: client('app'), clock });

const BODY = doc(
  p(mono('acme-search'), ' is the indexer CLI.'),
  h2('reindex'),
  code('bash', 'acme-search reindex --space ENG --concurrency 4'),
  p(mono('--concurrency'), ' sets how many bulk requests run at once. Add ', mono('--force'), ' to skip the health check.'),
  h2('status'),
  p(mono('acme-search status'), ' prints the lag.'),
);

async function page(title: string, body = BODY): Promise<{ id: string; body: string }> {
  const res = await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages', { method: 'POST', body: { spaceId: space.id, status: 'current', title, body: { representation: 'storage', value: body } } });
  return { id: res.body.id, body };
}
async function pageNow(id: string): Promise<{ version: number; body: string }> {
  const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?body-format=storage`);
  return { version: res.body.version.number, body: res.body.body.storage.value };
}
async function indexPages(pages: Array<{ id: string; title: string; body: string }>): Promise<void> {
  const index = new SearchIndex(new MemoryKeyValueStore());
  for (const pg of pages) await index.indexPage(pageDocument({ pageId: pg.id, version: 1, spaceKey: 'ENG', title: pg.title, url: `${h.sim.url}/wiki/spaces/ENG/pages/${pg.id}`, body: pg.body }));
  await index.mergeAll();
  indexes.set(libraryId, index);
}

const diff = (from: string, to: string) =>
  `diff --git a/src/cli.ts b/src/cli.ts\nindex 1..2 100644\n--- a/src/cli.ts\n+++ b/src/cli.ts\n@@ -1,2 +1,1 @@\n-  .option('${from} <n>', 'parallel bulk requests', '2')\n-  .option('--force', 'skip the health check')\n+  .option('${to} <n>', 'parallel bulk requests', '2')\n`;
const change = (from: string, to: string, head: string): ShipChange => ({
  ...buildShipChange({ diff: diff(from, to), base: 'a'.repeat(40), head: head.padEnd(40, '0'), subjects: [`Rename ${from} to ${to}`], link: `https://github.com/acme/search/commit/${head}` }),
  programs: ['acme-search'],
});
const shipJob = (c: ShipChange) => ({ type: 'ship' as const, libraryId, change: c });

beforeAll(async () => {
  h = await startFixture();
  space = (await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces?keys=ENG')).body.results[0];
  const library = await libraries.create({ name: 'Docs' }, ADMIN.accountId);
  libraryId = library.id;
  await libraries.connectSource(library.id, { kind: 'app' }, ADMIN.accountId);
  await libraries.setSpaces(library.id, [{ id: space.id, key: space.key, name: 'Engineering' }], ADMIN.accountId);
});
afterAll(() => h.sim.close());

test('a change becomes proposals on the version the index read, the rest is listed for a person; a re-run proposes nothing twice', async () => {
  const cli = await page('CLI reference');
  await indexPages([{ ...cli, title: 'CLI reference' }]);
  const c = change('--concurrency', '--parallel', 'c0ffee1');
  expect(await runJob(ctx(), shipJob(c))).toEqual({ outcome: 'done' });

  const listed = await proposals.listPage(cli.id, { states: ['pending'] });
  const made = await proposals.getMany(listed.map((s) => s.id));
  expect(made.map((m) => m.operations[0]!.op).sort()).toEqual(['renameToken', 'replaceCode']);
  for (const m of made) {
    expect(m).toMatchObject({ baseVersion: 1, origin: { kind: 'code-change', name: 'c0ffee1' }, modelWritten: false, spaceKey: 'ENG', spaceId: space.id });
    expect(m.reason.links).toEqual([{ kind: 'commit', url: 'https://github.com/acme/search/commit/c0ffee1' }]);
    expect(m.reason.text).toContain('`--concurrency`; it was renamed to `--parallel` in c0ffee1');
  }
  const [record] = await new ShipRecords(kvs).latest(libraryId);
  expect(record).toMatchObject({ head: c.head, label: 'c0ffee1', proposals: expect.arrayContaining(listed.map((s) => s.id)), applied: [] });
  expect(record!.forPerson).toEqual([expect.objectContaining({ pageId: cli.id, section: ['reindex'], sentence: expect.stringContaining('--force'), why: expect.stringContaining('rewrite or remove the sentence') })]);

  // The same change again (a redelivered event): the same ids, nothing new.
  expect(await runJob(ctx(), shipJob(c))).toEqual({ outcome: 'done' });
  expect((await proposals.listPage(cli.id)).map((s) => s.id).sort()).toEqual(listed.map((s) => s.id).sort());
  expect((await new ShipRecords(kvs).latest(libraryId)).filter((r) => r.head === c.head)).toHaveLength(1);
  expect((await pageNow(cli.id)).version).toBe(1);
});

test('a newer change on the same nodes supersedes the older pending proposals; approving one changes only its targets', async () => {
  const cli = await page('CLI reference 2');
  await indexPages([{ ...cli, title: 'CLI reference 2' }]);
  await runJob(ctx(), shipJob(change('--concurrency', '--parallel', 'aaaa111')));
  const older = await proposals.listPage(cli.id, { states: ['pending'] });
  now += 60_000;
  await runJob(ctx(), shipJob(change('--concurrency', '--workers', 'bbbb222')));
  const states = (await proposals.getMany(older.map((s) => s.id))).map((p) => p.state);
  expect(states).toEqual(['superseded', 'superseded']);
  const newer = await proposals.getMany((await proposals.listPage(cli.id, { states: ['pending'] })).map((s) => s.id));
  expect(newer.map((n) => n.origin.name)).toEqual(['bbbb222', 'bbbb222']);

  const code = newer.find((n) => n.operations[0]!.op === 'replaceCode')!;
  const { outcome } = await approveProposal(reviewCtx(), { accountId: ADMIN.accountId, name: 'Ada' }, { proposalId: code.id });
  expect(outcome.kind).toBe('applied');
  const after = await pageNow(cli.id);
  expect(after.version).toBe(2);
  expect(after.body).toBe(cli.body.replace('--space ENG --concurrency 4', '--space ENG --workers 4'));
});

test('Auto-Accept applies the deterministic edits at once, as the app; used nonces past the replay window are pruned', async () => {
  now += 60_000;
  const cli = await page('CLI reference 3');
  await indexPages([{ ...cli, title: 'CLI reference 3' }]);
  await libraries.update(libraryId, { autoAccept: true }, ADMIN.accountId);
  await kvs.set(`ship-nonce:${libraryId}:old-nonce-aaaaaaaaaaaa`, { expiresAt: now - 1 });
  await kvs.set(`ship-nonce:${libraryId}:new-nonce-bbbbbbbbbbbb`, { expiresAt: now + 300_000 });
  await kvs.set(`ship-change:${libraryId}:0123`, { at: now - 31 * 86_400_000 });
  try {
    await runJob(ctx(), shipJob(change('--concurrency', '--parallel', 'cccc333')));
  } finally {
    await libraries.update(libraryId, { autoAccept: false }, ADMIN.accountId);
  }
  const all = await proposals.getMany((await proposals.listPage(cli.id)).map((s) => s.id));
  expect(all.map((p) => p.state)).toEqual(['applied', 'applied']);
  const after = await pageNow(cli.id);
  expect(after.version).toBe(3);
  expect(after.body).toBe(cli.body.replace('--space ENG --concurrency 4', '--space ENG --parallel 4').replace('<code>--concurrency</code>', '<code>--parallel</code>'));
  const [record] = await new ShipRecords(kvs).latest(libraryId);
  expect(record!.applied.sort()).toEqual(all.map((p) => p.id).sort());
  expect((await kvs.list(`ship-nonce:${libraryId}:`)).entries.map((e) => e.key)).toEqual([`ship-nonce:${libraryId}:new-nonce-bbbbbbbbbbbb`]);
  expect((await kvs.list(`ship-change:${libraryId}:`)).entries).toEqual([]);
});

test('a run that stopped after proposing and before Auto-Accept applied leaves pending proposals the next run applies', async () => {
  now += 60_000;
  const cli = await page('CLI reference 4');
  await indexPages([{ ...cli, title: 'CLI reference 4' }]);
  const shipped = change('--concurrency', '--lanes', 'eeee555');
  // The first delivery got as far as proposing (what a run killed before its apply leaves behind).
  await runJob(ctx(), shipJob(shipped));
  const first = await proposals.getMany((await proposals.listPage(cli.id)).map((s) => s.id));
  expect(first.map((p) => p.state)).toEqual(['pending', 'pending']);
  await libraries.update(libraryId, { autoAccept: true }, ADMIN.accountId);
  try {
    await runJob(ctx(), shipJob(shipped));
  } finally {
    await libraries.update(libraryId, { autoAccept: false }, ADMIN.accountId);
  }
  const again = await proposals.getMany((await proposals.listPage(cli.id)).map((s) => s.id));
  expect(again.map((p) => p.id).sort()).toEqual(first.map((p) => p.id).sort());
  expect(again.map((p) => p.state)).toEqual(['applied', 'applied']);
  expect((await pageNow(cli.id)).body).toBe(cli.body.replace('--space ENG --concurrency 4', '--space ENG --lanes 4').replace('<code>--concurrency</code>', '<code>--lanes</code>'));
});

test('an event that names no usable Library does nothing', async () => {
  expect(await runJob(ctx(), { type: 'ship', libraryId: 'gone', change: change('--a1', '--b1', 'dddd444') })).toEqual({ outcome: 'done' });
});
