/**
 * Documents synced to pages through Review, against the Confluence simulator: a changed Document merged into a page
 * with Confluence-only sections, inline comments and macros kept byte for byte; a Document with no page yet
 * proposing the page under its parent, created as the approver; a second ship superseding the waiting proposal;
 * an unchanged Document proposing nothing; Auto-Accept.
 */
import { ConfluenceClient } from '../../src/core/confluence';
import { DocumentLinks } from '../../src/core/documents/links';
import { documentDigest } from '../../src/core/documents/payload';
import type { ShipDocument } from '../../src/core/documents/types';
import { isJobOf, QUEUES, runJob, type JobContext } from '../../src/core/jobs';
import { LibraryRepository } from '../../src/core/library';
import { ProposalStore } from '../../src/core/review';
import { approveProposal } from '../../src/core/usecases/approve-proposal';
import type { ReviewContext } from '../../src/core/usecases/review-context';
import { syncDocument, type SyncDocumentResult } from '../../src/core/usecases/sync-document';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { ADMIN } from '../sandbox/confluence/fixture';
import { basic, call, simulatorClient, startFixture, type Harness } from '../sandbox/confluence/helpers';

let h: Harness;
let space: { id: string; key: string };
const kvs = new MemoryKeyValueStore();
const clock = { now: () => Date.parse('2026-03-01T09:00:00Z') };
let libraryId: string;
let ids = 0;

const client = (who: { email: string; apiToken: string } | 'app'): ConfluenceClient => simulatorClient(h, who);

const newId = () => (ids++).toString(16).padStart(16, '0');
const proposals = () => new ProposalStore(kvs, clock);
const appCtx = (): ReviewContext => ({ proposals: proposals(), libraries: new LibraryRepository(kvs, clock), asUser: client('app'), asApp: client('app'), clock, newId });
const adminCtx = (): ReviewContext => ({ proposals: proposals(), libraries: new LibraryRepository(kvs, clock), asUser: client(ADMIN), asApp: client('app'), clock, newId });
const deps = () => ({ review: appCtx(), links: new DocumentLinks(kvs) });
const commit = (head: string, subject = 'Docs') => ({ head, subjects: [subject], link: `https://github.com/acme/api/commit/${head}` });

function doc(path: string, markdown: string, target: ShipDocument['target'], parentId?: string): ShipDocument {
  return { path, target, markdown, digest: documentDigest(markdown), ...(parentId ? { parentId } : {}) };
}

async function newPage(title: string, body: string, parentId?: string): Promise<string> {
  const res = await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages', { method: 'POST', body: { spaceId: space.id, status: 'current', title, body: { representation: 'storage', value: body }, ...(parentId ? { parentId } : {}) } });
  expect(res.status).toBe(200);
  return res.body.id;
}
const read = async (id: string) => (await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?body-format=storage`)).body as { version: { number: number }; title: string; parentId: string; body: { storage: { value: string } } };

/** An editor saving the page in Confluence. */
async function edit(id: string, change: (body: string) => string): Promise<void> {
  const page = await read(id);
  const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}`, { method: 'PUT', body: { id, status: 'current', title: page.title, body: { representation: 'storage', value: change(page.body.storage.value) }, version: { number: page.version.number + 1 } } });
  expect(res.status).toBe(200);
}

function proposed(result: SyncDocumentResult) {
  if (result.kind !== 'proposed') throw new Error(`expected a proposal, got ${result.kind}: ${'message' in result ? result.message : ''}`);
  return result;
}

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

const DEPLOY_V1 = '# Deploy\n\nHow we ship the API.\n\n## Install\n\nRun `npm ci`.\n\nThen `npm run build`.\n\n## Rollback\n\nRevert the tag.\n';
const OWN_SECTION = '<h2 local-id="own-1">On call</h2><p>Page <ac:link><ri:user ri:account-id="557058:admin" /></ac:link> &amp; wait.</p>';
const STATUS = '<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="st-1"><ac:parameter ac:name="title">REVIEWED</ac:parameter></ac:structured-macro>';

