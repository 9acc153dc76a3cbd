/**
 * Applying proposals against the Confluence simulator: only the targets change, a person's edit in between is
 * never lost (another section: applied around it; the same section: conflict naming them), a 409 re-reads once,
 * and inline comments are kept or asked about.
 */
import { ConfluenceClient } from '../../src/core/confluence';
import type { ConfluenceTransport } from '../../src/core/ports';
import { applyProposal } from '../../src/core/review/apply';
import { draftOperations, type DraftInput } from '../../src/core/review/draft';
import type { Proposal } from '../../src/core/review/types';
import { parseStorage } from '../../src/core/storage';
import { ADMIN, MEMBER } from '../sandbox/confluence/fixture';
import { basic, call, startFixture, type Harness } from '../sandbox/confluence/helpers';

let h: Harness;
let spaceId: string;
beforeAll(async () => {
  h = await startFixture();
  spaceId = (await call(h.sim, basic(ADMIN), '/wiki/api/v2/spaces?keys=ENG')).body.results[0].id;
});
afterAll(() => h.sim.close());

const BODY = [
  '<ac:structured-macro ac:name="toc" ac:macro-id="m-3" />',
  '<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p local-id="p1">Intro &amp; scope&nbsp;here.</p></ac:layout-cell><ac:layout-cell><p>Side</p></ac:layout-cell></ac:layout-section></ac:layout>',
  '<h2>Deploy</h2>',
  '<p>Run <ac:inline-comment-marker ac:ref="c-1">the ship script</ac:inline-comment-marker> to deploy.</p>',
  '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="language">sh</ac:parameter><ac:plain-text-body><![CDATA[npm run ship -- --prod]]></ac:plain-text-body></ac:structured-macro>',
  '<h2>Rollback</h2>',
  '<p>Use <code>npm run ship -- --undo</code>.</p><ac:structured-macro ac:name="status" ac:macro-id="m-2"><ac:parameter ac:name="title">BETA</ac:parameter><ac:parameter ac:name="colour">Yellow</ac:parameter></ac:structured-macro>',
].join('');

function transportAs(who: { email: string; apiToken: string }, before?: (path: string, method: string) => Promise<void>): ConfluenceTransport {
  return {
    async request(_identity, path, init = {}) {
      await before?.(path, init.method ?? 'GET');
      const res = await fetch(`${h.sim.url}${path}`, { method: init.method ?? 'GET', headers: { ...(init.headers ?? {}), Authorization: basic(who) }, body: init.body });
      return { status: res.status, headers: res.headers, text: () => res.text() };
    },
  };
}

async function createPage(title: string, body = BODY): Promise<string> {
  const res = await call(h.sim, basic(ADMIN), '/wiki/api/v2/pages', { method: 'POST', body: { spaceId, status: 'current', title, body: { representation: 'storage', value: body } } });
  expect(res.status).toBe(200);
  return res.body.id;
}

