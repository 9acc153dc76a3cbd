/**
 * Every user of a seeded permission world asks every question through the real Ask resolver, in the local Forge
 * host against the simulator (`npm start -- --seed permissions`), after a real sync through the queues. Each passage
 * and citation is checked against the simulator's own read check (sandbox/confluence/permissions.ts) as ground truth.
 */
import { SteppedClock } from '../../sandbox/clock';
import { permissionWorld, type PageAccess } from '../../sandbox/confluence/demo/permission-world';
import { startSandbox, type Sandbox } from '../../sandbox/start';

/** Resolver answers are read loosely here: the contract types are checked where the UIs use them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

interface Asked {
  email: string;
  accountId: string;
  question: number;
  kind: 'answer' | 'nothing';
  /** Page ids of every citation, and of every citation a passage stands on. */
  cited: string[];
  passages: number;
}

const world = permissionWorld();
const clock = new SteppedClock('2026-03-01T09:00:00Z');
let sb: Sandbox;
let libraryId = '';
const pageIdByTitle = new Map<string, string>();
const accessById = new Map<string, PageAccess>();
const admin = world.site.users.find((u) => u.siteAdmin)!;
const member = world.site.users.find((u) => u.email === 'member@example.com')!;

function call(accountId: string, moduleKey: string, functionKey: string, payload: unknown = {}) {
  return sb.host.invokeResolver({ moduleKey, functionKey, payload, accountId }) as Promise<Loose>;
}

/** The page ids an answer shows text from; fails when a passage names a citation the answer does not list. */
function citedPages(answer: Loose): string[] {
  const byNumber = new Map<number, string>(answer.citations.map((c: Loose) => [c.n, c.pageId]));
  const ids = new Set<string>(byNumber.values());
  for (const passage of answer.passages) {
    expect(passage.citations.length).toBeGreaterThan(0);
    for (const n of passage.citations) {
      expect(byNumber.has(n)).toBe(true);
      ids.add(byNumber.get(n)!);
    }
  }
  return [...ids];
}

/** Every user asks every question of the Library as it is now set. */
async function sweep(): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (const u of world.site.users) {
    // A minute between askers: each question reads about a dozen KVS units, and Forge allows 4000 a minute.
    clock.advance(60_000);
    for (const [index, q] of world.questions.entries()) {
      const answer = await call(u.accountId, 'librarian-ask', 'ask', { question: q.question });
      expect(answer.error).toBeUndefined();
      asked.push({ email: u.email, accountId: u.accountId, question: index, kind: answer.kind, cited: citedPages(answer), passages: answer.passages.length });
    }
  }
  return asked;
}

const unreadable = (a: Asked) => a.cited.filter((id) => !sb.sim.control.canRead(a.accountId, id));

async function setVisibility(visibility: 'private' | 'organization' | 'public') {
  const updated = await call(admin.accountId, 'librarian-settings', 'updateLibrary', { libraryId, visibility, confirmPublic: visibility === 'public' });
  expect(updated.error).toBeUndefined();
  expect(updated.library.visibility).toBe(visibility);
}

let privateSweep: Asked[] = [];
let organizationSweep: Asked[] = [];

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: 'permissions' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  const worldPages = new Map(world.pages.map((p) => [p.title, p]));
  for (const page of sb.sim.control.pages()) {
    pageIdByTitle.set(page.title, page.id);
    accessById.set(page.id, worldPages.get(page.title)!.access);
  }
  const listed = await call(admin.accountId, 'librarian-settings', 'listLibraries');
  expect(listed.libraries).toHaveLength(1);
  libraryId = listed.libraries[0].library.id;
}, 90_000);

afterAll(async () => {
  await sb?.close();
});

it('syncs every space but the personal one into a private Library', async () => {
  const listed = await call(admin.accountId, 'librarian-settings', 'listLibraries');
  const [{ library, status }] = listed.libraries;
  expect(library.visibility).toBe('private');
  expect(status.spaces.map((s: Loose) => s.spaceKey).sort()).toEqual(['CO', 'ENG', 'FIN', 'PEOPLE', 'SALES']);
  for (const space of status.spaces) expect(space.phase).toBe('ready');
  // The world is what the sweep needs: users who cannot read some answers, and answers behind every kind of rule.
  const kinds = new Set(world.pages.map((p) => p.access));
  expect([...kinds].sort()).toEqual(['group', 'inherited', 'open', 'parent', 'personal', 'user']);
  expect(world.site.users).toHaveLength(10);
  expect(world.questions).toHaveLength(15);
});

it('a private Library answers each user only from pages that user may read now', async () => {
  privateSweep = await sweep();
  const leaks = privateSweep.flatMap((a) => unreadable(a).map((id) => ({ email: a.email, question: world.questions[a.question]!.question, pageId: id })));
  expect(leaks).toEqual([]);

  // Meaningful: most questions found their answer for those who may read one of its pages.
  const answered = privateSweep.filter((a) => a.kind === 'answer' && a.passages > 0);
  expect(answered.length).toBeGreaterThanOrEqual(120);
  let couldRead = 0;
  let found = 0;
  for (const a of privateSweep) {
    const own = world.questions[a.question]!.pageTitles.map((t) => pageIdByTitle.get(t)!).filter((id) => accessById.get(id) !== 'personal');
    if (!own.some((id) => sb.sim.control.canRead(a.accountId, id))) continue;
    couldRead += 1;
    if (a.cited.some((id) => own.includes(id))) found += 1;
  }
  expect(couldRead).toBeGreaterThanOrEqual(90);
  expect(found).toBe(couldRead);

  // The filter had work to do: the admin is cited pages the member may not read, for the same questions.
  const adminCites = privateSweep.filter((a) => a.accountId === admin.accountId).flatMap((a) => a.cited);
  expect(adminCites.filter((id) => !sb.sim.control.canRead(member.accountId, id)).length).toBeGreaterThan(0);
}, 60_000);

