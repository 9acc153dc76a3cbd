/**
 * The Review use cases against the Confluence simulator and an in-memory store: who may do what (checked with
 * Confluence as the person), Auto-Accept and model-written text, bad input, and racing reviewers.
 */
import { ConfluenceClient } from '../../src/core/confluence';
import { LibraryRepository } from '../../src/core/library';
import { proposalKeys, ProposalStore, ReviewError } from '../../src/core/review';
import type { KeyValueStore } from '../../src/core/ports';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { approveProposal } from '../../src/core/usecases/approve-proposal';
import { declineProposal } from '../../src/core/usecases/decline-proposal';
import { proposeUpdate } from '../../src/core/usecases/propose-update';
import { pageProposals, spaceQueue } from '../../src/core/usecases/review-queue';
import { BYLINE_PROPERTY_KEY, type ReviewContext } from '../../src/core/usecases/review-context';
import { ADMIN, MEMBER, OUTSIDER } from '../sandbox/confluence/fixture';
import { basic, call, simulatorClient, startFixture, type Harness } from '../sandbox/confluence/helpers';

let h: Harness;
let space: { id: string; key: string };
const kvs = new MemoryKeyValueStore();
const clock = { now: () => Date.parse('2026-03-01T09:00:00Z') };
let libraryId: string;

const client = (who: { email: string; apiToken: string } | 'app'): ConfluenceClient => simulatorClient(h, who);

function ctx(who: { email: string; apiToken: string }): ReviewContext {
  return { proposals: new ProposalStore(kvs, clock), libraries: new LibraryRepository(kvs, clock), asUser: client(who), asApp: client('app'), clock };
}
const actor = (who: { accountId: string }, name: string) => ({ accountId: who.accountId, name });