async function readPage(id: string): Promise<{ body: string; version: number; authorId: string; title: string }> {
  const res = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?body-format=storage`);
  return { body: res.body.body.storage.value, version: res.body.version.number, authorId: res.body.version.authorId, title: res.body.title };
}

async function editAs(who: typeof MEMBER, id: string, change: (body: string) => string): Promise<void> {
  const page = await readPage(id);
  const res = await call(h.sim, basic(who), `/wiki/api/v2/pages/${id}`, { method: 'PUT', body: { id, status: 'current', title: page.title, body: { representation: 'storage', value: change(page.body) }, version: { number: page.version + 1 } } });
  if (res.status !== 200) throw new Error(`edit failed: ${res.status} ${JSON.stringify(res.body)}`);
}

async function propose(pageId: string, input: DraftInput): Promise<Proposal> {
  const page = await readPage(pageId);
  return {
    id: 'a1b2c3d4e5f60718', libraryId: 'lib', pageId, pageTitle: 'x', spaceKey: 'ENG', baseVersion: page.version,
    operations: draftOperations(parseStorage(page.body), input), reason: { text: 'renamed', links: [] },
    origin: { kind: 'agent' }, author: { name: 'Agent' }, modelWritten: false, state: 'pending', revision: 0, createdAt: 0, updatedAt: 0, history: [],
  };
}

const names = async () => new Map([[MEMBER.accountId, 'Max Member']]);
const deps = (transport = transportAs(ADMIN)) => ({ client: ConfluenceClient.create(transport, 'user'), names });
const approver = { approver: { accountId: ADMIN.accountId, name: 'Ada Admin' } };

test('replacing a code block changes only its CDATA; every other byte is kept', async () => {
  const id = await createPage('Apply code');
  const proposal = await propose(id, { target: 'npm run ship -- --prod', markdown: 'npm run deploy -- --prod' });
  const outcome = await applyProposal(deps(), proposal, approver);
  expect(outcome).toMatchObject({ kind: 'applied', version: 2 });
  const after = await readPage(id);
  expect(after.body).toBe(BODY.replace('<![CDATA[npm run ship -- --prod]]>', '<![CDATA[npm run deploy -- --prod]]>'));
});

test('a section edit keeps the heading, the comment whose text survives, and everything outside', async () => {
  const id = await createPage('Apply section');
  const proposal = await propose(id, { section: 'Deploy', markdown: 'Run the ship script with `--prod`.\n\n```sh\nnpm run ship\n```' });
  const outcome = await applyProposal(deps(), proposal, approver);
  expect(outcome.kind).toBe('applied');
  const after = (await readPage(id)).body;
  const start = BODY.indexOf('<h2>Deploy</h2>') + '<h2>Deploy</h2>'.length;
  const end = BODY.indexOf('<h2>Rollback</h2>');
  expect(after.slice(0, start)).toBe(BODY.slice(0, start));
  expect(after.slice(after.indexOf('<h2>Rollback</h2>'))).toBe(BODY.slice(end));
  expect(after).toContain('<ac:inline-comment-marker ac:ref="c-1">the ship script</ac:inline-comment-marker>');
});

test("a person's edit in another section is kept; the proposal applies around it", async () => {
  const id = await createPage('Race other section');
  // The agent's Markdown repeats the status lozenge (read-page renders it as its text), so it is kept as it was.
  const proposal = await propose(id, { section: 'Rollback', markdown: 'Use `npm run deploy -- --undo`.\n\nBETA' });
  await editAs(MEMBER, id, (b) => b.replace('Intro &amp; scope', 'Intro &amp; new scope'));
  const outcome = await applyProposal(deps(), proposal, approver);
  expect(outcome).toMatchObject({ kind: 'applied', version: 3 });
  const after = (await readPage(id)).body;
  expect(after).toContain('Intro &amp; new scope&nbsp;here.');
  expect(after).toContain('<code>npm run deploy -- --undo</code>');
  expect(after).toContain('<ac:structured-macro ac:name="toc" ac:macro-id="m-3" />');
  expect(after).toContain('<ac:structured-macro ac:name="status" ac:macro-id="m-2"><ac:parameter ac:name="title">BETA</ac:parameter><ac:parameter ac:name="colour">Yellow</ac:parameter></ac:structured-macro>');
});

test('a section edit that drops a macro the diff cannot show as words asks first, then applies once confirmed', async () => {
  const id = await createPage('Macro at risk');
  const proposal = await propose(id, { section: 'Rollback', markdown: 'Use `npm run deploy -- --undo`.' });
  const first = await applyProposal(deps(), proposal, approver);
  expect(first.kind).toBe('confirm-comments');
  expect(first.message).toBe('This update removes the status macro "BETA", which the new text does not bring back. Approve again to confirm.');
  expect((await readPage(id)).version).toBe(1);
  const second = await applyProposal(deps(), proposal, { ...approver, confirmCommentLoss: true });
  expect(second).toMatchObject({ kind: 'applied', version: 2 });
  expect((await readPage(id)).body).not.toContain('ac:name="status"');
});

test('an edit of the same section makes a conflict naming who edited it in which version; nothing is written', async () => {
  const id = await createPage('Race same section');
  const proposal = await propose(id, { section: 'Rollback', markdown: 'Use the deploy script.' });
  await editAs(MEMBER, id, (b) => b.replace('--undo', '--rollback'));
  const outcome = await applyProposal(deps(), proposal, approver);
  expect(outcome.kind).toBe('conflict');
  expect(outcome.kind === 'conflict' && outcome.message).toMatch(/section "Rollback" was edited since the proposal was made \(by Max Member in version 2\)/);
  const after = await readPage(id);
  expect(after.version).toBe(2);
  expect(after.body).toContain('--rollback');
});

test('a 409 re-reads the page once and applies around the edit that slipped in', async () => {
  const id = await createPage('Race at PUT');
  const proposal = await propose(id, { target: 'npm run ship -- --prod', markdown: 'npm run deploy' });
  let raced = false;
  const transport = transportAs(ADMIN, async (path, method) => {
    if (method === 'PUT' && !raced) {
      raced = true;
      await editAs(MEMBER, id, (b) => b.replace('Side', 'Side note'));
    }
  });
  const outcome = await applyProposal(deps(transport), proposal, approver);
  expect(outcome).toMatchObject({ kind: 'applied', version: 3 });
  const after = (await readPage(id)).body;
  expect(after).toContain('<p>Side note</p>');
  expect(after).toContain('<![CDATA[npm run deploy]]>');
});

test('removing the text an inline comment is anchored to asks first', async () => {
  const id = await createPage('Comment at risk');
  const proposal = await propose(id, { section: 'Deploy', markdown: 'Deploy with the pipeline.' });
  const first = await applyProposal(deps(), proposal, approver);
  expect(first.kind).toBe('confirm-comments');
  expect((await readPage(id)).version).toBe(1);
  const second = await applyProposal(deps(), proposal, { ...approver, confirmCommentLoss: true });
  expect(second).toMatchObject({ kind: 'applied', version: 2 });
});

test('a reader without edit rights cannot apply: Confluence refuses and the page stays', async () => {
  const id = await createPage('Read only');
  await call(h.sim, basic(ADMIN), `/__sim/pages/${id}/restrictions`, { method: 'PUT', body: { update: [{ type: 'user', accountId: ADMIN.accountId }] } });
  const proposal = await propose(id, { target: 'npm run ship -- --prod', markdown: 'npm run deploy' });
  await expect(applyProposal(deps(transportAs(MEMBER)), proposal, { approver: { name: 'Max Member' } })).rejects.toThrow();
  expect((await readPage(id)).version).toBe(1);
});

describe('the read-back check: Confluence stored something outside the targets other than what was sent', () => {
  const TOC = '<ac:structured-macro ac:name="toc" ac:macro-id="m-3" />';
  const dropToc = (pageId: string, count: number) => call(h.sim, basic(ADMIN), '/__sim/faults', { method: 'POST', body: { kind: 'rewriteOnSave', pageId, find: TOC, replace: '', count } });
  afterEach(() => call(h.sim, basic(ADMIN), '/__sim/faults', { method: 'DELETE' }));

  test('the previous body is written back as the next version, byte for byte, guarded by the version just written', async () => {
    const id = await createPage('Read-back restore');
    const proposal = await propose(id, { target: 'npm run ship -- --prod', markdown: 'npm run deploy' });
    await dropToc(id, 1);
    const outcome = await applyProposal(deps(), proposal, approver);
    expect(outcome).toMatchObject({ kind: 'restored', version: 3 });
    expect(outcome.message).toMatch(/changed 1 macro\(s\) or comment\(s\) outside the edit in version 2, so the previous content was restored as version 3/);
    const after = await readPage(id);
    expect(after.version).toBe(3);
    expect(after.body).toBe(BODY);
    const v2 = await call(h.sim, basic(ADMIN), `/wiki/api/v2/pages/${id}?body-format=storage&version=2`);
    expect(v2.body.body.storage.value).not.toContain(TOC);
  });

  test('a person who saved after the damaged version keeps their edit: the guarded restore is refused, nothing is overwritten', async () => {
    const id = await createPage('Read-back race');
    const proposal = await propose(id, { target: 'npm run ship -- --prod', markdown: 'npm run deploy' });
    await dropToc(id, 1);
    let puts = 0;
    const transport = transportAs(ADMIN, async (_path, method) => {
      if (method === 'PUT' && ++puts === 2) await editAs(MEMBER, id, (b) => b.replace('Side', 'Side by Max'));
    });
    const outcome = await applyProposal(deps(transport), proposal, approver);
    expect(outcome).toMatchObject({ kind: 'restored', version: 2 });
    expect(outcome.message).toMatch(/someone saved the page after it, so nothing was restored over their edit/);
    const after = await readPage(id);
    expect(after.version).toBe(3);
    expect(after.body).toContain('<p>Side by Max</p>');
  });

  test('when Confluence drops the markup again on the restore, the report says so instead of claiming it is back', async () => {
    const id = await createPage('Read-back drops twice');
    const proposal = await propose(id, { target: 'npm run ship -- --prod', markdown: 'npm run deploy' });
    await dropToc(id, 2);
    const outcome = await applyProposal(deps(), proposal, approver);
    expect(outcome).toMatchObject({ kind: 'restored', version: 3 });
    expect(outcome.message).toMatch(/dropped 1 of them again: version 1 in the page history still has them/);
  });
});
