/**
 * Hostile calls to the real resolvers in the local sandbox (real handlers, real @forge SDKs, the permission world's
 * site): payloads with the wrong types, a public Library without its confirmation, a member or a guest reading the
 * settings, Confluence too busy to answer the site-admin check, a macro config that does not fit. Each case is one
 * a probe of the app found answered wrongly.
 */
import { SteppedClock } from '../../sandbox/clock';
import { permissionWorld } from '../../sandbox/confluence/demo/permission-world';
import { startSandbox, type Sandbox } from '../../sandbox/start';

/** Resolver answers are read loosely here: the contract types are checked where the UIs use them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const world = permissionWorld();
const clock = new SteppedClock('2026-03-01T09:00:00Z');
const admin = world.site.users.find((u) => u.siteAdmin)!;
const member = world.site.users.find((u) => u.email === 'member@example.com')!;
const guest = world.site.users.find((u) => !u.groups?.includes('confluence-users'))!;
let sb: Sandbox;
let libraryId = '';

function settings(accountId: string, functionKey: string, payload: unknown = {}): Promise<Loose> {
  return sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey, payload, accountId }) as Promise<Loose>;
}

/** The keys among `keys` of spaces the user may view, asked of the simulator with the user's own API token. */
async function readableKeys(user: { email: string; apiToken: string }, keys: string[]): Promise<string[]> {
  const response = await fetch(`${sb.sim.url}/wiki/api/v2/spaces?keys=${keys.join(',')}&limit=250`, {
    headers: { Authorization: `Basic ${Buffer.from(`${user.email}:${user.apiToken}`).toString('base64')}` },
  });
  return ((await response.json()) as { results: Array<{ key: string }> }).results.map((space) => space.key).sort();
}

async function library(): Promise<Loose> {
  return (await settings(admin.accountId, 'getLibraryStatus', { libraryId })).library;
}

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: 'permissions' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  const listed = await settings(admin.accountId, 'listLibraries');
  libraryId = listed.libraries[0].library.id;
  // An SMTP channel, so there is something a member must not read.
  const smtp = { kind: 'smtp', host: 'mail.example.com', port: 587, secure: false, from: 'librarian@example.com', to: ['ops@example.com'], username: 'mailer' };
  expect((await settings(admin.accountId, 'updateLibrary', { libraryId, notification: smtp })).error).toBeUndefined();
}, 90_000);

afterAll(async () => {
  await sb?.close();
});

it('never creates a public Library without `confirmPublic: true`, and refuses a confirmation given as text', async () => {
  const before = (await settings(admin.accountId, 'listLibraries')).libraries.length;
  expect(await settings(admin.accountId, 'createLibrary', { name: 'Open', visibility: 'public' })).toEqual({
    error: { code: 'invalid', message: 'Making a Library public lets anyone query it: confirm this explicitly.' },
  });
  expect(await settings(admin.accountId, 'createLibrary', { name: 'Open', visibility: 'public', confirmPublic: 'true' })).toEqual({
    error: { code: 'invalid', message: 'confirmPublic must be true or false.' },
  });
  expect((await settings(admin.accountId, 'listLibraries')).libraries).toHaveLength(before);
});

it('reads booleans, lists and keys strictly: "false", "no", {} and an object space key are refused and change nothing', async () => {
  const unchanged = await library();
  const refusals: Array<[Record<string, unknown>, string]> = [
    [{ autoAccept: 'false' }, 'autoAccept must be true or false.'],
    [{ synthesis: 'no' }, 'synthesis must be true or false.'],
    [{ synthesis: {} }, 'synthesis must be true or false.'],
    [{ notification: { kind: 'confluence-mention', spaceKey: { key: 'ENG' } } }, 'notification.spaceKey must be text.'],
    [{ visibility: 'everyone' }, 'Choose private, organization or public.'],
  ];
  for (const [change, message] of refusals) {
    expect(await settings(admin.accountId, 'updateLibrary', { libraryId, ...change })).toEqual({ error: { code: 'invalid', message } });
  }
  expect(await settings(admin.accountId, 'selectSpaces', { libraryId, spaceIds: '123' })).toEqual({ error: { code: 'invalid', message: 'Choose spaces as a list.' } });
  const after = await library();
  expect(after).toEqual(unchanged);
  expect(after.autoAccept).toBe(false);
  expect(after.synthesis).toBe(false);
});

it('refuses a 10,000-deep payload with a clear 400-style refusal', async () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 10_000; i++) deep = [deep];
  expect(await settings(admin.accountId, 'updateLibrary', { libraryId, name: deep })).toEqual({
    error: { code: 'invalid', message: 'The request is nested more than 16 levels deep.' },
  });
});

it('answers `constructor` and other inherited names with a refusal, never the request context', async () => {
  for (const functionKey of ['constructor', '__proto__', 'hasOwnProperty']) {
    const answer = await settings(member.accountId, functionKey);
    expect(answer).toEqual({ error: { code: 'not_found', message: 'This page asked for a function Librarian does not have.' } });
  }
});