async function newPage(title: string, body = '<h2>Deploy</h2><p>Run the ship script.</p><h2>Rollback</h2><p>Undo it.</p>'): Promise<string> {
  const res = await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages', { method: 'POST', body: { spaceId: space.id, status: 'current', title, body: { representation: 'storage', value: body } } });
  return res.body.id;
}
const version = async (id: string) => (await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`)).body.version.number as number;

beforeAll(async () => {
  h = await startFixture();
  space = (await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces?keys=ENG')).body.results[0];
  const libraries = new LibraryRepository(kvs, clock);
  const library = await libraries.create({ name: 'Docs' }, ADMIN.accountId);
  libraryId = library.id;
  await libraries.connectSource(library.id, { kind: 'app' }, ADMIN.accountId);
  await libraries.setSpaces(library.id, [{ id: space.id, key: space.key, name: 'Engineering' }], ADMIN.accountId);
});
afterAll(() => h.sim.close());

const base = { reason: 'The script was renamed', origin: { kind: 'agent' as const, name: 'Claude Code' } };

test('a proposal never writes the page; a reader sees it without actions; an outsider sees nothing', async () => {
  const id = await newPage('Propose only');
  const { proposal } = await proposeUpdate(ctx(MEMBER), actor(MEMBER, 'Max Member'), { ...base, pageId: id, section: 'Deploy', markdown: 'Run `deploy`.' });
  expect(proposal.state).toBe('pending');
  expect(await version(id)).toBe(1);
  await call(h.sim, basic(ADMIN), `/__sim/pages/${id}/restrictions`, { method: 'PUT', body: { update: [{ type: 'user', accountId: ADMIN.accountId }] } });
  const asReader = await pageProposals(ctx(MEMBER), id);
  expect(asReader?.access).toBe('read');
  expect(asReader?.proposals.map((p) => [p.id, p.canAct])).toEqual([[proposal.id, false]]);
  await expect(approveProposal(ctx(MEMBER), actor(MEMBER, 'Max Member'), { proposalId: proposal.id })).rejects.toMatchObject({ code: 'forbidden' });
  await expect(declineProposal(ctx(MEMBER), actor(MEMBER, 'Max Member'), { proposalId: proposal.id })).rejects.toMatchObject({ code: 'forbidden' });
  expect(await pageProposals(ctx(OUTSIDER), id)).toBeUndefined();
  await expect(approveProposal(ctx(OUTSIDER), actor(OUTSIDER, 'Olga'), { proposalId: proposal.id })).rejects.toMatchObject({ code: 'not_found' });
  await expect(proposeUpdate(ctx(OUTSIDER), actor(OUTSIDER, 'Olga'), { ...base, pageId: id, section: 'Deploy', markdown: 'x' })).rejects.toMatchObject({ code: 'not_found' });
});

test('bad input gets a clear error: no reason, unknown section, stale or future base version, 2 MB, trashed page', async () => {
  const id = await newPage('Bad input');
  const c = ctx(ADMIN);
  const me = actor(ADMIN, 'Ada');
  await expect(proposeUpdate(c, me, { ...base, reason: ' ', pageId: id, section: 'Deploy', markdown: 'x' })).rejects.toThrow('Say why the page should change');
  await expect(proposeUpdate(c, me, { ...base, pageId: id, section: 'Nope', markdown: 'x' })).rejects.toThrow('The page has no section "Nope". Its sections: "Deploy", "Rollback".');
  await expect(proposeUpdate(c, me, { ...base, pageId: id, baseVersion: 9, section: 'Deploy', markdown: 'x' })).rejects.toThrow('The page is at version 1; version 9 is not one of its versions.');
  await expect(proposeUpdate(c, me, { ...base, pageId: id, section: 'Deploy', markdown: 'x'.repeat(2_000_000) })).rejects.toThrow(/at most 100,000 fit in one proposal/);
  const { proposal } = await proposeUpdate(c, me, { ...base, pageId: id, section: 'Deploy', markdown: '<script>alert(1)</script> ]]>' });
  const op = proposal.operations[0]!;
  expect(op.op === 'replaceSection' && op.content.storage).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;</p>');
  await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, { method: 'DELETE' });
  await expect(proposeUpdate(c, me, { ...base, pageId: id, section: 'Deploy', markdown: 'x' })).rejects.toBeInstanceOf(ReviewError);
  // Approving a proposal for a page that was trashed since: a clear state, nothing written.
  const { outcome, proposal: after } = await approveProposal(c, me, { proposalId: proposal.id });
  expect(outcome).toMatchObject({ kind: 'gone', message: expect.stringMatching(/no longer exists|is trashed/) });
  expect(after.state).toBe('conflict');
});

test('a stale base version from an agent: the edit since then in the same section makes a conflict, nothing is overwritten', async () => {
  const id = await newPage('Stale base');
  const page = (await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?body-format=storage`)).body;
  await call(h.sim, basic(MEMBER), `/wiki/api/v2/pages/${id}`, { method: 'PUT', body: { id, status: 'current', title: page.title, body: { representation: 'storage', value: page.body.storage.value.replace('Undo it.', 'Undo it carefully.') }, version: { number: 2 } } });
  const { proposal } = await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: id, baseVersion: 1, section: 'Rollback', markdown: 'Use the undo script.' });
  expect(proposal.baseVersion).toBe(1);
  const { outcome, proposal: after } = await approveProposal(ctx(ADMIN), actor(ADMIN, 'Ada'), { proposalId: proposal.id });
  expect(outcome.kind).toBe('conflict');
  expect(after.state).toBe('conflict');
  expect(after.stateReason).toMatch(/version 2/);
  expect(await version(id)).toBe(2);
});

test('two reviewers approving at once: one applies, the other is refused; approve after decline is refused', async () => {
  const id = await newPage('Race reviewers');
  const { proposal } = await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: id, section: 'Deploy', markdown: 'Run `deploy`.' });
  const results = await Promise.allSettled([
    approveProposal(ctx(ADMIN), actor(ADMIN, 'Ada'), { proposalId: proposal.id }),
    approveProposal(ctx(MEMBER), actor(MEMBER, 'Max'), { proposalId: proposal.id }),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(await version(id)).toBe(2);
  const second = await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: id, section: 'Rollback', markdown: 'x' });
  await declineProposal(ctx(MEMBER), actor(MEMBER, 'Max'), { proposalId: second.proposal.id, note: 'Not now' });
  await expect(approveProposal(ctx(ADMIN), actor(ADMIN, 'Ada'), { proposalId: second.proposal.id })).rejects.toThrow('This proposal is already declined.');
});