test('a changed Document is merged into its page: Confluence-only sections, inline comments and editor macros keep their bytes', async () => {
  const pageId = await newPage('Deploy guide', `<p>Maintained by SRE.</p>${OWN_SECTION}`);
  const first = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/deploy.md', DEPLOY_V1, { pageId }), commit: commit('a1') }));
  expect(first.proposal).toMatchObject({ state: 'pending', origin: { kind: 'document', name: 'docs/deploy.md' }, pageId, modelWritten: false });
  expect(first.proposal.reason.text).toContain('The Document docs/deploy.md changed in a1 ("Docs").');
  expect(first.proposal.reason.links).toEqual([{ kind: 'commit', url: 'https://github.com/acme/api/commit/a1' }]);
  expect((await read(pageId)).version.number).toBe(1); // Review first: nothing written yet.
  expect((await approveProposal(adminCtx(), { accountId: ADMIN.accountId, name: 'Ada' }, { proposalId: first.proposal.id })).outcome.kind).toBe('applied');

  // Editors at work: a comment on a Document sentence that will not change, a status macro inside a Document
  // section, and a new Confluence-only section at the end.
  const marker = '<ac:inline-comment-marker ac:ref="5c2a-77">How we ship the API.</ac:inline-comment-marker>';
  const tail = '<h2>Contacts</h2><p>#sre-oncall</p>';
  await edit(pageId, (b) => b.replace('<p>How we ship the API.</p>', `<p>${marker}</p>`).replace('<h2>Rollback</h2>', `${STATUS}<h2>Rollback</h2>`) + tail);
  const before = (await read(pageId)).body.storage.value;

  const v2 = DEPLOY_V1.replace('Revert the tag.', 'Revert the tag and page the on-call.').replace('Then `npm run build`.', 'Then `npm run build:prod`.');
  const second = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/deploy.md', v2, { pageId }), commit: commit('b2', 'Rollback pages on-call') }));
  expect(second.proposal.baseVersion).toBe(3);
  expect(second.proposal.operations.map((o) => o.op).sort()).toEqual(['deleteNode', 'deleteNode', 'insertAfter', 'insertAfter']);
  expect(second.proposal.reason.text).toContain('holds 1 block written in Confluence; kept as they are.');
  const applied = await approveProposal(adminCtx(), { accountId: ADMIN.accountId, name: 'Ada' }, { proposalId: second.proposal.id });
  expect(applied.outcome).toMatchObject({ kind: 'applied', version: 4 });
  const after = (await read(pageId)).body.storage.value;
  for (const kept of [`<p>Maintained by SRE.</p>${OWN_SECTION}`, `<p>${marker}</p>`, STATUS, tail]) {
    expect(before).toContain(kept);
    expect(after).toContain(kept);
  }
  expect(after).toContain('npm run build:prod');
  expect(after).toContain('Revert the tag and page the on-call.');
  expect(after).not.toContain('Revert the tag.</p>');
  // Every byte the operations did not address is as it was: remove the changed blocks from both and compare.
  const strip = (s: string) => s.replace(/<p>Then <code>npm run build(:prod)?<\/code>\.<\/p>\n?/, '').replace(/<p>Revert the tag( and page the on-call)?\.<\/p>\n?/, '');
  expect(strip(after)).toBe(strip(before));

  // The same Document again: nothing to propose.
  const again = await syncDocument(deps(), { libraryId, document: doc('docs/deploy.md', v2, { pageId }), commit: commit('b2') });
  expect(again).toEqual({ kind: 'unchanged', message: 'docs/deploy.md is already on its page at this version.' });
});

test('a second ship of the same Document supersedes the proposal still waiting', async () => {
  const pageId = await newPage('Runbook for supersede', '<p>Start.</p>');
  const first = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/runbook.md', '## Steps\n\nOne.\n', { pageId }), commit: commit('c1') }));
  const same = await syncDocument(deps(), { libraryId, document: doc('docs/runbook.md', '## Steps\n\nOne.\n', { pageId }), commit: commit('c1') });
  expect(same.kind).toBe('unchanged');
  const second = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/runbook.md', '## Steps\n\nOne.\n\nTwo.\n', { pageId }), commit: commit('c2') }));
  expect(second.superseded).toEqual([first.proposal.id]);
  expect(await proposals().get(first.proposal.id)).toMatchObject({ state: 'superseded', supersededBy: second.proposal.id });
  expect((await proposals().listPage(pageId, { states: ['pending'] })).map((p) => p.id)).toEqual([second.proposal.id]);
});