it('shows a member and a guest only what their role needs: no notification channel, no people, only spaces they can read', async () => {
  const full = await library();
  expect(full.notification.host).toBe('mail.example.com');
  for (const reader of [member, guest]) {
    for (const answer of [await settings(reader.accountId, 'listLibraries'), { libraries: [await settings(reader.accountId, 'getLibraryStatus', { libraryId })] }]) {
      const [{ library: seen, status }] = answer.libraries;
      const text = JSON.stringify(answer);
      expect(seen.notification).toBeUndefined();
      expect(text).not.toMatch(/mail\.example\.com|mailer|ops@example\.com/);
      expect(text).not.toContain(admin.accountId);
      expect(seen.source.connectedBy).toBeUndefined();
      const allKeys = full.source.spaces.map((s: Loose) => s.key);
      const readable = await readableKeys(reader as { email: string; apiToken: string }, allKeys);
      expect(seen.source.spaces.map((s: Loose) => s.key).sort()).toEqual(readable);
      expect(status.spaces.map((s: Loose) => s.spaceKey).sort()).toEqual(readable);
      expect(seen.source.spaces.length).toBeLessThan(allKeys.length);
    }
  }
});

it('tells a real admin "Confluence is busy" when the site-admin check gets a 429 or a 5xx, and changes nothing', async () => {
  for (const status of [429, 503]) {
    const fault = sb.sim.control.injectFault({ kind: 'status', status, retryAfter: '1', match: { path: '/wiki/rest/api/user/current', identity: admin.accountId } });
    const answer = await settings(admin.accountId, 'createLibrary', { name: `Busy ${status}` });
    sb.sim.control.removeFault(fault.id);
    expect(answer).toEqual({ error: { code: 'unavailable', message: 'Confluence is busy right now. Try again in a minute.' } });
  }
  const names = (await settings(admin.accountId, 'listLibraries')).libraries.map((s: Loose) => s.library.name);
  expect(names.some((name: string) => name.startsWith('Busy'))).toBe(false);
});

it('refuses an Ask macro whose saved spaces are not a list, instead of searching every space', async () => {
  const extension = { config: { libraryId, spaceKeys: 'ENG' } };
  const answer = (await sb.host.invokeResolver({ moduleKey: 'librarian-ask', functionKey: 'ask', payload: { question: world.questions[0]!.question }, accountId: admin.accountId, extension })) as Loose;
  expect(answer).toEqual({ error: { code: 'invalid', message: 'This macro\'s settings are not valid. Choose its Library and spaces again in the macro\'s settings.' } });
  const context = (await sb.host.invokeResolver({ moduleKey: 'librarian-ask', functionKey: 'getMacroContext', payload: {}, accountId: member.accountId, extension })) as Loose;
  expect(context.library).toBeUndefined();
  const all = (await library()).source.spaces.map((s: Loose) => s.key);
  expect([...context.libraries[0].spaceKeys].sort()).toEqual(await readableKeys(member as { email: string; apiToken: string }, all));
  expect(context.libraries[0].spaceKeys.length).toBeLessThan(all.length);
});

it('shows a space\'s settings only to people who can read the space', async () => {
  const onSpacePage = (accountId: string, key: string) =>
    sb.host.invokeResolver({ moduleKey: 'librarian-space-settings', functionKey: 'getSpaceStatus', payload: {}, accountId, extension: { space: { key } } }) as Promise<Loose>;
  // The last guest is granted SALES by name, and nothing of FIN.
  const salesGuest = world.site.users.filter((u) => !u.groups?.includes('confluence-users')).at(-1)!;
  expect(await readableKeys(salesGuest as { email: string; apiToken: string }, ['FIN', 'SALES'])).toEqual(['SALES']);
  const sales = await onSpacePage(salesGuest.accountId, 'SALES');
  expect(sales.error).toBeUndefined();
  expect(sales.canManage).toBe(false);
  const fin = await onSpacePage(salesGuest.accountId, 'FIN');
  expect(fin).toEqual({ error: { code: 'not_found', message: 'You cannot read this space, so its Library settings are not shown.' } });
  expect(JSON.stringify(fin)).not.toMatch(/Finance/);
  expect((await onSpacePage(admin.accountId, 'FIN')).space.name).toBe('Finance');
});

it('lets only a site admin rebuild the index: a member and a guest are refused and nothing starts; the admin\'s rebuild converges', async () => {
  const pagesBefore = (await settings(admin.accountId, 'getLibraryStatus', { libraryId })).status.spaces.map((s: Loose) => [s.spaceKey, s.pagesIndexed]);
  for (const reader of [member, guest]) {
    const answer = await settings(reader.accountId, 'rebuildIndex', { libraryId });
    expect(answer.error?.code).toBe('forbidden');
    expect(JSON.stringify(answer)).not.toContain('rebuildingSince');
  }
  expect((await settings(admin.accountId, 'getLibraryStatus', { libraryId })).status.index).toBeUndefined();
  const asked = await settings(admin.accountId, 'rebuildIndex', { libraryId });
  expect(asked.status.index.rebuildingSince).toEqual(expect.any(Number));
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  const after = (await settings(admin.accountId, 'getLibraryStatus', { libraryId })).status;
  expect(after.index).toBeUndefined();
  expect(after.spaces.map((s: Loose) => [s.spaceKey, s.pagesIndexed])).toEqual(pagesBefore);
});