test('Auto-Accept applies a person-written proposal at once as the app; model-written text waits', async () => {
  const libraries = new LibraryRepository(kvs, clock);
  await libraries.update(libraryId, { autoAccept: true }, ADMIN.accountId);
  try {
    const id = await newPage('Auto accept');
    const waits = await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: id, section: 'Deploy', markdown: 'Model text.', modelWritten: true });
    expect(waits.proposal.state).toBe('pending');
    expect(waits.autoApplied).toBeUndefined();
    const applied = await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, origin: { kind: 'person' }, pageId: id, section: 'Rollback', markdown: 'Person text.' });
    expect(applied.autoApplied?.kind).toBe('applied');
    expect(applied.proposal.state).toBe('applied');
    expect(await version(id)).toBe(2);
  } finally {
    await libraries.update(libraryId, { autoAccept: false }, ADMIN.accountId);
  }
});

test('two approvers taking over a stale apply lock at the same moment: exactly one holds it, the page gets one version', async () => {
  const id = await newPage('Stale lock race');
  const { proposal } = await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: id, section: 'Deploy', markdown: 'Run `deploy`.' });
  // The holder of this lock died mid-apply: it is past its time.
  await kvs.set(proposalKeys.lock(proposal.id, 0), { by: 'someone-gone', until: clock.now() - 1 });
  // Both approvers read the stale lock before either takes it over, and the second one moves on only once the
  // first holds the lock: the window in which a delete-then-create takeover let both hold it.
  let arrived = 0;
  let open!: () => void;
  let firstTook!: () => void;
  const bothRead = new Promise<void>((resolve) => (open = resolve));
  const taken = new Promise<void>((resolve) => (firstTook = resolve));
  const racing: KeyValueStore = Object.assign(Object.create(kvs) as KeyValueStore, {
    async get<T>(key: string): Promise<T | undefined> {
      const value = await kvs.get<T>(key);
      if (key.startsWith('rv:lock:')) {
        const order = ++arrived;
        if (order === 2) open();
        await bothRead;
        if (order === 2) await taken;
      }
      return value;
    },
    async setIfAbsent<T>(key: string, value: T): Promise<boolean> {
      const wrote = await kvs.setIfAbsent(key, value);
      if (wrote && key.startsWith('rv:lock:')) firstTook();
      return wrote;
    },
  });
  const racer = (who: typeof ADMIN): ReviewContext => ({ ...ctx(who), proposals: new ProposalStore(racing, clock) });
  const results = await Promise.allSettled([
    approveProposal(racer(ADMIN), actor(ADMIN, 'Ada'), { proposalId: proposal.id }),
    approveProposal(racer(MEMBER), actor(MEMBER, 'Max'), { proposalId: proposal.id }),
  ]);
  expect(arrived).toBe(2);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(refused.reason).toMatchObject({ code: 'busy' });
  expect(await version(id)).toBe(2);
  expect((await ctx(ADMIN).proposals.require(proposal.id)).history.filter((e) => e.action === 'applied')).toHaveLength(1);
});