test('a Document with no page yet proposes the page under its parent; approving creates it as the approver, and the next ship merges into it', async () => {
  const parentId = await newPage('Operations', '<p>Everything ops.</p>');
  const markdown = '# Incident handbook\n\nWhat to do.\n\n## Triage\n\nLook at the dashboards.\n';
  const target = { title: 'Incident handbook', spaceKey: 'ENG' };
  const first = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/incidents.md', markdown, target, parentId), commit: commit('d1') }));
  expect(first.proposal.pageId).toBe(parentId);
  expect(first.proposal.operations).toEqual([{ op: 'createPage', spaceId: space.id, parentId, title: 'Incident handbook', content: { markdown: 'What to do.\n\n## Triage\n\nLook at the dashboards.', storage: '<p>What to do.</p>\n<h2>Triage</h2>\n<p>Look at the dashboards.</p>' } }]);
  expect(h.sim.control.findPage('Incident handbook')).toBeUndefined();

  const { outcome, proposal } = await approveProposal(adminCtx(), { accountId: ADMIN.accountId, name: 'Ada' }, { proposalId: first.proposal.id });
  expect(outcome).toMatchObject({ kind: 'applied', version: 1 });
  const created = h.sim.control.findPage('Incident handbook');
  expect(created).toBeDefined();
  expect(proposal.createdPageId).toBe(created!.id);
  const page = await read(created!.id);
  expect(page.parentId).toBe(parentId);
  expect(page.body.storage.value).toBe('<p>What to do.</p>\n<h2>Triage</h2>\n<p>Look at the dashboards.</p>');
  const history = (await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${created!.id}`)).body.authorId;
  expect(history).toBe(ADMIN.accountId); // created as the approver, not as the app

  const next = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/incidents.md', markdown.replace('dashboards', 'dashboards and the queue depth'), target, parentId), commit: commit('d2') }));
  expect(next.proposal.pageId).toBe(created!.id);
  expect((await new DocumentLinks(kvs).get(libraryId, 'docs/incidents.md'))?.pageId).toBe(created!.id);
  expect(next.proposal.operations.map((o) => o.op)).toEqual(['deleteNode', 'insertAfter']);

  // A title already taken when the creation is approved is a conflict, never a second page.
  const dup = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/ops.md', '# Operations\n\nx\n', { title: 'Taken title', spaceKey: 'ENG' }, parentId), commit: commit('d3') }));
  await newPage('Taken title', '<p>Someone made it by hand.</p>');
  const refused = await approveProposal(adminCtx(), { accountId: ADMIN.accountId, name: 'Ada' }, { proposalId: dup.proposal.id });
  expect(refused.outcome.kind).toBe('conflict');
  expect(refused.outcome.message).toContain('A page titled "Taken title" already exists in this space');
});

test('bad targets get clear refusals; Auto-Accept applies a Document at once as the app', async () => {
  expect(await syncDocument(deps(), { libraryId, document: doc('docs/x.md', '# X\n', { pageId: '999999' }), commit: commit('e1') })).toEqual({ kind: 'refused', message: 'Page 999999 (mapped to docs/x.md in librarian.yml) does not exist, or Librarian cannot read it.' });
  expect(await syncDocument(deps(), { libraryId, document: doc('docs/x.md', '# X\n', { title: 'Nowhere', spaceKey: 'KB' }), commit: commit('e1') })).toEqual({ kind: 'refused', message: "Space KB (mapped to docs/x.md in librarian.yml) is not one of this Library's spaces." });
  expect(await syncDocument(deps(), { libraryId, document: doc('docs/x.md', '# X\n', { title: 'No parent yet', spaceKey: 'ENG' }), commit: commit('e1') })).toEqual({ kind: 'refused', message: 'No page titled "No parent yet" exists yet, and librarian.yml names no parent to create it under (parent: <page id>).' });

  const libraries = new LibraryRepository(kvs, clock);
  await libraries.update(libraryId, { autoAccept: true }, ADMIN.accountId);
  try {
    const pageId = await newPage('Auto page', '<p>Hand written.</p>');
    const result = proposed(await syncDocument(deps(), { libraryId, document: doc('docs/auto.md', '## Auto\n\nSynced at once.\n', { pageId }), commit: commit('f1') }));
    expect(result.autoApplied?.kind).toBe('applied');
    expect(result.proposal.state).toBe('applied');
    expect((await read(pageId)).body.storage.value).toBe('<p>Hand written.</p><h2>Auto</h2>\n<p>Synced at once.</p>');
    expect((await new DocumentLinks(kvs).get(libraryId, 'docs/auto.md'))?.sections.map((s) => s.key)).toEqual(['auto']);
  } finally {
    await libraries.update(libraryId, { autoAccept: false }, ADMIN.accountId);
  }
});

test('a Document job on the librarian-ship queue runs through the one job runner and proposes in Review', async () => {
  const pageId = await newPage('Queued Document', '<p>Start.</p>');
  const lines: string[] = [];
  const ctx = {
    libraries: new LibraryRepository(kvs, clock),
    clock,
    queue: { push: async () => 'none' },
    ship: { store: kvs, proposals: proposals(), appClient: () => client('app'), sourceClient: () => client('app'), searchIndex: () => { throw new Error('not used by Document jobs'); }, log: (line: string) => lines.push(line) },
  } as unknown as JobContext;
  const job = { type: 'document' as const, libraryId, document: doc('docs/queued.md', '## Steps\n\nQueued.\n', { pageId }), commit: commit('q1') };
  expect(isJobOf(QUEUES.ship, job)).toBe(true);
  expect(isJobOf(QUEUES.sync, job)).toBe(false);
  expect((await runJob(ctx, job)).outcome).toBe('done');
  const pending = await proposals().listPage(pageId, { states: ['pending'] });
  expect(pending).toHaveLength(1);
  expect(await proposals().get(pending[0].id)).toMatchObject({ state: 'pending', origin: { kind: 'document', name: 'docs/queued.md' } });
  // The outcome is logged without the Document's text.
  expect(lines).toEqual([expect.stringContaining(`docs/queued.md at q1: proposed: proposal ${pending[0].id}`)]);
  expect(lines.join('\n')).not.toContain('Queued.');
  // And noted on the Document's record for the settings page: the commit and the proposal, never the text.
  expect((await new DocumentLinks(kvs).get(libraryId, 'docs/queued.md'))?.last).toEqual({ at: clock.now(), head: 'q1', kind: 'proposed', proposalId: pending[0].id });
});