it('an organization-wide Library answers from indexed pages the asker may not read, as its setting says', async () => {
  await setVisibility('organization');
  organizationSweep = await sweep();
  const beyond = organizationSweep.flatMap((a) => unreadable(a).map((id) => ({ a, id })));
  // Without the per-asker check, unreadable pages are top candidates for many askers and questions...
  expect(new Set(beyond.map(({ a }) => `${a.email}\u0000${a.question}`)).size).toBeGreaterThanOrEqual(100);
  // ...behind every kind of rule: space permissions, user and group restrictions, and a restricted parent.
  const reasons = new Set(beyond.map(({ id }) => accessById.get(id)));
  expect([...reasons].sort()).toEqual(['group', 'inherited', 'open', 'user']);
  // Never from a page the app does not index (the personal space) nor a restricted parent with no answer in it.
  const cited = new Set(organizationSweep.flatMap((a) => a.cited));
  for (const id of cited) expect(['open', 'user', 'group', 'inherited']).toContain(accessById.get(id));
  // And each of those pages was withheld from the same asker by the private Library.
  for (const { a, id } of beyond) {
    const same = privateSweep.find((p) => p.accountId === a.accountId && p.question === a.question)!;
    expect(same.cited).not.toContain(id);
  }
  // Organization-wide means the site's members: guests (outside `confluence-users`) ask it as a private Library.
  const guests = new Set(world.site.users.filter((u) => !u.groups?.includes('confluence-users')).map((u) => u.accountId));
  expect(guests.size).toBe(2);
  expect(beyond.filter(({ a }) => guests.has(a.accountId))).toEqual([]);
  const guestAnswers = organizationSweep.filter((a) => guests.has(a.accountId));
  expect(guestAnswers.some((a) => a.cited.length > 0)).toBe(true);
}, 60_000);

it('a public Library answers as the organization-wide one does, and a private one filters again when set back', async () => {
  await setVisibility('public');
  clock.advance(60_000);
  const guest = world.site.users.find((u) => !u.groups?.includes('confluence-users'))!;
  let beyond = 0;
  for (const [index, q] of world.questions.entries()) {
    const answer = await call(guest.accountId, 'librarian-ask', 'ask', { question: q.question });
    expect(answer.error).toBeUndefined();
    const cited = citedPages(answer);
    // As a member (not a guest) is answered by the organization-wide Library: from every indexed page.
    const organization = organizationSweep.find((a) => a.accountId === member.accountId && a.question === index)!;
    expect(cited.sort()).toEqual([...organization.cited].sort());
    beyond += cited.filter((id) => !sb.sim.control.canRead(guest.accountId, id)).length;
  }
  expect(beyond).toBeGreaterThan(0);
  // Public means anyone, even a visitor who is not signed in ('' is an anonymous invocation).
  const anonymous = await call('', 'librarian-ask', 'ask', { question: world.questions[0]!.question });
  expect(anonymous.error).toBeUndefined();
  expect(citedPages(anonymous).sort()).toEqual([...organizationSweep.find((a) => a.accountId === member.accountId && a.question === 0)!.cited].sort());

  await setVisibility('private');
  clock.advance(60_000);
  expect((await call('', 'librarian-ask', 'ask', { question: world.questions[0]!.question })).error).toEqual({ code: 'invalid', message: 'Sign in to Confluence to ask this Library.' });
  for (const q of world.questions) {
    const answer = await call(guest.accountId, 'librarian-ask', 'ask', { question: q.question });
    expect(answer.error).toBeUndefined();
    for (const id of citedPages(answer)) expect(sb.sim.control.canRead(guest.accountId, id)).toBe(true);
  }
}, 60_000);

it('a restriction added after the sync, on the page or above it, applies to the very next question', async () => {
  clock.advance(60_000);
  // Pages the member was cited from (and the admin may read), with the question that cited them.
  const memberCited = privateSweep.filter((a) => a.accountId === member.accountId).flatMap((a) => a.cited.map((id) => ({ id, question: a.question })));
  const [first, second] = [...new Map(memberCited.map((c) => [c.id, c])).values()].filter((c) => sb.sim.control.canRead(admin.accountId, c.id));
  expect(first && second).toBeTruthy();

  // The first page gets a restriction of its own; the second gets a new restricted parent.
  sb.sim.control.setRestrictions(first!.id, { as: admin.accountId, read: [{ type: 'user', accountId: admin.accountId }, { type: 'app' }] });
  const secondPage = sb.sim.control.page(second!.id)!;
  const parent = sb.sim.control.createPage({ as: admin.accountId, spaceKey: secondPage.spaceKey, title: 'Admins only', body: '<p>Nothing to see.</p>' });
  sb.sim.control.setRestrictions(parent.id, { as: admin.accountId, read: [{ type: 'group', name: 'site-admins' }, { type: 'app' }] });
  sb.sim.control.movePage(second!.id, { as: admin.accountId, parentId: parent.id });

  for (const { id, question } of [first!, second!]) {
    expect(sb.sim.control.canRead(member.accountId, id)).toBe(false);
    const answer = await call(member.accountId, 'librarian-ask', 'ask', { question: world.questions[question]!.question });
    expect(answer.error).toBeUndefined();
    expect(citedPages(answer)).not.toContain(id);
    const adminAnswer = await call(admin.accountId, 'librarian-ask', 'ask', { question: world.questions[question]!.question });
    expect(citedPages(adminAnswer)).toContain(id);
  }
});