describe('the byline count', () => {
  const title = async (id: string) => {
    const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}/properties?key=${BYLINE_PROPERTY_KEY}`);
    return res.body.results[0]?.value?.title as string | undefined;
  };
  const readOnlyFor = (id: string) => call(h.sim, basic(ADMIN), `/__sim/pages/${id}/restrictions`, { method: 'PUT', body: { update: [{ type: 'user', accountId: ADMIN.accountId }] } });

  test('a proposal from a person who may only read the page is counted: the app writes the property', async () => {
    const id = await newPage('Byline as app');
    const appAccountId = (await call(h.sim, basic(ADMIN), '/__sim/state')).body.appAccountId as string;
    await call(h.sim, basic(ADMIN), `/__sim/pages/${id}/restrictions`, { method: 'PUT', body: { update: [{ type: 'user', accountId: ADMIN.accountId }, { type: 'user', accountId: appAccountId }] } });
    const { proposal } = await proposeUpdate(ctx(MEMBER), actor(MEMBER, 'Max Member'), { ...base, pageId: id, section: 'Deploy', markdown: 'Run `deploy`.' });
    expect(await title(id)).toBe('Librarian · 1');
    // Declining (an editor) brings it back to no count, without anyone else's help.
    await declineProposal(ctx(ADMIN), actor(ADMIN, 'Ada'), { proposalId: proposal.id });
    expect(await title(id)).toBe('Librarian');
  });

  test('when neither the app nor the proposer may write it, the next editor to open the dialog puts it right', async () => {
    const id = await newPage('Byline on read');
    await readOnlyFor(id);
    const nobodyButAdmin: ReviewContext = { ...ctx(MEMBER), asApp: client(MEMBER) };
    await proposeUpdate(nobodyButAdmin, actor(MEMBER, 'Max Member'), { ...base, pageId: id, section: 'Deploy', markdown: 'Run `deploy`.' });
    expect(await title(id)).toBeUndefined();
    // A reader's look cannot fix it (they may not write, and here neither may the "app")...
    await pageProposals(nobodyButAdmin, id);
    expect(await title(id)).toBeUndefined();
    // ...an editor's look does.
    const asEditor = await pageProposals({ ...ctx(ADMIN), asApp: client(MEMBER) }, id);
    expect(asEditor?.proposals).toHaveLength(1);
    expect(await title(id)).toBe('Librarian · 1');
  });
});

test("the space queue asks edit rights in bulk: one search per 50 pages shown, not one request per page", async () => {
  const editable = await newPage('Queue editable');
  const readOnly = await newPage('Queue read only');
  await call(h.sim, basic(ADMIN), `/__sim/pages/${readOnly}/restrictions`, { method: 'PUT', body: { update: [{ type: 'user', accountId: ADMIN.accountId }] } });
  const others = [await newPage('Queue other 1'), await newPage('Queue other 2')];
  for (const id of [editable, readOnly, ...others]) await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: id, section: 'Deploy', markdown: 'Run `deploy`.' });
  await call(h.sim, basic(ADMIN), '/__sim/index/flush', { method: 'POST' });
  await call(h.sim, basic(ADMIN), '/__sim/requests/reset', { method: 'POST' });
  const queue = await spaceQueue(ctx(MEMBER), { spaceKey: 'ENG', states: ['pending'] });
  const canAct = new Map(queue.proposals.map((p) => [p.pageId, p.canAct]));
  expect(canAct.get(editable)).toBe(true);
  expect(canAct.get(readOnly)).toBe(false);
  const pagesShown = new Set(queue.proposals.map((p) => p.pageId)).size;
  expect(pagesShown).toBeGreaterThanOrEqual(4);
  const counts = (await call(h.sim, basic(ADMIN), '/__sim/requests')).body.byIdentityAndEndpoint[MEMBER.accountId] as Record<string, number>;
  expect(counts['GET /wiki/api/v2/pages/{id}/operations'] ?? 0).toBe(0);
  expect(counts['GET /wiki/rest/api/content/search']).toBe(Math.ceil(pagesShown / 50));

  // A page the search index has not caught up with yet is asked about on its own, so its buttons are right too.
  const fresh = await newPage('Queue fresh');
  await proposeUpdate(ctx(ADMIN), actor(ADMIN, 'Ada'), { ...base, pageId: fresh, section: 'Deploy', markdown: 'Run `deploy`.' });
  await call(h.sim, basic(ADMIN), '/__sim/requests/reset', { method: 'POST' });
  const again = await spaceQueue(ctx(MEMBER), { spaceKey: 'ENG', states: ['pending'] });
  expect(again.proposals.find((p) => p.pageId === fresh)?.canAct).toBe(true);
  const later = (await call(h.sim, basic(ADMIN), '/__sim/requests')).body.byIdentityAndEndpoint[MEMBER.accountId] as Record<string, number>;
  expect(later['GET /wiki/api/v2/pages/{id}/operations']).toBe(1);
});
