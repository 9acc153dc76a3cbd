/**
 * The app end to end in the local sandbox: the real handlers under the local Forge host (real @forge SDKs),
 * against the Confluence simulator with the demo site. `startSandbox` bootstraps a Library over the indexable
 * spaces through the admin resolver, exactly as the settings page would.
 */
import { SteppedClock } from '../../sandbox/clock';
import { demoQuestions } from '../../sandbox/confluence/demo';
import { startSandbox, type Sandbox } from '../../sandbox/start';

/** Resolver answers are read loosely here: the contract types are checked where the UIs use them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let sb: Sandbox;
const clock = new SteppedClock('2026-03-01T09:00:00Z');
const user = (email: string) => sb.seed.users.find((u) => u.email === email)!;

function call(accountId: string, moduleKey: string, functionKey: string, payload: unknown = {}) {
  return sb.host.invokeResolver({ moduleKey, functionKey, payload, accountId }) as Promise<Loose>;
}

/** Whether a user may read a page, asked of the simulator with the user's own API token. */
async function canRead(email: string, pageId: string): Promise<boolean> {
  const u = user(email);
  const response = await fetch(`${sb.sim.url}/wiki/api/v2/pages/${pageId}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${u.email}:${u.apiToken}`).toString('base64')}` },
  });
  return response.status === 200;
}

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await sb?.close();
});

it('indexes the indexable demo spaces through the queues and reports them ready with counts', async () => {
  const listed = await call(user('admin@example.com').accountId, 'librarian-settings', 'listLibraries');
  expect(listed.canManage).toBe(true);
  const [summary] = listed.libraries;
  expect(summary.status.health).toEqual({ state: 'ok' });
  expect(summary.status.spaces.map((s: Loose) => s.spaceKey).sort()).toEqual(['ENG', 'KB', 'SRE']);
  for (const space of summary.status.spaces) {
    expect(space.phase).toBe('ready');
    expect(space.pagesIndexed).toBeGreaterThan(5);
  }
});

it('refuses changes from a member: admin rights are checked with Confluence, not the browser', async () => {
  const member = user('member@example.com').accountId;
  const refused = await call(member, 'librarian-settings', 'createLibrary', { name: 'Mine', isSiteAdmin: true });
  expect(refused).toEqual({ error: { code: 'forbidden', message: 'Only site admins can change Libraries.' } });
  const listed = await call(member, 'librarian-settings', 'listLibraries');
  expect(listed.canManage).toBe(false);
  expect(listed.libraries).toHaveLength(1);
});

it('answers the demo questions with citations, and never from a page the member cannot read', async () => {
  const member = user('member@example.com');
  let answered = 0;
  for (const { question } of demoQuestions) {
    const answer = await call(member.accountId, 'librarian-ask', 'ask', { question });
    expect(answer.error).toBeUndefined();
    if (answer.kind === 'answer') answered += 1;
    for (const citation of answer.citations) expect(await canRead(member.email, citation.pageId)).toBe(true);
  }
  expect(answered).toBeGreaterThanOrEqual(demoQuestions.length - 2);
}, 120_000);

it('picks up an edit within seconds through the page event, and never cites a trashed page', async () => {
  const admin = user('admin@example.com');
  const page = sb.sim.control.pages('ENG').find((p) => p.status === 'current')!;
  sb.sim.control.updatePage(page.id, { as: admin.accountId, body: '<p>The zanzibar-quokka protocol rotates every ninety seconds.</p>' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  const found = await call(admin.accountId, 'librarian-ask', 'ask', { question: 'How often does the zanzibar-quokka protocol rotate?' });
  expect(found.kind).toBe('answer');
  expect(found.citations[0].pageId).toBe(page.id);

  sb.sim.control.trashPage(page.id, { as: admin.accountId });
  // Before any event or scan runs, the answer-time check already refuses the trashed page.
  const immediately = await call(admin.accountId, 'librarian-ask', 'ask', { question: 'How often does the zanzibar-quokka protocol rotate?' });
  expect(immediately.citations.map((c: Loose) => c.pageId)).not.toContain(page.id);
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  const status = await call(admin.accountId, 'librarian-settings', 'listLibraries');
  expect(status.libraries[0].status.spaces.find((s: Loose) => s.spaceKey === 'ENG').phase).toBe('ready');
}, 120_000);
